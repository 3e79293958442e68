using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using OpsModule.Core.Completion;

namespace OpsModule.Completion;

/// <summary>
/// Completes a context, namespace or database from the backups in the store typed as -Store (with -S3Endpoint, -Region,
/// -S3Credential), narrowed by the filters already typed (<paramref name="contextParameter"/>, <paramref name="namespaceParameter"/>).
/// </summary>
internal abstract class StoreNameCompleter(StoreNameKind kind, string? contextParameter, string? namespaceParameter) : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var store = CompleterArguments.Store(fakeBoundParameters);
        if (store is null)
        {
            return [];
        }

        var context = contextParameter is null ? null : CompleterArguments.Text(fakeBoundParameters, contextParameter);
        var ns = namespaceParameter is null ? null : CompleterArguments.Text(fakeBoundParameters, namespaceParameter);
        return CompleterArguments.Results(ArgumentCompletion.StoreNames(kind, store.Value.Description, store.Value.Open, context, ns, wordToComplete));
    }
}

/// <summary>-Context of Get-OpsBackup: contexts the store holds backups of.</summary>
internal sealed class BackupContextCompleter() : StoreNameCompleter(StoreNameKind.Context, null, null);

/// <summary>-Namespace of Get-OpsBackup and Remove-OpsBackup: namespaces with backups (of -Context when typed).</summary>
internal sealed class BackupNamespaceCompleter() : StoreNameCompleter(StoreNameKind.Namespace, "Context", null);

/// <summary>-Database of the backup cmdlets: databases with backups (of -Context and -Namespace when typed).</summary>
internal sealed class BackupDatabaseCompleter() : StoreNameCompleter(StoreNameKind.Database, "Context", "Namespace");

/// <summary>Test-DisasterRecovery -SourceNamespace: namespaces with backups. Its -Context and -Namespace name the DR cluster, not the backup.</summary>
internal sealed class SourceNamespaceCompleter() : StoreNameCompleter(StoreNameKind.Namespace, null, null);

/// <summary>Test-DisasterRecovery -Database: databases with backups (of -SourceNamespace when typed).</summary>
internal sealed class SourceDatabaseCompleter() : StoreNameCompleter(StoreNameKind.Database, null, "SourceNamespace");
