namespace OpsModule.Core.Completion;

/// <summary>The names a backup store records for each backup (its layout's folder levels).</summary>
public enum StoreNameKind
{
    Context,
    Namespace,
    Database,
}
