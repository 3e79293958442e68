using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using OpsModule.LoadTest;
using OpsModule.Loading;

// The published module folder loaded into a .NET 8 process the way PowerShell 7.4 would: the default context already holds what
// PowerShell 7.4 ships, OpsModule.Core comes through the module's own load context, and every third-party reference must resolve.
if (args.Length != 1 || !File.Exists(Path.Combine(args[0], "OpsModule.psd1")))
{
    Console.Error.WriteLine("usage: OpsModule.LoadTest.Net8 <published module folder, e.g. module/OpsModule>");
    return 2;
}

var moduleFolder = Path.GetFullPath(args[0]);
var dependencyFolder = Path.Combine(moduleFolder, DependencyLoadContext.FolderName);
var work = Directory.CreateTempSubdirectory("ops-loadtest-").FullName;
var checks = new Checks();
var context = new DependencyLoadContext(dependencyFolder);
string[] powerShellAssemblies = ["Newtonsoft.Json", "System.Diagnostics.DiagnosticSource", "Microsoft.Extensions.ObjectPool"];
var hostAssemblies = new Dictionary<string, Assembly>();

Console.WriteLine($"{RuntimeInformation.FrameworkDescription}, module {moduleFolder}");

checks.Run("the host runs on .NET 8", () => Environment.Version.Major == 8
    ? RuntimeInformation.FrameworkDescription
    : throw new CheckFailedException($"runs on {RuntimeInformation.FrameworkDescription}"));

checks.Run("the default context holds what PowerShell 7.4 ships", () =>
{
    foreach (var name in powerShellAssemblies)
    {
        var assembly = AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(name));
        hostAssemblies[name] = assembly;
    }

    var json = FileVersionInfo.GetVersionInfo(hostAssemblies["Newtonsoft.Json"].Location);
    if (!json.FileVersion!.StartsWith("13.0.3", StringComparison.Ordinal))
    {
        throw new CheckFailedException($"Newtonsoft.Json {json.FileVersion}, PowerShell 7.4 ships 13.0.3");
    }

    return string.Join(", ", hostAssemblies.Values.Select(a => $"{a.GetName().Name} {FileVersionInfo.GetVersionInfo(a.Location).FileVersion}"));
});

var precompiledFolder = Path.Combine(dependencyFolder, DependencyLoadContext.PrecompiledFolderName);

checks.Run($"OpsModule.Core loads into the module's context from dependencies/{DependencyLoadContext.PrecompiledFolderName}/, precompiled for .NET 8", () =>
{
    // PowerShell 7.4 on Windows and Linux x64: the module ships ReadyToRun images for exactly these (src/OpsModule.Precompiled).
    if (!Directory.Exists(precompiledFolder))
    {
        throw new CheckFailedException($"no precompiled set {precompiledFolder}");
    }

    var core = context.LoadFromFolder(new AssemblyName("OpsModule.Core")) ?? throw new CheckFailedException($"no OpsModule.Core.dll in {dependencyFolder}");
    return AssemblyLoadContext.GetLoadContext(core) == context && core.Location == Path.Combine(precompiledFolder, "OpsModule.Core.dll")
        ? core.Location
        : throw new CheckFailedException($"loaded from {core.Location} into {AssemblyLoadContext.GetLoadContext(core)?.Name}");
});

checks.Run("KubernetesClient and YamlDotNet load from the same precompiled set", () =>
{
    var loaded = new[] { "KubernetesClient", "YamlDotNet" }.Select(name => context.LoadFromAssemblyName(new AssemblyName(name))).ToList();
    var elsewhere = loaded.Where(a => Path.GetDirectoryName(a.Location) != precompiledFolder).Select(a => a.Location).ToList();
    return elsewhere.Count == 0 ? string.Join(", ", loaded.Select(a => a.GetName().Name)) : throw new CheckFailedException(string.Join(", ", elsewhere));
});

