using OpsModule.Core.Restore;

namespace OpsModule.Core.DisasterRecovery;

/// <summary>The drill's step as it starts (<see cref="DisasterRecoveryStepNames"/>), and the restore's own progress during ChecksumAndRestore.</summary>
public sealed record DisasterRecoveryProgress(string Step, string Message, DatabaseRestoreProgress? Restore = null);
