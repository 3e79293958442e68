using OpsModule.Core.Kubernetes;

namespace OpsModule.Core.Backup.Config;

/// <summary>What <see cref="ConfigBackupRunner"/> saves.</summary>
public sealed record ConfigBackupRequest
{
    /// <summary>The namespace whose objects are saved.</summary>
    public required string Namespace { get; init; }

    /// <summary>kubeconfig context name, recorded in the manifest and used as the first folder segment.</summary>
    public string? Context { get; init; }

    /// <summary>Kinds to save; null or empty means <see cref="ConfigBackupKinds.Default"/>.</summary>
    public IReadOnlyList<ResourceType>? Kinds { get; init; }

    /// <summary>
    /// Null: Secret values are redacted. Set: Secret values are encrypted with it. The caller owns and disposes it.
    /// </summary>
    public ConfigSecretEncryptor? SecretEncryption { get; init; }

    /// <summary>
    /// Also save objects whose controller (an ownerReference with controller: true) recreates them. Off by default: restoring
    /// such an object next to its controller makes a duplicate or a conflict. ownerReferences are removed either way.
    /// </summary>
    public bool IncludeControllerOwned { get; init; }

    /// <summary>Recorded in the manifest.</summary>
    public string? ModuleVersion { get; init; }

    internal IReadOnlyList<ResourceType> EffectiveKinds => Kinds is { Count: > 0 } kinds ? kinds : ConfigBackupKinds.Default;
}
