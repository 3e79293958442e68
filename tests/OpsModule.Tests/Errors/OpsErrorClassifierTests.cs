using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using OpsModule.Core.Errors;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Auth;
using OpsModule.Core.Kubernetes.Config;

namespace OpsModule.Tests.Errors;

public sealed class OpsErrorClassifierTests
{
    private const string PodPath = "/api/v1/namespaces/shop/pods/web-0";

    [Theory]
    [InlineData(404, "NotFound", OpsErrorIds.KubernetesNotFound, OpsErrorCategory.ObjectNotFound)]
    [InlineData(401, "Unauthorized", OpsErrorIds.KubernetesUnauthorized, OpsErrorCategory.AuthenticationError)]
    [InlineData(403, "Forbidden", OpsErrorIds.KubernetesForbidden, OpsErrorCategory.PermissionDenied)]
    [InlineData(409, "AlreadyExists", OpsErrorIds.KubernetesAlreadyExists, OpsErrorCategory.ResourceExists)]
    [InlineData(409, "Conflict", OpsErrorIds.KubernetesConflict, OpsErrorCategory.ResourceExists)]
    [InlineData(422, "Invalid", OpsErrorIds.KubernetesInvalid, OpsErrorCategory.InvalidData)]
    [InlineData(400, "BadRequest", OpsErrorIds.KubernetesBadRequest, OpsErrorCategory.InvalidArgument)]
    [InlineData(410, "Expired", OpsErrorIds.KubernetesGone, OpsErrorCategory.InvalidOperation)]
    [InlineData(429, "TooManyRequests", OpsErrorIds.KubernetesTooManyRequests, OpsErrorCategory.ResourceUnavailable)]
    [InlineData(500, "InternalError", OpsErrorIds.KubernetesServerError, OpsErrorCategory.ResourceUnavailable)]
    [InlineData(503, "ServiceUnavailable", OpsErrorIds.KubernetesServerError, OpsErrorCategory.ResourceUnavailable)]
    [InlineData(504, null, OpsErrorIds.KubernetesServerError, OpsErrorCategory.ResourceUnavailable)]
    public void Kubernetes_status_codes_map_to_stable_ids_and_categories(int status, string? reason, string errorId, OpsErrorCategory category)
    {
        var failure = new KubernetesApiException("pods \"web-0\" failed", (HttpStatusCode)status, reason, "GET", PodPath);

        var info = OpsErrorClassifier.Classify(failure);

        Assert.Equal(errorId, info.ErrorId);
        Assert.Equal(category, info.Category);
        Assert.Equal("pods \"web-0\" failed", info.Message);
        Assert.Equal(PodPath, info.TargetObject);
        Assert.False(info.IsStop);
    }

    [Fact]
    public void A_409_without_a_reason_counts_as_already_exists()
    {
        var info = OpsErrorClassifier.Classify(new KubernetesApiException("exists", HttpStatusCode.Conflict));

        Assert.Equal(OpsErrorIds.KubernetesAlreadyExists, info.ErrorId);
    }

    [Fact]
    public void Unauthorized_and_forbidden_tell_the_operator_what_to_do()
    {
        var unauthorized = OpsErrorClassifier.Classify(new KubernetesApiException("Unauthorized", HttpStatusCode.Unauthorized));
        var forbidden = OpsErrorClassifier.Classify(new KubernetesApiException("forbidden", HttpStatusCode.Forbidden));

        Assert.Contains("exec plugin", unauthorized.RecommendedAction);
        Assert.Contains("RBAC", forbidden.RecommendedAction);
    }

    [Fact]
    public void No_response_because_the_connection_failed_is_a_connection_error()
    {
        var socket = new SocketException((int)SocketError.ConnectionRefused);
        var failure = new KubernetesApiException(
            "GET /api/v1/pods: connection refused", null, null, "GET", "/api/v1/pods", new HttpRequestException("refused", socket));

        var info = OpsErrorClassifier.Classify(failure);

        Assert.Equal(OpsErrorIds.KubernetesUnreachable, info.ErrorId);
        Assert.Equal(OpsErrorCategory.ConnectionError, info.Category);
    }

