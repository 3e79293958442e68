namespace OpsModule.Tests.Surface;

/// <summary>The cmdlets of the shipped OpsModule.dll, read once.</summary>
internal static class OpsModuleSurface
{
    private static readonly Lazy<IReadOnlyList<CmdletSurface>> LazyCmdlets = new(() => CmdletSurfaceReader.ReadAll(typeof(OpsAsyncCmdlet).Assembly));

    public static IReadOnlyList<CmdletSurface> Cmdlets => LazyCmdlets.Value;

    /// <summary>The cmdlets, failing the calling test when there are none: a rule checked against nothing proves nothing.</summary>
    public static IReadOnlyList<CmdletSurface> CmdletsOrFail()
    {
        Assert.True(Cmdlets.Count > 0, "OpsModule.dll contains no cmdlet classes yet, so there is nothing to check (the first one is Get-OpsHealth).");
        return Cmdlets;
    }

    public static CmdletSurface? Find(string name)
        => Cmdlets.FirstOrDefault(c => c.HasCmdletAttribute && string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    public static void AssertNoProblems(IEnumerable<string> problems)
    {
        var list = problems.ToList();
        Assert.True(list.Count == 0, "Cmdlet surface problems:" + Environment.NewLine + string.Join(Environment.NewLine, list.Select(p => " - " + p)));
    }
}
