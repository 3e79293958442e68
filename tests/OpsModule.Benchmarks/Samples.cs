namespace OpsModule.Benchmarks;

/// <summary>Wall-clock times of repeated runs of one measured action.</summary>
internal sealed class Samples(IReadOnlyList<TimeSpan> times)
{
    public TimeSpan Median
    {
        get
        {
            var sorted = times.Order().ToList();
            var mid = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    public TimeSpan Min => times.Min();

    public TimeSpan Max => times.Max();

    public int Count => times.Count;
}
