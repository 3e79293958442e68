using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using OpsModule.Core.Errors;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Backup.Config;

/// <summary>
/// Saves a namespace's configuration (Deployments, Services, ConfigMaps, Secrets, …) as clean, re-appliable YAML into a
/// backup store: one multi-document file per kind, <c>config-backup.json</c>, then <c>manifest.json</c> (kind Config) last.
/// A failed or cancelled run aborts the open write, removes what it stored and writes no manifest.
/// </summary>
public sealed class ConfigBackupRunner
{
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(60);

    private readonly IKubernetesApi _api;
    private readonly IBackupStore _store;
    private readonly TimeProvider _time;

    public ConfigBackupRunner(IKubernetesApi api, IBackupStore store, TimeProvider? timeProvider = null)
    {
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Takes a complete Config backup in a new folder (<see cref="BackupLayout.FolderPath(string?, string?, string?, DateTimeOffset, string)"/>).</summary>
    public async Task<ConfigBackupResult> RunAsync(
        ConfigBackupRequest request, IProgress<ConfigBackupProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var startedAt = _time.GetUtcNow();
        var id = BackupLayout.NewId();
        var folder = BackupLayout.FolderPath(request.Context, request.Namespace, null, startedAt, id);
        try
        {
            var written = await WriteIntoFolderAsync(folder, request, progress, cancellationToken, startedAt);
            var manifest = new BackupManifest
            {
                Id = id,
                Kind = BackupKind.Config,
                Source = new BackupSource { Context = request.Context, Namespace = request.Namespace },
                Files = written.Files.Select(BackupFileEntry.From).ToArray(),
                StartedAt = startedAt,
                CompletedAt = _time.GetUtcNow(),
                ModuleVersion = request.ModuleVersion ?? DefaultModuleVersion(),
            };
            cancellationToken.ThrowIfCancellationRequested();
            await _store.WriteTextAsync(StorePath.Join(folder, BackupManifest.FileName), BackupManifestSerializer.Serialize(manifest), cancellationToken);
            return new ConfigBackupResult
            {
                Manifest = manifest,
                FolderPath = folder,
                CountsByKind = written.CountsByKind,
                SecretValues = written.Header.SecretValues,
                SecretCount = written.SecretCount,
                Skipped = written.Header.Skipped,
                KindsNotServed = written.KindsNotServed,
            };
        }
        catch
        {
            await RemoveFolderAsync(folder);
            throw;
        }
    }

    /// <summary>
    /// Writes the YAML files and config-backup.json into <paramref name="folderPath"/> without a manifest: for a Full backup
    /// whose caller writes the manifest after its other files. On failure the open write is aborted; files already stored stay
    /// for the caller to remove.
    /// </summary>
    public Task<ConfigBackupFiles> WriteIntoFolderAsync(
        string folderPath, ConfigBackupRequest request, IProgress<ConfigBackupProgress>? progress = null, CancellationToken cancellationToken = default) =>
        WriteIntoFolderAsync(folderPath, request, progress, cancellationToken, _time.GetUtcNow());

    private async Task<ConfigBackupFiles> WriteIntoFolderAsync(
        string folderPath, ConfigBackupRequest request, IProgress<ConfigBackupProgress>? progress, CancellationToken cancellationToken, DateTimeOffset startedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folderPath);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Namespace);

        var snapshot = await ReadAsync(request, progress, cancellationToken);
        var files = new List<StoredFile>();
        var kinds = new List<ConfigBackupKindEntry>();
        var done = 0;
        foreach (var (type, objects) in snapshot.Objects)
        {
            string? fileName = null;
            if (objects.Count > 0)
            {
                fileName = ConfigBackupKinds.FileName(type);
                files.Add(await StoreAsync(StorePath.Join(folderPath, fileName), ConfigYamlWriter.WriteUtf8(objects), cancellationToken));
            }

            kinds.Add(new ConfigBackupKindEntry(type.ApiVersion, type.Kind, type.Plural, fileName,
                objects.Select(o => o["metadata"]?["name"]?.GetValue<string>() ?? string.Empty).ToArray()));
            progress?.Report(new ConfigBackupProgress("Stored", type.Kind, objects.Count, ++done, snapshot.Objects.Count));
        }

        var header = new ConfigBackupHeader
        {
            Context = request.Context,
            Namespace = request.Namespace,
            StartedAt = startedAt,
            SecretValues = request.SecretEncryption is null ? SecretValueMode.Redacted : SecretValueMode.Encrypted,
            Encryption = request.SecretEncryption?.Parameters,
            Kinds = kinds,
            Skipped = snapshot.Skipped,
        };
        var headerBytes = new UTF8Encoding(false).GetBytes(ConfigBackupHeaderSerializer.Serialize(header));
        files.Add(await StoreAsync(StorePath.Join(folderPath, ConfigBackupHeader.FileName), headerBytes, cancellationToken));