    [Fact]
    public void No_response_names_the_server_as_the_target_not_the_path_that_happened_to_be_first()
    {
        var failure = new KubernetesApiException("GET /apis/metrics.k8s.io/v1beta1: connection refused", null, null, "GET", "/apis/metrics.k8s.io/v1beta1",
            new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused))) { Server = "https://10.0.0.1:6443" };

        Assert.Equal("https://10.0.0.1:6443", OpsErrorClassifier.Classify(failure).TargetObject);
    }

    [Fact]
    public void An_answer_from_the_server_names_the_request_path_as_the_target()
    {
        var failure = new KubernetesApiException("not found", System.Net.HttpStatusCode.NotFound, "NotFound", "GET", "/api/v1/namespaces/x/pods/p") { Server = "https://10.0.0.1:6443" };

        Assert.Equal("/api/v1/namespaces/x/pods/p", OpsErrorClassifier.Classify(failure).TargetObject);
    }

    [Fact]
    public void No_response_because_the_server_certificate_was_rejected_is_a_security_error()
    {
        var tls = new HttpRequestException("SSL failed", new AuthenticationException("remote certificate is invalid"));
        var info = OpsErrorClassifier.Classify(new KubernetesApiException("handshake", innerException: tls));

        Assert.Equal(OpsErrorIds.KubernetesTlsFailed, info.ErrorId);
        Assert.Equal(OpsErrorCategory.SecurityError, info.Category);
    }

    [Fact]
    public void No_response_because_of_a_timeout_is_an_operation_timeout()
    {
        var httpTimeout = new TaskCanceledException("HttpClient.Timeout elapsed", new TimeoutException());
        var info = OpsErrorClassifier.Classify(new KubernetesApiException("GET /version timed out", innerException: httpTimeout));

        Assert.Equal(OpsErrorIds.KubernetesTimeout, info.ErrorId);
        Assert.Equal(OpsErrorCategory.OperationTimeout, info.Category);
    }

    [Fact]
    public void Cancellation_by_the_users_token_is_a_stop_not_an_error()
    {
        using var stop = new CancellationTokenSource();
        stop.Cancel();

        var direct = OpsErrorClassifier.Classify(new OperationCanceledException(stop.Token), stop.Token);
        var wrapped = OpsErrorClassifier.Classify(
            new KubernetesApiException("cancelled", innerException: new TaskCanceledException()), stop.Token);

        Assert.True(direct.IsStop);
        Assert.Equal(OpsErrorCategory.OperationStopped, direct.Category);
        Assert.True(wrapped.IsStop);
    }

    [Fact]
    public void Cancellation_nobody_asked_for_is_a_timeout()
    {
        var info = OpsErrorClassifier.Classify(new TaskCanceledException("HttpClient.Timeout", new TimeoutException()), CancellationToken.None);

        Assert.False(info.IsStop);
        Assert.Equal(OpsErrorIds.TimedOut, info.ErrorId);
        Assert.Equal(OpsErrorCategory.OperationTimeout, info.Category);
    }

    [Fact]
    public void A_stop_request_does_not_hide_a_real_failure()
    {
        using var stop = new CancellationTokenSource();
        stop.Cancel();

        var info = OpsErrorClassifier.Classify(new KubernetesApiException("nope", HttpStatusCode.NotFound), stop.Token);

        Assert.Equal(OpsErrorIds.KubernetesNotFound, info.ErrorId);
    }

    [Theory]
    [InlineData(typeof(TimeoutException), OpsErrorIds.TimedOut, OpsErrorCategory.OperationTimeout)]
    [InlineData(typeof(ArgumentException), OpsErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument)]
    [InlineData(typeof(ArgumentOutOfRangeException), OpsErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument)]
    [InlineData(typeof(FileNotFoundException), OpsErrorIds.FileNotFound, OpsErrorCategory.ObjectNotFound)]
    [InlineData(typeof(DirectoryNotFoundException), OpsErrorIds.FileNotFound, OpsErrorCategory.ObjectNotFound)]
    [InlineData(typeof(UnauthorizedAccessException), OpsErrorIds.FileAccessDenied, OpsErrorCategory.PermissionDenied)]
    [InlineData(typeof(FormatException), OpsErrorIds.InvalidData, OpsErrorCategory.InvalidData)]
    [InlineData(typeof(JsonException), OpsErrorIds.InvalidData, OpsErrorCategory.InvalidData)]
    [InlineData(typeof(InvalidOperationException), OpsErrorIds.InvalidOperation, OpsErrorCategory.InvalidOperation)]
    [InlineData(typeof(NotSupportedException), OpsErrorIds.NotSupported, OpsErrorCategory.NotImplemented)]
    [InlineData(typeof(IOException), OpsErrorIds.FileIoFailed, OpsErrorCategory.ResourceUnavailable)]
    [InlineData(typeof(HttpRequestException), OpsErrorIds.ConnectionFailed, OpsErrorCategory.ConnectionError)]
    [InlineData(typeof(NullReferenceException), OpsErrorIds.Unexpected, OpsErrorCategory.NotSpecified)]
    public void Framework_exceptions_map_to_categories(Type exceptionType, string errorId, OpsErrorCategory category)
    {
        var exception = (Exception)Activator.CreateInstance(exceptionType, "what happened")!;

        var info = OpsErrorClassifier.Classify(exception);

        Assert.Equal(errorId, info.ErrorId);
        Assert.Equal(category, info.Category);
        Assert.Contains("what happened", info.Message);
    }

    [Theory]
    [InlineData(KubeConfigErrorKind.NotFound, OpsErrorIds.KubeConfigNotFound, OpsErrorCategory.ObjectNotFound)]
    [InlineData(KubeConfigErrorKind.ContextNotFound, OpsErrorIds.KubeConfigContextNotFound, OpsErrorCategory.ObjectNotFound)]
    [InlineData(KubeConfigErrorKind.Invalid, OpsErrorIds.KubeConfigInvalid, OpsErrorCategory.InvalidData)]
    [InlineData(KubeConfigErrorKind.Unsupported, OpsErrorIds.KubeConfigUnsupported, OpsErrorCategory.NotImplemented)]
    [InlineData(KubeConfigErrorKind.InClusterUnavailable, OpsErrorIds.KubeConfigInClusterUnavailable, OpsErrorCategory.ResourceUnavailable)]
    public void Kubeconfig_failures_map_by_kind(KubeConfigErrorKind kind, string errorId, OpsErrorCategory category)
    {
        var info = OpsErrorClassifier.Classify(new KubeConfigException(kind, "context \"prod\" not usable"));

        Assert.Equal(errorId, info.ErrorId);
        Assert.Equal(category, info.Category);
        Assert.NotNull(info.RecommendedAction);
    }

    [Theory]
    [InlineData(ExecCredentialFailure.PluginNotFound, OpsErrorIds.ExecPluginNotFound, OpsErrorCategory.NotInstalled)]
    [InlineData(ExecCredentialFailure.PluginFailed, OpsErrorIds.ExecPluginFailed, OpsErrorCategory.AuthenticationError)]
    [InlineData(ExecCredentialFailure.Timeout, OpsErrorIds.ExecPluginTimeout, OpsErrorCategory.OperationTimeout)]
    [InlineData(ExecCredentialFailure.InvalidOutput, OpsErrorIds.ExecPluginInvalidOutput, OpsErrorCategory.InvalidResult)]
    [InlineData(ExecCredentialFailure.InteractiveRequired, OpsErrorIds.ExecPluginInteractiveRequired, OpsErrorCategory.AuthenticationError)]
    public void Exec_plugin_failures_map_by_kind_even_inside_a_failed_request(ExecCredentialFailure failure, string errorId, OpsErrorCategory category)
    {
        var plugin = new ExecCredentialException(failure, "kubelogin", "kubelogin failed for user clusterUser_rg_aks");
        var wrapped = new KubernetesApiException("GET /api/v1/pods failed", innerException: new HttpRequestException("auth", plugin));

        var direct = OpsErrorClassifier.Classify(plugin);
        var fromRequest = OpsErrorClassifier.Classify(wrapped);

        Assert.Equal((errorId, category), (direct.ErrorId, direct.Category));
        Assert.Equal((errorId, category), (fromRequest.ErrorId, fromRequest.Category));
        Assert.Equal("kubelogin failed for user clusterUser_rg_aks", fromRequest.Message);
    }

    [Fact]
    public void A_single_exception_inside_an_AggregateException_is_classified_as_itself()
    {
        var info = OpsErrorClassifier.Classify(new AggregateException(new KubernetesApiException("gone", HttpStatusCode.NotFound)));

        Assert.Equal(OpsErrorIds.KubernetesNotFound, info.ErrorId);
        Assert.Equal("gone", info.Message);
    }

    [Fact]
    public void Exceptions_that_classify_themselves_keep_their_id_category_hint_and_target()
    {
        var failure = new OpsException(
            "Ops.Backup.ChecksumMismatch", OpsErrorCategory.InvalidData, "Backup 20240101 is corrupt.", "Take a new backup.", "20240101");

        var info = OpsErrorClassifier.Classify(failure);

        Assert.Equal(new OpsErrorInfo("Ops.Backup.ChecksumMismatch", OpsErrorCategory.InvalidData, "Backup 20240101 is corrupt.", "Take a new backup.", "20240101"), info);
    }

    [Fact]
    public void Every_error_id_follows_the_documented_scheme_and_is_unique()
    {
        var ids = typeof(OpsErrorIds).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.All(ids, id => Assert.Matches(@"^Ops(\.[A-Z][A-Za-z]+){1,2}$", id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }
}
