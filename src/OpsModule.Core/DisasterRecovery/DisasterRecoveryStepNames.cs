namespace OpsModule.Core.DisasterRecovery;

/// <summary>The steps of a drill, in the order they run and are reported.</summary>
public static class DisasterRecoveryStepNames
{
    public const string PrimaryReachable = "PrimaryReachable";
    public const string Rpo = "Rpo";

    /// <summary>Size and SHA-256 of the dump are checked while it is restored (one pass), so they are one step.</summary>
    public const string ChecksumAndRestore = "ChecksumAndRestore";
    public const string Verify = "Verify";
    public const string Rto = "Rto";
    public const string Cleanup = "Cleanup";
}
