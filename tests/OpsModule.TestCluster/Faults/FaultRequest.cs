namespace OpsModule.TestCluster;

/// <summary>The request a fault predicate sees.</summary>
public sealed record FaultRequest(string Method, string Path, string QueryString)
{
    public override string ToString() => $"{Method} {Path}{QueryString}";
}
