namespace OpsModule.Tests.Config;

/// <summary>A theory that needs /bin/sh (the tests' fake exec plugins are shell scripts).</summary>
public sealed class UnixTheoryAttribute : TheoryAttribute
{
    public UnixTheoryAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "needs /bin/sh for the fake exec plugin";
        }
    }
}
