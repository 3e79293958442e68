using System.Text.RegularExpressions;
using OpsModule.Core.Errors;

namespace OpsModule.Core.Storage.Catalog;

/// <summary>
/// Lists the backups of a store. Only a folder following <see cref="BackupLayout"/> with a valid <c>manifest.json</c> whose
/// files are all present at their recorded sizes is a backup; other layout folders show only with
/// <see cref="BackupQuery.IncludeIncomplete"/>, as <see cref="BackupStatus.Incomplete"/>.
/// </summary>
public sealed class BackupCatalog
{
    private const int ManifestReadParallelism = 8;
    private readonly IBackupStore _store;

    public BackupCatalog(IBackupStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>Backups matching <paramref name="query"/>, newest first.</summary>
    public async Task<IReadOnlyList<BackupCatalogEntry>> ListAsync(BackupQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new BackupQuery();
        var folders = (await _store.ListFoldersAsync(ListPrefix(query), cancellationToken))
            .Select(f => (Folder: f, Parsed: BackupLayout.TryParseFolder(f.Path, out var parsed) ? parsed : null))
            .Where(f => f.Parsed is not null && MatchesPath(f.Parsed, query))
            .ToArray();

        var entries = new BackupCatalogEntry[folders.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, folders.Length),
            new ParallelOptions { MaxDegreeOfParallelism = ManifestReadParallelism, CancellationToken = cancellationToken },
            async (i, token) => entries[i] = await ReadEntryAsync(folders[i].Folder, folders[i].Parsed!, token));

        var matching = entries
            .Where(e => e.Status == BackupStatus.Complete || (query.IncludeIncomplete && !query.Latest))
            .Where(e => Matches(e, query))
            .OrderByDescending(e => e.StartedAt)
            .ThenByDescending(e => e.Id, StringComparer.Ordinal);

        return query.Latest
            ? matching.GroupBy(e => (e.Context, e.Namespace, e.Database)).Select(g => g.First()).OrderByDescending(e => e.StartedAt).ToArray()
            : matching.ToArray();
    }

    /// <summary>The newest complete backup matching <paramref name="query"/>, or null.</summary>
    public async Task<BackupCatalogEntry?> GetLatestAsync(BackupQuery? query = null, CancellationToken cancellationToken = default)
    {
        var all = await ListAsync((query ?? new BackupQuery()) with { Latest = false, IncludeIncomplete = false }, cancellationToken);
        return all.Count == 0 ? null : all[0];
    }

    /// <summary>Reads the entry of one folder (e.g. a -Location given by the user).</summary>
    public async Task<BackupCatalogEntry?> GetAsync(string folderPath, CancellationToken cancellationToken = default)
    {
        var path = StorePath.Check(folderPath);
        if (!BackupLayout.TryParseFolder(path, out var parsed))
        {
            return null;
        }

        var folder = (await _store.ListFoldersAsync(path, cancellationToken)).FirstOrDefault(f => f.Path == path);
        return folder is null ? null : await ReadEntryAsync(folder, parsed!, cancellationToken);
    }

    private async Task<BackupCatalogEntry> ReadEntryAsync(BackupStoreFolder folder, BackupFolderPath parsed, CancellationToken cancellationToken)
    {
        var size = folder.Files.Sum(f => f.Size);
        var location = _store.Location.Describe(folder.Path);
        BackupCatalogEntry Incomplete(string problem) => new()
        {
            Id = parsed.Id,
            Status = BackupStatus.Incomplete,
            FolderPath = folder.Path,
            Location = location,
            Context = parsed.Context,
            Namespace = parsed.Namespace,
            Database = parsed.Database == BackupLayout.ConfigSegment ? null : parsed.Database,
            StartedAt = parsed.Timestamp,
            Size = size,
            Problem = problem,
            Files = folder.Files,
        };

        var manifestFile = folder.Find(BackupManifest.FileName);
        if (manifestFile is null)
        {
            return Incomplete("manifest.json is missing: the backup failed or is still running.");
        }

        var manifestPath = StorePath.Join(folder.Path, BackupManifest.FileName);
        BackupManifest manifest;
        try
        {
            var text = await _store.ReadTextAsync(manifestPath, cancellationToken);
            if (text is null)
            {
                return Incomplete("manifest.json disappeared while listing.");
            }

            manifest = BackupManifestSerializer.Deserialize(text, _store.Location.Describe(manifestPath));
        }
        catch (OpsException e) when (e.ErrorId == StorageErrorIds.ManifestInvalid)
        {
            return Incomplete(e.Message);
        }

        if (!string.Equals(manifest.Id, parsed.Id, StringComparison.Ordinal))
        {
            return Incomplete($"manifest.json names backup '{manifest.Id}' but the folder is '{parsed.Id}'.");
        }

        foreach (var expected in manifest.Files)
        {
            var stored = folder.Find(expected.Name);
            if (stored is null)
            {
                return Incomplete($"'{expected.Name}' named in manifest.json is missing.");
            }

            if (stored.Size != expected.Size)
            {
                return Incomplete($"'{expected.Name}' is {stored.Size} bytes but manifest.json records {expected.Size}.");
            }
        }

        return new BackupCatalogEntry
        {
            Id = manifest.Id,
            Status = BackupStatus.Complete,
            FolderPath = folder.Path,
            Location = location,
            Context = manifest.Source.Context ?? parsed.Context,
            Namespace = manifest.Source.Namespace ?? parsed.Namespace,
            Database = manifest.Kind == BackupKind.Config ? null : manifest.Source.Database,
            Kind = manifest.Kind,
            StartedAt = manifest.StartedAt,
            CompletedAt = manifest.CompletedAt,
            Size = size,
            Manifest = manifest,
            Files = folder.Files,
        };
    }

    /// <summary>Lists only below the leading exact (wildcard-free) filters, so a big store is not listed whole.</summary>
    private static string ListPrefix(BackupQuery query)
    {
        var segments = new List<string>();
        foreach (var value in new[] { query.Context, query.Namespace, query.Database })
        {
            if (string.IsNullOrEmpty(value) || HasWildcard(value) || BackupLayout.Segment(value, string.Empty) != value)
            {
                break;
            }

            segments.Add(value);
        }

        return StorePath.Join([.. segments]);
    }

    private static bool MatchesPath(BackupFolderPath folder, BackupQuery query) =>
        (query.Kind != BackupKind.Config || folder.Database == BackupLayout.ConfigSegment)
        && (query.Since is null || folder.Timestamp >= query.Since.Value.AddSeconds(-1))
        && (query.Before is null || folder.Timestamp < query.Before.Value.AddSeconds(1));

    private static bool Matches(BackupCatalogEntry entry, BackupQuery query) =>
        NameMatches(query.Context, entry.Context)
        && NameMatches(query.Namespace, entry.Namespace)
        && NameMatches(query.Database, entry.Database)
        && (query.Kind is null || entry.Kind == query.Kind || (entry.Status == BackupStatus.Incomplete && query.IncludeIncomplete))
        && (query.Since is null || entry.StartedAt >= query.Since)
        && (query.Before is null || entry.StartedAt < query.Before);

    private static bool NameMatches(string? pattern, string? value)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return true;
        }

        if (value is null)
        {
            return false;
        }

        if (!HasWildcard(pattern))
        {
            return string.Equals(pattern, value, StringComparison.Ordinal)
                || string.Equals(BackupLayout.Segment(pattern, string.Empty), value, StringComparison.Ordinal);
        }

        var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(value, regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private static bool HasWildcard(string value) => value.Contains('*', StringComparison.Ordinal) || value.Contains('?', StringComparison.Ordinal);
}
