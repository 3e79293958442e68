using System.Reflection;
using OpsModule.Tests.Surface;

namespace OpsModule.Tests.Formatting;

/// <summary>
/// The types an admin sees: every [OutputType] of a cmdlet, and the Core types their collection properties hold
/// (steps, results, tables, mismatches), found by reflection so a new output type is covered without editing a list.
/// </summary>
internal static class DisplayedTypes
{
    private static readonly Lazy<IReadOnlyList<Type>> LazyAll = new(Find);

    public static IReadOnlyList<Type> All => LazyAll.Value;

    public static IReadOnlyList<Type> OutputTypes() =>
        OpsModuleSurface.CmdletsOrFail().SelectMany(c => c.OutputTypes).Select(o => o.Type).OfType<Type>().Distinct().ToList();

    /// <summary>The element type of a list property (IReadOnlyList&lt;T&gt; and the like), or null for a scalar.</summary>
    public static Type? ElementType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        return type.IsArray
            ? type.GetElementType()
            : type.GetInterfaces().Append(type)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    public static IEnumerable<PropertyInfo> PublicProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetMethod is { IsPublic: true });

    private static IReadOnlyList<Type> Find()
    {
        var core = typeof(OpsModule.Core.Health.OpsHealthResult).Assembly;
        var found = new List<Type>();
        var pending = new Queue<Type>(OutputTypes());
        while (pending.TryDequeue(out var type))
        {
            if (found.Contains(type))
            {
                continue;
            }

            found.Add(type);
            foreach (var element in PublicProperties(type).Select(p => ElementType(p.PropertyType)).OfType<Type>())
            {
                if (element.Assembly == core && !element.IsEnum)
                {
                    pending.Enqueue(element);
                }
            }
        }

        return found;
    }
}
