namespace OpsModule.TestCluster.Store;

/// <summary>One change in the store. <see cref="Current"/> is the new state (for deletions: the last state at the deletion version).</summary>
internal sealed record WatchEvent(long ResourceVersion, string StorageKey, string Type, StoredObject? Previous, StoredObject Current);
