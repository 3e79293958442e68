namespace OpsModule.Core.DisasterRecovery;

/// <summary>One timed step of a disaster-recovery drill. <see cref="Passed"/> is null when the step was skipped.</summary>
public sealed class OpsDrTestStep
{
    public OpsDrTestStep(string name, bool? passed, TimeSpan duration, string message)
    {
        Name = name;
        Passed = passed;
        DurationSeconds = Seconds.Of(duration);
        Message = message;
    }

    /// <summary>One of <see cref="DisasterRecoveryStepNames"/>.</summary>
    public string Name { get; }

    /// <summary>True passed, false failed, null skipped.</summary>
    public bool? Passed { get; }

    public double DurationSeconds { get; }

    public string Message { get; }

    public override string ToString() => $"{Name}: {(Passed switch { true => "passed", false => "FAILED", null => "skipped" })} - {Message}";
}
