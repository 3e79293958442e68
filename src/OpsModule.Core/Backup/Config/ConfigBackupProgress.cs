namespace OpsModule.Core.Backup.Config;

/// <summary>Reported after each kind is read (<paramref name="Stage"/> "Read") and each file is stored ("Stored").</summary>
/// <param name="Stage">"Read" or "Stored".</param>
/// <param name="Kind">The kind, e.g. "Deployment".</param>
/// <param name="Objects">Objects of that kind in the backup.</param>
/// <param name="KindsDone">Kinds finished in this stage so far.</param>
/// <param name="KindsTotal">Kinds in the backup.</param>
public sealed record ConfigBackupProgress(string Stage, string Kind, int Objects, int KindsDone, int KindsTotal);
