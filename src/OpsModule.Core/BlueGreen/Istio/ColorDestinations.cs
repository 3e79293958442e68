using System.Text.Json.Nodes;

namespace OpsModule.Core.BlueGreen.Istio;

/// <summary>
/// How a route destination is recognised as one colour: its subset (the colour's name, or the -Subset mapping), or, for a
/// destination without a subset, its host being the colour's own Service (<c>&lt;deployment&gt;</c>, short or fully qualified).
/// </summary>
internal sealed class ColorDestinations
{
    public ColorDestinations(ColorDestination first, ColorDestination second)
    {
        First = first;
        Second = second;
    }

    public ColorDestination First { get; }

    public ColorDestination Second { get; }

    public IEnumerable<ColorDestination> Both => [First, Second];

    public ColorDestination Of(string color) => First.Color == color ? First : Second;

    public ColorDestination Other(string color) => First.Color == color ? Second : First;

    public static ColorDestinations Create(BlueGreenOptions options) => new(
        For(options, options.Colors[0]),
        For(options, options.Colors[1]));

    private static ColorDestination For(BlueGreenOptions options, string color) => new(
        color,
        options.Subsets?.GetValueOrDefault(color) ?? color,
        BlueGreenTargetResolver.DeploymentName(options, color));
}

/// <summary>One colour's destination: its subset name and the host of its own Service.</summary>
internal sealed record ColorDestination(string Color, string Subset, string Host)
{
    public bool Matches(JsonObject destination)
    {
        var subset = destination["subset"]?.GetValue<string>();
        if (subset is not null)
        {
            return subset == Subset;
        }

        var host = destination["host"]?.GetValue<string>() ?? string.Empty;
        return host == Host || host.StartsWith(Host + ".", StringComparison.Ordinal);
    }
}
