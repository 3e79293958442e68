using System.Reflection;
using OpsModule.Core.Errors;

namespace OpsModule.Core.Storage;

/// <summary>
/// The store kinds, each found as an <see cref="IBackupStoreProvider"/> in this assembly, and the choice of one by a
/// location's scheme: the first provider (by <see cref="IBackupStoreProvider.Order"/>) that takes the location opens it.
/// </summary>
public sealed class BackupStoreRegistry
{
    private readonly IReadOnlyList<IBackupStoreProvider> _providers;

    public BackupStoreRegistry(IEnumerable<IBackupStoreProvider> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        _providers = providers.OrderBy(p => p.Order).ThenBy(p => p.Kind, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Every provider of this assembly.</summary>
    public static BackupStoreRegistry Default { get; } = new(DiscoverProviders());

    public IReadOnlyList<IBackupStoreProvider> Providers => _providers;

    /// <summary>The location and the provider that takes it. A query on a URL is dropped here: use <see cref="BackupStoreUrl.SplitQuery"/> first to keep it.</summary>
    public (BackupStoreLocation Location, IBackupStoreProvider Provider) Parse(string location, Uri? endpoint = null)
    {
        if (string.IsNullOrWhiteSpace(location))
        {
            throw BackupStoreLocation.Invalid(location ?? string.Empty, "The backup location is empty.");
        }

        var (text, _) = BackupStoreUrl.SplitQuery(location);
        foreach (var provider in _providers)
        {
            if (provider.TryParse(text, endpoint) is { } parsed)
            {
                return (parsed, provider);
            }
        }

        throw BackupStoreLocation.Invalid(text, $"The backup location '{text}' uses a scheme OpsModule does not support (supported: {string.Join(", ", _providers.Select(p => p.Kind))}).");
    }

    public IBackupStoreProvider Find(string kind) =>
        _providers.FirstOrDefault(p => string.Equals(p.Kind, kind, StringComparison.OrdinalIgnoreCase))
        ?? throw new OpsException(StorageErrorIds.InvalidLocation, OpsErrorCategory.InvalidArgument,
            $"There is no backup store of kind '{kind}' (known: {string.Join(", ", _providers.Select(p => p.Kind))}).", targetObject: kind);

    private static IEnumerable<IBackupStoreProvider> DiscoverProviders() =>
        typeof(BackupStoreRegistry).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBackupStoreProvider).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IBackupStoreProvider)Activator.CreateInstance(t)!);
}
