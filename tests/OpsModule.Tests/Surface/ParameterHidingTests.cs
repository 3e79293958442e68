using System.Management.Automation;
using System.Reflection;

namespace OpsModule.Tests.Surface;

/// <summary>No cmdlet redeclares a base class parameter with <c>new</c>: each parameter has one declaration, in one place.</summary>
public sealed class ParameterHidingTests
{
    [Fact]
    public void No_cmdlet_hides_a_parameter_of_its_base_class()
    {
        var hidden = typeof(OpsAsyncCmdlet).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(PSCmdlet)))
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(p => p.GetCustomAttributes<ParameterAttribute>().Any())
                .Where(p => t.BaseType?.GetProperty(p.Name, BindingFlags.Public | BindingFlags.Instance) is not null)
                .Select(p => $"{t.Name}.{p.Name}"))
            .ToList();

        Assert.Empty(hidden);
    }
}
