using OpsModule.HelpGenerator.Markdown;

namespace OpsModule.HelpGenerator.Commands;

/// <summary>Everything one cmdlet page says, read and checked: what the MAML writer turns into PowerShell help.</summary>
public sealed record CommandHelp(
    string Name,
    string HelpFile,
    string Synopsis,
    IReadOnlyList<TextBlock> Description,
    IReadOnlyList<SyntaxSet> Syntax,
    IReadOnlyList<ParameterHelp> Parameters,
    IReadOnlyList<TypeHelp> Inputs,
    IReadOnlyList<TypeHelp> Outputs,
    IReadOnlyList<TextBlock> Notes,
    IReadOnlyList<ExampleHelp> Examples,
    IReadOnlyList<RelatedLink> RelatedLinks)
{
    public string Verb => Name[..Name.IndexOf('-')];

    public string Noun => Name[(Name.IndexOf('-') + 1)..];

    public ParameterHelp Parameter(string name)
        => Parameters.First(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One parameter set as its SYNTAX block writes it: the parameters in the order shown.</summary>
public sealed record SyntaxSet(string Name, bool IsDefault, IReadOnlyList<string> ParameterNames)
{
    /// <summary>The name PowerShell gives the only set of a cmdlet that declares none.</summary>
    public const string AllParameterSets = "__AllParameterSets";
}

/// <summary>A parameter: what it is (type, aliases, values, default) and, per group of sets, how it binds.</summary>
public sealed record ParameterHelp(
    string Name,
    string Type,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> AcceptedValues,
    string DefaultValue,
    bool AcceptsWildcards,
    IReadOnlyList<TextBlock> Description,
    IReadOnlyList<ParameterBinding> Bindings)
{
    public bool IsSwitch => string.Equals(Type, "SwitchParameter", StringComparison.OrdinalIgnoreCase);

    public ParameterBinding? BindingFor(string set) => Bindings.FirstOrDefault(b => b.AppliesTo(set));
}

/// <summary>One yaml block of a parameter: the sets it covers (empty: all) and required/position/pipeline input in them.</summary>
public sealed record ParameterBinding(IReadOnlyList<string> Sets, bool Required, int? Position, PipelineInput PipelineInput, int Line)
{
    public bool AppliesToAllSets => Sets.Count == 0;

    public bool AppliesTo(string set) => AppliesToAllSets || Sets.Contains(set, StringComparer.OrdinalIgnoreCase);
}

/// <summary>How a parameter takes pipeline input, written as PowerShell's help writes it ("True (ByValue, ByPropertyName)").</summary>
public readonly record struct PipelineInput(bool ByValue, bool ByPropertyName)
{
    public static bool TryParse(string text, out PipelineInput input)
    {
        input = default;
        var value = text.Trim();
        if (value.Equals("False", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!value.StartsWith("True (", StringComparison.OrdinalIgnoreCase) || !value.EndsWith(')'))
        {
            return false;
        }

        var kinds = value[6..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var byValue = kinds.Contains("ByValue", StringComparer.OrdinalIgnoreCase);
        var byName = kinds.Contains("ByPropertyName", StringComparer.OrdinalIgnoreCase);
        if (kinds.Length == 0 || kinds.Length != (byValue ? 1 : 0) + (byName ? 1 : 0))
        {
            return false;
        }

        input = new PipelineInput(byValue, byName);
        return true;
    }

    public override string ToString() => (ByValue, ByPropertyName) switch
    {
        (true, true) => "True (ByValue, ByPropertyName)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };
}

/// <summary>An INPUTS or OUTPUTS entry: a type name and what it carries.</summary>
public sealed record TypeHelp(string TypeName, IReadOnlyList<TextBlock> Description);

/// <summary>An example: its title, its code exactly as written, and the remarks after it.</summary>
public sealed record ExampleHelp(string Title, string Code, IReadOnlyList<TextBlock> Remarks);

/// <summary>A related link: a name (a cmdlet, an about_ topic) and a web address when there is one.</summary>
public sealed record RelatedLink(string Text, string? Uri);
