using System.Globalization;
using System.Text.Json.Nodes;

namespace OpsModule.Core.BlueGreen.Istio;

/// <summary>
/// The HTTP routes of a VirtualService that split traffic between the two colours: exactly two destinations, one per colour.
/// Routes to one colour only (e.g. a header-matched canary route) are left alone. The JSON is edited in place.
/// </summary>
internal sealed class ColorRoutes
{
    private readonly List<(JsonObject First, JsonObject Second)> _routes;
    private readonly ColorDestinations _colors;

    private ColorRoutes(List<(JsonObject First, JsonObject Second)> routes, ColorDestinations colors)
    {
        _routes = routes;
        _colors = colors;
    }

    public int Count => _routes.Count;

    /// <summary>"subset" when the colours are told apart by subset, "host" by destination host.</summary>
    public string MatchedBy => _routes[0].First["destination"]?["subset"] is null ? "host" : "subset";

    /// <summary>Throws <c>Ops.BlueGreen.NoColorRoute</c>, describing every HTTP route, when no route has both colours.</summary>
    public static ColorRoutes Find(JsonObject virtualService, ColorDestinations colors)
    {
        var name = virtualService["metadata"]?["name"]?.GetValue<string>() ?? "?";
        var http = virtualService["spec"]?["http"] as JsonArray ?? [];
        var found = new List<(JsonObject, JsonObject)>();
        foreach (var route in http.OfType<JsonObject>())
        {
            var destinations = (route["route"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            var first = destinations.Where(d => d["destination"] is JsonObject t && colors.First.Matches(t)).ToList();
            var second = destinations.Where(d => d["destination"] is JsonObject t && colors.Second.Matches(t)).ToList();
            if (destinations.Count == 2 && first.Count == 1 && second.Count == 1)
            {
                found.Add((first[0], second[0]));
            }
        }

        if (found.Count == 0)
        {
            throw BlueGreenErrors.NoColorRoute(name, DescribeAll(http, colors));
        }

        return new ColorRoutes(found, colors);
    }

    /// <summary>Percent of the first colour route's traffic that goes to <paramref name="color"/> (a missing weight is 0).</summary>
    public int WeightOf(string color)
    {
        var (first, second) = _routes[0];
        var destination = _colors.First.Color == color ? first : second;
        return destination["weight"]?.GetValue<int>() ?? 0;
    }

    /// <summary>True when every colour route sends all traffic to <paramref name="color"/>.</summary>
    public bool AllTo(string color) =>
        _routes.All(r => (_colors.First.Color == color ? r.First : r.Second)["weight"]?.GetValue<int>() == 100);

    public void Apply(IReadOnlyDictionary<string, int> weights)
    {
        foreach (var (first, second) in _routes)
        {
            first["weight"] = weights[_colors.First.Color];
            second["weight"] = weights[_colors.Second.Color];
        }
    }

    private static string DescribeAll(JsonArray http, ColorDestinations colors)
    {
        var wanted = string.Join(" and ", colors.Both.Select(c => $"{c.Color} (subset {c.Subset} or host {c.Host})"));
        if (http.Count == 0)
        {
            return $"it has no http routes; wanted {wanted}.";
        }

        var routes = http.OfType<JsonObject>().Select((route, i) =>
        {
            var label = route["name"]?.GetValue<string>() is { } routeName ? $"'{routeName}'" : i.ToString(CultureInfo.InvariantCulture);
            var destinations = (route["route"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(d => d["destination"] is JsonObject t
                    ? $"{t["host"]?.GetValue<string>()}{(t["subset"] is null ? "" : " subset " + t["subset"]!.GetValue<string>())}"
                    : "?");
            return $"route {label} -> {string.Join(", ", destinations)}";
        });
        return $"{string.Join("; ", routes)}. Wanted exactly two destinations per route: {wanted}.";
    }
}
