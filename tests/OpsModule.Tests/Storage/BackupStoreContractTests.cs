using System.Security.Cryptography;
using OpsModule.Core.Errors;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Tests.Storage;

/// <summary>The behaviour every backup store must have; run once per store by the derived classes.</summary>
public abstract class BackupStoreContractTests : IAsyncLifetime
{
    private IBackupStore? _store;

    protected IBackupStore Store => _store ?? throw new InvalidOperationException("The store is not created.");

    protected abstract Task<IBackupStore> CreateStoreAsync();

    /// <summary>Every file/object physically present in the store, seen without the store's own listing.</summary>
    protected abstract Task<IReadOnlyList<string>> RawFilesAsync();

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_20_MiB_stream_written_in_odd_chunks_reads_back_byte_exact_with_its_sha256()
    {
        var data = RandomBytes(20 * 1024 * 1024);
        await Store.CheckAccessAsync();

        StoredFile stored;
        await using (var output = await Store.OpenWriteAsync("ctx/ns/db/20250101T000000Z-abc/db.sql.gz"))
        {
            var offset = 0;
            var sizes = new[] { 1, 4095, 65537, 1_000_003, 7, 3 * 1024 * 1024 + 1 };
            for (var i = 0; offset < data.Length; i++)
            {
                var count = Math.Min(sizes[i % sizes.Length], data.Length - offset);
                if (i % 2 == 0)
                {
                    await output.WriteAsync(data.AsMemory(offset, count));
                }
                else
                {
                    output.Write(data, offset, count);
                }

                offset += count;
            }

            stored = await output.CompleteAsync();
        }

        Assert.Equal(data.Length, stored.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), stored.Sha256);
        Assert.Equal("db.sql.gz", stored.Name);

        await using var input = await Store.OpenReadAsync("ctx/ns/db/20250101T000000Z-abc/db.sql.gz");
        using var copy = new MemoryStream();
        await using (var hashing = new HashingStream(input, leaveOpen: true))
        {
            await hashing.CopyToAsync(copy);
            Assert.Equal(stored.Sha256, hashing.GetSha256());
            Assert.Equal(data.Length, hashing.BytesProcessed);
        }

