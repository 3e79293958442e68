using OpsModule.Core.Completion;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Core.Storage.S3;
using OpsModule.Core.Storage.Folder;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Completion;

/// <summary>
/// Contexts, namespaces and databases completed from the backups a store holds. The store's folders are laid out as
/// Invoke-OpsBackup lays them out (<see cref="BackupLayout.FolderPath(string?, string?, string?, DateTimeOffset, string)"/>);
/// only folders with a manifest count, since a backup without one failed or is still running.
/// </summary>
[Collection(S3Server.CollectionName)]
public sealed class StoreCompletionTests(S3Server s3) : IDisposable
{
    private const string Eks = "arn:aws:eks:eu-west-1:123456789012:cluster/prod";
    private static readonly DateTimeOffset Day = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static async Task SeedAsync(IBackupStore store)
    {
        await AddAsync(store, "sandbox", "ceoagent", "ceoagent", Day);
        await AddAsync(store, "sandbox", "ceoagent", "ceoagent", Day.AddDays(1));
        await AddAsync(store, "sandbox", "ceoagent", null, Day); // a Config backup: no database
        await AddAsync(store, "sandbox", "ecommerce-k8s", "orders", Day);
        await AddAsync(store, "sandbox", "test", "half_done", Day, complete: false);
        await AddAsync(store, Eks, "shop", "shop", Day);
        await AddAsync(store, null, null, "reports", Day); // a local pg_dump: neither context nor namespace
    }

    private static async Task AddAsync(IBackupStore store, string? context, string? ns, string? database, DateTimeOffset startedAt, bool complete = true)
    {
        var folder = BackupLayout.FolderPath(context, ns, database, startedAt, BackupLayout.NewId());
        await store.WriteTextAsync(StorePath.Join(folder, "dump.sql.gz"), "dump");
        if (complete)
        {
            await store.WriteTextAsync(StorePath.Join(folder, BackupManifest.FileName), "{}");
        }
    }

    private async Task<Func<IBackupStore>> LocalStoreAsync()
    {
        await using (var store = new LocalBackupStore(_dir.Path))
        {
            await SeedAsync(store);
        }

        return () => new LocalBackupStore(_dir.Path);
    }

    private static string[] Texts(IReadOnlyList<CompletionCandidate> candidates) => candidates.Select(c => c.CompletionText).ToArray();

    [Fact]
    public async Task Databases_with_a_complete_backup_are_listed_config_backups_and_unfinished_ones_are_not()
    {
        var store = await LocalStoreAsync();

        var candidates = ArgumentCompletion.StoreNames(StoreNameKind.Database, _dir.Path, store, null, null, "");

        Assert.Equal(["ceoagent", "orders", "reports", "shop"], Texts(candidates));
        Assert.Equal("Database ceoagent: 2 backups of namespace ceoagent, newest 2026-03-02 02:00Z", candidates[0].ToolTip);
        Assert.Equal("Database reports: 1 backup of a server, newest 2026-03-01 02:00Z", candidates[2].ToolTip);
    }

    [Fact]
    public async Task The_typed_namespace_and_context_narrow_the_databases()
    {
        var store = await LocalStoreAsync();

        Assert.Equal(["orders"], Texts(ArgumentCompletion.StoreNames(StoreNameKind.Database, _dir.Path, store, null, "ecommerce-k8s", "")));
        Assert.Equal(["ceoagent", "orders"], Texts(ArgumentCompletion.StoreNames(StoreNameKind.Database, _dir.Path, store, "sandbox", null, "")));
        Assert.Equal(["shop"], Texts(ArgumentCompletion.StoreNames(StoreNameKind.Database, _dir.Path, store, Eks, "shop", "")));
        Assert.Empty(ArgumentCompletion.StoreNames(StoreNameKind.Database, _dir.Path, store, "other", null, ""));
    }

    [Fact]
    public async Task Namespaces_and_contexts_are_those_recorded_without_the_layouts_placeholders()
    {
        var store = await LocalStoreAsync();

        Assert.Equal(["ceoagent", "ecommerce-k8s", "shop"], Texts(ArgumentCompletion.StoreNames(StoreNameKind.Namespace, _dir.Path, store, null, null, "")));
        Assert.Equal(["ceoagent", "ecommerce-k8s"], Texts(ArgumentCompletion.StoreNames(StoreNameKind.Namespace, _dir.Path, store, "sandbox", null, "")));
        // The EKS context is stored under its path-safe folder name, which Get-OpsBackup -Context also accepts.
        Assert.Equal([BackupLayout.Segment(Eks, "_"), "sandbox"], Texts(ArgumentCompletion.StoreNames(StoreNameKind.Context, _dir.Path, store, null, null, "")));
    }

    [Fact]
    public void A_folder_that_does_not_exist_completes_nothing()
    {
        Assert.Empty(ArgumentCompletion.StoreNames(StoreNameKind.Database, _dir.File("missing"), () => new LocalBackupStore(_dir.File("missing")), null, null, ""));
    }

    [Fact]
    public async Task An_S3_store_completes_through_the_endpoint_and_credentials_given()
    {
        var location = s3.NewLocation();
        await using (var store = new S3BackupStore(location, s3.Options()))
        {
            await SeedAsync(store);
        }

        Assert.Equal(["ceoagent"], Texts(ArgumentCompletion.StoreNames(StoreNameKind.Database, location, () => new S3BackupStore(location, s3.Options()), null, null, "ceo")));
        var wrongKey = new S3StoreOptions { ServiceUrl = s3.ServiceUrl, AccessKey = "nobody", SecretKey = "wrong" };
        Assert.Empty(ArgumentCompletion.StoreNames(StoreNameKind.Database, location + "|nobody", () => new S3BackupStore(location, wrongKey), null, null, ""));
    }
}
