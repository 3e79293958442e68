using System.Management.Automation;
using System.Reflection;

namespace OpsModule.Tests.Surface;

/// <summary>
/// Decides, the way PowerShell's parameter binder would, whether objects emitted by one cmdlet bind to the next one.
/// </summary>
internal static class PipeBinding
{
    /// <summary>Problems with <paramref name="pipe"/>; empty when every object the upstream can emit binds downstream.</summary>
    public static IEnumerable<string> Check(DocumentedPipe pipe, CmdletSurface upstream, CmdletSurface? downstream)
    {
        var emitted = EmittedTypes(pipe, upstream, out var upstreamProblems);
        foreach (var problem in upstreamProblems)
        {
            yield return problem;
        }

        foreach (var type in emitted)
        {
            var failure = downstream is null
                ? CheckFilter(pipe, type)
                : CheckBinding(type, downstream);
            if (failure is not null)
            {
                yield return $"{pipe}: {failure}";
            }
        }
    }

    /// <summary>The output types of the upstream parameter set the pipe uses.</summary>
    private static IReadOnlyList<Type> EmittedTypes(DocumentedPipe pipe, CmdletSurface upstream, out List<string> problems)
    {
        problems = [];
        var missing = pipe.UpstreamParameters
            .Where(p => !upstream.Parameters.Any(u => u.NamesAndAliases.Contains(p, StringComparer.OrdinalIgnoreCase)))
            .ToList();
        if (missing.Count > 0)
        {
            problems.Add($"{pipe}: {upstream.Name} has no parameter -{string.Join(", -", missing)}.");
            return [];
        }

        var sets = upstream.ParameterSets
            .Where(set => pipe.UpstreamParameters.All(p => upstream.InSet(set).Any(m => m.Parameter.NamesAndAliases.Contains(p, StringComparer.OrdinalIgnoreCase))))
            .ToList();
        if (pipe.UpstreamParameters.Count == 0 && upstream.DefaultParameterSetName is { } defaultSet)
        {
            sets = sets.Where(s => string.Equals(s, defaultSet, StringComparison.OrdinalIgnoreCase)).ToList();
        }

        if (sets.Count == 0)
        {
            problems.Add($"{pipe}: no parameter set of {upstream.Name} accepts {string.Join(" ", pipe.UpstreamParameters.Select(p => "-" + p))} together.");
            return [];
        }

        var types = sets.SelectMany(upstream.OutputTypesFor).Select(o => o.Type).OfType<Type>().Distinct().ToList();
        if (types.Count == 0)
        {
            problems.Add($"{pipe}: {upstream.Name} declares no [OutputType] (as a Type) for set(s) {string.Join(", ", sets)}.");
        }

        return types;
    }

    private static string? CheckFilter(DocumentedPipe pipe, Type emitted)
    {
        var property = emitted.GetProperty(pipe.FilterProperty!, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property?.GetMethod is not { IsPublic: true })
        {
            return $"{emitted.Name} has no public {pipe.FilterProperty} property to filter on.";
        }

        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (type.IsEnum && !Enum.GetNames(type).Contains(pipe.FilterValue, StringComparer.OrdinalIgnoreCase))
        {
            return $"{emitted.Name}.{property.Name} is {type.Name}, which has no value '{pipe.FilterValue}'.";
        }

        return type.IsEnum || type == typeof(string) ? null : $"{emitted.Name}.{property.Name} is {type.Name}; '-ne {pipe.FilterValue}' needs a string or an enum.";
    }

    /// <summary>Null when some parameter set of <paramref name="downstream"/> is fully fed by an object of <paramref name="emitted"/>.</summary>
    private static string? CheckBinding(Type emitted, CmdletSurface downstream)
    {
        var reasons = new List<string>();
        foreach (var set in downstream.ParameterSets)
        {
            var members = downstream.InSet(set).ToList();
            var fed = members.Where(m => Feeds(emitted, m.Parameter, m.Declaration)).Select(m => m.Parameter.Name).ToHashSet();
            var unfed = members.Where(m => m.Declaration.Mandatory && !fed.Contains(m.Parameter.Name)).Select(m => m.Parameter.Name).ToList();
            if (fed.Count > 0 && unfed.Count == 0)
            {
                return null;
            }

            reasons.Add(fed.Count == 0
                ? $"set '{set}' takes nothing from a {emitted.Name}"
                : $"set '{set}' still needs -{string.Join(", -", unfed)}");
        }

        return $"a {emitted.Name} does not bind to {downstream.Name}: {string.Join("; ", reasons)}.";
    }

    private static bool Feeds(Type emitted, ParameterSurface parameter, ParameterDeclaration declaration)
    {
        if (declaration.ValueFromPipeline && AcceptsWhole(parameter.Type, emitted))
        {
            return true;
        }

        if (!declaration.ValueFromPipelineByPropertyName)
        {
            return false;
        }

        return parameter.NamesAndAliases
            .Select(name => emitted.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase))
            .Any(property => property?.GetMethod is { IsPublic: true } && Converts(property.PropertyType, parameter.Type));
    }

    private static bool AcceptsWhole(Type parameterType, Type emitted)
        => parameterType == typeof(PSObject)
            || parameterType.IsAssignableFrom(emitted)
            || (parameterType.IsArray && parameterType.GetElementType()!.IsAssignableFrom(emitted));

    /// <summary>Conversions the binder makes without surprises: assignment, element-to-array, and scalars to string or to wider numbers.</summary>
    internal static bool Converts(Type from, Type to)
    {
        from = Nullable.GetUnderlyingType(from) ?? from;
        to = Nullable.GetUnderlyingType(to) ?? to;
        if (to.IsAssignableFrom(from) || to == typeof(PSObject))
        {
            return true;
        }

        if (to.IsArray)
        {
            var element = to.GetElementType()!;
            if (Converts(from, element))
            {
                return true;
            }

            var sequenceElement = from.IsArray
                ? from.GetElementType()
                : from.GetInterfaces().Append(from)
                    .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
            return sequenceElement is not null && from != typeof(string) && Converts(sequenceElement, element);
        }

        if (to == typeof(string))
        {
            return from.IsPrimitive || from.IsEnum || from == typeof(decimal) || from == typeof(Guid) || from == typeof(Uri)
                || from == typeof(DateTime) || from == typeof(DateTimeOffset) || from == typeof(TimeSpan);
        }

        if (to == typeof(SwitchParameter))
        {
            return from == typeof(bool);
        }

        if (IsNumeric(to) && IsNumeric(from))
        {
            return true;
        }

        return to.IsEnum && (from == typeof(string) || IsNumeric(from));
    }

    private static bool IsNumeric(Type t) => t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte)
        || t == typeof(uint) || t == typeof(ulong) || t == typeof(double) || t == typeof(float) || t == typeof(decimal);
}
