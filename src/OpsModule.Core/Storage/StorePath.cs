using OpsModule.Core.Errors;

namespace OpsModule.Core.Storage;

/// <summary>Paths inside a store: relative, '/'-separated, no empty, '.' or '..' segments.</summary>
internal static class StorePath
{
    public static string Join(params string[] parts) =>
        string.Join('/', parts.Select(p => p.Trim('/')).Where(p => p.Length > 0));

    /// <summary>Validates a file path inside a store and returns it without surrounding slashes.</summary>
    public static string CheckFile(string path)
    {
        var trimmed = Check(path);
        if (trimmed.Length == 0)
        {
            throw new ArgumentException("A file path inside the backup store is required.", nameof(path));
        }

        return trimmed;
    }

    /// <summary>Validates a folder path or prefix inside a store ("" is the store root).</summary>
    public static string Check(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var trimmed = path.Trim('/');
        if (trimmed.Length == 0)
        {
            return trimmed;
        }

        if (trimmed.Contains('\\', StringComparison.Ordinal)
            || trimmed.Split('/').Any(s => s.Length == 0 || s is "." or ".."))
        {
            throw new OpsException(
                StorageErrorIds.InvalidLocation,
                OpsErrorCategory.InvalidArgument,
                $"'{path}' is not a valid path inside a backup store: use '/'-separated names without empty, '.' or '..' parts.",
                targetObject: path);
        }

        return trimmed;
    }

    public static string FileName(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? path : path[(slash + 1)..];
    }

    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }
}