        return new ConfigBackupFiles
        {
            Files = files,
            Header = header,
            CountsByKind = snapshot.Objects.GroupBy(o => o.Type.Kind, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(o => o.Objects.Count), StringComparer.Ordinal),
            SecretCount = snapshot.Objects.Where(o => o.Type.Kind == ResourceTypes.Secrets.Kind).Sum(o => o.Objects.Count),
            KindsNotServed = snapshot.KindsNotServed,
        };
    }

    private async Task<Snapshot> ReadAsync(ConfigBackupRequest request, IProgress<ConfigBackupProgress>? progress, CancellationToken cancellationToken)
    {
        await EnsureNamespaceAsync(request.Namespace, cancellationToken);
        var kinds = request.EffectiveKinds.DistinctBy(t => (t.Group, t.Plural)).ToArray();
        var result = new List<(ResourceType Type, IReadOnlyList<JsonObject> Objects)>();
        var skipped = new List<string>();
        var notServed = new List<string>();
        foreach (var type in kinds)
        {
            IReadOnlyList<JsonObject> listed;
            try
            {
                listed = await _api.ListAsync(type, request.Namespace, null, cancellationToken);
            }
            catch (KubernetesApiException e) when (e.IsNotFound)
            {
                notServed.Add(type.ToString());
                continue;
            }

            var kept = new List<JsonObject>();
            foreach (var obj in listed.OrderBy(o => o["metadata"]?["name"]?.GetValue<string>(), StringComparer.Ordinal))
            {
                obj["apiVersion"] ??= type.ApiVersion;
                obj["kind"] ??= type.Kind;
                if (ConfigObjectCleaner.SkipReason(obj, request.IncludeControllerOwned) is { } reason)
                {
                    skipped.Add($"{type.Kind}/{obj["metadata"]?["name"]}: {reason}");
                    continue;
                }

                var clean = ConfigObjectCleaner.Clean(obj, type);
                if (type.Kind == ResourceTypes.Secrets.Kind && type.Group.Length == 0)
                {
                    ProtectSecret(clean, request.SecretEncryption);
                }

                kept.Add(clean);
            }

            result.Add((type, kept));
            progress?.Report(new ConfigBackupProgress("Read", type.Kind, kept.Count, result.Count, kinds.Length));
        }

        return new Snapshot(result, skipped, notServed);
    }

    private async Task EnsureNamespaceAsync(string @namespace, CancellationToken cancellationToken)
    {
        try
        {
            await _api.GetAsync(ResourceTypes.Namespaces, null, @namespace, cancellationToken);
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            throw new OpsException(ConfigBackupErrorIds.NamespaceNotFound, OpsErrorCategory.ObjectNotFound,
                $"The namespace '{@namespace}' does not exist on {_api.Server}.", "Check -Namespace and the kubeconfig context.", @namespace, e);
        }
        catch (KubernetesApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Forbidden)
        {
            // Namespace-scoped users may not read Namespace objects; listing will tell whether they can read the rest.
        }
    }

    private static void ProtectSecret(JsonObject secret, ConfigSecretEncryptor? encryptor)
    {
        string mode;
        if (encryptor is null)
        {
            foreach (var field in new[] { "data", "stringData" })
            {
                if (secret[field] is JsonObject values)
                {
                    foreach (var key in values.Select(v => v.Key).ToArray())
                    {
                        values[key] = ConfigObjectCleaner.RedactedMarker;
                    }
                }
            }

            mode = "redacted";
        }
        else
        {
            encryptor.EncryptSecret(secret);
            mode = "encrypted";
        }

        var metadata = secret["metadata"] as JsonObject ?? (JsonObject)(secret["metadata"] = new JsonObject());
        var annotations = metadata["annotations"] as JsonObject ?? (JsonObject)(metadata["annotations"] = new JsonObject());
        annotations[ConfigObjectCleaner.SecretValuesAnnotation] = mode;
    }

    private async Task<StoredFile> StoreAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var stream = await _store.OpenWriteAsync(path, cancellationToken);
        await using (stream)
        {
            try
            {
                await stream.WriteAsync(content, cancellationToken);
                return await stream.CompleteAsync(cancellationToken);
            }
            catch
            {
                await stream.AbortAsync();
                throw;
            }
        }
    }

    private async Task RemoveFolderAsync(string folder)
    {
        using var timeout = new CancellationTokenSource(CleanupTimeout);
        try
        {
            await _store.DeleteFolderAsync(folder, timeout.Token);
        }
        catch (Exception e) when (e is OpsException or IOException or OperationCanceledException or UnauthorizedAccessException)
        {
            // Best effort: without manifest.json the leftovers never list as a backup.
        }
    }

    private static string? DefaultModuleVersion() =>
        typeof(ConfigBackupRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0];

    private sealed record Snapshot(
        IReadOnlyList<(ResourceType Type, IReadOnlyList<JsonObject> Objects)> Objects, IReadOnlyList<string> Skipped, IReadOnlyList<string> KindsNotServed);
}
