using System.Text.Json.Nodes;
using OpsModule.Core.Kubernetes;

namespace OpsModule.Core.BlueGreen.Istio;

/// <summary>
/// Reads and writes one VirtualService as generic JSON: networking.istio.io/v1 when the API server serves it, v1beta1 otherwise.
/// Weights are written with a conditional PUT (resourceVersion), re-read and re-applied when someone else changed it meanwhile.
/// </summary>
internal sealed class VirtualServiceStore
{
    public static readonly ResourceType V1 = new("networking.istio.io", "v1", "virtualservices", "VirtualService");

    public static readonly ResourceType V1Beta1 = ResourceTypes.IstioVirtualServices;

    private const int ConflictRetries = 5;

    private readonly IKubernetesApi _api;
    private readonly string _namespace;

    public VirtualServiceStore(IKubernetesApi api, ResourceType type, string @namespace, string name)
    {
        _api = api;
        Type = type;
        _namespace = @namespace;
        Name = name;
    }

    public ResourceType Type { get; }

    public string Name { get; }

    /// <summary>v1 if served, else v1beta1; throws when Istio's API is not served at all.</summary>
    public static async Task<ResourceType> ResolveTypeAsync(IKubernetesApi api, string @namespace, string name, CancellationToken cancellationToken)
    {
        if (await api.IsServedAsync(V1, cancellationToken))
        {
            return V1;
        }

        if (await api.IsServedAsync(V1Beta1, cancellationToken))
        {
            return V1Beta1;
        }

        throw BlueGreenErrors.IstioNotServed(@namespace, name);
    }

    public async Task<JsonObject> GetAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _api.GetAsync(Type, _namespace, Name, cancellationToken);
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            throw BlueGreenErrors.VirtualServiceNotFound(_namespace, Name);
        }
    }

    /// <summary>Sets the weights of the colour routes; <paramref name="weights"/> maps colour to percent.</summary>
    public async Task SetWeightsAsync(ColorDestinations colors, IReadOnlyDictionary<string, int> weights, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var virtualService = await GetAsync(cancellationToken);
            ColorRoutes.Find(virtualService, colors).Apply(weights);
            try
            {
                await _api.ReplaceAsync(Type, _namespace, Name, virtualService, cancellationToken);
                return;
            }
            catch (KubernetesApiException e) when (e.IsConflict && attempt < ConflictRetries)
            {
                // Changed by someone else since we read it: read again and set the weights on the new version.
            }
        }
    }
}
