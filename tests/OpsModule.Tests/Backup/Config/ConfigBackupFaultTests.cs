using System.Text.Json.Nodes;
using OpsModule.Core.Backup.Config;
using OpsModule.Core.Errors;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Tests.Backup.Config;

public sealed class ConfigBackupFaultTests
{
    private const string Ns = ConfigBackupTestBed.Namespace;

    [Fact]
    public async Task A_write_failing_mid_backup_is_aborted_and_leaves_no_files_and_no_manifest()
    {
        await using var bed = await ConfigBackupTestBed.StartAsync();
        var store = new FailingBackupStore(bed.Store, "secrets.yaml");

        await Assert.ThrowsAsync<IOException>(() => new ConfigBackupRunner(bed.Bed.Client, store).RunAsync(new ConfigBackupRequest { Namespace = Ns }));

        Assert.True(store.FailingWriteAborted);
        Assert.Empty(await new BackupCatalog(bed.Store).ListAsync(new BackupQuery { IncludeIncomplete = true }));
        var root = bed.Dir.File("store");
        Assert.True(!Directory.Exists(root) || Directory.GetFiles(root, "*", SearchOption.AllDirectories).Length == 0);
    }

    [Fact]
    public async Task A_changed_backup_file_is_refused_when_read_back()
    {
        await using var bed = await ConfigBackupTestBed.StartAsync();
        var result = await bed.Runner().RunAsync(new ConfigBackupRequest { Namespace = Ns });
        var file = Path.Combine(bed.FolderOnDisk(result.FolderPath), "configmaps.yaml");
        var text = await File.ReadAllTextAsync(file);
        await File.WriteAllTextAsync(file, text.Replace("\"8080\"", "\"8081\"", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<OpsException>(() => ConfigBackupReader.ReadAsync(bed.Store, result.FolderPath));

        Assert.Equal(ConfigBackupErrorIds.ChecksumMismatch, error.ErrorId);
        Assert.Contains("configmaps.yaml", error.Message);
    }

    [Fact]
    public async Task Only_the_requested_kinds_are_saved_and_unserved_kinds_are_reported()
    {
        await using var bed = await ConfigBackupTestBed.StartAsync();
        var widgets = new ResourceType("example.com", "v1", "widgets", "Widget");

        var result = await bed.Runner().RunAsync(new ConfigBackupRequest { Namespace = Ns, Kinds = [ResourceTypes.ConfigMaps, widgets] });

        Assert.Equal(["config-backup.json", "configmaps.yaml", "manifest.json"],
            Directory.GetFiles(bed.FolderOnDisk(result.FolderPath)).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(["widgets.example.com"], result.KindsNotServed);
        Assert.Equal(1, result.ObjectCount);
    }

    [Fact]
    public async Task A_decrypted_secret_from_an_encrypted_backup_can_be_created_again()
    {
        await using var bed = await ConfigBackupTestBed.StartAsync();
        using var passphrase = new System.Security.SecureString();
        foreach (var c in "a long passphrase for the DR drill")
        {
            passphrase.AppendChar(c);
        }

        ConfigBackupResult result;
        using (var encryptor = ConfigSecretEncryptor.Create(passphrase))
        {
            result = await bed.Runner().RunAsync(new ConfigBackupRequest { Namespace = Ns, Kinds = [ResourceTypes.Secrets], SecretEncryption = encryptor });
        }

        var content = await ConfigBackupReader.ReadAsync(bed.Store, result.FolderPath);
        var original = bed.Bed.Cluster.Get("v1", "Secret", Ns, "db-credentials")!;
        using var decryptor = ConfigSecretDecryptor.Create(passphrase, content.Header.Encryption!);
        var restored = decryptor.DecryptSecret(content.AllObjects.Single(o => o["metadata"]!["name"]!.GetValue<string>() == "db-credentials"));
        Assert.True(await bed.Bed.Client.DeleteAsync(ResourceTypes.Secrets, Ns, "db-credentials", CancellationToken.None));

        await bed.Bed.Client.CreateAsync(ResourceTypes.Secrets, Ns, restored, CancellationToken.None);

        var recreated = await bed.Bed.Client.GetAsync(ResourceTypes.Secrets, Ns, "db-credentials", CancellationToken.None);
        Assert.True(JsonNode.DeepEquals(original["data"], recreated["data"]));
        Assert.Equal("Opaque", recreated["type"]!.GetValue<string>());
    }
}
