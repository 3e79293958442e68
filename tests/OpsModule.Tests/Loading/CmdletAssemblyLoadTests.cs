using System.Reflection;
using System.Runtime.Loader;

namespace OpsModule.Tests.Loading;

/// <summary>
/// Import-Module lists the exported types of OpsModule.dll before it runs the module's load hook, and only that hook can find
/// OpsModule.Core (in dependencies/). A public type that needs Core to load, such as a cmdlet with a field of a Core enum, would
/// make the published module fail to import.
/// </summary>
public sealed class CmdletAssemblyLoadTests
{
    [Fact]
    public void Every_public_type_of_OpsModule_dll_loads_without_asking_for_OpsModule_Core()
    {
        var context = new RecordingContext();
        try
        {
            var assembly = context.LoadFromAssemblyPath(typeof(OpsAsyncCmdlet).Assembly.Location);

            var types = assembly.GetExportedTypes();

            Assert.Contains(types, t => t.Name == "GetOpsBackupCommand");
            Assert.DoesNotContain("OpsModule.Core", context.Requested);
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Records what the loaded assembly asks for and lets the test host's default context answer.</summary>
    private sealed class RecordingContext() : AssemblyLoadContext(nameof(CmdletAssemblyLoadTests), isCollectible: true)
    {
        public List<string?> Requested { get; } = [];

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            Requested.Add(assemblyName.Name);
            return null;
        }
    }
}
