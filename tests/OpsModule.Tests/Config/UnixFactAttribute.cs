namespace OpsModule.Tests.Config;

/// <summary>A fact that needs /bin/sh (the tests' fake exec plugins are shell scripts).</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "needs /bin/sh for the fake exec plugin";
        }
    }
}
