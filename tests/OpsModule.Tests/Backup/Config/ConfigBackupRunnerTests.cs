using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OpsModule.Core.Backup.Config;
using OpsModule.Core.Errors;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Tests.Backup.Config;

public sealed class ConfigBackupRunnerTests
{
    private const string Ns = ConfigBackupTestBed.Namespace;

    [Fact]
    public async Task Saves_exactly_the_namespace_objects_as_clean_yaml_with_the_manifest_listing_every_file()
    {
        await using var bed = await ConfigBackupTestBed.StartAsync();

        var result = await bed.Runner().RunAsync(new ConfigBackupRequest { Namespace = Ns, Context = "test" });

        var folder = bed.FolderOnDisk(result.FolderPath);
        Assert.Equal(
            ["config-backup.json", "configmaps.yaml", "cronjobs.yaml", "deployments.yaml", "ingresses.yaml", "manifest.json", "persistentvolumeclaims.yaml", "secrets.yaml", "services.yaml"],
            Directory.GetFiles(folder).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(BackupKind.Config, result.Manifest.Kind);
        Assert.Equal(Ns, result.Manifest.Source.Namespace);
        Assert.Equal("test", result.Manifest.Source.Context);
        foreach (var entry in result.Manifest.Files)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(folder, entry.Name));
            Assert.Equal(bytes.Length, entry.Size);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), entry.Sha256);
        }

        Assert.Equal(8, result.Manifest.Files.Count);
        Assert.Equal(0, result.CountsByKind["StatefulSet"]);
        Assert.Equal(0, result.CountsByKind["HorizontalPodAutoscaler"]);

        var expectedNames = new Dictionary<string, string[]>
        {
            ["deployments.yaml"] = ["ai-code-reviewer"],
            ["services.yaml"] = ["ai-code-reviewer"],
            ["ingresses.yaml"] = ["ai-code-reviewer"],
            ["configmaps.yaml"] = ["tricky"],
            ["secrets.yaml"] = ["ai-code-reviewer-tls", "db-credentials"],
            ["persistentvolumeclaims.yaml"] = ["data"],
            ["cronjobs.yaml"] = ["nightly"],
        };
        foreach (var (file, names) in expectedNames)
        {
            var objects = ConfigYamlReader.Read(await File.ReadAllTextAsync(Path.Combine(folder, file)));
            Assert.Equal(names, objects.Select(o => o["metadata"]!["name"]!.GetValue<string>()).ToArray());
            Assert.All(objects, o => Assert.Equal(Ns, o["metadata"]!["namespace"]!.GetValue<string>()));
        }

        Assert.Contains(result.Skipped, s => s.StartsWith("ConfigMap/kube-root-ca.crt", StringComparison.Ordinal));
        Assert.Contains(result.Skipped, s => s.StartsWith("Secret/default-token-abcde", StringComparison.Ordinal));

        var catalog = await new BackupCatalog(bed.Store).ListAsync(new BackupQuery { Namespace = Ns });
        var listed = Assert.Single(catalog);
        Assert.Equal(BackupStatus.Complete, listed.Status);
        Assert.Equal(result.Manifest.Id, listed.Id);
    }

    [Fact]
    public async Task Server_state_is_stripped_and_the_yaml_reads_back_equal_to_the_cleaned_objects()
    {
        await using var bed = await ConfigBackupTestBed.StartAsync();
        var deployment = await bed.Bed.Client.GetAsync(ResourceTypes.Deployments, Ns, "ai-code-reviewer", CancellationToken.None);
        Assert.NotNull(deployment["metadata"]!["uid"]);
        Assert.NotNull(deployment["metadata"]!["resourceVersion"]);

        var result = await bed.Runner().RunAsync(new ConfigBackupRequest { Namespace = Ns });

        var folder = bed.FolderOnDisk(result.FolderPath);
        var saved = Directory.GetFiles(folder, "*.yaml").SelectMany(f => ConfigYamlReader.Read(File.ReadAllText(f))).ToArray();
        Assert.Equal(8, saved.Length);
        foreach (var obj in saved)
        {
            var metadata = obj["metadata"]!.AsObject();
            Assert.Null(obj["status"]);
            foreach (var field in new[] { "managedFields", "resourceVersion", "uid", "creationTimestamp", "generation", "selfLink", "ownerReferences" })
            {
                Assert.False(metadata.ContainsKey(field), $"{obj["kind"]}/{metadata["name"]} still has metadata.{field}");
            }

            var annotations = metadata["annotations"]?.AsObject().Select(a => a.Key).ToArray() ?? [];
            Assert.DoesNotContain("kubectl.kubernetes.io/last-applied-configuration", annotations);
            Assert.DoesNotContain("deployment.kubernetes.io/revision", annotations);
            Assert.DoesNotContain(annotations, a => a.StartsWith("pv.kubernetes.io/", StringComparison.Ordinal));
        }

        var service = saved.Single(o => o["kind"]!.GetValue<string>() == "Service");
        Assert.Null(service["spec"]!["clusterIP"]);
        Assert.Null(service["spec"]!["clusterIPs"]);
        var claim = saved.Single(o => o["kind"]!.GetValue<string>() == "PersistentVolumeClaim");
        Assert.Null(claim["spec"]!["volumeName"]);
        Assert.Equal("true", claim["metadata"]!["annotations"]!["backup.example.com/keep"]!.GetValue<string>());

        var configMap = saved.Single(o => o["kind"]!.GetValue<string>() == "ConfigMap");
        foreach (var (key, value) in TrickyValues.Data)
        {
            Assert.Equal(System.Text.Json.JsonValueKind.String, JsonValueKindOf(configMap["data"]![key]));
            Assert.Equal(value, configMap["data"]![key]!.GetValue<string>());
        }

        Assert.Equal("0042", configMap["metadata"]!["annotations"]!["team"]!.GetValue<string>());
        Assert.Equal("1.0", configMap["metadata"]!["labels"]!["version"]!.GetValue<string>());

        foreach (var type in new[] { ResourceTypes.Deployments, ResourceTypes.Services, ResourceTypes.Ingresses, ResourceTypes.ConfigMaps, ResourceTypes.PersistentVolumeClaims, ResourceTypes.CronJobs })
        {
            var expected = (await bed.Bed.Client.ListAsync(type, Ns, null, CancellationToken.None))
                .Where(o => ConfigObjectCleaner.SkipReason(o, false) is null)
                .Select(o => ConfigObjectCleaner.Clean(o, type))
                .OrderBy(o => o["metadata"]!["name"]!.GetValue<string>(), StringComparer.Ordinal)
                .ToArray();
            var actual = ConfigYamlReader.Read(File.ReadAllText(Path.Combine(folder, ConfigBackupKinds.FileName(type))));
            Assert.Equal(expected.Length, actual.Count);
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.True(JsonNode.DeepEquals(expected[i], actual[i]), $"{type}: {expected[i].ToJsonString()}\n!=\n{actual[i].ToJsonString()}");
            }
        }
    }

    [Fact]
    public async Task Redacted_backup_keeps_secret_keys_but_no_secret_value_in_any_file()
    {
        await using var bed = await ConfigBackupTestBed.StartAsync();

        var result = await bed.Runner().RunAsync(new ConfigBackupRequest { Namespace = Ns });

        Assert.Equal(SecretValueMode.Redacted, result.SecretValues);
        Assert.Equal(2, result.SecretCount);
        var folder = bed.FolderOnDisk(result.FolderPath);
        var secrets = ConfigYamlReader.Read(File.ReadAllText(Path.Combine(folder, "secrets.yaml")));
        var credentials = secrets.Single(s => s["metadata"]!["name"]!.GetValue<string>() == "db-credentials");
        Assert.Equal(["password", "token"], credentials["data"]!.AsObject().Select(p => p.Key).Order().ToArray());
        Assert.All(credentials["data"]!.AsObject(), p => Assert.Equal(ConfigObjectCleaner.RedactedMarker, p.Value!.GetValue<string>()));
        Assert.Equal("redacted", credentials["metadata"]!["annotations"]![ConfigObjectCleaner.SecretValuesAnnotation]!.GetValue<string>());
        Assert.Equal("kubernetes.io/tls", secrets.Single(s => s["metadata"]!["name"]!.GetValue<string>() == "ai-code-reviewer-tls")["type"]!.GetValue<string>());
        var header = ConfigBackupHeaderSerializer.Deserialize(File.ReadAllText(Path.Combine(folder, ConfigBackupHeader.FileName)), "header");
        Assert.Equal(SecretValueMode.Redacted, header.SecretValues);
        Assert.Null(header.Encryption);

        AssertNoSecretValueIn(bed, folder);
    }

    [Fact]
    public async Task Encrypted_secrets_decrypt_with_the_passphrase_and_fail_clearly_with_a_wrong_one_or_after_tampering()
    {
        await using var bed = await ConfigBackupTestBed.StartAsync();
        var passphrase = "correct horse battery staple".ToCharArray();
        ConfigBackupResult result;
        using (var encryptor = ConfigSecretEncryptor.Create(passphrase))
        {
            result = await bed.Runner().RunAsync(new ConfigBackupRequest { Namespace = Ns, SecretEncryption = encryptor });
        }

        Assert.Equal(SecretValueMode.Encrypted, result.SecretValues);
        var folder = bed.FolderOnDisk(result.FolderPath);
        AssertNoSecretValueIn(bed, folder);
        var secretsYaml = File.ReadAllText(Path.Combine(folder, "secrets.yaml"));
        Assert.Contains("opsenc:v1:", secretsYaml);

        var content = await ConfigBackupReader.ReadAsync(bed.Store, result.FolderPath);
        Assert.Equal(SecretValueMode.Encrypted, content.Header.SecretValues);
        Assert.True(content.Header.Encryption!.Iterations >= 600_000);
        Assert.Equal(16, Convert.FromBase64String(content.Header.Encryption.Salt).Length);
        var encrypted = content.AllObjects.Where(o => o["kind"]!.GetValue<string>() == "Secret").ToArray();

        using (var decryptor = ConfigSecretDecryptor.Create(passphrase, content.Header.Encryption))
        {
            foreach (var secret in encrypted)
            {
                var name = secret["metadata"]!["name"]!.GetValue<string>();
                var original = bed.Bed.Cluster.Get("v1", "Secret", Ns, name)!;
                var decrypted = decryptor.DecryptSecret(secret);
                Assert.True(JsonNode.DeepEquals(original["data"], decrypted["data"]), $"{name} did not decrypt to its original data");
                Assert.Null(decrypted["metadata"]!["annotations"]?[ConfigObjectCleaner.SecretValuesAnnotation]);
            }

            var tampered = (JsonObject)encrypted.Single(s => s["metadata"]!["name"]!.GetValue<string>() == "db-credentials").DeepClone();
            var blob = Convert.FromBase64String(tampered["data"]!["password"]!.GetValue<string>()["opsenc:v1:".Length..]);
            blob[15] ^= 0x01;
            tampered["data"]!["password"] = "opsenc:v1:" + Convert.ToBase64String(blob);
            var changed = Assert.Throws<OpsException>(() => decryptor.DecryptSecret(tampered));
            Assert.Equal(ConfigBackupErrorIds.SecretTampered, changed.ErrorId);

            var swapped = (JsonObject)encrypted.Single(s => s["metadata"]!["name"]!.GetValue<string>() == "db-credentials").DeepClone();
            swapped["data"]!["password"] = swapped["data"]!["token"]!.GetValue<string>();
            Assert.Equal(ConfigBackupErrorIds.SecretTampered, Assert.Throws<OpsException>(() => decryptor.DecryptSecret(swapped)).ErrorId);
        }

        var wrong = Assert.Throws<OpsException>(() => ConfigSecretDecryptor.Create("correct horse battery stapler".AsSpan(), content.Header.Encryption));
        Assert.Equal(ConfigBackupErrorIds.WrongPassphrase, wrong.ErrorId);
        Assert.DoesNotContain("correct horse", wrong.Message);
    }

    [Fact]
    public async Task Backed_up_objects_are_accepted_by_the_cluster_when_applied_again()
    {
        await using var bed = await ConfigBackupTestBed.StartAsync();
        var result = await bed.Runner().RunAsync(new ConfigBackupRequest { Namespace = Ns });
        var content = await ConfigBackupReader.ReadAsync(bed.Store, result.FolderPath);
        var client = bed.Bed.Client;

        foreach (var (type, file) in new[] { (ResourceTypes.ConfigMaps, "configmaps.yaml"), (ResourceTypes.Deployments, "deployments.yaml"), (ResourceTypes.Services, "services.yaml") })
        {
            var objects = content.Kinds.Single(k => k.Kind.File == file).Objects;
            foreach (var obj in objects)
            {
                var name = obj["metadata"]!["name"]!.GetValue<string>();
                Assert.True(await client.DeleteAsync(type, Ns, name, CancellationToken.None));
                var created = await client.CreateAsync(type, Ns, (JsonObject)obj.DeepClone(), CancellationToken.None);
                Assert.Equal(name, created["metadata"]!["name"]!.GetValue<string>());
            }
        }

        var configMap = await client.GetAsync(ResourceTypes.ConfigMaps, Ns, "tricky", CancellationToken.None);
        foreach (var (key, value) in TrickyValues.Data)
        {
            Assert.Equal(value, configMap["data"]![key]!.GetValue<string>());
        }

        var deployment = await client.GetAsync(ResourceTypes.Deployments, Ns, "ai-code-reviewer", CancellationToken.None);
        Assert.Equal(2, deployment["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("registry.example.com/ai-code-reviewer:1.4.2", deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task Real_kubectl_applies_the_backup_files_to_a_fresh_cluster_with_every_value_intact()
    {
        await using var bed = await ConfigBackupTestBed.StartAsync();
        var result = await bed.Runner().RunAsync(new ConfigBackupRequest { Namespace = Ns });
        var folder = bed.FolderOnDisk(result.FolderPath);
        await using var fresh = await Kubernetes.ClientTestBed.StartAsync();
        var kubeconfig = fresh.Cluster.WriteKubeConfig(bed.Dir.File("fresh-kubeconfig"));
        await fresh.Client.CreateAsync(ResourceTypes.Namespaces, null,
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = Ns } }, CancellationToken.None);

        foreach (var file in new[] { "configmaps.yaml", "deployments.yaml", "services.yaml", "cronjobs.yaml", "persistentvolumeclaims.yaml" })
        {
            var (exit, output) = await bed.KubectlAsync(kubeconfig, "apply", "--validate=false", "-f", Path.Combine(folder, file));
            Assert.True(exit == 0, $"kubectl apply -f {file} failed: {output}");
        }

        var configMap = await fresh.Client.GetAsync(ResourceTypes.ConfigMaps, Ns, "tricky", CancellationToken.None);
        Assert.Equal(TrickyValues.Data.Count, configMap["data"]!.AsObject().Count);
        foreach (var (key, value) in TrickyValues.Data)
        {
            Assert.Equal(value, configMap["data"]![key]!.GetValue<string>());
        }

        var cronJob = await fresh.Client.GetAsync(ResourceTypes.CronJobs, Ns, "nightly", CancellationToken.None);
        Assert.Equal("0 2 * * *", cronJob["spec"]!["schedule"]!.GetValue<string>());
        var service = await fresh.Client.GetAsync(ResourceTypes.Services, Ns, "ai-code-reviewer", CancellationToken.None);
        Assert.Equal("http", service["spec"]!["ports"]![0]!["targetPort"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cancelling_mid_backup_leaves_nothing_that_lists_as_a_backup()
    {
        await using var bed = await ConfigBackupTestBed.StartAsync();
        using var cts = new CancellationTokenSource();
        var progress = new CancelAfterFirstStored(cts);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => bed.Runner().RunAsync(new ConfigBackupRequest { Namespace = Ns }, progress, cts.Token));

        Assert.True(progress.Cancelled);
        Assert.Empty(await new BackupCatalog(bed.Store).ListAsync(new BackupQuery { IncludeIncomplete = true }));
        var storeRoot = bed.Dir.File("store");
        Assert.True(!Directory.Exists(storeRoot) || Directory.GetFiles(storeRoot, "*", SearchOption.AllDirectories).Length == 0);
    }

    [Fact]
    public async Task Unknown_namespace_fails_clearly_and_stores_nothing()
    {
        await using var bed = await ConfigBackupTestBed.StartAsync();

        var error = await Assert.ThrowsAsync<OpsException>(() => bed.Runner().RunAsync(new ConfigBackupRequest { Namespace = "no-such-namespace" }));

        Assert.Equal(ConfigBackupErrorIds.NamespaceNotFound, error.ErrorId);
        Assert.Contains("no-such-namespace", error.Message);
        await OpsModule.Tests.Faults.FaultAssert.StoresNothingAsync(bed.Store);
    }

    private static System.Text.Json.JsonValueKind JsonValueKindOf(JsonNode? node) => node?.GetValueKind() ?? System.Text.Json.JsonValueKind.Null;

    private static void AssertNoSecretValueIn(ConfigBackupTestBed bed, string folder)
    {
        var forms = bed.SecretValueForms();
        Assert.Contains(ConfigBackupTestBed.OpaquePassword, forms);
        foreach (var file in Directory.GetFiles(folder))
        {
            var text = Encoding.UTF8.GetString(File.ReadAllBytes(file));
            foreach (var form in forms)
            {
                Assert.False(text.Contains(form, StringComparison.Ordinal), $"{Path.GetFileName(file)} holds a Secret value");
            }
        }
    }

    private sealed class CancelAfterFirstStored(CancellationTokenSource cts) : IProgress<ConfigBackupProgress>
    {
        public bool Cancelled { get; private set; }

        public void Report(ConfigBackupProgress value)
        {
            if (value.Stage == "Stored" && !Cancelled)
            {
                Cancelled = true;
                cts.Cancel();
            }
        }
    }
}
