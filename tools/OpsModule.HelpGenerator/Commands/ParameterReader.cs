using OpsModule.HelpGenerator.Markdown;

namespace OpsModule.HelpGenerator.Commands;

/// <summary>
/// Reads a "### -Name" section: its description, then one yaml block per group of parameter sets (PlatyPS layout):
/// Type, Parameter Sets, Aliases, [Accepted values], Required, Position, Default value, Accept pipeline input, Accept wildcard characters.
/// </summary>
public static class ParameterReader
{
    private const string AllSets = "(All)";

    private static readonly string[] RequiredKeys =
        ["Type", "Parameter Sets", "Aliases", "Required", "Position", "Default value", "Accept pipeline input", "Accept wildcard characters"];

    private static readonly string[] KnownKeys = [.. RequiredKeys, "Accepted values"];

    public static ParameterHelp Read(string file, MarkdownSection section)
    {
        var name = section.Title.TrimStart('-');
        if (!section.Title.StartsWith('-') || name.Length == 0 || name.Any(c => !char.IsLetterOrDigit(c) && c != '_'))
        {
            throw new HelpDocumentException(file, section.Line,
                $"'### {section.Title}': each parameter has its own heading, '### -Name' (one parameter per heading).");
        }

        if (section.Children.Count > 0)
        {
            throw new HelpDocumentException(file, section.Children[0].Line, $"-{name}: a parameter's section has no sub-headings.");
        }

        var blocks = TextBlockParser.Parse(file, section.Body);
        var yamlBlocks = blocks.OfType<CodeBlock>().Where(b => b.Language.Equals("yaml", StringComparison.OrdinalIgnoreCase)).ToList();
        if (yamlBlocks.Count == 0)
        {
            throw new HelpDocumentException(file, section.Line,
                $"-{name} has no ```yaml block with its Type, Parameter Sets, Aliases, Required, Position, Default value, Accept pipeline input and Accept wildcard characters.");
        }

        var description = blocks.Except(yamlBlocks).ToList();
        if (description.Count == 0)
        {
            throw new HelpDocumentException(file, section.Line, $"-{name} has no description: say what it does and what it defaults to.");
        }

        var fields = yamlBlocks.Select(b => (Block: b, Values: ReadFields(file, name, b))).ToList();
        var first = fields[0];
        foreach (var other in fields.Skip(1))
        {
            foreach (var key in new[] { "Type", "Aliases", "Accepted values", "Default value", "Accept wildcard characters" })
            {
                if (!string.Equals(first.Values.GetValueOrDefault(key), other.Values.GetValueOrDefault(key), StringComparison.Ordinal))
                {
                    throw new HelpDocumentException(file, other.Block.Line,
                        $"-{name}: '{key}' differs between its yaml blocks; only Parameter Sets, Required, Position and Accept pipeline input may differ per set.");
                }
            }
        }

        var bindings = fields.Select(f => ReadBinding(file, name, f.Block, f.Values)).ToList();
        CheckSetsDoNotOverlap(file, name, bindings);
        return new ParameterHelp(
            name,
            first.Values["Type"],
            List(first.Values["Aliases"]),
            List(first.Values.GetValueOrDefault("Accepted values") ?? string.Empty),
            first.Values["Default value"],
            Bool(file, name, first.Block, "Accept wildcard characters", first.Values["Accept wildcard characters"]),
            description,
            bindings);
    }

    private static Dictionary<string, string> ReadFields(string file, string name, CodeBlock block)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < block.Lines.Count; i++)
        {
            var line = block.Lines[i];
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var colon = line.IndexOf(':');
            var key = colon > 0 ? line[..colon].Trim() : string.Empty;
            var known = KnownKeys.FirstOrDefault(k => k.Equals(key, StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                throw new HelpDocumentException(file, block.Line + 1 + i,
                    $"-{name}: '{line.Trim()}' is not one of the yaml keys {string.Join(", ", KnownKeys)}.");
            }

            if (!values.TryAdd(known, line[(colon + 1)..].Trim()))
            {
                throw new HelpDocumentException(file, block.Line + 1 + i, $"-{name}: '{known}' appears twice in one yaml block.");
            }
        }

        var missing = RequiredKeys.Where(k => !values.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            throw new HelpDocumentException(file, block.Line, $"-{name}: the yaml block lacks {string.Join(", ", missing)}.");
        }

        if (values["Type"].Length == 0)
        {
            throw new HelpDocumentException(file, block.Line, $"-{name}: Type is empty.");
        }

        return values;
    }

    private static ParameterBinding ReadBinding(string file, string name, CodeBlock block, Dictionary<string, string> values)
    {
        var sets = List(values["Parameter Sets"]);
        if (sets.Count == 0)
        {
            throw new HelpDocumentException(file, block.Line, $"-{name}: Parameter Sets is empty; write (All) or the set names.");
        }

        if (sets.Contains(AllSets, StringComparer.OrdinalIgnoreCase) && sets.Count > 1)
        {
            throw new HelpDocumentException(file, block.Line, $"-{name}: Parameter Sets is either (All) or a list of set names, not both.");
        }

        var positionText = values["Position"];
        int? position = positionText.Equals("Named", StringComparison.OrdinalIgnoreCase) ? null
            : int.TryParse(positionText, out var p) && p >= 0 ? p
            : throw new HelpDocumentException(file, block.Line, $"-{name}: Position is Named or a number from 0, not '{positionText}'.");

        if (!PipelineInput.TryParse(values["Accept pipeline input"], out var pipeline))
        {
            throw new HelpDocumentException(file, block.Line,
                $"-{name}: Accept pipeline input is False, True (ByValue), True (ByPropertyName) or True (ByValue, ByPropertyName), not '{values["Accept pipeline input"]}'.");
        }

        return new ParameterBinding(
            sets.Contains(AllSets, StringComparer.OrdinalIgnoreCase) ? [] : sets,
            Bool(file, name, block, "Required", values["Required"]),
            position,
            pipeline,
            block.Line);
    }

    private static void CheckSetsDoNotOverlap(string file, string name, List<ParameterBinding> bindings)
    {
        if (bindings.Count > 1 && bindings.Any(b => b.AppliesToAllSets))
        {
            throw new HelpDocumentException(file, bindings[1].Line, $"-{name}: a yaml block for (All) sets must be its only one.");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var binding in bindings)
        {
            var repeated = binding.Sets.FirstOrDefault(s => !seen.Add(s));
            if (repeated is not null)
            {
                throw new HelpDocumentException(file, binding.Line, $"-{name}: set {repeated} is in two of its yaml blocks.");
            }
        }
    }

    private static bool Bool(string file, string name, CodeBlock block, string key, string value)
        => value.Equals("True", StringComparison.OrdinalIgnoreCase) ? true
            : value.Equals("False", StringComparison.OrdinalIgnoreCase) ? false
            : throw new HelpDocumentException(file, block.Line, $"-{name}: {key} is True or False, not '{value}'.");

    private static List<string> List(string value)
        => value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
}
