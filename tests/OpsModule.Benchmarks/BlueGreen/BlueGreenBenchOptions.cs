using System.Globalization;

namespace OpsModule.Benchmarks.BlueGreen;

/// <summary>Command line of <c>bluegreen</c>.</summary>
internal sealed record BlueGreenBenchOptions(int Switches, int FailureRuns, int Replicas, int Clients, TimeSpan VerifyDuration, TimeSpan VerifyInterval, TimeSpan PodReadyDelay)
{
    public const string Usage =
        "bluegreen [--switches 5] [--failure-runs 5] [--replicas 3] [--clients 2] [--verify-sec 5] [--verify-interval-ms 1000] [--pod-ready-ms 300]";

    public static BlueGreenBenchOptions Parse(IReadOnlyList<string> args)
    {
        int switches = 5, failureRuns = 5, replicas = 3, clients = 2, verifySeconds = 5, verifyIntervalMs = 1000, podReadyMs = 300;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. Usage: {Usage}");
            switch (args[i])
            {
                case "--switches": switches = Positive(value); break;
                case "--failure-runs": failureRuns = Positive(value); break;
                case "--replicas": replicas = Positive(value); break;
                case "--clients": clients = Positive(value); break;
                case "--verify-sec": verifySeconds = Positive(value); break;
                case "--verify-interval-ms": verifyIntervalMs = Positive(value); break;
                case "--pod-ready-ms": podReadyMs = Positive(value); break;
                default: throw new ArgumentException($"Unknown option {args[i]}. Usage: {Usage}");
            }

            i++;
        }

        return new BlueGreenBenchOptions(switches, failureRuns, replicas, clients, TimeSpan.FromSeconds(verifySeconds),
            TimeSpan.FromMilliseconds(verifyIntervalMs), TimeSpan.FromMilliseconds(podReadyMs));
    }

    private static int Positive(string value) => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
        ? n
        : throw new ArgumentException($"'{value}' is not a positive whole number. Usage: {Usage}");
}
