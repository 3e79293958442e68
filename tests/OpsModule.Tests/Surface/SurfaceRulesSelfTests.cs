using System.Management.Automation;

namespace OpsModule.Tests.Surface;

/// <summary>
/// Proves the surface rules catch what they claim to, using deliberately broken sample cmdlets declared here (test-only,
/// nested, so PowerShell would never export them and the OpsModule surface does not see them).
/// </summary>
public sealed class SurfaceRulesSelfTests
{
    [Fact]
    public void A_well_formed_sample_passes_every_rule_except_nested_visibility()
    {
        var good = CmdletSurfaceReader.Read(typeof(Samples.RestoreOpsSampleCommand));

        Assert.Equal(["Restore-OpsSample: the class must be public sealed (PowerShell only exports public cmdlets)."], SurfaceRules.CmdletAttributeAndNaming(good));
        Assert.Empty(SurfaceRules.OutputTypes(good));
        Assert.Empty(SurfaceRules.ShouldProcess(good));
        Assert.Empty(SurfaceRules.ParameterSets(good));
    }

    [Fact]
    public void Unapproved_verbs_unprefixed_nouns_wrong_class_names_and_foreign_bases_are_reported()
    {
        var problems = string.Join("\n", SurfaceRules.CmdletAttributeAndNaming(CmdletSurfaceReader.Read(typeof(Samples.Broken))));

        Assert.Contains("'Fetch' is not an approved verb", problems);
        Assert.Contains("the noun must be 'Ops' + PascalCase", problems);
        Assert.Contains("must be named FetchThingCommand", problems);
        Assert.Contains("must derive from OpsAsyncCmdlet", problems);
    }

    [Fact]
    public void The_owner_fixed_nouns_are_allowed_only_with_their_verb()
    {
        var switchBlueGreen = SurfaceRules.CmdletAttributeAndNaming(CmdletSurfaceReader.Read(typeof(Samples.SwitchBlueGreenCommand)));
        var getBlueGreen = SurfaceRules.CmdletAttributeAndNaming(CmdletSurfaceReader.Read(typeof(Samples.GetBlueGreenCommand)));

        Assert.DoesNotContain(switchBlueGreen, p => p.Contains("noun"));
        Assert.Contains(getBlueGreen, p => p.Contains("reserved for Switch-BlueGreen"));
    }

    [Fact]
    public void Missing_output_types_and_string_named_output_types_are_reported()
    {
        var problems = string.Join("\n", SurfaceRules.OutputTypes(CmdletSurfaceReader.Read(typeof(Samples.Broken))));

        Assert.Contains("names a type by string", problems);
        Assert.Contains("+UnsealedResult must be a public sealed class", problems);
    }

    [Fact]
    public void State_changing_verbs_without_ShouldProcess_or_with_low_impact_are_reported()
    {
        var noShouldProcess = SurfaceRules.ShouldProcess(CmdletSurfaceReader.Read(typeof(Samples.SwitchBlueGreenCommand))).ToList();
        var lowImpact = SurfaceRules.ShouldProcess(CmdletSurfaceReader.Read(typeof(Samples.RemoveOpsThingCommand))).ToList();
        var readOnly = SurfaceRules.ShouldProcess(CmdletSurfaceReader.Read(typeof(Samples.GetBlueGreenCommand))).ToList();

        Assert.Contains(noShouldProcess, p => p.Contains("SupportsShouldProcess = true"));
        Assert.Contains(lowImpact, p => p.Contains("ConfirmImpact Low"));
        Assert.Empty(readOnly);
    }

    [Fact]
    public void Broken_parameter_sets_are_reported()
    {
        var problems = string.Join("\n", SurfaceRules.ParameterSets(CmdletSurfaceReader.Read(typeof(Samples.RemoveOpsThingCommand))));

        Assert.Contains("set 'ById' has 2 ValueFromPipeline parameters (Id, Other)", problems);
        Assert.Contains("set 'ById' has position 0 on Id, Other", problems);
        Assert.Contains("no DefaultParameterSetName", problems);
        Assert.Contains("'WhatIf' (Simulate) collides with a PowerShell common parameter", problems);
        Assert.Contains("'Name' is used by both Name and Label", problems);
        Assert.Contains("in set 'ByName', optional Other (position 0) comes before a mandatory positional parameter", problems);
        Assert.Contains("parameter ReadOnly needs a public getter and setter", problems);
    }

