using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using OpsModule.Core.Processes;

namespace OpsModule.Core.Kubernetes.Auth;

/// <summary>Runs an exec credential plugin once, non-interactively, and returns its stdout.</summary>
internal static class ExecPluginRunner
{
    private const int MaximumStderrInMessage = 2000;

    public static async Task<string> RunAsync(ExecPluginSettings settings, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (settings.InteractiveMode == ExecInteractiveMode.Always)
        {
            throw new ExecCredentialException(
                ExecCredentialFailure.InteractiveRequired,
                settings.Command,
                $"the kubeconfig user '{settings.UserName}' uses exec plugin '{settings.Command}' with interactiveMode: Always, which needs a terminal; " +
                "OpsModule runs plugins non-interactively (scheduled tasks, automation). Sign in once with the plugin in a terminal so it caches a credential, " +
                "or use a non-interactive login (e.g. kubelogin -l azurecli / spn / msi, or a service account token).");
        }

        var executable = ExecCommandResolver.Resolve(settings.Command) ?? throw NotFound(settings);
        var startInfo = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in settings.Args)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in settings.Env)
        {
            startInfo.Environment[name] = value;
        }

        startInfo.Environment["KUBERNETES_EXEC_INFO"] = ExecInfoJson(settings);

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new ExecCredentialException(
                ExecCredentialFailure.StartFailed,
                settings.Command,
                $"the kubeconfig user '{settings.UserName}' uses exec plugin '{settings.Command}', which could not be started: {e.Message}",
                innerException: e);
        }

        // Non-interactive: the plugin gets no stdin, like client-go when there is no terminal.
        process.StandardInput.Close();
        var stdoutTask = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderrTask = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new ExecCredentialException(
                ExecCredentialFailure.Timeout,
                settings.Command,
                $"the kubeconfig user '{settings.UserName}' uses exec plugin '{settings.Command}', which did not finish within {timeout.TotalSeconds:0} s; " +
                "check that it can run non-interactively (cached login, network access to the identity provider).");
        }

        var stdout = await stdoutTask;
        var stderr = await stderrTask;
        if (process.ExitCode != 0)
        {
            var detail = Summarize(stderr);
            throw new ExecCredentialException(
                ExecCredentialFailure.PluginFailed,
                settings.Command,
                $"the kubeconfig user '{settings.UserName}' uses exec plugin '{settings.Command}', which failed with exit code {process.ExitCode}" +
                (detail.Length > 0 ? $": {detail}" : ".") +
                (settings.InstallHint is null ? string.Empty : $" {settings.InstallHint}"),
                process.ExitCode);
        }

        return stdout;
    }

    /// <summary>KUBERNETES_EXEC_INFO: an ExecCredential with only the spec filled in.</summary>
    internal static string ExecInfoJson(ExecPluginSettings settings)
    {
        var spec = new JsonObject { ["interactive"] = false };
        if (settings.ClusterInfo is { } cluster)
        {
            var clusterJson = new JsonObject { ["server"] = cluster.Server };
            if (!string.IsNullOrEmpty(cluster.TlsServerName))
            {
                clusterJson["tls-server-name"] = cluster.TlsServerName;
            }

            if (cluster.InsecureSkipTlsVerify)
            {
                clusterJson["insecure-skip-tls-verify"] = true;
            }

            if (cluster.CertificateAuthorityData is { Length: > 0 } ca)
            {
                clusterJson["certificate-authority-data"] = Convert.ToBase64String(ca);
            }

            if (!string.IsNullOrEmpty(cluster.ProxyUrl))
            {
                clusterJson["proxy-url"] = cluster.ProxyUrl;
            }

            if (cluster.DisableCompression)
            {
                clusterJson["disable-compression"] = true;
            }

            spec["cluster"] = clusterJson;
        }

        var root = new JsonObject
        {
            ["kind"] = "ExecCredential",
            ["apiVersion"] = settings.ApiVersion,
            ["spec"] = spec,
        };
        return root.ToJsonString();
    }

    private static ExecCredentialException NotFound(ExecPluginSettings settings)
    {
        var where = settings.Command.Contains('/') || settings.Command.Contains(Path.DirectorySeparatorChar)
            ? $"which was not found at '{Path.GetFullPath(settings.Command)}'."
            : "which was not found on PATH.";
        var hint = settings.InstallHint ?? "Install the plugin or put it on PATH.";
        return new ExecCredentialException(
            ExecCredentialFailure.PluginNotFound,
            settings.Command,
            $"the kubeconfig user '{settings.UserName}' uses exec plugin '{settings.Command}' {where} {hint}");
    }

    private static string Summarize(string stderr)
    {
        var trimmed = stderr.Trim();
        return trimmed.Length <= MaximumStderrInMessage ? trimmed : trimmed[..MaximumStderrInMessage] + " …";
    }

    private static void Kill(Process process) => process.KillTree();
}
