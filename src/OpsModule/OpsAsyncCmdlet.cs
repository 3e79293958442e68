using System.Management.Automation;
using OpsModule.Core.Threading;

namespace OpsModule;

/// <summary>
/// Base class of every OpsModule cmdlet. Runs the cmdlet's async Core work on the thread pool and marshals every
/// Write*/ShouldProcess/ShouldContinue back onto the pipeline thread through a <see cref="PipelinePump"/>, because PowerShell
/// throws when those are called from any other thread. StopProcessing (Ctrl+C) only cancels the token.
/// </summary>
/// <remarks>
/// Error handling: an exception that escapes <see cref="BeginProcessingAsync"/>, <see cref="ProcessRecordAsync"/> or
/// <see cref="EndProcessingAsync"/> is written as a mapped, non-terminating ErrorRecord, so it honours -ErrorAction and
/// $ErrorActionPreference: -ErrorAction Stop turns it into a script-terminating error (a nonzero exit code for
/// <c>pwsh -File</c>), SilentlyContinue hides it. ThrowTerminatingError is never used: a statement-terminating error ignores
/// -ErrorAction, so a scheduled script would carry on and exit 0. A failure in ProcessRecord ends only that input (the next piped
/// input still runs); a failure in BeginProcessing means nothing can proceed, so the later stages are skipped.
/// Inside the work, <see cref="WriteErrorAsync(Exception, object?)"/> reports one failed item among many and carries on. A cancellation caused by the user's stop
/// becomes PipelineStoppedException, never an error record. PowerShell's own exceptions raised by the Write* calls (e.g. -ErrorAction
/// Stop, a downstream Select-Object -First) are rethrown unchanged.
/// The helpers may be called from any thread while the cmdlet is processing; they may not be called from the constructor or after
/// the cmdlet finished.
/// </remarks>
public abstract class OpsAsyncCmdlet : PSCmdlet, IDisposable
{
    private readonly PipelinePump _pump = new();
    private bool _beginFailed;
    private readonly Dictionary<int, string> _openProgress = [];

    /// <summary>Cancelled by StopProcessing; the same token is passed to the *Async methods.</summary>
    protected CancellationToken StopToken => _pump.CancellationToken;

    protected sealed override void BeginProcessing() => _beginFailed = !RunAndReport(BeginProcessingAsync);

    protected sealed override void ProcessRecord()
    {
        if (!_beginFailed)
        {
            RunAndReport(ProcessRecordAsync);
        }
    }

    protected sealed override void EndProcessing()
    {
        if (!_beginFailed)
        {
            RunAndReport(EndProcessingAsync);
        }
    }

    protected sealed override void StopProcessing() => _pump.Cancel();

    protected virtual Task BeginProcessingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task ProcessRecordAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task EndProcessingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Writes to the output pipeline; completes once the object was handed to the next command.</summary>
    protected Task WriteObjectAsync(object? sendToPipeline) => _pump.InvokeAsync(() => WriteObject(sendToPipeline));

    /// <summary>
    /// Non-terminating error for one failed input: mapped through <see cref="OpsErrorRecords"/> with <paramref name="targetObject"/>.
    /// If the failure is the user's stop, nothing is written and the returned task is cancelled so the work unwinds.
    /// </summary>
    protected Task WriteErrorAsync(Exception exception, object? targetObject)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (OpsErrorRecords.IsStop(exception, StopToken))
        {
            return Task.FromCanceled(StopToken);
        }

