using System.Runtime.InteropServices;

namespace OpsModule.Core.Storage;

/// <summary>A seekable read-only stream over a chunk buffer, without copying it (the SDKs want a Stream for a request body).</summary>
internal static class ChunkContent
{
    public static MemoryStream AsStream(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(memory.ToArray(), writable: false);
}
