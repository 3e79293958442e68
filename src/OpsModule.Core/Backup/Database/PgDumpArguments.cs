using System.Globalization;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Backup.Database;

/// <summary>pg_dump's options for a format. Never carries connection settings: those go through the environment or the pod.</summary>
internal static class PgDumpArguments
{
    public static List<string> For(BackupFormat format, int compressionLevel, string? snapshot)
    {
        var arguments = new List<string> { "--no-password" };
        if (format == BackupFormat.Custom)
        {
            arguments.Add("--format=custom");
            arguments.Add("--compress=" + compressionLevel.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            arguments.Add("--format=plain");
        }

        if (snapshot is not null)
        {
            arguments.Add("--snapshot=" + snapshot);
        }

        return arguments;
    }
}
