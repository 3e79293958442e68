namespace OpsModule.Tests.Support;

/// <summary>Reports on the caller's thread, in order (System.Progress posts to the thread pool, so a test could not act on a step as it happens).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
