namespace OpsModule.Core.BlueGreen;

/// <summary>One run of a switch after the lock is held: its steps in order, and the way back when one fails.</summary>
internal interface ISwitchRun
{
    /// <summary>The colour traffic came from, once known.</summary>
    string? From { get; }

    /// <summary>The colour traffic goes to, once known.</summary>
    string? To { get; }

    /// <summary>Runs the steps. Step failures become the returned status; cancellation before any change may escape.</summary>
    Task<(BlueGreenStatus Status, string? Reason)> ExecuteAsync(CancellationToken cancellationToken);
}
