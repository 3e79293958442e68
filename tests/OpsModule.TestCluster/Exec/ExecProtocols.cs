namespace OpsModule.TestCluster.Exec;

/// <summary>The remotecommand WebSocket subprotocols and channel numbers (k8s.io/apimachinery/pkg/util/remotecommand).</summary>
public static class ExecProtocols
{
    public const string V5 = "v5.channel.k8s.io";
    public const string V4 = "v4.channel.k8s.io";

    internal const byte StdinChannel = 0;
    internal const byte StdoutChannel = 1;
    internal const byte StderrChannel = 2;
    internal const byte ErrorChannel = 3;
    internal const byte ResizeChannel = 4;

    /// <summary>v5 only: a message <c>[255, channel]</c> half-closes that channel (the client's stdin EOF).</summary>
    internal const byte CloseSignal = 255;
}
