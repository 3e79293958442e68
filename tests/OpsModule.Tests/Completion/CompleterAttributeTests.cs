using System.Management.Automation;
using System.Reflection;
using OpsModule.Tests.Surface;

namespace OpsModule.Tests.Completion;

/// <summary>Which parameter of which cmdlet completes with which completer, read from the attributes PowerShell reads.</summary>
public sealed class CompleterAttributeTests
{
    private static readonly Dictionary<string, Dictionary<string, string>> Expected = new()
    {
        ["Get-OpsHealth"] = new()
        {
            ["Context"] = "KubeContextCompleter", ["Namespace"] = "NamespaceCompleter", ["ExcludeCode"] = "HealthCodeCompleter",
            ["DatabasePod"] = "PodCompleter",
        },
        ["Invoke-OpsBackup"] = new()
        {
            ["Context"] = "KubeContextCompleter", ["Namespace"] = "NamespaceCompleter", ["Database"] = "BackupDatabaseCompleter",
            ["PodName"] = "PodCompleter",
        },
        ["Get-OpsBackup"] = new()
        {
            ["Context"] = "BackupContextCompleter", ["Namespace"] = "BackupNamespaceCompleter", ["Database"] = "BackupDatabaseCompleter",
        },
        ["Remove-OpsBackup"] = new() { ["Namespace"] = "BackupNamespaceCompleter", ["Database"] = "BackupDatabaseCompleter" },
        ["Restore-OpsDatabase"] = new()
        {
            ["Context"] = "KubeContextCompleter", ["Namespace"] = "NamespaceCompleter", ["PodName"] = "PodCompleter",
            ["ScaleDown"] = "DeploymentCompleter",
        },
        ["Repair-OpsHealth"] = new() { ["Context"] = "KubeContextCompleter", ["Namespace"] = "NamespaceCompleter" },
        ["Switch-BlueGreen"] = new()
        {
            ["Context"] = "KubeContextCompleter", ["Namespace"] = "NamespaceCompleter", ["Service"] = "ServiceCompleter",
            ["VirtualService"] = "VirtualServiceCompleter", ["Deployment"] = "ColorBaseNameCompleter",
            ["BlueDeployment"] = "DeploymentCompleter", ["GreenDeployment"] = "DeploymentCompleter",
        },
        ["Test-DisasterRecovery"] = new()
        {
            ["Context"] = "KubeContextCompleter", ["Namespace"] = "NamespaceCompleter", ["PodName"] = "PodCompleter",
            ["Database"] = "SourceDatabaseCompleter", ["SourceNamespace"] = "SourceNamespaceCompleter",
            ["PrimaryContext"] = "KubeContextCompleter", ["TargetContext"] = "KubeContextCompleter", ["TargetNamespace"] = "NamespaceCompleter",
        },
    };

    public static TheoryData<string> Cmdlets => new(Expected.Keys);

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Each_parameter_naming_a_cluster_or_store_object_has_its_completer(string cmdlet)
    {
        var surface = OpsModuleSurface.Find(cmdlet) ?? throw new InvalidOperationException($"{cmdlet} is not in OpsModule.dll");

        var actual = surface.Parameters
            .Select(p => (p.Name, Completer: CompleterOf(p.DeclaringType.GetProperty(p.Name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)!)))
            .Where(p => p.Completer is not null)
            .ToDictionary(p => p.Name, p => p.Completer!);

        Assert.Equal(Expected[cmdlet].OrderBy(p => p.Key), actual.OrderBy(p => p.Key));
    }

    [Fact]
    public void Every_cmdlet_of_the_module_is_covered()
    {
        Assert.Equal(OpsModuleSurface.CmdletsOrFail().Select(c => c.Name).Order(), Expected.Keys.Order());
    }

    [Fact]
    public void Every_completer_can_be_created_as_PowerShell_creates_it()
    {
        var completers = typeof(OpsAsyncCmdlet).Assembly.GetTypes()
            .Where(t => typeof(IArgumentCompleter).IsAssignableFrom(t) && !t.IsAbstract)
            .ToList();

        Assert.Equal(Expected.Values.SelectMany(v => v.Values).Distinct().Order(), completers.Select(t => t.Name).Order());
        Assert.All(completers, t => Assert.IsAssignableFrom<IArgumentCompleter>(Activator.CreateInstance(t)));
    }

    private static string? CompleterOf(PropertyInfo property) => property.GetCustomAttributesData()
        .Where(a => a.AttributeType == typeof(ArgumentCompleterAttribute))
        .Select(a => ((Type)a.ConstructorArguments[0].Value!).Name)
        .SingleOrDefault();
}
