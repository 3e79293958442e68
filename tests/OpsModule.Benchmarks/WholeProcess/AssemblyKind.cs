using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace OpsModule.Benchmarks.WholeProcess;

/// <summary>What a .dll in a pwsh folder is, as far as precompiling goes.</summary>
internal enum AssemblyKind
{
    /// <summary>Not a managed assembly: a native library, or not a PE file at all.</summary>
    NotManaged,

    /// <summary>Metadata only (a reference assembly): nothing to run, nothing to compile.</summary>
    Reference,

    /// <summary>Already carries ReadyToRun code.</summary>
    ReadyToRun,

    /// <summary>IL only: the runtime JIT-compiles every method it calls.</summary>
    IlOnly,
}

internal static class AssemblyKinds
{
    public static AssemblyKind Of(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata || pe.PEHeaders.CorHeader is not { } cor)
            {
                return AssemblyKind.NotManaged;
            }

            // crossgen2 output keeps the IL beside the native code and points the ManagedNativeHeader at its READYTORUN header.
            if (cor.ManagedNativeHeaderDirectory.Size != 0 || (cor.Flags & CorFlags.ILLibrary) != 0)
            {
                return AssemblyKind.ReadyToRun;
            }

            return IsReferenceAssembly(pe.GetMetadataReader()) ? AssemblyKind.Reference : AssemblyKind.IlOnly;
        }
        catch (BadImageFormatException)
        {
            return AssemblyKind.NotManaged;
        }
    }

    private static bool IsReferenceAssembly(MetadataReader metadata)
    {
        if (!metadata.IsAssembly)
        {
            return false;
        }

        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            if (AttributeTypeName(metadata, metadata.GetCustomAttribute(handle).Constructor) == "ReferenceAssemblyAttribute")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The attribute's type name; System.Runtime's reference assembly defines ReferenceAssemblyAttribute itself.</summary>
    private static string? AttributeTypeName(MetadataReader metadata, EntityHandle constructor) => constructor.Kind switch
    {
        HandleKind.MemberReference when metadata.GetMemberReference((MemberReferenceHandle)constructor).Parent is { Kind: HandleKind.TypeReference } parent =>
            metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)parent).Name),
        HandleKind.MethodDefinition =>
            metadata.GetString(metadata.GetTypeDefinition(metadata.GetMethodDefinition((MethodDefinitionHandle)constructor).GetDeclaringType()).Name),
        _ => null,
    };
}
