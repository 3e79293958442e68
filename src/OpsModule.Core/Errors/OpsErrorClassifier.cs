using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Reflection;
using System.Security.Authentication;
using System.Text.Json;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Auth;
using OpsModule.Core.Kubernetes.Config;
using YamlDotNet.Core;

namespace OpsModule.Core.Errors;

/// <summary>
/// Maps any exception to a stable error id, a category and a recommended action: the single source of truth behind every
/// ErrorRecord the module writes. Pure: no I/O, no PowerShell types.
/// </summary>
public static class OpsErrorClassifier
{
    /// <param name="exception">The failure.</param>
    /// <param name="stopToken">The token the user cancels (StopProcessing). A cancellation caused by it is a stop, not an error.</param>
    public static OpsErrorInfo Classify(Exception exception, CancellationToken stopToken = default)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var ex = Unwrap(exception);

        if (stopToken.IsCancellationRequested && FindInChain<OperationCanceledException>(ex) is not null)
        {
            return new OpsErrorInfo(OpsErrorIds.Stopped, OpsErrorCategory.OperationStopped, "The operation was stopped.");
        }

        if (ex is IOpsClassifiedError classified)
        {
            return new OpsErrorInfo(classified.ErrorId, classified.Category, ex.Message, classified.RecommendedAction, classified.TargetObject);
        }

        // Credential and kubeconfig failures may arrive wrapped in a KubernetesApiException (the handler runs inside the request);
        // they explain the failure better than "no response", so they win.
        if (FindInChain<ExecCredentialException>(ex) is { } plugin)
        {
            return ClassifyExecPlugin(plugin);
        }

        if (FindInChain<KubeConfigException>(ex) is { } kubeConfig)
        {
            return ClassifyKubeConfig(kubeConfig);
        }

