namespace OpsModule.TestCluster;

internal enum FaultKind
{
    Status,
    Throttle,
    ConnectionReset,
}

internal sealed class PendingFault
{
    public required FaultKind Kind { get; init; }

    public int StatusCode { get; init; }

    public int RetryAfterSeconds { get; init; }

    public Func<FaultRequest, bool>? When { get; init; }

    public int Remaining { get; set; }
}
