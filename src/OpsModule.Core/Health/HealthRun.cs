namespace OpsModule.Core.Health;

/// <summary>The outcome of one health run: the findings, and the namespaces that could not be read at all.</summary>
public sealed class HealthRun
{
    public required IReadOnlyList<OpsHealthResult> Results { get; init; }

    public required IReadOnlyList<NamespaceFailure> Failures { get; init; }

    public required IReadOnlyList<string> Namespaces { get; init; }

    public required TimeSpan Duration { get; init; }
}

/// <summary>A namespace whose resources could not be listed (missing, forbidden, unreachable). The others still report.</summary>
public sealed record NamespaceFailure(string Namespace, Exception Error);
