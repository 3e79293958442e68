namespace OpsModule.Tests.Surface;

/// <summary>
/// What PowerShell would see of one cmdlet class, read from attribute metadata. PowerShellStandard.Library is a stub
/// assembly whose attribute constructors and getters do nothing, so attributes are read as CustomAttributeData, never instantiated.
/// </summary>
internal sealed record CmdletSurface(
    Type Type,
    string? Verb,
    string? Noun,
    bool SupportsShouldProcess,
    ConfirmImpactLevel? ConfirmImpact,
    string? DefaultParameterSetName,
    IReadOnlyList<OutputTypeDeclaration> OutputTypes,
    IReadOnlyList<ParameterSurface> Parameters)
{
    public const string AllParameterSets = "__AllParameterSets";

    public bool HasCmdletAttribute => Verb is not null && Noun is not null;

    public string Name => $"{Verb}-{Noun}";

    /// <summary>The parameter sets PowerShell would build: the named ones, or the single implicit set.</summary>
    public IReadOnlyList<string> ParameterSets
    {
        get
        {
            var named = Parameters.SelectMany(p => p.Declarations).Select(d => d.SetName)
                .Where(s => s != AllParameterSets).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (DefaultParameterSetName is { } defaultSet && !named.Contains(defaultSet, StringComparer.OrdinalIgnoreCase))
            {
                named.Add(defaultSet);
            }

            return named.Count > 0 ? named : [AllParameterSets];
        }
    }

    /// <summary>The parameters of one set with their declaration for that set (a set-specific one wins over AllParameterSets).</summary>
    public IEnumerable<(ParameterSurface Parameter, ParameterDeclaration Declaration)> InSet(string setName)
    {
        foreach (var parameter in Parameters)
        {
            var declaration = parameter.Declarations.FirstOrDefault(d => string.Equals(d.SetName, setName, StringComparison.OrdinalIgnoreCase))
                ?? parameter.Declarations.FirstOrDefault(d => d.SetName == AllParameterSets);
            if (declaration is not null)
            {
                yield return (parameter, declaration);
            }
        }
    }

    /// <summary>Output types declared for <paramref name="setName"/> (declarations without a set apply to all sets).</summary>
    public IEnumerable<OutputTypeDeclaration> OutputTypesFor(string setName)
        => OutputTypes.Where(o => o.SetNames.Count == 0
            || o.SetNames.Any(s => s == AllParameterSets || string.Equals(s, setName, StringComparison.OrdinalIgnoreCase)));

    public override string ToString() => HasCmdletAttribute ? $"{Name} ({Type.Name})" : Type.Name;
}

/// <summary>Mirrors System.Management.Automation.ConfirmImpact (stored as its integer value in metadata).</summary>
internal enum ConfirmImpactLevel
{
    None = 0,
    Low = 1,
    Medium = 2,
    High = 3,
}

/// <summary>An [OutputType] entry: a Type, or (discouraged) a type name string.</summary>
internal sealed record OutputTypeDeclaration(Type? Type, string? TypeName, IReadOnlyList<string> SetNames)
{
    public string Display => Type?.FullName ?? TypeName ?? "?";
}

internal sealed record ParameterSurface(
    string Name,
    Type Type,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<ParameterDeclaration> Declarations,
    bool IsSettable,
    Type DeclaringType)
{
    public IEnumerable<string> NamesAndAliases => Aliases.Prepend(Name);
}

/// <summary>One [Parameter] attribute: the parameter's behaviour in one set.</summary>
internal sealed record ParameterDeclaration(
    string SetName,
    bool Mandatory,
    int? Position,
    bool ValueFromPipeline,
    bool ValueFromPipelineByPropertyName);