    [Fact]
    public void A_parameter_redeclared_with_new_replaces_the_base_one_like_PowerShell_does()
    {
        var surface = CmdletSurfaceReader.Read(typeof(Samples.GetOpsManyCommand));

        var ns = Assert.Single(surface.Parameters, p => p.Name == "Namespace");
        Assert.Equal(typeof(string[]), ns.Type);
        Assert.Empty(SurfaceRules.ParameterSets(surface));
    }

    [Fact]
    public void A_pipe_binds_by_property_name_or_alias_and_fails_when_a_mandatory_parameter_is_not_fed()
    {
        var upstream = CmdletSurfaceReader.Read(typeof(Samples.InvokeOpsSampleCommand));
        var good = CmdletSurfaceReader.Read(typeof(Samples.RestoreOpsSampleCommand));
        var bad = CmdletSurfaceReader.Read(typeof(Samples.RemoveOpsThingCommand));
        var pipe = new DocumentedPipe("Invoke-OpsSample | X", "Invoke-OpsSample", [], "X");

        Assert.Empty(PipeBinding.Check(pipe, upstream, good));
        var problem = Assert.Single(PipeBinding.Check(pipe, upstream, bad));
        Assert.Contains("a SampleBackup does not bind to Remove-OpsThing", problem);
    }

    [Fact]
    public void A_pipe_binds_the_whole_object_by_type_and_checks_upstream_switches_and_filter_properties()
    {
        var upstream = CmdletSurfaceReader.Read(typeof(Samples.InvokeOpsSampleCommand));
        var byValue = CmdletSurfaceReader.Read(typeof(Samples.TestOpsSampleCommand));

        Assert.Empty(PipeBinding.Check(new DocumentedPipe("p", "Invoke-OpsSample", [], "Test-OpsSample"), upstream, byValue));
        Assert.Contains(
            PipeBinding.Check(new DocumentedPipe("p", "Invoke-OpsSample", ["Latest"], "Test-OpsSample"), upstream, byValue),
            p => p.Contains("has no parameter -Latest"));
        Assert.Empty(PipeBinding.Check(new DocumentedPipe("p", "Invoke-OpsSample", [], null, "Status", "Healthy"), upstream, null));
        Assert.Contains(
            PipeBinding.Check(new DocumentedPipe("p", "Invoke-OpsSample", [], null, "Status", "Fine"), upstream, null),
            p => p.Contains("has no value 'Fine'"));
        Assert.Contains(
            PipeBinding.Check(new DocumentedPipe("p", "Invoke-OpsSample", [], null, "Health", "Healthy"), upstream, null),
            p => p.Contains("no public Health property"));
    }

    [Theory]
    [InlineData(typeof(string), typeof(string), true)]
    [InlineData(typeof(long), typeof(int), true)]
    [InlineData(typeof(SampleStatus), typeof(string), true)]
    [InlineData(typeof(string), typeof(string[]), true)]
    [InlineData(typeof(List<string>), typeof(string[]), true)]
    [InlineData(typeof(Samples.SampleBackup), typeof(string), false)]
    [InlineData(typeof(string), typeof(Samples.SampleBackup), false)]
    public void Property_to_parameter_conversions_follow_the_binder(Type from, Type to, bool converts)
        => Assert.Equal(converts, PipeBinding.Converts(from, to));

    [Fact]
    public void The_manifest_reader_ignores_comments_and_reads_lists_and_scalars()
    {
        var manifest = ModuleManifest.Parse("""
            @{
                RootModule = 'OpsModule.dll' # the binary
                <# CmdletsToExport = @('Old-Thing') #>
                CmdletsToExport = @(
                    'Get-OpsHealth', # first
                    "Invoke-OpsBackup"
                )
                Description = 'has a # inside'
                AliasesToExport = @()
            }
            """);

        Assert.Equal("OpsModule.dll", manifest.Scalar("RootModule"));
        Assert.Equal("has a # inside", manifest.Scalar("Description"));
        Assert.Equal(["Get-OpsHealth", "Invoke-OpsBackup"], manifest.List("CmdletsToExport"));
        Assert.Equal([], manifest.List("AliasesToExport"));
        Assert.Null(manifest.List("FunctionsToExport"));
    }

