using System.Management.Automation;
using System.Text.RegularExpressions;

namespace OpsModule.Tests.Surface;

/// <summary>
/// The cmdlet design rules, as functions from cmdlet surfaces to human-readable problems (empty = fine).
/// Kept separate from the tests so the rules themselves can be proven against deliberately broken sample cmdlets.
/// </summary>
internal static class SurfaceRules
{
    /// <summary>Nouns the product owner fixed without the Ops prefix, each with its one verb.</summary>
    public static readonly IReadOnlyDictionary<string, string> UnprefixedNouns = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["BlueGreen"] = VerbsCommon.Switch,
        ["DisasterRecovery"] = VerbsDiagnostic.Test,
    };

    /// <summary>Verbs whose cmdlets change state and therefore must honour -WhatIf/-Confirm.</summary>
    public static readonly IReadOnlySet<string> StateChangingVerbs = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        VerbsCommon.Add, VerbsCommon.Clear, VerbsCommon.Copy, VerbsCommon.Move, VerbsCommon.New, VerbsCommon.Remove,
        VerbsCommon.Rename, VerbsCommon.Reset, VerbsCommon.Set, VerbsCommon.Switch, VerbsCommon.Lock, VerbsCommon.Unlock,
        VerbsData.Backup, VerbsData.Restore, VerbsData.Update, VerbsData.Import, VerbsData.Initialize, VerbsData.Merge,
        VerbsData.Mount, VerbsData.Dismount, VerbsData.Publish, VerbsData.Unpublish, VerbsData.Sync,
        VerbsLifecycle.Invoke, VerbsLifecycle.Start, VerbsLifecycle.Stop, VerbsLifecycle.Restart, VerbsLifecycle.Suspend,
        VerbsLifecycle.Resume, VerbsLifecycle.Install, VerbsLifecycle.Uninstall, VerbsLifecycle.Register, VerbsLifecycle.Unregister,
        VerbsLifecycle.Enable, VerbsLifecycle.Disable,
        VerbsSecurity.Grant, VerbsSecurity.Revoke, VerbsSecurity.Block, VerbsSecurity.Unblock, VerbsSecurity.Protect, VerbsSecurity.Unprotect,
        VerbsCommunications.Send, VerbsCommunications.Write,
    };

    /// <summary>PowerShell adds these to every cmdlet; a parameter of the same name (or alias) breaks the cmdlet at load.</summary>
    public static readonly IReadOnlySet<string> CommonParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
        "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
        "vb", "db", "ea", "wa", "infa", "proga", "ev", "wv", "iv", "ov", "ob", "pv", "wi", "cf",
    };

    /// <summary>Approved verbs, read from PowerShell's own Verbs* constant classes.</summary>
    public static readonly IReadOnlySet<string> ApprovedVerbs = new[]
        {
            typeof(VerbsCommon), typeof(VerbsData), typeof(VerbsLifecycle), typeof(VerbsDiagnostic),
            typeof(VerbsCommunications), typeof(VerbsSecurity), typeof(VerbsOther),
        }
        .SelectMany(t => t.GetFields())
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet(StringComparer.Ordinal);

    public static IEnumerable<string> CmdletAttributeAndNaming(CmdletSurface c)
    {
        if (!c.HasCmdletAttribute)
        {
            yield return $"{c.Type.Name}: no [Cmdlet] attribute.";
            yield break;
        }

        if (!ApprovedVerbs.Contains(c.Verb!))
        {
            yield return $"{c.Name}: '{c.Verb}' is not an approved verb (use a Verbs* constant).";
        }

        if (UnprefixedNouns.TryGetValue(c.Noun!, out var fixedVerb))
        {
            if (c.Verb != fixedVerb)
            {
                yield return $"{c.Name}: the noun '{c.Noun}' is reserved for {fixedVerb}-{c.Noun}; other nouns need the Ops prefix.";
            }
        }
        else if (!Regex.IsMatch(c.Noun!, "^Ops[A-Z][A-Za-z]*$"))
        {
            yield return $"{c.Name}: the noun must be 'Ops' + PascalCase (e.g. OpsBackup).";
        }

        if (c.Type.Name != $"{c.Verb}{c.Noun}Command")
        {
            yield return $"{c.Name}: the class must be named {c.Verb}{c.Noun}Command, not {c.Type.Name}.";
        }

        if (!c.Type.IsPublic || !c.Type.IsSealed)
        {
            yield return $"{c.Name}: the class must be public sealed (PowerShell only exports public cmdlets).";
        }

        if (!typeof(OpsAsyncCmdlet).IsAssignableFrom(c.Type))
        {
            yield return $"{c.Name}: must derive from OpsAsyncCmdlet (or OpsConnectionCmdlet) so every write happens on the pipeline thread.";
        }
    }

    public static IEnumerable<string> OutputTypes(CmdletSurface c)
    {
        if (c.OutputTypes.Count == 0)
        {
            yield return $"{c}: no [OutputType].";
        }

        foreach (var output in c.OutputTypes)
        {
            if (output.Type is null)
            {
                yield return $"{c}: [OutputType(\"{output.TypeName}\")] names a type by string; use typeof(...) so it is checked.";
            }
            else if (!output.Type.IsVisible || !output.Type.IsClass || !output.Type.IsSealed)
            {
                yield return $"{c}: output type {output.Display} must be a public sealed class.";
            }
        }

        foreach (var set in c.ParameterSets)
        {
            if (!c.OutputTypesFor(set).Any())
            {
                yield return $"{c}: parameter set '{set}' has no [OutputType].";
            }
        }
    }

    public static IEnumerable<string> ShouldProcess(CmdletSurface c)
    {
        if (!c.HasCmdletAttribute || !StateChangingVerbs.Contains(c.Verb!))
        {
            yield break;
        }

        if (!c.SupportsShouldProcess)
        {
            yield return $"{c.Name}: '{c.Verb}' changes state, so [Cmdlet(..., SupportsShouldProcess = true)] is required.";
        }

        if (c.ConfirmImpact is ConfirmImpactLevel.None or ConfirmImpactLevel.Low)
        {
            yield return $"{c.Name}: ConfirmImpact {c.ConfirmImpact} is too low for a state-changing cmdlet; use Medium or High.";
        }
    }

    public static IEnumerable<string> ParameterSets(CmdletSurface c)
    {
        var sets = c.ParameterSets;
        if (sets.Count > 1 && c.DefaultParameterSetName is null)
        {
            yield return $"{c}: {sets.Count} parameter sets but no DefaultParameterSetName; PowerShell cannot resolve calls that fit several.";
        }

        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in c.Parameters)
        {
            if (!parameter.IsSettable)
            {
                yield return $"{c}: parameter {parameter.Name} needs a public getter and setter.";
            }

            foreach (var name in parameter.NamesAndAliases)
            {
                if (CommonParameters.Contains(name))
                {
                    yield return $"{c}: '{name}' ({parameter.Name}) collides with a PowerShell common parameter.";
                }

                if (!names.TryAdd(name, parameter.Name))
                {
                    yield return $"{c}: '{name}' is used by both {names[name]} and {parameter.Name}.";
                }
            }

            foreach (var duplicate in parameter.Declarations.GroupBy(d => d.SetName, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            {
                yield return $"{c}: parameter {parameter.Name} is declared {duplicate.Count()} times for set '{duplicate.Key}'.";
            }
        }

        foreach (var set in sets)
        {
            var members = c.InSet(set).ToList();
            var fromPipeline = members.Where(m => m.Declaration.ValueFromPipeline).Select(m => m.Parameter.Name).ToList();
            if (fromPipeline.Count > 1)
            {
                yield return $"{c}: set '{set}' has {fromPipeline.Count} ValueFromPipeline parameters ({string.Join(", ", fromPipeline)}); at most one.";
            }

            var positional = members.Where(m => m.Declaration.Position is not null).ToList();
            foreach (var clash in positional.GroupBy(m => m.Declaration.Position).Where(g => g.Count() > 1))
            {
                yield return $"{c}: set '{set}' has position {clash.Key} on {string.Join(", ", clash.Select(m => m.Parameter.Name))}.";
            }

            foreach (var negative in positional.Where(m => m.Declaration.Position < 0))
            {
                yield return $"{c}: {negative.Parameter.Name} has a negative position.";
            }

            // An optional positional parameter before a mandatory one makes the mandatory one impossible to pass by position.
            var firstMandatory = positional.Where(m => m.Declaration.Mandatory).Select(m => m.Declaration.Position).DefaultIfEmpty(null).Min();
            foreach (var early in positional.Where(m => !m.Declaration.Mandatory && m.Declaration.Position < firstMandatory))
            {
                yield return $"{c}: in set '{set}', optional {early.Parameter.Name} (position {early.Declaration.Position}) comes before a mandatory positional parameter.";
            }
        }
    }
}
