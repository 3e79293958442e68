using Microsoft.AspNetCore.Http;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Api;

/// <summary>Parses /api/v1/... and /apis/{group}/{version}/... paths like the API server's request info resolver.</summary>
internal static class RequestParser
{
    /// <summary>Returns null for paths outside /api and /apis; throws 404 for unknown groups or resources.</summary>
    public static ApiRequest? Parse(HttpRequest request, bool metricsAvailable)
    {
        var segments = (request.Path.Value ?? "").Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0) return null;
        string group, version;
        int rest;
        if (segments[0] == "api")
        {
            if (segments.Length < 2) return null;
            (group, version, rest) = ("", segments[1], 2);
        }
        else if (segments[0] == "apis")
        {
            if (segments.Length < 3) return null;
            (group, version, rest) = (segments[1], segments[2], 3);
        }
        else return null;

        if (!ResourceCatalog.ServesGroupVersion(group, version) || (group == ResourceCatalog.MetricsGroup && !metricsAvailable))
            throw StatusBodies.UnknownResource();
        var parts = segments[rest..].Select(Uri.UnescapeDataString).ToArray();
        var verb = Verb(request.Method, hasName: false, request.Query);
        if (parts.Length == 0) return new ApiRequest("get", group, version, null, null, null, null, "");

        string? ns = null;
        if (parts[0] == "namespaces" && parts.Length >= 3 && ResourceCatalog.Find(group, version, parts[2]) is { Namespaced: true })
        {
            ns = parts[1];
            parts = parts[2..];
        }
        var type = ResourceCatalog.Find(group, version, parts[0]) ?? throw StatusBodies.UnknownResource();
        var name = parts.Length > 1 ? parts[1] : null;
        var subresource = parts.Length > 2 ? parts[2] : null;
        var subPath = parts.Length > 3 ? "/" + string.Join('/', segments[(rest + (ns is null ? 0 : 2) + 3)..]) : "";
        if (subresource is not null && !type.HasSubresource(subresource)) throw StatusBodies.UnknownResource();
        if (subresource is null && parts.Length > 3) throw StatusBodies.UnknownResource();
        if (type.Namespaced && ns is null && name is not null) throw StatusBodies.UnknownResource();
        verb = Verb(request.Method, name is not null, request.Query);
        if (subresource is "proxy" or "exec" && request.Method != "GET") verb = "create";
        return new ApiRequest(verb, group, version, type, ns, name, subresource, subPath);
    }

    private static string Verb(string method, bool hasName, IQueryCollection query) => method switch
    {
        "GET" or "HEAD" when !hasName && IsWatch(query) => "watch",
        "GET" or "HEAD" => hasName ? "get" : "list",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => hasName ? "delete" : "deletecollection",
        _ => method.ToLowerInvariant(),
    };

    public static bool IsWatch(IQueryCollection query) => query["watch"].ToString() is "true" or "1" or "True";
}
