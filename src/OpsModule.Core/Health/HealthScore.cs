namespace OpsModule.Core.Health;

/// <summary>Scores a set of findings the way Popeye grades a cluster: healthy counts 1, warning and unknown half, critical nothing.</summary>
public static class HealthScore
{
    public static int Compute(IReadOnlyCollection<OpsHealthResult> results)
    {
        if (results.Count == 0)
        {
            return 100;
        }

        var points = results.Sum(r => r.Status switch
        {
            HealthStatus.Healthy => 1.0,
            HealthStatus.Warning or HealthStatus.Unknown => 0.5,
            _ => 0.0,
        });
        return (int)Math.Floor(100 * points / results.Count);
    }

    public static string Grade(int score) => score switch
    {
        >= 90 => "A",
        >= 80 => "B",
        >= 70 => "C",
        >= 60 => "D",
        >= 50 => "E",
        _ => "F",
    };

    public static OpsHealthReport Summarize(string context, IReadOnlyList<string> namespaces, IReadOnlyList<OpsHealthResult> results, TimeSpan duration)
    {
        var score = Compute(results);
        return new OpsHealthReport
        {
            Context = context,
            Namespaces = namespaces,
            Status = results.Count == 0 ? HealthStatus.Healthy : results.Max(r => r.Status),
            Score = score,
            Grade = Grade(score),
            Healthy = results.Count(r => r.Status == HealthStatus.Healthy),
            Warning = results.Count(r => r.Status == HealthStatus.Warning),
            Critical = results.Count(r => r.Status == HealthStatus.Critical),
            Unknown = results.Count(r => r.Status == HealthStatus.Unknown),
            DurationSeconds = Seconds.Of(duration),
            Results = results,
        };
    }
}
