using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OpsModule.Core.Storage.Catalog;

/// <summary>
/// Where a backup goes inside a store: <c>&lt;context&gt;/&lt;namespace&gt;/&lt;database&gt;/&lt;yyyyMMddTHHmmssZ&gt;-&lt;id&gt;/</c>
/// (the store itself adds its root folder or bucket prefix). Config backups use <see cref="ConfigSegment"/> as database.
/// </summary>
public static class BackupLayout
{
    public const string TimestampFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>Database segment of Config backups.</summary>
    public const string ConfigSegment = "_config";

    /// <summary>Context segment of backups taken without a Kubernetes context (a plain connection string).</summary>
    public const string NoContextSegment = "_local";

    /// <summary>Namespace segment of backups taken without a namespace.</summary>
    public const string NoNamespaceSegment = "_none";

    private const string IdAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>A new short backup id: 8 lowercase letters and digits.</summary>
    public static string NewId()
    {
        Span<char> id = stackalloc char[8];
        for (var i = 0; i < id.Length; i++)
        {
            id[i] = IdAlphabet[RandomNumberGenerator.GetInt32(IdAlphabet.Length)];
        }

        return new string(id);
    }

    /// <summary>The folder for a backup started at <paramref name="startedAt"/>.</summary>
    public static string FolderPath(string? context, string? @namespace, string? database, DateTimeOffset startedAt, string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (!IsValidId(id))
        {
            throw new ArgumentException($"A backup id is letters, digits and '-' (got '{id}').", nameof(id));
        }

        return StorePath.Join(
            Segment(context, NoContextSegment),
            Segment(@namespace, NoNamespaceSegment),
            Segment(database, ConfigSegment),
            FolderName(startedAt, id));
    }

    /// <summary>The folder for a backup described by <paramref name="manifest"/>.</summary>
    public static string FolderPath(BackupManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var database = manifest.Kind == BackupKind.Config ? null : manifest.Source.Database;
        return FolderPath(manifest.Source.Context, manifest.Source.Namespace, database, manifest.StartedAt, manifest.Id);
    }

    public static string FolderName(DateTimeOffset startedAt, string id) =>
        startedAt.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture) + "-" + id;

    /// <summary>
    /// A name made safe as one path segment on every store (Windows folders, SMB shares, S3 keys): characters outside
    /// letters, digits, '.', '-', '_', '@', '+' become '_' (EKS contexts are ARNs with ':' and '/'). Empty → <paramref name="fallback"/>.
    /// </summary>
    public static string Segment(string? name, string fallback)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return fallback;
        }

        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Trim())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@' or '+' ? c : '_');
        }

        var segment = builder.ToString().TrimEnd('.');
        return segment.Length == 0 || segment.All(c => c == '.') ? fallback : segment;
    }

    /// <summary>Reads a folder path back into its parts; false when it does not follow the layout.</summary>
    public static bool TryParseFolder(string folderPath, out BackupFolderPath? folder)
    {
        folder = null;
        var parts = (folderPath ?? string.Empty).Trim('/').Split('/');
        if (parts.Length < 4)
        {
            return false;
        }

        var name = parts[^1];
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        if (dash != 16 || !IsValidId(name[(dash + 1)..])
            || !DateTimeOffset.TryParseExact(name[..dash], TimestampFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var timestamp))
        {
            return false;
        }

        folder = new BackupFolderPath(string.Join('/', parts), parts[^4], parts[^3], parts[^2], timestamp, name[(dash + 1)..]);
        return true;
    }

    /// <summary>Like <see cref="TrySplitLocation"/>, with an error that shows the expected shape.</summary>
    public static (string Store, string FolderPath) SplitLocation(string location) =>
        TrySplitLocation(location, out var store, out var folderPath)
            ? (store, folderPath)
            : throw new Errors.OpsException("Ops.Backup.InvalidLocation", Errors.OpsErrorCategory.InvalidArgument,
                $"'{BackupStoreUrl.Redact(location)}' is not the location of a backup folder.",
                "Give a backup's Location as Get-OpsBackup shows it: <store>/<context>/<namespace>/<database>/<yyyyMMddTHHmmssZ>-<id>.", BackupStoreUrl.Redact(location));

    /// <summary>
    /// Splits a backup's full location (OpsBackup.Location: a folder path, s3://bucket/prefix/..., azblob://account/container/...)
    /// into its store and its folder inside the store, from the layout's four trailing segments: context, namespace, database,
    /// timestamp-id. A URL's query (a shared access signature) stays with the store.
    /// </summary>
    public static bool TrySplitLocation(string location, out string store, out string folderPath)
    {
        store = folderPath = string.Empty;
        var (withoutQuery, query) = BackupStoreUrl.SplitQuery(location ?? string.Empty);
        var trimmed = withoutQuery.TrimEnd('/', '\\');
        var cut = trimmed.Length;
        for (var segments = 0; segments < 4; segments++)
        {
            cut = trimmed.LastIndexOfAny(['/', '\\'], cut - 1);
            if (cut <= 0)
            {
                return false;
            }
        }

        var folder = trimmed[(cut + 1)..].Replace('\\', '/');
        if (!TryParseFolder(folder, out _))
        {
            return false;
        }

        store = query is null ? trimmed[..cut] : $"{trimmed[..cut]}?{query}";
        folderPath = folder;
        return store.Length > 0 && !store.EndsWith(':');
    }

    private static bool IsValidId(string id) => id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
