using Xunit.Abstractions;

namespace OpsModule.Tests.Surface;

/// <summary>The pipes DESIGN.md promises, checked against the declared output types and pipeline parameters.</summary>
public sealed class PipeTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_documented_pipe_whose_cmdlets_exist_binds()
    {
        OpsModuleSurface.CmdletsOrFail();
        var checkable = DocumentedPipe.All.Where(p => p.Cmdlets.All(c => OpsModuleSurface.Find(c) is not null)).ToList();
        Assert.True(checkable.Count > 0, "None of the documented pipes has all its cmdlets yet, so no pipe can be checked.");

        var problems = checkable.SelectMany(p => PipeBinding.Check(p, OpsModuleSurface.Find(p.Upstream)!, p.Downstream is null ? null : OpsModuleSurface.Find(p.Downstream)));
        foreach (var pipe in checkable)
        {
            output.WriteLine("checked: " + pipe);
        }

        OpsModuleSurface.AssertNoProblems(problems);
    }

    /// <summary>Every cmdlet of every documented pipe exists: no pipe is left unchecked by the test above.</summary>
    [Fact]
    public void No_documented_pipe_waits_for_a_missing_cmdlet()
    {
        OpsModuleSurface.CmdletsOrFail();
        var pending = DocumentedPipe.All
            .Select(p => (Pipe: p, Missing: p.Cmdlets.Where(c => OpsModuleSurface.Find(c) is null).ToList()))
            .Where(x => x.Missing.Count > 0)
            .Select(x => $"{x.Pipe} waits for {string.Join(", ", x.Missing)}")
            .ToList();

        Assert.Empty(pending);
    }
}
