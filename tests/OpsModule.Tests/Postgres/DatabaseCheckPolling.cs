using OpsModule.Core.Health;
using OpsModule.Core.Health.Checks;
using OpsModule.Core.Postgres;

namespace OpsModule.Tests.Postgres;

/// <summary>Repeats the check until a state settles: the server sees sessions start and end a moment after the client does.</summary>
internal static class DatabaseCheckPolling
{
    public static async Task<IReadOnlyList<OpsHealthResult>> UntilAsync(
        string connectionString, PostgresHealthThresholds thresholds, Func<IReadOnlyList<OpsHealthResult>, bool> settled)
    {
        var deadline = DateTime.UtcNow.AddSeconds(4);
        while (true)
        {
            var findings = await DatabaseCheck.EvaluateAsync(connectionString, thresholds, CancellationToken.None);
            if (settled(findings) || DateTime.UtcNow > deadline)
            {
                return findings;
            }

            await Task.Delay(100);
        }
    }
}
