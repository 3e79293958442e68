using System.Globalization;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Exec;

namespace OpsModule.Core.Restore;

/// <summary>psql / pg_restore in the database pod through exec, using the pod's own local access (no password leaves the cluster).</summary>
internal sealed class PodRestoreClient : IRestoreClient
{
    private readonly PodExecClient _exec;
    private readonly PodRestoreTarget _target;

    public PodRestoreClient(PodExecClient exec, PodRestoreTarget target)
    {
        _exec = exec;
        _target = target;
    }

    public async Task<string> QueryAsync(string database, string sql, CancellationToken cancellationToken)
    {
        PodExecOutput output;
        try
        {
            output = await _exec.CaptureAsync(Request(["psql", .. RestoreSql.QueryArguments, "-c", sql, "-U", _target.User, "-d", database], stdin: false), null, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is KubernetesApiException or IOException)
        {
            throw RestoreErrors.QueryFailed(_target.Describe(), database, e.Message, e);
        }

        return output.Succeeded ? output.StandardOutput : throw RestoreErrors.QueryFailed(_target.Describe(), database, output.StandardError.Trim());
    }

    public async Task<IRestoreTool> StartAsync(
        string tool, IReadOnlyList<string> arguments, string database, long inputBytes, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> command = [tool, .. arguments, "-U", _target.User, "-d", database];
        if (tool == "pg_restore")
        {
            // pg_restore reads its stdin to the end, and v4 exec servers cannot signal the end of stdin: head stops after
            // exactly the dump's bytes (known from the manifest), so pg_restore sees end of input on every server.
            command = ["sh", "-c", "head -c \"$0\" | exec \"$@\"", inputBytes.ToString(CultureInfo.InvariantCulture), .. command];
        }

        try
        {
            var session = await _exec.StartAsync(Request(command, stdin: true), cancellationToken).ConfigureAwait(false);
            return new PodRestoreTool(session);
        }
        catch (KubernetesApiException e)
        {
            throw RestoreErrors.ToolFailed(_target.Describe(), database, $"{tool} could not be started in the pod: {e.Message}", e);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private PodExecRequest Request(IReadOnlyList<string> command, bool stdin) =>
        new(_target.Namespace, _target.Pod, command) { Container = _target.Container, Stdin = stdin };
}
