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

    /// <summary>Reports the pipes not checkable yet. Passes only while the module has cmdlets at all.</summary>
    [Fact]
    public void Pending_pipes_are_listed()
    {
        OpsModuleSurface.CmdletsOrFail();
        var pending = DocumentedPipe.All
            .Select(p => (Pipe: p, Missing: p.Cmdlets.Where(c => OpsModuleSurface.Find(c) is null).ToList()))
            .Where(x => x.Missing.Count > 0)
            .ToList();

        output.WriteLine(pending.Count == 0 ? "No pending pipes: every documented pipe is checked." : "Pipes pending (not checked yet):");
        foreach (var (pipe, missing) in pending)
        {
            output.WriteLine($"  {pipe}  -- waiting for {string.Join(", ", missing)}");
        }
    }
}
