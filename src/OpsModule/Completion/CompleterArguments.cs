using System.Collections;
using System.Management.Automation;
using OpsModule.Core.Completion;
using OpsModule.Core.Storage;

namespace OpsModule.Completion;

/// <summary>
/// Reads what the user already typed on the command line (PowerShell's fakeBoundParameters: constants and variables, keyed by the
/// parameter's real name even when an alias was typed) and maps Core's candidates to CompletionResults.
/// </summary>
internal static class CompleterArguments
{
    /// <summary>A typed string value; the first element when the parameter takes several (-Namespace a,b).</summary>
    public static string? Text(IDictionary fakeBoundParameters, string name)
    {
        var value = Value(fakeBoundParameters, name);
        if (value is IEnumerable items and not string)
        {
            value = items.Cast<object?>().Select(Unwrap).FirstOrDefault();
        }

        return value?.ToString() is { Length: > 0 } text ? text : null;
    }

    /// <summary>Every typed string value of a parameter that takes several (-Colors blue,green).</summary>
    public static IReadOnlyList<string>? Texts(IDictionary fakeBoundParameters, string name) => Value(fakeBoundParameters, name) switch
    {
        null => null,
        string single => [single],
        IEnumerable items => items.Cast<object?>().Select(i => Unwrap(i)?.ToString()).OfType<string>().ToArray(),
        var other => [other.ToString() ?? string.Empty],
    };

    /// <summary>
    /// The cluster to list from: -KubeConfig (resolved against the PowerShell location), -Context and -Namespace, or on
    /// Test-DisasterRecovery their -TargetContext and -TargetNamespace twins.
    /// </summary>
    public static ClusterLookup Cluster(IDictionary fakeBoundParameters) => new(
        ProviderPath(Text(fakeBoundParameters, "KubeConfig")),
        Text(fakeBoundParameters, "Context") ?? Text(fakeBoundParameters, "TargetContext"),
        Text(fakeBoundParameters, "Namespace") ?? Text(fakeBoundParameters, "TargetNamespace"));

    /// <summary>
    /// The store named by -Store with its store parameters, and a description of it without secrets (location without a SAS query,
    /// endpoint, region, user name) that recognises the same store on the next Tab; null when no -Store was typed.
    /// </summary>
    public static (string Description, Func<IBackupStore> Open)? Store(IDictionary fakeBoundParameters)
    {
        var location = Text(fakeBoundParameters, "Store");
        if (location is null)
        {
            return null;
        }

        var path = location.Contains("://", StringComparison.Ordinal) ? location : ProviderPath(location)!;
        var endpoint = (Value(fakeBoundParameters, BackupStoreParameters.Endpoint) ?? Value(fakeBoundParameters, BackupStoreParameters.S3EndpointAlias)) switch
        {
            Uri uri => uri,
            string text when Uri.TryCreate(text, UriKind.Absolute, out var parsed) => parsed,
            _ => null,
        };
        var credential = (Value(fakeBoundParameters, BackupStoreParameters.Credential)
            ?? Value(fakeBoundParameters, BackupStoreParameters.S3CredentialAlias)
            ?? Value(fakeBoundParameters, BackupStoreParameters.AzureCredentialAlias)) as PSCredential;
        var region = Text(fakeBoundParameters, BackupStoreParameters.Region);
        return ($"{BackupStoreUrl.Redact(path)}|{endpoint}|{region}|{credential?.UserName}", () => BackupStoreParameters.Open(path, endpoint, region, credential));
    }

    public static IEnumerable<CompletionResult> Results(IReadOnlyList<CompletionCandidate> candidates) =>
        candidates.Select(c => new CompletionResult(c.CompletionText, c.ListItemText, CompletionResultType.ParameterValue, c.ToolTip));

    private static object? Value(IDictionary fakeBoundParameters, string name) =>
        fakeBoundParameters is not null && fakeBoundParameters.Contains(name) ? Unwrap(fakeBoundParameters[name]) : null;

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

    /// <summary>
    /// A typed path resolved as the cmdlet would (relative to the PowerShell location, ~ and PowerShell drives expanded), through
    /// Resolve-Path in the user's own runspace; as typed when it does not exist, so the listing fails quietly rather than reading
    /// some other kubeconfig or folder. -ErrorAction Ignore keeps the miss out of $Error.
    /// </summary>
    private static string? ProviderPath(string? path)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
            var resolved = shell.AddCommand(@"Microsoft.PowerShell.Management\Resolve-Path")
                .AddParameter("LiteralPath", path)
                .AddParameter("ErrorAction", ActionPreference.Ignore)
                .Invoke<PathInfo>();
            return resolved.Count == 1 ? resolved[0].ProviderPath : path;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return path;
        }
    }
}
