using System.Diagnostics;

namespace OpsModule.Benchmarks;

/// <summary>
/// Runs several actions round after round (A, B, C, A, B, C, …) so that background load on the machine falls on all of
/// them alike; the first <c>warmups</c> rounds are not recorded (JIT tiering, connection setup, kubectl's discovery cache).
/// </summary>
internal static class Interleaved
{
    public static async Task<IReadOnlyList<Samples>> MeasureAsync(int warmups, int runs, params Func<Task>[] actions)
    {
        var times = actions.Select(_ => new List<TimeSpan>(runs)).ToList();
        for (var round = 0; round < warmups + runs; round++)
        {
            for (var i = 0; i < actions.Length; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                await actions[i]();
                if (round >= warmups)
                {
                    times[i].Add(stopwatch.Elapsed);
                }
            }
        }

        return times.Select(t => new Samples(t)).ToList();
    }

    public static async Task<TimeSpan> TimeOnceAsync(Func<Task> action)
    {
        var stopwatch = Stopwatch.StartNew();
        await action();
        return stopwatch.Elapsed;
    }
}