    public enum SampleStatus
    {
        Healthy,
        Warning,
    }

    public static class Samples
    {
        public sealed class SampleBackup
        {
            [Alias("Backup")]
            public string Id { get; init; } = "";

            public string Location { get; init; } = "";

            public SampleStatus Status { get; init; }
        }

        public class UnsealedResult;

        [Cmdlet(VerbsLifecycle.Invoke, "OpsSample", SupportsShouldProcess = true)]
        [OutputType(typeof(SampleBackup))]
        public sealed class InvokeOpsSampleCommand : OpsAsyncCmdlet;

        [Cmdlet(VerbsData.Restore, "OpsSample", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "ById")]
        [OutputType(typeof(SampleBackup))]
        public sealed class RestoreOpsSampleCommand : OpsConnectionCmdlet
        {
            [Parameter(Mandatory = true, Position = 0, ParameterSetName = "ById", ValueFromPipelineByPropertyName = true)]
            [Alias("Id")]
            public string BackupId { get; set; } = "";

            [Parameter(Mandatory = true, ParameterSetName = "ByPath")]
            public string Path { get; set; } = "";

            [Parameter(ValueFromPipelineByPropertyName = true)]
            public string[]? Location { get; set; }

            [Parameter]
            public SwitchParameter Force { get; set; }
        }

        [Cmdlet(VerbsDiagnostic.Test, "OpsSample")]
        [OutputType(typeof(SampleBackup))]
        public sealed class TestOpsSampleCommand : OpsAsyncCmdlet
        {
            [Parameter(Mandatory = true, ValueFromPipeline = true)]
            public SampleBackup? InputObject { get; set; }
        }

        [Cmdlet("Fetch", "Thing")]
        [OutputType("Some.Type")]
        [OutputType(typeof(UnsealedResult))]
        public sealed class Broken : PSCmdlet;

        [Cmdlet(VerbsCommon.Switch, "BlueGreen")]
        [OutputType(typeof(SampleBackup))]
        public sealed class SwitchBlueGreenCommand : OpsAsyncCmdlet;

        [Cmdlet(VerbsCommon.Get, "BlueGreen")]
        [OutputType(typeof(SampleBackup))]
        public sealed class GetBlueGreenCommand : OpsAsyncCmdlet;

        [Cmdlet(VerbsCommon.Get, "OpsMany")]
        [OutputType(typeof(SampleBackup))]
        public sealed class GetOpsManyCommand : OpsClusterStoreCmdlet
        {
            [Parameter(Position = 0)]
            public new string[]? Namespace { get; set; }
        }

        [Cmdlet(VerbsCommon.Remove, "OpsThing", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
        [OutputType(typeof(SampleBackup))]
        public sealed class RemoveOpsThingCommand : OpsAsyncCmdlet
        {
            [Parameter(Mandatory = true, Position = 0, ParameterSetName = "ById", ValueFromPipeline = true)]
            public string Id { get; set; } = "";

            [Parameter(Position = 0, ParameterSetName = "ById", ValueFromPipeline = true)]
            [Parameter(Position = 0, ParameterSetName = "ByName")]
            public string Other { get; set; } = "";

            [Parameter(Mandatory = true, ParameterSetName = "ById")]
            public string Database { get; set; } = "";

            [Parameter(Mandatory = true, Position = 1, ParameterSetName = "ByName")]
            public string Target { get; set; } = "";

            [Parameter]
            [Alias("WhatIf")]
            public SwitchParameter Simulate { get; set; }

            [Parameter]
            public string Name { get; set; } = "";

            [Parameter]
            [Alias("Name")]
            public string Label { get; set; } = "";

            [Parameter]
            public string ReadOnly { get; } = "";
        }
    }
}
