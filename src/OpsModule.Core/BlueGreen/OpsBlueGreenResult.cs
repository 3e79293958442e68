namespace OpsModule.Core.BlueGreen;

/// <summary>What Switch-BlueGreen emits: which colour traffic went from and to, how it ended, and every step with its timing.</summary>
public sealed class OpsBlueGreenResult
{
    public required string Namespace { get; init; }

    /// <summary>The Service whose selector was switched (empty in weight mode).</summary>
    public required string Service { get; init; }

    /// <summary>The VirtualService whose weights were shifted (null in selector mode).</summary>
    public string? VirtualService { get; init; }

    public required string From { get; init; }

    public required string To { get; init; }

    public string? Image { get; init; }

    public required BlueGreenStatus Status { get; init; }

    public required IReadOnlyList<OpsBlueGreenStep> Steps { get; init; }

    public required double DurationSeconds { get; init; }

    /// <summary>Why it failed or rolled back (null when switched).</summary>
    public string? Reason { get; init; }

    /// <summary>True when the switch stopped because it was cancelled (Ctrl+C).</summary>
    public bool Cancelled { get; init; }
}
