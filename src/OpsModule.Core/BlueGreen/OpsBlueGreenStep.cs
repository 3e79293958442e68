namespace OpsModule.Core.BlueGreen;

/// <summary>One timed step of a switch (or of its plan).</summary>
public sealed class OpsBlueGreenStep
{
    public OpsBlueGreenStep(string name, BlueGreenStepStatus status, TimeSpan duration, string? message)
    {
        Name = name;
        Status = status;
        DurationSeconds = Seconds.Of(duration);
        Message = message;
    }

    public string Name { get; }

    public BlueGreenStepStatus Status { get; }

    public double DurationSeconds { get; }

    public string? Message { get; }

    public override string ToString() => $"{Name}: {Status} ({DurationSeconds:0.###} s){(Message is null ? "" : " " + Message)}";
}