        var record = OpsErrorRecords.Create(exception, targetObject, StopToken);
        return _pump.InvokeAsync(() => WriteError(record));
    }

    protected Task WriteVerboseAsync(string text) => _pump.InvokeAsync(() => WriteVerbose(text));

    /// <summary>
    /// An IProgress for Core operations: <paramref name="onPipelineThread"/> runs on the pipeline thread, so it may call
    /// WriteProgress/WriteVerbose directly. Reports are not awaited (best effort, in order with everything else).
    /// </summary>
    protected IProgress<T> CreateProgress<T>(Action<T> onPipelineThread) => _pump.CreateProgress(onPipelineThread);

    /// <summary>-WhatIf/-Confirm aware; false means "skip this change".</summary>
    protected Task<bool> ShouldProcessAsync(string target, string action) => _pump.InvokeAsync(() => ShouldProcess(target, action));

    protected Task<bool> ShouldProcessAsync(string verboseDescription, string verboseWarning, string caption)
        => _pump.InvokeAsync(() => ShouldProcess(verboseDescription, verboseWarning, caption));

    /// <summary>Runs anything else that must run on the pipeline thread (SessionState, provider paths, host UI).</summary>
    protected Task<T> InvokeOnPipelineThreadAsync<T>(Func<T> function) => _pump.InvokeAsync(function);

    protected Task InvokeOnPipelineThreadAsync(Action action) => _pump.InvokeAsync(action);

    /// <summary>
    /// Shows a progress record and remembers its activity, so that every bar this cmdlet opened is closed (RecordType Completed)
    /// when the stage that opened it ends, success or failure; otherwise the bar stays drawn over later output.
    /// </summary>
    protected new void WriteProgress(ProgressRecord progressRecord)
    {
        ArgumentNullException.ThrowIfNull(progressRecord);
        if (progressRecord.RecordType == ProgressRecordType.Completed)
        {
            _openProgress.Remove(progressRecord.ActivityId);
        }
        else
        {
            _openProgress[progressRecord.ActivityId] = progressRecord.Activity;
        }

        base.WriteProgress(progressRecord);
    }

    /// <summary>
    /// Verbose text. Under -Debug (without -Verbose) PowerShell would make every verbose line ask "Continue with this operation?",
    /// which fails a host without input; the line goes to the debug stream instead, where -Debug shows it without asking.
    /// </summary>
    protected new void WriteVerbose(string text)
    {
        if (DebugWithoutVerbose)
        {
            base.WriteDebug($"VERBOSE: {text}");
        }
        else
        {
            base.WriteVerbose(text);
        }
    }

    /// <summary>A warning; under -Debug (without -WarningAction) it goes to the debug stream, for the reason given at WriteVerbose.</summary>
    protected new void WriteWarning(string text)
    {
        if (DebugRequested && !MyInvocation.BoundParameters.ContainsKey("WarningAction"))
        {
            base.WriteDebug($"WARNING: {text}");
        }
        else
        {
            base.WriteWarning(text);
        }
    }

    private bool DebugRequested =>
        MyInvocation.BoundParameters.TryGetValue("Debug", out var debug) && debug is SwitchParameter { IsPresent: true };

    private bool DebugWithoutVerbose => DebugRequested && !MyInvocation.BoundParameters.ContainsKey("Verbose");

    private void CompleteProgress()
    {
        try
        {
            foreach (var (id, activity) in _openProgress.ToArray())
            {
                WriteProgress(new ProgressRecord(id, activity, "Completed") { RecordType = ProgressRecordType.Completed });
            }
        }
        catch (PipelineStoppedException)
        {
            // The pipeline is already stopping: the host clears its progress display itself.
        }
    }

    /// <summary>
    /// What an error escaping the work is about (the namespace, store, backup or Service the cmdlet works on), for the error
    /// record's TargetObject; null lets the exception name its own target (e.g. the API server or kubeconfig path).
    /// </summary>
    protected virtual object? FailureTarget => null;

    /// <summary>PowerShell calls this once the pipeline is done with the cmdlet.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    private void RunOnPump(Func<CancellationToken, Task> work)
    {
        try
        {
            _pump.Run(work);
        }
        finally
        {
            CompleteProgress();
        }
    }

    /// <returns>False when the work failed and its error record was written.</returns>
    private bool RunAndReport(Func<CancellationToken, Task> work)
    {
        try
        {
            RunOnPump(work);
            return true;
        }
        catch (Exception ex) when (ex is IContainsErrorRecord)
        {
            // PowerShell's own (PipelineStoppedException, ActionPreferenceStopException, HostException ...): already meaningful.
            throw;
        }
        catch (Exception ex) when (OpsErrorRecords.IsStop(ex, StopToken))
        {
            throw new PipelineStoppedException();
        }
        catch (Exception ex)
        {
            WriteError(OpsErrorRecords.Create(ex, targetObject: null, StopToken, FailureTarget));
            return false;
        }
    }
}
