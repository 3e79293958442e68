namespace OpsModule.LoadTest;

/// <summary>Named checks, each printed as it passes or fails, with the closing "N passed, N failed" line CI reads.</summary>
internal sealed class Checks
{
    private int _passed;
    private int _failed;

    public bool AllPassed => _failed == 0;

    public void Run(string name, Func<string?> check)
    {
        try
        {
            var detail = check();
            _passed++;
            Console.WriteLine($"  [+] {name}{(detail is null ? "" : $": {detail}")}");
        }
        catch (Exception caught)
        {
            var ex = caught is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : caught;
            _failed++;
            Console.WriteLine($"  [-] {name}");
            Console.WriteLine($"      {ex.GetType().Name}: {ex.Message}".Replace("\n", "\n      ", StringComparison.Ordinal));
        }
    }

    public void PrintSummary() => Console.WriteLine($"{_passed} passed, {_failed} failed");
}

internal sealed class CheckFailedException(string message) : Exception(message);
