using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Reflection;
using OpsModule.HelpGenerator.Commands;
using OpsModule.Tests.Surface;

namespace OpsModule.Tests.Help;

/// <summary>
/// The help is generated from docs/, so docs/ must say what OpsModule.dll does: every parameter of every cmdlet (read by reflection
/// from its [Parameter] attributes) documented with its type, aliases, values, sets, position and pipeline binding, and nothing more.
/// Each failure says what to write in which page.
/// </summary>
public sealed class DocsMatchCmdletsTests
{
    private static readonly string[] ShouldProcessParameters = ["WhatIf", "Confirm"];

    public static TheoryData<string> CmdletNames()
        => new(OpsModuleSurface.CmdletsOrFail().Where(c => c.HasCmdletAttribute).Select(c => c.Name).Order(StringComparer.Ordinal));

    [Fact]
    public void There_is_one_cmdlet_page_per_cmdlet_and_none_for_a_cmdlet_that_does_not_exist()
    {
        var cmdlets = OpsModuleSurface.CmdletsOrFail().Where(c => c.HasCmdletAttribute).Select(c => c.Name).ToList();
        var pages = ShippedDocs.Commands.Select(c => c.Name).ToList();

        Assert.True(
            cmdlets.Order().SequenceEqual(pages.Order(), StringComparer.OrdinalIgnoreCase),
            $"Pages missing in docs/: [{string.Join(", ", cmdlets.Except(pages, StringComparer.OrdinalIgnoreCase))}]; " +
            $"pages of no cmdlet: [{string.Join(", ", pages.Except(cmdlets, StringComparer.OrdinalIgnoreCase))}].");
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_parameter_is_documented_and_nothing_else(string name)
    {
        var (cmdlet, help) = Load(name);
        var actual = cmdlet.Parameters.Select(p => p.Name).Concat(cmdlet.SupportsShouldProcess ? ShouldProcessParameters : []).ToList();
        var documented = help.Parameters.Select(p => p.Name).ToList();

        Assert.True(
            actual.Order().SequenceEqual(documented.Order(), StringComparer.OrdinalIgnoreCase),
            $"docs/{name}.md: document [{string.Join(", ", actual.Except(documented, StringComparer.OrdinalIgnoreCase))}]; " +
            $"remove [{string.Join(", ", documented.Except(actual, StringComparer.OrdinalIgnoreCase))}], which {name} does not have.");
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void The_parameter_sets_and_the_default_set_are_the_cmdlets(string name)
    {
        var (cmdlet, help) = Load(name);
        var documented = help.Syntax.Select(s => s.Name).ToList();

        Assert.True(
            cmdlet.ParameterSets.Order(StringComparer.OrdinalIgnoreCase).SequenceEqual(documented.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase),
            $"docs/{name}.md: ## SYNTAX has the sets [{string.Join(", ", documented)}]; {name} has [{string.Join(", ", cmdlet.ParameterSets)}] " +
            $"(one set without a name is a single syntax block without a ### heading).");
        var defaultSet = help.Syntax.Single(s => s.IsDefault).Name;
        Assert.True(
            string.Equals(defaultSet, cmdlet.DefaultParameterSetName ?? CmdletSurface.AllParameterSets, StringComparison.OrdinalIgnoreCase),
            $"docs/{name}.md: mark '### {cmdlet.DefaultParameterSetName} (Default)', the cmdlet's DefaultParameterSetName.");
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Each_parameter_has_the_type_aliases_and_values_of_the_cmdlet(string name)
    {
        var (cmdlet, help) = Load(name);
        var problems = new List<string>();
        foreach (var parameter in cmdlet.Parameters)
        {
            var doc = help.Parameters.FirstOrDefault(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
            if (doc is null)
            {
                continue;
            }

            var type = TypeName(parameter.Type, fullName: false);
            if (!string.Equals(doc.Type, type, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"-{parameter.Name}: Type is {type}, not {doc.Type}");
            }

            if (!SameSet(doc.Aliases, parameter.Aliases))
            {
                problems.Add($"-{parameter.Name}: Aliases are [{string.Join(", ", parameter.Aliases)}], not [{string.Join(", ", doc.Aliases)}]");
            }

            var element = Element(parameter.Type);
            var values = element.IsEnum ? Enum.GetNames(element) : [];
            if (!SameSet(doc.AcceptedValues, values))
            {
                problems.Add($"-{parameter.Name}: Accepted values are [{string.Join(", ", values)}], not [{string.Join(", ", doc.AcceptedValues)}]");
            }
        }

        foreach (var shouldProcess in cmdlet.SupportsShouldProcess ? ShouldProcessParameters : [])
        {
            var doc = help.Parameters.FirstOrDefault(p => string.Equals(p.Name, shouldProcess, StringComparison.OrdinalIgnoreCase));
            var alias = shouldProcess == "WhatIf" ? "wi" : "cf";
            if (doc is not null && (!doc.IsSwitch || !SameSet(doc.Aliases, [alias]) || doc.Bindings is not [{ AppliesToAllSets: true, Required: false, Position: null }]))
            {
                problems.Add($"-{shouldProcess}: a SwitchParameter in (All) sets, alias {alias}, not required, Named, as PowerShell adds it");
            }
        }

        AssertNone(name, problems);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void In_every_set_each_parameter_is_required_positional_and_pipeline_bound_as_the_cmdlet_declares(string name)
    {
        var (cmdlet, help) = Load(name);
        var problems = new List<string>();
        foreach (var set in cmdlet.ParameterSets)
        {
            foreach (var parameter in cmdlet.Parameters)
            {
                var declared = cmdlet.InSet(set).Where(x => x.Parameter == parameter).Select(x => x.Declaration).FirstOrDefault();
                var doc = help.Parameters.FirstOrDefault(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
                var binding = doc?.BindingFor(set);
                if (doc is null || (declared is null && binding is null))
                {
                    continue;
                }

                var expected = declared is null ? "not in this set"
                    : $"Required: {declared.Mandatory}, Position: {declared.Position?.ToString(CultureInfo.InvariantCulture) ?? "Named"}, " +
                      $"Accept pipeline input: {new PipelineInput(declared.ValueFromPipeline, declared.ValueFromPipelineByPropertyName)}";
                var written = binding is null ? "not in this set"
                    : $"Required: {binding.Required}, Position: {binding.Position?.ToString(CultureInfo.InvariantCulture) ?? "Named"}, " +
                      $"Accept pipeline input: {binding.PipelineInput}";
                if (expected != written)
                {
                    problems.Add($"-{parameter.Name} in set {set}: the cmdlet says {expected}; the page says {written}");
                }
            }
        }

        AssertNone(name, problems);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Each_documented_default_is_the_value_a_new_cmdlet_starts_with(string name)
    {
        var (cmdlet, help) = Load(name);
        var instance = Activator.CreateInstance(cmdlet.Type)!;
        var problems = new List<string>();
        foreach (var doc in help.Parameters)
        {
            // The declaring type's own property: Get-OpsHealth's -Namespace hides the base class's with `new`.
            var declaring = cmdlet.Parameters.FirstOrDefault(p => string.Equals(p.Name, doc.Name, StringComparison.OrdinalIgnoreCase))?.DeclaringType;
            var member = declaring?.GetProperty(doc.Name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);
            var value = member?.GetValue(instance);
            var expected = doc.IsSwitch ? "False" : Format(value);
            var matches = expected is null
                ? doc.DefaultValue.StartsWith("None", StringComparison.Ordinal)
                : doc.DefaultValue == expected || doc.DefaultValue.StartsWith(expected + " (", StringComparison.Ordinal);
            if (!matches)
            {
                problems.Add($"-{doc.Name}: Default value is '{expected ?? "None"}' (optionally followed by an explanation in parentheses), not '{doc.DefaultValue}'");
            }
        }

        AssertNone(name, problems);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Outputs_are_the_declared_output_types(string name)
    {
        var (cmdlet, help) = Load(name);
        var declared = cmdlet.OutputTypes.Select(o => o.Display).Distinct().ToList();
        var documented = help.Outputs.Select(o => o.TypeName).Where(t => t != "None").ToList();

        Assert.True(
            SameSet(declared, documented),
            $"docs/{name}.md: ## OUTPUTS lists [{string.Join(", ", documented)}]; {name} declares [OutputType] [{string.Join(", ", declared)}].");
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Inputs_name_what_binds_from_the_pipeline(string name)
    {
        var (cmdlet, help) = Load(name);
        var bound = cmdlet.Parameters
            .Select(p => (Parameter: p, Declarations: p.Declarations.Where(d => d.ValueFromPipeline || d.ValueFromPipelineByPropertyName).ToList()))
            .Where(x => x.Declarations.Count > 0)
            .ToList();
        var headings = help.Inputs.Select(i => i.TypeName).ToList();
        var text = string.Join(' ', help.Inputs.SelectMany(i => HelpGenerator.HelpText.Paragraphs(i.Description)));
        var problems = new List<string>();
        if (bound.Count == 0 && !headings.SequenceEqual(["None"]))
        {
            problems.Add("nothing binds from the pipeline: ## INPUTS is '### None'");
        }

        foreach (var (parameter, _) in bound)
        {
            var type = TypeName(parameter.Type, fullName: true);
            if (!headings.Contains(type, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"-{parameter.Name} binds from the pipeline: list '### {type}' under ## INPUTS");
            }
        }

        foreach (var (parameter, _) in bound.Where(x => x.Declarations.Any(d => d.ValueFromPipelineByPropertyName)))
        {
            if (!text.Contains(parameter.Name, StringComparison.Ordinal))
            {
                problems.Add($"-{parameter.Name} binds by property name: say so (name the property {parameter.Name}) under ## INPUTS");
            }
        }

        AssertNone(name, problems);
    }

    private static (CmdletSurface Cmdlet, CommandHelp Help) Load(string name)
    {
        var cmdlet = OpsModuleSurface.Find(name) ?? throw new InvalidOperationException($"No cmdlet {name}.");
        var help = ShippedDocs.Find(name);
        Assert.True(help is not null, $"docs/{name}.md is missing or is not a cmdlet page (front matter with 'external help file').");
        return (cmdlet, help);
    }

    /// <summary>PowerShell's short help names (String[], Int32, SwitchParameter), or full names as INPUTS writes them; int? is Int32.</summary>
    private static string TypeName(Type type, bool fullName)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsArray ? TypeName(type.GetElementType()!, fullName) + "[]" : (fullName ? type.FullName! : type.Name);
    }

    private static Type Element(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsArray ? type.GetElementType()! : type;
    }

    /// <summary>A default as the page writes it: 5, 70, 01:00:00, Plain, blue, green; null for no value (an empty string or list too).</summary>
    private static string? Format(object? value) => value switch
    {
        null => null,
        string s => s.Length == 0 ? null : s,
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        SwitchParameter => "False",
        IEnumerable items => items.Cast<object>().Select(Format).ToList() is { Count: > 0 } list ? string.Join(", ", list) : null,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static bool SameSet(IEnumerable<string> a, IEnumerable<string> b)
        => a.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(b);

    private static void AssertNone(string name, List<string> problems)
        => Assert.True(problems.Count == 0, $"docs/{name}.md disagrees with {name}:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => " - " + p)));
}
