using System.Net;

namespace OpsModule.Core.Kubernetes;

/// <summary>
/// The one exception type for a failed Kubernetes API call. Carries the HTTP status and the
/// <c>Status.reason</c>/<c>Status.message</c> the API server returned. Never carries credentials:
/// the request is described by verb and path only (no query string, no headers).
/// </summary>
public sealed class KubernetesApiException : Exception
{
    public KubernetesApiException(
        string message,
        HttpStatusCode? statusCode = null,
        string? reason = null,
        string? method = null,
        string? requestPath = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Reason = reason;
        Method = method;
        RequestPath = requestPath;
    }

    /// <summary>HTTP status, or null when no response arrived (connection failure, timeout).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Kubernetes <c>Status.reason</c>, e.g. NotFound, AlreadyExists, Conflict, Invalid, Forbidden, Unauthorized.</summary>
    public string? Reason { get; }

    public string? Method { get; }

    /// <summary>The request path without query string.</summary>
    public string? RequestPath { get; }

    /// <summary>The API server (scheme, host and port) when no answer came from it; what a connection failure is about.</summary>
    public string? Server { get; init; }

    /// <summary>The messages of the Status' <c>details.causes</c>, e.g. which PodDisruptionBudget refused an eviction.</summary>
    public IReadOnlyList<string> Causes { get; init; } = [];

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    public bool IsConflict => StatusCode == HttpStatusCode.Conflict;
}