        Assert.True(data.AsSpan().SequenceEqual(copy.ToArray()), "the bytes read back differ from the bytes written");
        var listed = Assert.Single(await ListAsync(string.Empty));
        Assert.Equal(("ctx/ns/db/20250101T000000Z-abc/db.sql.gz", (long)data.Length), (listed.Path, listed.Size));
    }

    [Fact]
    public async Task An_aborted_write_leaves_no_file_and_nothing_listed()
    {
        var data = RandomBytes(12 * 1024 * 1024 + 17);
        await using (var output = await Store.OpenWriteAsync("ctx/ns/db/20250101T000000Z-abc/db.sql.gz"))
        {
            await output.WriteAsync(data);
            // No CompleteAsync: like an exception or Ctrl+C in the middle of a dump.
        }

        Assert.Empty(await ListAsync(string.Empty));
        Assert.Empty(await RawFilesAsync());
        Assert.Empty(await new BackupCatalog(Store).ListAsync(new BackupQuery { IncludeIncomplete = true }));
        var missing = await Assert.ThrowsAsync<OpsException>(() => Store.OpenReadAsync("ctx/ns/db/20250101T000000Z-abc/db.sql.gz"));
        Assert.Equal(StorageErrorIds.NotFound, missing.ErrorId);
    }

    [Fact]
    public async Task A_file_is_invisible_until_completed()
    {
        await using var output = await Store.OpenWriteAsync("a/b.txt");
        await output.WriteAsync("half"u8.ToArray());
        Assert.Null(await Store.ReadTextAsync("a/b.txt"));
        Assert.DoesNotContain(await ListAsync(string.Empty), f => f.Path == "a/b.txt");

        await output.CompleteAsync();
        Assert.Equal("half", await Store.ReadTextAsync("a/b.txt"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => output.WriteAsync(new byte[1]).AsTask());
    }

    [Fact]
    public async Task Text_files_round_trip_and_a_missing_one_reads_as_null()
    {
        await Store.WriteTextAsync("x/manifest.json", "{ \"ä\": \"中文\" }");
        Assert.Equal("{ \"ä\": \"中文\" }", await Store.ReadTextAsync("x/manifest.json"));
        await Store.WriteTextAsync("x/manifest.json", "second");
        Assert.Equal("second", await Store.ReadTextAsync("x/manifest.json"));
        Assert.Null(await Store.ReadTextAsync("x/nothing.json"));
        Assert.Null(await Store.ReadTextAsync("nowhere/manifest.json"));
    }

    [Fact]
    public async Task A_folder_without_manifest_is_never_a_backup_but_shows_as_incomplete_on_request()
    {
        var started = new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
        var complete = await WriteBackupAsync("prod", "ceoagent", "app", started, "good0001");
        var unfinished = BackupLayout.FolderPath("prod", "ceoagent", "app", started.AddHours(1), "fail0001");
        await WriteFileAsync(unfinished + "/app.sql.gz", RandomBytes(1000));

        var catalog = new BackupCatalog(Store);
        var listed = Assert.Single(await catalog.ListAsync());
        Assert.Equal(("good0001", BackupStatus.Complete, complete), (listed.Id, listed.Status, listed.FolderPath));
        Assert.NotNull(listed.Manifest);
        Assert.Equal(Store.Location.Describe(complete), listed.Location);

        var all = await catalog.ListAsync(new BackupQuery { IncludeIncomplete = true });
        Assert.Equal(["fail0001", "good0001"], all.Select(e => e.Id));
        Assert.Equal(BackupStatus.Incomplete, all[0].Status);
        Assert.Contains("manifest.json is missing", all[0].Problem, StringComparison.Ordinal);
        Assert.Null(all[0].Manifest);
        Assert.Equal(("prod", "ceoagent", "app", 1000L), (all[0].Context, all[0].Namespace, all[0].Database, all[0].Size));

        Assert.Equal("good0001", (await catalog.GetLatestAsync())?.Id);
    }

    [Fact]
    public async Task A_malformed_manifest_or_a_missing_file_makes_the_folder_incomplete()
    {
        var started = new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
        var broken = BackupLayout.FolderPath("prod", "ns", "app", started, "broken01");
        await WriteFileAsync(broken + "/app.sql.gz", RandomBytes(10));
        await Store.WriteTextAsync(broken + "/manifest.json", "{ \"formatVersion\": 1, \"id\": ");
        var truncated = await WriteBackupAsync("prod", "ns", "app", started.AddMinutes(1), "trunc001");
        await Store.DeleteFolderAsync(truncated);
        await Store.WriteTextAsync(truncated + "/manifest.json", BackupManifestSerializer.Serialize(Manifest("prod", "ns", "app", started.AddMinutes(1), "trunc001", [new BackupFileEntry("app.sql.gz", 10, new string('a', 64))])));

        var catalog = new BackupCatalog(Store);
        Assert.Empty(await catalog.ListAsync());
        var incomplete = await catalog.ListAsync(new BackupQuery { IncludeIncomplete = true });
        Assert.All(incomplete, e => Assert.Equal(BackupStatus.Incomplete, e.Status));
        Assert.Contains("not valid manifest JSON", incomplete.Single(e => e.Id == "broken01").Problem, StringComparison.Ordinal);
        Assert.Contains("'app.sql.gz' named in manifest.json is missing", incomplete.Single(e => e.Id == "trunc001").Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backups_list_newest_first_and_filter_by_namespace_database_since_and_latest()
    {
        var t0 = new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);
        await WriteBackupAsync("prod", "ceoagent", "app", t0, "a1");
        await WriteBackupAsync("prod", "ceoagent", "app", t0.AddDays(2), "a3");
        await WriteBackupAsync("prod", "ceoagent", "app", t0.AddDays(1), "a2");
        await WriteBackupAsync("prod", "ceoagent", "audit", t0.AddDays(1).AddHours(1), "b1");
        await WriteBackupAsync("prod", "other", "app", t0.AddDays(3), "c1");
        await WriteBackupAsync("arn:aws:eks:eu-west-1:123:cluster/x", "ceoagent", null, t0.AddDays(4), "k1", BackupKind.Config);
        var catalog = new BackupCatalog(Store);

        async Task<string[]> Ids(BackupQuery query) => (await catalog.ListAsync(query)).Select(e => e.Id).ToArray();

        Assert.Equal(["k1", "c1", "a3", "b1", "a2", "a1"], await Ids(new BackupQuery()));
        Assert.Equal(["a3", "b1", "a2", "a1"], await Ids(new BackupQuery { Context = "prod", Namespace = "ceoagent" }));
        Assert.Equal(["a3", "a2", "a1"], await Ids(new BackupQuery { Namespace = "ceoagent", Database = "app" }));
        Assert.Equal(["c1", "a3", "a2", "a1"], await Ids(new BackupQuery { Database = "app" }));
        Assert.Equal(["c1", "a3", "b1", "a2", "a1"], await Ids(new BackupQuery { Database = "a*" }));
        Assert.Equal(["c1", "a3", "b1"], await Ids(new BackupQuery { Context = "prod", Since = t0.AddDays(1).AddMinutes(1) }));
        Assert.Equal(["a2", "a1"], await Ids(new BackupQuery { Database = "app", Namespace = "ceoagent", Before = t0.AddDays(2) }));
        Assert.Equal(["k1", "c1", "a3", "b1"], await Ids(new BackupQuery { Latest = true }));
        Assert.Equal(["a3"], await Ids(new BackupQuery { Namespace = "ceoagent", Database = "app", Latest = true }));
        Assert.Equal(["k1"], await Ids(new BackupQuery { Kind = BackupKind.Config }));
        Assert.Equal(["k1"], await Ids(new BackupQuery { Context = "arn:aws:eks:eu-west-1:123:cluster/x" }));
        Assert.Empty(await Ids(new BackupQuery { Namespace = "missing" }));

        var config = (await catalog.ListAsync(new BackupQuery { Kind = BackupKind.Config })).Single();
        Assert.Null(config.Database);
        Assert.Equal("arn:aws:eks:eu-west-1:123:cluster/x", config.Context);
        Assert.StartsWith("arn_aws_eks_eu-west-1_123_cluster_x/ceoagent/_config/20250505T000000Z-k1", config.FolderPath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_backup_folder_removes_every_file_and_leaves_others()
    {
        var t0 = new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var gone = await WriteBackupAsync("prod", "ns", "app", t0, "gone0001");
        await WriteFileAsync(gone + "/extra.yaml", RandomBytes(5000));
        var kept = await WriteBackupAsync("prod", "ns", "app", t0.AddDays(1), "kept0001");

        Assert.Equal(3, await Store.DeleteFolderAsync(gone));

        Assert.DoesNotContain(await RawFilesAsync(), f => f.Contains("gone0001", StringComparison.Ordinal));
        Assert.Equal(2, (await RawFilesAsync()).Count);
        Assert.Equal(["kept0001"], (await new BackupCatalog(Store).ListAsync(new BackupQuery { IncludeIncomplete = true })).Select(e => e.Id));
        Assert.Equal(0, await Store.DeleteFolderAsync(gone));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteFolderAsync(string.Empty));
        Assert.NotNull(await new BackupCatalog(Store).GetAsync(kept));
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("a//b.txt")]
    [InlineData("a\\b.txt")]
    public async Task Paths_that_leave_the_store_are_rejected(string path)
    {
        var error = await Assert.ThrowsAsync<OpsException>(() => Store.OpenWriteAsync(path));
        Assert.Equal(StorageErrorIds.InvalidLocation, error.ErrorId);
    }

    protected static byte[] RandomBytes(int count)
    {
        var data = new byte[count];
        new Random(count).NextBytes(data);
        return data;
    }

    protected async Task<List<BackupStoreFile>> ListAsync(string prefix)
    {
        var files = new List<BackupStoreFile>();
        await foreach (var file in Store.ListFilesAsync(prefix))
        {
            files.Add(file);
        }

        return files;
    }

    protected async Task<StoredFile> WriteFileAsync(string path, byte[] data)
    {
        await using var output = await Store.OpenWriteAsync(path);
        await output.WriteAsync(data);
        return await output.CompleteAsync();
    }

    /// <summary>Writes a whole backup the way Invoke-OpsBackup will: the files, then manifest.json last.</summary>
    protected async Task<string> WriteBackupAsync(string context, string ns, string? database, DateTimeOffset startedAt, string id, BackupKind kind = BackupKind.Database)
    {
        var folder = BackupLayout.FolderPath(context, ns, database, startedAt, id);
        var file = await WriteFileAsync($"{folder}/{database ?? "config"}.gz", RandomBytes(2000 + id.Length));
        var manifest = Manifest(context, ns, database, startedAt, id, [BackupFileEntry.From(file)]) with { Kind = kind };
        Assert.Equal(folder, BackupLayout.FolderPath(manifest));
        await Store.WriteTextAsync($"{folder}/{BackupManifest.FileName}", BackupManifestSerializer.Serialize(manifest));
        return folder;
    }

    protected static BackupManifest Manifest(string context, string ns, string? database, DateTimeOffset startedAt, string id, IReadOnlyList<BackupFileEntry> files) => new()
    {
        Id = id,
        Kind = BackupKind.Database,
        Source = new BackupSource { Context = context, Namespace = ns, Pod = "postgres-0", Database = database },
        Format = BackupFormat.Plain,
        Compression = BackupCompression.Gzip(6),
        Files = files,
        StartedAt = startedAt,
        CompletedAt = startedAt.AddSeconds(30),
        ServerVersion = "15.18",
        PgDumpVersion = "15.18",
        Tables = [new BackupTableRowCount("public", "users", 42)],
        ModuleVersion = "0.1.0",
    };
}
