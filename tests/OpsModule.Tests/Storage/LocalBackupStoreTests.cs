using OpsModule.Core.Errors;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Core.Storage.Folder;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Storage;

public sealed class LocalBackupStoreTests : BackupStoreContractTests, IDisposable
{
    private readonly TempDirectory _temp = new();

    private string Root => Path.Combine(_temp.Path, "backups");

    protected override Task<IBackupStore> CreateStoreAsync() => Task.FromResult<IBackupStore>(new LocalBackupStore(Root));

    protected override Task<IReadOnlyList<string>> RawFilesAsync() => Task.FromResult<IReadOnlyList<string>>(
        Directory.Exists(Root) ? Directory.GetFiles(Root, "*", SearchOption.AllDirectories) : []);

    [Fact]
    public async Task Bytes_go_to_a_partial_file_that_is_renamed_on_completion_and_deleted_on_abort()
    {
        await using (var output = await Store.OpenWriteAsync("c/n/d/f.gz"))
        {
            await output.WriteAsync(new byte[100]);
            Assert.Equal([Path.Combine(Root, "c", "n", "d", "f.gz.partial")], await RawFilesAsync());
            await output.CompleteAsync();
        }

        Assert.Equal([Path.Combine(Root, "c", "n", "d", "f.gz")], await RawFilesAsync());

        await using (var output = await Store.OpenWriteAsync("c/n/e/g.gz"))
        {
            await output.WriteAsync(new byte[100]);
        }

        Assert.False(Directory.Exists(Path.Combine(Root, "c", "n", "e")), "the aborted write's empty folder was left behind");
    }

    [Fact]
    public async Task A_location_that_is_a_file_fails_with_a_not_writable_error_that_says_what_to_do()
    {
        var file = _temp.Write("not-a-folder", "x");
        await using var store = new LocalBackupStore(file);

        var error = await Assert.ThrowsAsync<OpsException>(() => store.CheckAccessAsync());
        Assert.Equal(StorageErrorIds.NotWritable, error.ErrorId);
        Assert.Equal(OpsErrorCategory.WriteError, error.Category);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains("is a folder", error.RecommendedAction, StringComparison.Ordinal);
        var write = await Assert.ThrowsAsync<OpsException>(() => store.OpenWriteAsync("a/b.gz"));
        Assert.Equal(StorageErrorIds.NotWritable, write.ErrorId);
    }

    [Fact]
    public async Task Listing_a_store_whose_folder_does_not_exist_is_StoreNotFound_so_a_typo_never_looks_empty()
    {
        var missing = Path.Combine(_temp.Path, "never-created");
        await using var store = new LocalBackupStore(missing);

        var error = await Assert.ThrowsAsync<OpsException>(() => new BackupCatalog(store).ListAsync(new BackupQuery { IncludeIncomplete = true }));

        Assert.Equal(StorageErrorIds.StoreNotFound, error.ErrorId);
        Assert.Equal(OpsErrorCategory.ObjectNotFound, error.Category);
        Assert.Equal(missing, error.TargetObject);
    }

    [Fact]
    public async Task Listing_an_existing_empty_store_folder_is_empty()
    {
        Directory.CreateDirectory(Root);
        Assert.Empty(await new BackupCatalog(Store).ListAsync(new BackupQuery { IncludeIncomplete = true }));
    }

    public void Dispose() => _temp.Dispose();
}
