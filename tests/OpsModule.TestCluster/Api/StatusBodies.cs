using System.Text.Json.Nodes;
using OpsModule.TestCluster.Store;

namespace OpsModule.TestCluster.Api;

/// <summary>The Status objects (and their exceptions) the real API server returns.</summary>
internal static class StatusBodies
{
    public static JsonObject Failure(int code, string reason, string message, JsonObject? details)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null) status["details"] = details;
        status["code"] = code;
        return status;
    }

    public static JsonObject Success(ResourceType type, string name, string uid) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = Details(type, name, uid),
    };

    private static JsonObject Details(ResourceType type, string? name, string? uid = null)
    {
        var details = new JsonObject();
        if (name is not null) details["name"] = name;
        if (type.Group.Length > 0) details["group"] = type.Group;
        details["kind"] = type.Plural;
        if (uid is not null) details["uid"] = uid;
        return details;
    }

    public static ApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.QualifiedPlural} \"{name}\" not found", Details(type, name));

    public static ApiException NamespaceNotFound(string name) =>
        new(404, "NotFound", $"namespaces \"{name}\" not found", new JsonObject { ["name"] = name, ["kind"] = "namespaces" });

    public static ApiException UnknownResource() =>
        new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    public static ApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.QualifiedPlural} \"{name}\" already exists", Details(type, name));

    public static ApiException Conflict(ResourceType type, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {type.QualifiedPlural} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            Details(type, name));

    public static ApiException Invalid(ResourceType type, string name, string field, string causeReason, string detail)
    {
        var details = new JsonObject { ["name"] = name };
        if (type.Group.Length > 0) details["group"] = type.Group;
        details["kind"] = type.Kind;
        details["causes"] = new JsonArray(new JsonObject { ["reason"] = causeReason, ["message"] = detail, ["field"] = field });
        return new(422, "Invalid", $"{type.Kind} \"{name}\" is invalid: {field}: {detail}", details);
    }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException MethodNotAllowed() =>
        new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", new JsonObject());

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got {contentType})");

    public static ApiException Forbidden(string user, string verb, ResourceType? type, string resourceName, string? ns)
    {
        var group = type?.Group ?? "";
        var where = ns is null ? "at the cluster scope" : $"in the namespace \"{ns}\"";
        return new(403, "Forbidden",
            $"{resourceName} is forbidden: User \"{user}\" cannot {verb} resource \"{resourceName}\" in API group \"{group}\" {where}",
            new JsonObject { ["kind"] = resourceName });
    }

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static ApiException Gone(long requested, long oldest) =>
        new(410, "Expired", $"too old resource version: {requested} ({oldest})");

    public static ApiException ServiceUnavailable(string message) => new(503, "ServiceUnavailable", message);
}
