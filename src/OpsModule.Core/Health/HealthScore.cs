namespace OpsModule.Core.Health;

/// <summary>
/// Scores a set of findings the way Popeye grades a cluster: healthy counts 1, warning and unknown half, critical nothing.
/// A grade never contradicts the status: any Critical finding caps the score at <see cref="CriticalCeiling"/> (grade D),
/// any Warning at <see cref="WarningCeiling"/> (grade B), however many healthy results surround it.
/// </summary>
public static class HealthScore
{
    public const int CriticalCeiling = 69;

    public const int WarningCeiling = 89;

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
        var score = (int)Math.Floor(100 * points / results.Count);
        return results.Any(r => r.Status == HealthStatus.Critical) ? Math.Min(score, CriticalCeiling)
            : results.Any(r => r.Status == HealthStatus.Warning) ? Math.Min(score, WarningCeiling)
            : score;
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
