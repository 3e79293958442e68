namespace OpsModule.Tests.Surface;

/// <summary>The design rules, applied to every cmdlet in OpsModule.dll. Each test fails while there is no cmdlet.</summary>
public sealed class CmdletSurfaceTests
{
    [Fact]
    public void OpsModule_has_cmdlets_to_check() => OpsModuleSurface.CmdletsOrFail();

    [Fact]
    public void Every_cmdlet_has_an_approved_verb_an_Ops_noun_a_matching_class_name_and_the_async_base()
        => OpsModuleSurface.AssertNoProblems(OpsModuleSurface.CmdletsOrFail().SelectMany(SurfaceRules.CmdletAttributeAndNaming));

    [Fact]
    public void Every_cmdlet_declares_sealed_output_types_for_every_parameter_set()
        => OpsModuleSurface.AssertNoProblems(OpsModuleSurface.CmdletsOrFail().SelectMany(SurfaceRules.OutputTypes));

    [Fact]
    public void Every_state_changing_cmdlet_supports_WhatIf_and_Confirm()
        => OpsModuleSurface.AssertNoProblems(OpsModuleSurface.CmdletsOrFail().SelectMany(SurfaceRules.ShouldProcess));

    [Fact]
    public void Every_cmdlet_has_valid_parameter_sets()
        => OpsModuleSurface.AssertNoProblems(OpsModuleSurface.CmdletsOrFail().SelectMany(SurfaceRules.ParameterSets));

    [Fact]
    public void Each_cmdlet_lives_alone_in_Commands_in_a_file_named_after_its_class()
    {
        var cmdlets = OpsModuleSurface.CmdletsOrFail();
        var files = Directory.Exists(RepoPaths.CommandsFolder)
            ? Directory.GetFiles(RepoPaths.CommandsFolder, "*.cs", SearchOption.AllDirectories)
            : [];
        var problems = new List<string>();

        foreach (var cmdlet in cmdlets)
        {
            var file = files.FirstOrDefault(f => Path.GetFileNameWithoutExtension(f) == cmdlet.Type.Name);
            if (file is null)
            {
                problems.Add($"{cmdlet}: no src/OpsModule/Commands/{cmdlet.Type.Name}.cs.");
            }
        }

        foreach (var file in files)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var declared = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(file), @"\bclass\s+(\w+)")
                .Select(m => m.Groups[1].Value).ToList();
            if (cmdlets.All(c => c.Type.Name != name))
            {
                problems.Add($"Commands/{Path.GetFileName(file)}: not named after a cmdlet class (only cmdlets belong in Commands/).");
            }

            foreach (var other in declared.Where(d => d != name))
            {
                problems.Add($"Commands/{Path.GetFileName(file)}: also declares class {other}; one cmdlet per file, helpers go to Core.");
            }
        }

        OpsModuleSurface.AssertNoProblems(problems);
    }
}
