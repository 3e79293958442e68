using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.Loader;

namespace OpsModule.LoadTest;

/// <summary>
/// Core's own code paths over YamlDotNet + Polly (kubeconfig, API client), AWSSDK (S3 store) and Npgsql (database probe), run on
/// .NET 8 inside the module's load context against a port nobody listens on: each must fail with Core's own error id, as the
/// cmdlets report it, and never with a load failure.
/// </summary>
internal sealed class ModuleBehaviour(AssemblyLoadContext context, string workFolder)
{
    private readonly int _closedPort = FindClosedPort();

    public string KubernetesApiCall()
    {
        var kubeConfig = Path.Combine(workFolder, "closed.yaml");
        File.WriteAllText(kubeConfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: closed
              cluster:
                server: https://127.0.0.1:{_closedPort}
            users:
            - name: closed
              user:
                token: not-a-real-token
            contexts:
            - name: closed
              context:
                cluster: closed
                user: closed
            current-context: closed
            """);
        var configurationType = CoreType("OpsModule.Core.Kubernetes.Config.KubernetesClientConfiguration");
        var configuration = configurationType.GetMethod("Load", [typeof(string), typeof(string)])!.Invoke(null, [kubeConfig, null]);
        var client = Activator.CreateInstance(CoreType("OpsModule.Core.Kubernetes.KubernetesApiClient"), configuration, null)!;
        return ErrorIdOf(() => (Task)client.GetType().GetMethod("GetVersionAsync")!.Invoke(client, [CancellationToken.None])!);
    }

    public string S3StoreAccess()
    {
        Environment.SetEnvironmentVariable("AWS_MAX_ATTEMPTS", "1");
        return ErrorIdOf(() => CheckAccess(OpenStore("s3://ops-backups/loadtest", "key", "not-a-secret")));
    }

    /// <summary>An account key (Azure.Storage.Blobs, Azure.Core, System.ClientModel, System.Memory.Data) against a closed port.</summary>
    public string AzureBlobStoreAccess() =>
        ErrorIdOf(() => CheckAccess(OpenStore("azblob://devstoreaccount1/loadtest", "devstoreaccount1", Convert.ToBase64String(new byte[64]))));

    /// <summary>
    /// Without a credential the store builds DefaultAzureCredential (Azure.Identity, Microsoft.Identity.Client). No request is sent:
    /// the managed identity endpoint is not on this machine's loopback.
    /// </summary>
    public string AzureDefaultCredential()
    {
        var store = OpenStore("azblob://devstoreaccount1/loadtest", null, null, Uri.UriSchemeHttps);
        var options = store.GetType().GetProperty("Options")!.GetValue(store)!;
        return (string)options.GetType().GetProperty("CredentialKind", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(options)!;
    }

    private object OpenStore(string location, string? user, string? secret, string scheme = "http")
    {
        var settings = Activator.CreateInstance(CoreType("OpsModule.Core.Storage.BackupStoreSettings"))!;
        Set(settings, "Endpoint", location.StartsWith("azblob:", StringComparison.Ordinal)
            ? new Uri($"{scheme}://127.0.0.1:{_closedPort}/devstoreaccount1")
            : new Uri($"{scheme}://127.0.0.1:{_closedPort}"));
        Set(settings, "Region", "us-east-1");
        if (user is not null)
        {
            Set(settings, "UserName", user);
            Set(settings, "Secret", secret!);
        }

        var create = CoreType("OpsModule.Core.Storage.BackupStoreFactory").GetMethod("Create", [typeof(string), settings.GetType()])!;
        return create.Invoke(null, [location, settings])!;
    }

    private static Task CheckAccess(object store)
    {
        var check = store.GetType().GetInterfaces().Single(i => i.Name == "IBackupStore").GetMethod("CheckAccessAsync")!;
        return (Task)check.Invoke(store, [CancellationToken.None])!;
    }

    public string DatabaseProbe()
    {
        var probe = Activator.CreateInstance(CoreType("OpsModule.Core.Postgres.PostgresProbe"))!;
        var method = probe.GetType().GetMethod("ProbeAsync")!;
        return ErrorIdOf(() => (Task)method.Invoke(probe, [$"Host=127.0.0.1;Port={_closedPort};Database=app;Username=ops", null, CancellationToken.None])!);
    }

    private Type CoreType(string name) => context.LoadFromAssemblyName(new AssemblyName("OpsModule.Core")).GetType(name, throwOnError: true)!;

    private static void Set(object target, string property, object value) => target.GetType().GetProperty(property)!.SetValue(target, value);

    /// <summary>The error id Core's classifier gives the failure, as the cmdlets map it; a load failure is rethrown as it is.</summary>
    private string ErrorIdOf(Func<Task> call)
    {
        Exception failure;
        try
        {
            call().GetAwaiter().GetResult();
            throw new CheckFailedException("the call succeeded against a closed port");
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            failure = ex.InnerException;
        }
        catch (Exception ex) when (ex is not CheckFailedException)
        {
            failure = ex;
        }

        for (var inner = failure; inner is not null; inner = inner.InnerException)
        {
            if (inner is FileLoadException or FileNotFoundException or TypeLoadException or MissingMemberException or BadImageFormatException)
            {
                throw new CheckFailedException($"load failure: {inner}");
            }
        }

        var classify = CoreType("OpsModule.Core.Errors.OpsErrorClassifier").GetMethod("Classify")!;
        var info = classify.Invoke(null, [failure, CancellationToken.None])!;
        return (string)info.GetType().GetProperty("ErrorId")!.GetValue(info)!;
    }

    private static int FindClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