        return ex switch
        {
            KubernetesApiException k => ClassifyKubernetes(k),
            OperationCanceledException or TimeoutException => Info(OpsErrorIds.TimedOut, OpsErrorCategory.OperationTimeout, ex, Hints.Timeout),
            HttpRequestException or SocketException or WebSocketException => ClassifyConnection(ex),
            // A connection that dropped mid-stream surfaces as an IOException (HttpIOException, or one wrapping a SocketException):
            // a network failure, not a disk one.
            HttpIOException => ClassifyConnection(ex),
            IOException when FindInChain<SocketException>(ex) is not null => ClassifyConnection(ex),
            FileNotFoundException or DirectoryNotFoundException => Info(OpsErrorIds.FileNotFound, OpsErrorCategory.ObjectNotFound, ex, Hints.FileNotFound),
            UnauthorizedAccessException => Info(OpsErrorIds.FileAccessDenied, OpsErrorCategory.PermissionDenied, ex, Hints.FileAccessDenied),
            ArgumentException => Info(OpsErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, ex, Hints.InvalidArgument),
            FormatException or JsonException or YamlException => Info(OpsErrorIds.InvalidData, OpsErrorCategory.InvalidData, ex, Hints.InvalidData),
            NotSupportedException or NotImplementedException => Info(OpsErrorIds.NotSupported, OpsErrorCategory.NotImplemented, ex, null),
            InvalidOperationException => Info(OpsErrorIds.InvalidOperation, OpsErrorCategory.InvalidOperation, ex, null),
            IOException => Info(OpsErrorIds.FileIoFailed, OpsErrorCategory.ResourceUnavailable, ex, Hints.IoFailed),
            _ => new OpsErrorInfo(OpsErrorIds.Unexpected, OpsErrorCategory.NotSpecified, $"{ex.GetType().Name}: {ex.Message}", Hints.Unexpected),
        };
    }

    private static OpsErrorInfo ClassifyKubernetes(KubernetesApiException ex)
    {
        // With no answer the failure is about the server, not the path that happened to be requested first.
        var target = ex.StatusCode is null && ex.Server is not null ? ex.Server : ex.RequestPath;
        OpsErrorInfo K(string id, OpsErrorCategory category, string? hint) => new(id, category, ex.Message, hint, target);

        if (ex.StatusCode is not { } status)
        {
            if (FindInChain<AuthenticationException>(ex) is not null)
            {
                return K(OpsErrorIds.KubernetesTlsFailed, OpsErrorCategory.SecurityError, Hints.Tls);
            }

            if (FindInChain<TimeoutException>(ex) is not null || FindInChain<OperationCanceledException>(ex) is not null)
            {
                return K(OpsErrorIds.KubernetesTimeout, OpsErrorCategory.OperationTimeout, Hints.Timeout);
            }

            if (FindInChain<HttpRequestException>(ex) is not null || FindInChain<SocketException>(ex) is not null
                || FindInChain<WebSocketException>(ex) is not null || FindInChain<IOException>(ex) is not null)
            {
                return K(OpsErrorIds.KubernetesUnreachable, OpsErrorCategory.ConnectionError, Hints.Unreachable);
            }

            return K(OpsErrorIds.KubernetesRequestFailed, OpsErrorCategory.NotSpecified, null);
        }

        return (int)status switch
        {
            400 => K(OpsErrorIds.KubernetesBadRequest, OpsErrorCategory.InvalidArgument, Hints.Invalid),
            401 => K(OpsErrorIds.KubernetesUnauthorized, OpsErrorCategory.AuthenticationError, Hints.Unauthorized),
            403 => K(OpsErrorIds.KubernetesForbidden, OpsErrorCategory.PermissionDenied, Hints.Forbidden),
            404 => K(OpsErrorIds.KubernetesNotFound, OpsErrorCategory.ObjectNotFound, Hints.NotFound),
            408 => K(OpsErrorIds.KubernetesTimeout, OpsErrorCategory.OperationTimeout, Hints.Timeout),
            409 when string.Equals(ex.Reason, "Conflict", StringComparison.OrdinalIgnoreCase)
                => K(OpsErrorIds.KubernetesConflict, OpsErrorCategory.ResourceExists, Hints.Conflict),
            409 => K(OpsErrorIds.KubernetesAlreadyExists, OpsErrorCategory.ResourceExists, Hints.AlreadyExists),
            410 => K(OpsErrorIds.KubernetesGone, OpsErrorCategory.InvalidOperation, Hints.Gone),
            422 => K(OpsErrorIds.KubernetesInvalid, OpsErrorCategory.InvalidData, Hints.Invalid),
            429 => K(OpsErrorIds.KubernetesTooManyRequests, OpsErrorCategory.ResourceUnavailable, Hints.ServerBusy),
            >= 500 and <= 599 => K(OpsErrorIds.KubernetesServerError, OpsErrorCategory.ResourceUnavailable, Hints.ServerBusy),
            _ => K(OpsErrorIds.KubernetesRequestFailed, OpsErrorCategory.InvalidOperation, null),
        };
    }

    private static OpsErrorInfo ClassifyKubeConfig(KubeConfigException ex) => ClassifyKubeConfigKind(ex) with { TargetObject = ex.Target };

    private static OpsErrorInfo ClassifyKubeConfigKind(KubeConfigException ex) => ex.Kind switch
    {
        KubeConfigErrorKind.NotFound => Info(OpsErrorIds.KubeConfigNotFound, OpsErrorCategory.ObjectNotFound, ex, Hints.KubeConfigNotFound),
        KubeConfigErrorKind.ContextNotFound => Info(OpsErrorIds.KubeConfigContextNotFound, OpsErrorCategory.ObjectNotFound, ex, Hints.ContextNotFound),
        KubeConfigErrorKind.Invalid => Info(OpsErrorIds.KubeConfigInvalid, OpsErrorCategory.InvalidData, ex, Hints.KubeConfigInvalid),
        KubeConfigErrorKind.Unsupported => Info(OpsErrorIds.KubeConfigUnsupported, OpsErrorCategory.NotImplemented, ex, Hints.KubeConfigUnsupported),
        KubeConfigErrorKind.InClusterUnavailable => Info(OpsErrorIds.KubeConfigInClusterUnavailable, OpsErrorCategory.ResourceUnavailable, ex, Hints.KubeConfigNotFound),
        _ => Info(OpsErrorIds.KubeConfigInvalid, OpsErrorCategory.InvalidData, ex, Hints.KubeConfigInvalid),
    };

    private static OpsErrorInfo ClassifyExecPlugin(ExecCredentialException ex) => ex.Failure switch
    {
        ExecCredentialFailure.PluginNotFound => Info(OpsErrorIds.ExecPluginNotFound, OpsErrorCategory.NotInstalled, ex, Hints.PluginNotFound),
        ExecCredentialFailure.StartFailed => Info(OpsErrorIds.ExecPluginStartFailed, OpsErrorCategory.InvalidOperation, ex, Hints.PluginNotFound),
        ExecCredentialFailure.PluginFailed => Info(OpsErrorIds.ExecPluginFailed, OpsErrorCategory.AuthenticationError, ex, Hints.PluginFailed),
        ExecCredentialFailure.Timeout => Info(OpsErrorIds.ExecPluginTimeout, OpsErrorCategory.OperationTimeout, ex, Hints.PluginFailed),
        ExecCredentialFailure.InvalidOutput => Info(OpsErrorIds.ExecPluginInvalidOutput, OpsErrorCategory.InvalidResult, ex, Hints.PluginInvalidOutput),
        ExecCredentialFailure.InteractiveRequired => Info(OpsErrorIds.ExecPluginInteractiveRequired, OpsErrorCategory.AuthenticationError, ex, Hints.PluginInteractive),
        _ => Info(OpsErrorIds.ExecPluginFailed, OpsErrorCategory.AuthenticationError, ex, Hints.PluginFailed),
    };

    private static OpsErrorInfo ClassifyConnection(Exception ex)
        => FindInChain<AuthenticationException>(ex) is not null
            ? Info(OpsErrorIds.ConnectionTlsFailed, OpsErrorCategory.SecurityError, ex, Hints.Tls)
            : Info(OpsErrorIds.ConnectionFailed, OpsErrorCategory.ConnectionError, ex, Hints.ConnectionFailed);

    private static OpsErrorInfo Info(string id, OpsErrorCategory category, Exception ex, string? hint) => new(id, category, ex.Message, hint);

    /// <summary>Sees through wrappers that carry no meaning of their own (a single-exception AggregateException, reflection).</summary>
    private static Exception Unwrap(Exception ex)
    {
        while (true)
        {
            switch (ex)
            {
                case AggregateException aggregate when aggregate.InnerExceptions.Count > 0:
                    ex = aggregate.InnerExceptions[0];
                    break;
                case TargetInvocationException { InnerException: { } inner }:
                    ex = inner;
                    break;
                default:
                    return ex;
            }
        }
    }

    private static T? FindInChain<T>(Exception ex)
        where T : Exception
    {
        for (Exception? current = ex; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (FindInChain<T>(inner) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            }
        }

        return null;
    }

    private static class Hints
    {
        public const string NotFound = "Check the name and the namespace (-Namespace) and that -Context points at the right cluster.";
        public const string Unauthorized =
            "The cluster rejected the credentials: refresh the login for this context (token, client certificate, or the exec plugin such as kubelogin, aws eks get-token, gke-gcloud-auth-plugin).";
        public const string Forbidden = "The identity of this context lacks the RBAC permission for this verb and resource: ask for a Role/RoleBinding or use another -Context.";
        public const string AlreadyExists = "An object with this name already exists: remove it or choose another name.";
        public const string Conflict = "The object changed while it was being updated: run the command again.";
        public const string Invalid = "The API server rejected the request as invalid: check the values passed to the command.";
        public const string Gone = "The list position expired while paging: run the command again.";
        public const string ServerBusy = "The API server is overloaded or failing: retry later and check the control plane's health.";
        public const string Timeout = "The operation took too long: check connectivity and load, then retry (a longer -Timeout may help where the command has one).";
        public const string Unreachable = "The API server could not be reached: check the server address in the kubeconfig, the network or VPN, and that the cluster is running.";
        public const string Tls = "The TLS handshake failed: check certificate-authority(-data), tls-server-name and the client certificate in the kubeconfig.";
        public const string ConnectionFailed = "The remote endpoint could not be reached: check the address, the network and that the service is running.";
        public const string KubeConfigNotFound = "Pass -KubeConfig <file>, set KUBECONFIG, or create ~/.kube/config (e.g. az aks get-credentials, aws eks update-kubeconfig, gcloud container clusters get-credentials).";
        public const string ContextNotFound = "List the contexts with 'kubectl config get-contexts' and pass one with -Context.";
        public const string KubeConfigInvalid = "Fix the kubeconfig entry named in the message; 'kubectl config view' shows what kubectl reads.";
        public const string KubeConfigUnsupported = "Use a context whose user authenticates with a token, a client certificate or an exec plugin (client.authentication.k8s.io/v1 or v1beta1).";
        public const string PluginNotFound = "Install the credential plugin named in the message (kubelogin, aws, gke-gcloud-auth-plugin) and make sure it is on PATH for this session.";
        public const string PluginFailed = "Run the plugin's login once interactively (e.g. 'kubelogin convert-kubeconfig', 'aws sso login', 'gcloud auth login') or check its service-principal environment variables.";
        public const string PluginInvalidOutput = "Update the credential plugin; its output was not a valid ExecCredential.";
        public const string PluginInteractive = "This context needs an interactive login: log in once interactively, or use a non-interactive login mode (e.g. kubelogin -l spn/msi/workloadidentity) for scheduled runs.";
        public const string FileNotFound = "Check the path; relative paths are resolved from the current location.";
        public const string FileAccessDenied = "The current user may not access this path: check its permissions.";
        public const string IoFailed = "Reading or writing failed: check free disk space, the path and the storage it is on.";
        public const string InvalidArgument = "Check the parameter values.";
        public const string InvalidData = "The input is not in the expected format: check the file or object it came from.";
        public const string Unexpected = "Unexpected failure: run again with -Verbose and report it with the output of: $Error[0] | Format-List * -Force";
    }
}
