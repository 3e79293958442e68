using System.IO.Pipelines;

namespace OpsModule.TestCluster.Exec;

/// <summary>Runs a <see cref="FakeExecCommand"/> in-process behind pipes, so the session treats it exactly like a process.</summary>
internal sealed class FakeExecTarget : IExecTarget
{
    private readonly Pipe _stdin = new();
    private readonly Pipe _stdout = new();
    private readonly Pipe _stderr = new();
    private readonly CancellationTokenSource _kill = new();
    private readonly Task<int> _run;

    public FakeExecTarget(FakeExecCommand command)
    {
        Stdin = _stdin.Writer.AsStream();
        Stdout = _stdout.Reader.AsStream();
        Stderr = _stderr.Reader.AsStream();
        _run = RunAsync(command);
    }

    public Stream Stdin { get; }

    public Stream Stdout { get; }

    public Stream Stderr { get; }

    private async Task<int> RunAsync(FakeExecCommand command)
    {
        await Task.Yield();
        var streams = new ExecStreams(_stdin.Reader.AsStream(), _stdout.Writer.AsStream(), _stderr.Writer.AsStream());
        try
        {
            return await command(streams, _kill.Token);
        }
        catch (OperationCanceledException) when (_kill.IsCancellationRequested)
        {
            return 137;
        }
        finally
        {
            await _stdout.Writer.CompleteAsync();
            await _stderr.Writer.CompleteAsync();
            await _stdin.Reader.CompleteAsync();
        }
    }

    public Task<int> WaitForExitAsync() => _run;

    public void CloseStdin() => _stdin.Writer.Complete();

    public void Kill() => _kill.Cancel();

    // The token source is not disposed: the fake may still observe it while it unwinds.
    public void Dispose() => Kill();
}
