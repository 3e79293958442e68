using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using OpsModule.Core.Backup.Config;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Folder;
using OpsModule.Tests.Health;
using OpsModule.Tests.Kubernetes;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Backup.Config;

/// <summary>A test cluster holding the runbook apps plus tricky config and Secrets, and a local backup store in a temp folder.</summary>
internal sealed class ConfigBackupTestBed : IAsyncDisposable
{
    public const string Namespace = "test";
    public const string OpaquePassword = "S3cr3t-P@ssw0rd-for-backup-test";
    public const string OpaqueToken = "tok_9f8e7d6c5b4a";

    private ConfigBackupTestBed(ClientTestBed bed, TempDirectory dir)
    {
        Bed = bed;
        Dir = dir;
        Store = new LocalBackupStore(dir.File("store"));
    }

    public ClientTestBed Bed { get; }

    public TempDirectory Dir { get; }

    public LocalBackupStore Store { get; }

    public static async Task<ConfigBackupTestBed> StartAsync()
    {
        var bed = await ClientTestBed.StartAsync();
        var cluster = bed.Cluster;
        RunbookApps.AiCodeReviewer(cluster);
        RunbookApps.CeoAgent(cluster);
        RunbookApps.UserService(cluster);
        cluster.Apply(TrickyValues.ConfigMap(Namespace, "tricky"));
        cluster.Apply(Secret(Namespace, "db-credentials", "Opaque", new() { ["password"] = OpaquePassword, ["token"] = OpaqueToken }));
        cluster.Apply(Secret(Namespace, "default-token-abcde", "kubernetes.io/service-account-token", new() { ["token"] = "sa-token-value-xyz" }));
        cluster.Apply(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "kube-root-ca.crt", ["namespace"] = Namespace },
            ["data"] = new JsonObject { ["ca.crt"] = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n" },
        });
        var claim = RunbookApps.Claim(Namespace, "data", "Bound");
        claim["metadata"]!["annotations"] = new JsonObject
        {
            ["pv.kubernetes.io/bind-completed"] = "yes",
            ["pv.kubernetes.io/bound-by-controller"] = "yes",
            ["backup.example.com/keep"] = "true",
        };
        cluster.Apply(claim);
        cluster.Apply(new JsonObject
        {
            ["apiVersion"] = "batch/v1", ["kind"] = "CronJob",
            ["metadata"] = new JsonObject { ["name"] = "nightly", ["namespace"] = Namespace },
            ["spec"] = new JsonObject
            {
                ["schedule"] = "0 2 * * *",
                ["jobTemplate"] = new JsonObject
                {
                    ["spec"] = new JsonObject
                    {
                        ["template"] = new JsonObject
                        {
                            ["spec"] = new JsonObject
                            {
                                ["restartPolicy"] = "OnFailure",
                                ["containers"] = new JsonArray(new JsonObject
                                {
                                    ["name"] = "backup", ["image"] = "postgres:15", ["command"] = new JsonArray("sh", "-c", "pg_dump ceoagent | gzip > /b/x.gz"),
                                }),
                            },
                        },
                    },
                },
            },
        });
        return new ConfigBackupTestBed(bed, new TempDirectory());
    }

    public static JsonObject Secret(string ns, string name, string type, Dictionary<string, string> values)
    {
        var data = new JsonObject();
        foreach (var (key, value) in values)
        {
            data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Secret", ["type"] = type,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["data"] = data,
        };
    }

    public ConfigBackupRunner Runner() => new(Bed.Client, Store);

    public string FolderOnDisk(string folderPath) => Path.Combine(Dir.File("store"), folderPath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Every Secret value in the namespace as stored (base64) and decoded, plus each line of multi-line values.</summary>
    public IReadOnlyList<string> SecretValueForms()
    {
        var forms = new List<string>();
        foreach (var secret in Bed.Cluster.List("v1", "Secret", Namespace))
        {
            foreach (var (_, value) in secret["data"]?.AsObject() ?? [])
            {
                var base64 = value!.GetValue<string>();
                var plain = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
                forms.Add(base64);
                forms.Add(plain);
                forms.AddRange(plain.Split('\n').Where(l => l.Length >= 16 && !l.StartsWith("-----", StringComparison.Ordinal)));
            }
        }

        return forms;
    }

    public async Task<(int ExitCode, string Output)> KubectlAsync(string kubeconfig, params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await Bed.DisposeAsync();
        Dir.Dispose();
    }
}
