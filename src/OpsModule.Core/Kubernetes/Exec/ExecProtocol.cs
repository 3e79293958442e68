namespace OpsModule.Core.Kubernetes.Exec;

/// <summary>The remotecommand WebSocket subprotocols we offer (k8s.io/apimachinery/pkg/util/remotecommand).</summary>
internal static class ExecProtocol
{
    /// <summary>Kubernetes 1.30+: v4 framing plus the close signal, so stdin can be half-closed.</summary>
    public const string V5 = "v5.channel.k8s.io";

    /// <summary>Binary channels with a JSON metav1.Status on the error channel; stdin cannot be closed.</summary>
    public const string V4 = "v4.channel.k8s.io";

    public static readonly IReadOnlyList<string> Offered = [V5, V4];
}
