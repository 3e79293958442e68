using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Reflection;

namespace OpsModule.Tests.Surface;

internal static class CmdletSurfaceReader
{
    /// <summary>Every non-abstract Cmdlet class of the assembly, whatever its base or visibility (the rules judge those).</summary>
    public static IReadOnlyList<CmdletSurface> ReadAll(Assembly assembly)
        => assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && typeof(Cmdlet).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(Read)
            .ToList();

    public static CmdletSurface Read(Type type)
    {
        var cmdlet = Find<CmdletAttribute>(type.GetCustomAttributesData());
        string? verb = null, noun = null, defaultSet = null;
        var supportsShouldProcess = false;
        ConfirmImpactLevel? confirmImpact = null;
        if (cmdlet is not null)
        {
            verb = (string?)cmdlet.ConstructorArguments[0].Value;
            noun = (string?)cmdlet.ConstructorArguments[1].Value;
            supportsShouldProcess = Named<bool?>(cmdlet, nameof(CmdletAttribute.SupportsShouldProcess)) ?? false;
            confirmImpact = Named<int?>(cmdlet, nameof(CmdletAttribute.ConfirmImpact)) is { } impact ? (ConfirmImpactLevel)impact : null;
            defaultSet = Named<string>(cmdlet, nameof(CmdletAttribute.DefaultParameterSetName));
        }

        var outputTypes = type.GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(OutputTypeAttribute))
            .SelectMany(ReadOutputTypes)
            .ToList();

        var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .Select(p => ReadParameter(p, p.PropertyType, p.SetMethod is { IsPublic: true } && p.GetMethod is { IsPublic: true }))
            .Concat(type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                .Select(f => ReadParameter(f, f.FieldType, f.IsPublic && !f.IsInitOnly)))
            .OfType<ParameterSurface>()
            .ToList();
        parameters = ApplyHiding(parameters);

        return new CmdletSurface(type, verb, noun, supportsShouldProcess, confirmImpact, defaultSet, outputTypes, parameters);
    }

    /// <summary>
    /// Like PowerShell's metadata builder: a parameter redeclared with `new` in a derived class replaces the base class's one;
    /// two declarations of one name that are not in a base/derived relation stay, so the rules report the clash.
    /// </summary>
    private static List<ParameterSurface> ApplyHiding(List<ParameterSurface> parameters)
        => parameters
            .Where(p => !parameters.Any(other => other != p
                && string.Equals(other.Name, p.Name, StringComparison.OrdinalIgnoreCase)
                && other.DeclaringType.IsSubclassOf(p.DeclaringType)))
            .ToList();

    private static IEnumerable<OutputTypeDeclaration> ReadOutputTypes(CustomAttributeData attribute)
    {
        var sets = Named<ReadOnlyCollection<CustomAttributeTypedArgument>>(attribute, nameof(OutputTypeAttribute.ParameterSetName))
            ?.Select(a => (string)a.Value!).ToList() ?? [];
        foreach (var argument in attribute.ConstructorArguments)
        {
            var values = argument.Value is ReadOnlyCollection<CustomAttributeTypedArgument> array ? array.Select(a => a.Value) : [argument.Value];
            foreach (var value in values)
            {
                yield return value switch
                {
                    Type t => new OutputTypeDeclaration(t, null, sets),
                    string name => new OutputTypeDeclaration(null, name, sets),
                    _ => new OutputTypeDeclaration(null, null, sets),
                };
            }
        }
    }

    private static ParameterSurface? ReadParameter(MemberInfo member, Type memberType, bool settable)
    {
        var attributes = member.GetCustomAttributesData();
        var declarations = attributes.Where(a => a.AttributeType == typeof(ParameterAttribute))
            .Select(a => new ParameterDeclaration(
                Named<string>(a, nameof(ParameterAttribute.ParameterSetName)) ?? CmdletSurface.AllParameterSets,
                Named<bool?>(a, nameof(ParameterAttribute.Mandatory)) ?? false,
                Named<int?>(a, nameof(ParameterAttribute.Position)) is { } position && position != int.MinValue ? position : null,
                Named<bool?>(a, nameof(ParameterAttribute.ValueFromPipeline)) ?? false,
                Named<bool?>(a, nameof(ParameterAttribute.ValueFromPipelineByPropertyName)) ?? false))
            .ToList();
        if (declarations.Count == 0)
        {
            return null;
        }

        var aliases = attributes.Where(a => a.AttributeType == typeof(AliasAttribute))
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is ReadOnlyCollection<CustomAttributeTypedArgument> array
                ? array.Select(x => (string)x.Value!)
                : [(string)arg.Value!])
            .ToList();

        return new ParameterSurface(member.Name, memberType, aliases, declarations, settable, member.DeclaringType!);
    }

    private static CustomAttributeData? Find<T>(IEnumerable<CustomAttributeData> attributes)
        => attributes.FirstOrDefault(a => a.AttributeType == typeof(T));

    private static T? Named<T>(CustomAttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.MemberName == name)
            {
                return (T?)argument.TypedValue.Value;
            }
        }

        return default;
    }
}
