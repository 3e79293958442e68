using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpsModule.Core.Kubernetes;

/// <summary>The JSON conventions of the Kubernetes API: camelCase names, absent fields omitted, unknown fields ignored.</summary>
public static class KubernetesJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };
}
