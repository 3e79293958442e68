namespace OpsModule.Core.Restore;

/// <summary>Progress of a restore: the stage, and the stored bytes read so far of <see cref="TotalBytes"/>.</summary>
public sealed record DatabaseRestoreProgress(string Database, DatabaseRestoreStage Stage, long BytesRead, long TotalBytes, TimeSpan Elapsed);
