using System.Buffers;
using System.IO.Compression;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Postgres.Endpoints;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Restore;

/// <summary>
/// Stream → hash → tool: the stored dump is read once, through a SHA-256 and a byte count, (for Plain dumps) gunzipped and
/// filtered, into psql / pg_restore running on the scratch database. The stored bytes are judged before the tool's exit code:
/// a damaged file is reported as damaged, whatever the tool made of it.
/// </summary>
internal sealed class DumpLoader(IBackupStore store, DatabaseRestoreRequest request, BackupFormat format, BackupFileEntry dumpFile, string describeTarget)
{
    private const int BufferSize = 128 * 1024;

    // Ends psql even where stdin cannot be closed (v4 exec).
    private static readonly byte[] QuitCommand = "\n\\q\n"u8.ToArray();

    /// <returns>The stored bytes read, and the rows psql reported loading per table (null when it reported none, e.g. pg_restore).</returns>
    public async Task<(long Bytes, IReadOnlyDictionary<(string, string), long>? LoadedRows)> LoadAsync(
        IPostgresEndpoint endpoint, string scratch, string database, RestoreProgressReporter progress, CancellationToken cancellationToken)
    {
        var backup = request.Backup;
        await using var stored = await store.OpenReadAsync(StorePath.Join(backup.FolderPath, dumpFile.Name), cancellationToken);
        await using var hashing = new HashingStream(stored, leaveOpen: true);
        var (tool, arguments) = ToolCommand();
        var filter = format == BackupFormat.Plain ? new PlainDumpFilter { DropOwnership = request.NoOwner, DropPrivileges = request.NoPrivileges } : null;
        var process = await endpoint.StartAsync(tool, arguments, scratch, PostgresToolInput.Stream(dumpFile.Size), cancellationToken);
        await using var run = new RestoreToolRun(tool, process);
        await using var kill = cancellationToken.Register(run.Kill);
        var toolStopped = !await PumpAsync(hashing, filter, run, progress, cancellationToken);

        await DrainAsync(hashing, cancellationToken);
        var sha256 = hashing.GetSha256();
        if (hashing.BytesProcessed != dumpFile.Size || !string.Equals(sha256, dumpFile.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            run.Kill();
            throw RestoreErrors.Corrupt(backup.Location,
                hashing.BytesProcessed != dumpFile.Size
                    ? $"{dumpFile.Name} has {hashing.BytesProcessed} bytes, the manifest says {dumpFile.Size}"
                    : $"the SHA-256 of {dumpFile.Name} is {sha256}, the manifest says {dumpFile.Sha256}");
        }

        if (!toolStopped && format == BackupFormat.Plain)
        {
            await run.TryWriteAsync(QuitCommand, cancellationToken);
        }

        await run.CloseInputAsync(cancellationToken);
        await EnsureSucceededAsync(run, database, cancellationToken);
        return (hashing.BytesProcessed, filter is null ? null : LoadedRows(filter.CopyTables, await run.CopyRowCountsAsync()));
    }

    /// <returns>False when the tool stopped reading before the end of the dump.</returns>
    private async Task<bool> PumpAsync(
        HashingStream hashing, PlainDumpFilter? filter, RestoreToolRun run, RestoreProgressReporter progress, CancellationToken cancellationToken)
    {
        Stream source = format == BackupFormat.Plain ? new GZipStream(hashing, CompressionMode.Decompress, leaveOpen: true) : hashing;
        var filtered = new ArrayBufferWriter<byte>(BufferSize + 1024);
        try
        {
            var buffer = new byte[BufferSize];
            while (true)
            {
                var read = await ReadAsync(source, hashing, run, buffer, cancellationToken);
                if (read == 0)
                {
                    filtered.ResetWrittenCount();
                    filter?.Flush(filter.PassesThrough ? null : filtered);
                    return filtered.WrittenCount == 0 || await run.TryWriteAsync(filtered.WrittenMemory, cancellationToken);
                }

                ReadOnlyMemory<byte> data = buffer.AsMemory(0, read);
                if (filter is { PassesThrough: true })
                {
                    filter.Transform(data.Span, null);
                }
                else if (filter is not null)
                {
                    filtered.ResetWrittenCount();
                    filter.Transform(data.Span, filtered);
                    data = filtered.WrittenMemory;
                }

                if (!await run.TryWriteAsync(data, cancellationToken))
                {
                    return false;
                }

                progress.ReportRestoring(hashing.BytesProcessed);
            }
        }
        finally
        {
            if (!ReferenceEquals(source, hashing))
            {
                await source.DisposeAsync();
            }
        }
    }

    private async Task<int> ReadAsync(Stream source, HashingStream hashing, RestoreToolRun run, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await source.ReadAsync(buffer, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            run.Kill();
            await DrainAsync(hashing, cancellationToken);
            throw RestoreErrors.Corrupt(request.Backup.Location, $"{dumpFile.Name} cannot be decompressed ({e.Message})", e);
        }
    }

    private async Task EnsureSucceededAsync(RestoreToolRun run, string database, CancellationToken cancellationToken)
    {
        int exitCode;
        try
        {
            exitCode = await run.WaitForExitAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or KubernetesApiException)
        {
            throw RestoreErrors.ToolFailed(describeTarget, database, $"{run.Tool} did not finish: {e.Message}", e);
        }

        if (exitCode != 0)
        {
            throw RestoreErrors.ToolFailed(describeTarget, database, $"{run.Tool} exited with code {exitCode}: {await run.ErrorTextAsync()}");
        }
    }

    private (PostgresClientTool Tool, string[] Arguments) ToolCommand()
    {
        if (format == BackupFormat.Plain)
        {
            // Not quiet: psql's "COPY n" tags on stdout are the rows the server loaded per table, the row-count check's data.
            return (PostgresClientTool.Psql, ["-X", "-v", "ON_ERROR_STOP=1"]);
        }

        var arguments = new List<string> { "--exit-on-error", "--single-transaction" };
        if (request.NoOwner)
        {
            arguments.Add("--no-owner");
        }

        if (request.NoPrivileges)
        {
            arguments.Add("--no-privileges");
        }

        return (PostgresClientTool.PgRestore, arguments.ToArray());
    }

    /// <summary>Pairs the COPY blocks of the stream with psql's COPY tags (in the same order); null when they do not pair up.</summary>
    private static IReadOnlyDictionary<(string, string), long>? LoadedRows(IReadOnlyList<(string Schema, string Name)> tables, IReadOnlyList<long> counts)
    {
        if (tables.Count != counts.Count)
        {
            return null;
        }

        var rows = new Dictionary<(string, string), long>();
        for (var i = 0; i < tables.Count; i++)
        {
            rows[tables[i]] = rows.GetValueOrDefault(tables[i]) + counts[i];
        }

        return rows;
    }

    private static async Task DrainAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        while (await stream.ReadAsync(buffer, cancellationToken) > 0)
        {
        }
    }
}
