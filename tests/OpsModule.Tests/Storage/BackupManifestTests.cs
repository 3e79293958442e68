using System.Text.Json;
using OpsModule.Core.Errors;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Tests.Storage;

public sealed class BackupManifestTests
{
    private static readonly BackupManifest Sample = new()
    {
        Id = "k3x9a0b2",
        Kind = BackupKind.Full,
        Source = new BackupSource { Context = "prod", Namespace = "ceoagent", Pod = "postgres-0", Database = "ceoagent" },
        Format = BackupFormat.Custom,
        Compression = BackupCompression.Gzip(6),
        Files = [new BackupFileEntry("ceoagent.dump", 1234, new string('0', 63) + "f"), new BackupFileEntry("config.yaml", 99, new string('a', 64))],
        StartedAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
        CompletedAt = new DateTimeOffset(2025, 1, 2, 3, 5, 0, TimeSpan.Zero),
        ServerVersion = "15.18",
        PgDumpVersion = "15.18",
        Tables = [new BackupTableRowCount("public", "users", 1000), new BackupTableRowCount("audit", "日志", 3)],
        ModuleVersion = "0.1.0",
    };

    [Fact]
    public void The_manifest_is_camel_case_json_with_enum_names_and_round_trips()
    {
        var json = BackupManifestSerializer.Serialize(Sample);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        Assert.Equal(1, root.GetProperty("formatVersion").GetInt32());
        Assert.Equal("Full", root.GetProperty("kind").GetString());
        Assert.Equal("Custom", root.GetProperty("format").GetString());
        Assert.Equal("gzip", root.GetProperty("compression").GetProperty("algorithm").GetString());
        Assert.Equal(6, root.GetProperty("compression").GetProperty("level").GetInt32());
        Assert.Equal("postgres-0", root.GetProperty("source").GetProperty("pod").GetString());
        Assert.Equal(1234, root.GetProperty("files")[0].GetProperty("size").GetInt64());
        Assert.Equal("日志", root.GetProperty("tables")[1].GetProperty("name").GetString());
        Assert.Equal("2025-01-02T03:04:05+00:00", root.GetProperty("startedAt").GetString());
        Assert.False(root.TryGetProperty("totalSize", out _), "computed properties must not be written");

        var back = BackupManifestSerializer.Deserialize(json, "test");
        Assert.Equal(json, BackupManifestSerializer.Serialize(back));
        Assert.Equal(1333, back.TotalSize);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("{ \"formatVersion\": 1, \"id\": \"x\", \"kind\": \"Database\", \"source\": {}, \"startedAt\": \"2025-01-01T00:00:00Z\", \"completedAt\": \"2025-01-01T00:00:00Z\", \"files\": [ { \"name\": \"a\", \"size\": 1, \"sha256\": \"XYZ\" } ] }")]
    [InlineData("{ \"formatVersion\": 1, \"id\": \"x\", \"kind\": \"Nonsense\", \"source\": {}, \"startedAt\": \"2025-01-01T00:00:00Z\", \"completedAt\": \"2025-01-01T00:00:00Z\" }")]
    public void A_malformed_manifest_is_rejected_with_manifest_invalid(string json)
    {
        var error = Assert.Throws<OpsException>(() => BackupManifestSerializer.Deserialize(json, "s3://b/x/manifest.json"));
        Assert.Equal(StorageErrorIds.ManifestInvalid, error.ErrorId);
        Assert.Contains("s3://b/x/manifest.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_newer_format_version_asks_for_an_update()
    {
        var json = BackupManifestSerializer.Serialize(Sample with { FormatVersion = 2 });
        var error = Assert.Throws<OpsException>(() => BackupManifestSerializer.Deserialize(json, "m"));
        Assert.Contains("Update OpsModule", error.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void The_layout_puts_a_backup_under_context_namespace_database_and_a_utc_timestamp()
    {
        var local = new DateTimeOffset(2025, 1, 2, 11, 4, 5, TimeSpan.FromHours(8));
        var folder = BackupLayout.FolderPath("prod", "ceoagent", "app", local, "abc123");
        Assert.Equal("prod/ceoagent/app/20250102T030405Z-abc123", folder);

        Assert.True(BackupLayout.TryParseFolder(folder, out var parsed));
        Assert.Equal(new BackupFolderPath(folder, "prod", "ceoagent", "app", local, "abc123"), parsed);
        Assert.False(BackupLayout.TryParseFolder("prod/ceoagent/app/not-a-backup", out _));
        Assert.Equal("_local/_none/_config/20250102T030405Z-abc123", BackupLayout.FolderPath(null, "", null, local, "abc123"));
        Assert.Matches("^[a-z0-9]{8}$", BackupLayout.NewId());
    }
}
