namespace OpsModule.Core.Backup;

/// <summary>Why no database pod was found, for each job (backup, restore) to word its own error.</summary>
/// <param name="PodName">The pod asked for by name; null when it was looked for by <paramref name="Selector"/>.</param>
/// <param name="State">What was seen: the matching pods and their states, or the named pod's state.</param>
internal sealed record DatabasePodProblem(DatabasePodProblemKind Kind, string Namespace, string? PodName, string Selector, string State, Exception? Inner = null);
