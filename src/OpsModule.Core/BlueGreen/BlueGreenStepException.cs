namespace OpsModule.Core.BlueGreen;

/// <summary>A step whose check did not pass (rollout timed out, a gate failed). Its message becomes the result's reason.</summary>
internal sealed class BlueGreenStepException : Exception
{
    public BlueGreenStepException(string message)
        : base(message)
    {
    }
}