foreach (var path in Directory.GetFiles(dependencyFolder, "*.dll").Concat(Directory.GetFiles(precompiledFolder, "*.dll")).Order(StringComparer.Ordinal))
{
    checks.Run($"every assembly, type and member {Path.GetRelativePath(dependencyFolder, path)} refers to resolves", () =>
    {
        var result = ReferenceWalk.Walk(path, context);
        if (result.Failures.Count > 0)
        {
            throw new CheckFailedException(string.Join("\n", result.Failures));
        }

        var fromFolder = result.References.Count(r => File.Exists(Path.Combine(dependencyFolder, r.Name + ".dll")));
        return $"{result.References.Count} assemblies ({fromFolder} from dependencies/), {result.TypesResolved} types, {result.MembersResolved} members";
    });
}

checks.Run("Core's Newtonsoft.Json is PowerShell's, from the default context", () =>
{
    var json = context.LoadFromAssemblyName(new AssemblyName("Newtonsoft.Json"));
    return json == hostAssemblies["Newtonsoft.Json"] ? json.Location : throw new CheckFailedException($"Core got {json.Location}");
});

var behaviour = new ModuleBehaviour(context, work);
checks.Run("kubeconfig and API client (YamlDotNet, Polly) fail with Core's error", () => Expect("Ops.Kubernetes.Unreachable", behaviour.KubernetesApiCall()));
checks.Run("S3 store (AWSSDK) fails with Core's error", () => Expect("Ops.Storage.Unreachable", behaviour.S3StoreAccess()));
checks.Run("Azure Blob store (Azure.Storage.Blobs, Azure.Core) fails with Core's error", () => Expect("Ops.Storage.Unreachable", behaviour.AzureBlobStoreAccess()));
checks.Run("Azure Blob store without a credential gets DefaultAzureCredential (Azure.Identity, MSAL)", () => Expect("DefaultAzureCredential", behaviour.AzureDefaultCredential()));
checks.Run("database probe (Npgsql) fails with Core's error", () => Expect("Ops.Database.Unreachable", behaviour.DatabaseProbe()));

// Npgsql 10 needs a newer DiagnosticSource than the 8.0 PowerShell 7.4 holds in its default context: only isolation makes it load.
checks.Run("Npgsql gets the module's System.Diagnostics.DiagnosticSource, PowerShell keeps its own", () =>
{
    var npgsql = context.Assemblies.Single(a => a.GetName().Name == "Npgsql");
    var wanted = npgsql.GetReferencedAssemblies().Single(r => r.Name == "System.Diagnostics.DiagnosticSource");
    var resolved = context.LoadFromAssemblyName(wanted);
    var host = hostAssemblies["System.Diagnostics.DiagnosticSource"];
    return AssemblyLoadContext.GetLoadContext(resolved) == context && resolved.GetName().Version >= wanted.Version && host.GetName().Version < wanted.Version
        ? $"Npgsql wants {wanted.Version}, gets {resolved.GetName().Version} from {resolved.Location}; the host keeps {host.GetName().Version}"
        : throw new CheckFailedException($"Npgsql wants {wanted.Version}, got {resolved.GetName().Version} from {resolved.Location}");
});

checks.Run("no assembly of the module is in the default context", () =>
{
    var shipped = Directory.GetFiles(dependencyFolder, "*.dll").Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal);
    var leaked = AssemblyLoadContext.Default.Assemblies
        .Where(a => !hostAssemblies.ContainsValue(a))
        .Where(a => a.Location.StartsWith(moduleFolder, StringComparison.Ordinal) || shipped.Contains(a.GetName().Name!))
        .Select(a => $"{a.GetName()} from {a.Location}")
        .ToList();
    var ours = context.Assemblies.Select(a => a.GetName().Name).Order(StringComparer.Ordinal);
    return leaked.Count == 0 ? $"module context: {string.Join(", ", ours)}" : throw new CheckFailedException(string.Join("\n", leaked));
});

Directory.Delete(work, recursive: true);
checks.PrintSummary();
return checks.AllPassed ? 0 : 1;

static string Expect(string expected, string actual)
    => actual == expected ? actual : throw new CheckFailedException($"expected {expected}, got {actual}");
