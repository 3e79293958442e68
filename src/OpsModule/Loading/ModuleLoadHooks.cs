using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace OpsModule.Loading;

/// <summary>
/// Import-Module and Remove-Module hooks. While the module is imported, the default context asks <see cref="DependencyLoadContext"/>
/// for OpsModule.Core, the one assembly OpsModule.dll references that is not beside it; Core's own references then resolve in that
/// context. Only Core's name is answered, so the default context never gets a third-party assembly from us.
/// </summary>
/// <remarks>
/// PowerShell lists the exported types of OpsModule.dll before it calls <see cref="OnImport"/>, so every public type here must load
/// without Core: Core classes and arrays in signatures are fine (loaded when first used), but a field of a Core enum or struct is
/// not, because the runtime needs its size to lay out the type. Such parameters keep their value boxed.
/// </remarks>
public sealed class ModuleLoadHooks : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private const string CoreAssemblyName = "OpsModule.Core";
    private static readonly object Gate = new();

    // Runspaces of one process share the default context: the hook stays until the last runspace that imported the module removes it.
    private static int _imports;

    public void OnImport()
    {
        lock (Gate)
        {
            if (_imports++ == 0)
            {
                AssemblyLoadContext.Default.Resolving += ResolveCore;
            }
        }
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        lock (Gate)
        {
            if (_imports > 0 && --_imports == 0)
            {
                AssemblyLoadContext.Default.Resolving -= ResolveCore;
            }
        }
    }

    private static Assembly? ResolveCore(AssemblyLoadContext context, AssemblyName name)
        => string.Equals(name.Name, CoreAssemblyName, StringComparison.Ordinal)
            ? DependencyLoadContext.Instance.LoadFromFolder(name)
            : null;
}
