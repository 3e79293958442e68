namespace OpsModule.Core.Backup.Config;

/// <summary>Stable error ids of config backups (part of the public contract: never rename one).</summary>
public static class ConfigBackupErrorIds
{
    public const string NamespaceNotFound = "Ops.Backup.Config.NamespaceNotFound";
    public const string WrongPassphrase = "Ops.Backup.Config.WrongPassphrase";
    public const string SecretTampered = "Ops.Backup.Config.SecretTampered";
    public const string InvalidEncryptedValue = "Ops.Backup.Config.InvalidEncryptedValue";
    public const string HeaderInvalid = "Ops.Backup.Config.HeaderInvalid";
    public const string YamlInvalid = "Ops.Backup.Config.YamlInvalid";
    public const string ChecksumMismatch = "Ops.Backup.Config.ChecksumMismatch";
}
