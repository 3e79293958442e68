using System.Globalization;
using System.Text.Json.Nodes;
using OpsModule.Core.Kubernetes;

namespace OpsModule.Core.BlueGreen;

/// <summary>
/// A lock held as an annotation on the switched object, the Service or the VirtualService (owner, run id, time). Taken with a conditional PUT (resourceVersion), so two
/// switches racing for it cannot both win; released with a merge patch only while it is still ours.
/// </summary>
internal sealed class SwitchLock
{
    public const string AnnotationKey = "opsmodule.io/blue-green-lock";

    private readonly IKubernetesApi _api;
    private readonly ResourceType _type;
    private readonly string _namespace;
    private readonly string _service;
    private readonly string _runId = Guid.NewGuid().ToString("N");

    public SwitchLock(IKubernetesApi api, ResourceType type, string @namespace, string name)
    {
        _api = api;
        _type = type;
        _namespace = @namespace;
        _service = name;
    }

    /// <summary>Takes the lock; returns a message saying whether a stale lock was taken over. Throws when it is held.</summary>
    public async Task<string> AcquireAsync(string owner, TimeSpan staleAfter, bool force, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var service = await _api.GetAsync(_type, _namespace, _service, cancellationToken);
            var message = "lock taken";
            if (Read(service) is { } held)
            {
                if (held.RunId == _runId)
                {
                    return message; // our own PUT was applied before a retry of it conflicted
                }

                var age = DateTimeOffset.UtcNow - held.Since;
                if (age <= staleAfter || !force)
                {
                    var state = age > staleAfter ? $"stale since {held.Since:u}, use -Force to take it" : $"since {held.Since:u}";
                    throw BlueGreenErrors.LockHeld(_type.Kind, _service, $"held by {held.Owner} {state}");
                }

                message = $"took over a stale lock of {held.Owner} from {held.Since:u}";
            }

            var metadata = service["metadata"]!.AsObject();
            var annotations = metadata["annotations"] as JsonObject ?? new JsonObject();
            metadata["annotations"] = annotations;
            annotations[AnnotationKey] = new JsonObject
            {
                ["owner"] = owner,
                ["runId"] = _runId,
                ["since"] = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture),
            }.ToJsonString();
            try
            {
                await _api.ReplaceAsync(_type, _namespace, _service, service, cancellationToken);
                return message;
            }
            catch (KubernetesApiException e) when (e.IsConflict && attempt < 5)
            {
                // Someone changed the Service meanwhile: look again.
            }
        }
    }

    /// <summary>Removes the annotation if it is still ours. Never throws for an API failure: returns what went wrong instead.</summary>
    public async Task<string?> ReleaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            var service = await _api.GetAsync(_type, _namespace, _service, cancellationToken);
            var held = Read(service);
            if (held is null)
            {
                return "no lock of ours to release";
            }

            if (held.RunId != _runId)
            {
                return $"the lock was no longer ours (held by {held.Owner})";
            }

            var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [AnnotationKey] = null } } };
            await _api.PatchAsync(_type, _namespace, _service, PatchType.Merge, patch, cancellationToken);
            return null;
        }
        catch (KubernetesApiException e)
        {
            return $"could not release the lock: {e.Message}";
        }
    }

    private static LockHolder? Read(JsonObject service)
    {
        if (service["metadata"]?["annotations"]?[AnnotationKey]?.GetValue<string>() is not { } text)
        {
            return null;
        }

        try
        {
            var node = JsonNode.Parse(text);
            var since = DateTimeOffset.TryParse(node?["since"]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at
                : DateTimeOffset.MinValue;
            return new LockHolder(node?["owner"]?.GetValue<string>() ?? "unknown", node?["runId"]?.GetValue<string>() ?? "", since);
        }
        catch (System.Text.Json.JsonException)
        {
            return new LockHolder("unknown (unreadable lock)", "", DateTimeOffset.MinValue);
        }
    }

    private sealed record LockHolder(string Owner, string RunId, DateTimeOffset Since);
}
