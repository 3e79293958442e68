using System.Text.RegularExpressions;
using OpsModule.HelpGenerator.Markdown;

namespace OpsModule.HelpGenerator.Commands;

/// <summary>
/// Reads a cmdlet page in PlatyPS layout (docs/&lt;Verb-Noun&gt;.md) and checks it against itself: every section present,
/// each syntax block naming exactly the parameters that the yaml blocks put in that set, in the same form.
/// </summary>
public static partial class CommandHelpReader
{
    public const string HelpFileKey = "external help file";

    private static readonly string[] RequiredSections = ["SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS"];

    private static readonly string[] OptionalSections = ["NOTES", "RELATED LINKS"];

    public static bool IsCommandPage(MarkdownPage page) => page.FrontMatter.ContainsKey(HelpFileKey);

    public static CommandHelp Read(MarkdownPage page)
    {
        var file = page.File;
        var helpFile = page.FrontMatter.GetValueOrDefault(HelpFileKey) ?? string.Empty;
        if (helpFile.Length == 0)
        {
            throw new HelpDocumentException(file, 1, $"The front matter's '{HelpFileKey}' is empty: name the MAML file, e.g. OpsModule.dll-Help.xml.");
        }

        if (page.Sections.Count != 1 || page.Sections[0].Level != 1)
        {
            throw new HelpDocumentException(file, page.Sections.FirstOrDefault()?.Line ?? 1, "A cmdlet page has one '# Verb-Noun' title and ## sections under it.");
        }

        var title = page.Sections[0];
        var name = title.Title;
        if (!CommandName().IsMatch(name))
        {
            throw new HelpDocumentException(file, title.Line, $"'# {name}' is not a Verb-Noun command name.");
        }

        if (!string.Equals(Path.GetFileNameWithoutExtension(file), name, StringComparison.OrdinalIgnoreCase))
        {
            throw new HelpDocumentException(file, title.Line, $"The page of {name} is named {name}.md.");
        }

        var bodyText = TextBlockParser.Parse(file, title.Body);
        if (bodyText.Count > 0)
        {
            throw new HelpDocumentException(file, bodyText[0].Line, "Text between the title and ## SYNOPSIS belongs in a section.");
        }

        foreach (var section in title.Children)
        {
            if (!RequiredSections.Concat(OptionalSections).Contains(section.Title, StringComparer.OrdinalIgnoreCase))
            {
                throw new HelpDocumentException(file, section.Line,
                    $"'## {section.Title}' is not a help section; the sections are {string.Join(", ", RequiredSections.Concat(OptionalSections))}.");
            }
        }

        var missing = RequiredSections.Where(s => title.Child(s) is null).ToList();
        if (missing.Count > 0)
        {
            throw new HelpDocumentException(file, 0, $"{name} lacks the section(s) {string.Join(", ", missing.Select(m => "## " + m))}.");
        }

        var parameters = ReadParameters(file, title.Child("PARAMETERS")!);
        var syntax = ReadSyntax(file, name, title.Child("SYNTAX")!, parameters);
        return new CommandHelp(
            name,
            helpFile,
            ReadSynopsis(file, title.Child("SYNOPSIS")!),
            Flatten(file, title.Child("DESCRIPTION")!, required: true),
            syntax,
            parameters,
            ReadTypes(file, title.Child("INPUTS")!),
            ReadTypes(file, title.Child("OUTPUTS")!),
            title.Child("NOTES") is { } notes ? Flatten(file, notes, required: false) : [],
            ReadExamples(file, title.Child("EXAMPLES")!),
            title.Child("RELATED LINKS") is { } links ? ReadLinks(file, links) : []);
    }

    private static string ReadSynopsis(string file, MarkdownSection section)
    {
        var blocks = TextBlockParser.Parse(file, section.Body);
        if (blocks is not [ParagraphBlock paragraph] || section.Children.Count > 0)
        {
            throw new HelpDocumentException(file, section.Line, "## SYNOPSIS is one paragraph: what the command does, in a sentence or two.");
        }

        return InlineText.ToPlain(paragraph.Text);
    }

    /// <summary>A section's prose, its ### sub-headings kept as paragraphs of their own.</summary>
    private static List<TextBlock> Flatten(string file, MarkdownSection section, bool required)
    {
        var blocks = TextBlockParser.Parse(file, section.Body).ToList();
        foreach (var child in section.Children)
        {
            blocks.Add(new ParagraphBlock(child.Line, child.Title));
            blocks.AddRange(Flatten(file, child, required: false));
        }

        if (required && blocks.Count == 0)
        {
            throw new HelpDocumentException(file, section.Line, $"## {section.Title} is empty.");
        }

        return blocks;
    }

    private static List<ParameterHelp> ReadParameters(string file, MarkdownSection section)
    {
        var stray = TextBlockParser.Parse(file, section.Body);
        if (stray.Count > 0)
        {
            throw new HelpDocumentException(file, stray[0].Line, "## PARAMETERS holds only '### -Name' sections (and ### CommonParameters).");
        }

        var parameters = new List<ParameterHelp>();
        foreach (var child in section.Children.Where(c => !c.Title.Equals("CommonParameters", StringComparison.OrdinalIgnoreCase)))
        {
            var parameter = ParameterReader.Read(file, child);
            if (parameters.Any(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new HelpDocumentException(file, child.Line, $"-{parameter.Name} is documented twice.");
            }

            parameters.Add(parameter);
        }

        return parameters;
    }

    private static List<SyntaxSet> ReadSyntax(string file, string name, MarkdownSection section, List<ParameterHelp> parameters)
    {
        var sets = new List<(SyntaxSet Set, int Line, IReadOnlyList<SyntaxElement> Elements)>();
        if (section.Children.Count == 0)
        {
            var block = SingleCode(file, section, section.Body);
            sets.Add((new SyntaxSet(SyntaxSet.AllParameterSets, true, []), section.Line, SyntaxReader.Read(file, name, block)));
        }
        else
        {
            if (TextBlockParser.Parse(file, section.Body).FirstOrDefault() is { } stray)
            {
                throw new HelpDocumentException(file, stray.Line, "With several parameter sets, each syntax block goes under its '### SetName' heading.");
            }

            foreach (var child in section.Children)
            {
                var isDefault = child.Title.EndsWith("(Default)", StringComparison.OrdinalIgnoreCase);
                var setName = isDefault ? child.Title[..^"(Default)".Length].Trim() : child.Title;
                var block = SingleCode(file, child, child.Body);
                sets.Add((new SyntaxSet(setName, isDefault, []), child.Line, SyntaxReader.Read(file, name, block)));
            }

            if (sets.Count(s => s.Set.IsDefault) > 1)
            {
                throw new HelpDocumentException(file, section.Line, "Only one parameter set is marked (Default).");
            }
        }

        var setNames = sets.Select(s => s.Set.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in parameters)
        {
            var unknown = parameter.Bindings.SelectMany(b => b.Sets).FirstOrDefault(s => !setNames.Contains(s));
            if (unknown is not null)
            {
                throw new HelpDocumentException(file, parameter.Bindings.First(b => b.Sets.Contains(unknown)).Line,
                    $"-{parameter.Name} names parameter set '{unknown}', which ## SYNTAX does not have ({string.Join(", ", setNames)}).");
            }
        }

        return sets.Select(s => s.Set with { ParameterNames = CheckSet(file, s.Set.Name, s.Line, s.Elements, parameters) }).ToList();
    }

    /// <summary>The syntax block of a set names exactly the parameters whose yaml puts them in that set, each in its documented form.</summary>
    private static List<string> CheckSet(string file, string set, int line, IReadOnlyList<SyntaxElement> elements, List<ParameterHelp> parameters)
    {
        var inSet = parameters.Where(p => p.BindingFor(set) is not null).Select(p => p.Name).ToList();
        var shown = elements.Select(e => e.Name).ToList();
        var notShown = inSet.Except(shown, StringComparer.OrdinalIgnoreCase).ToList();
        var notInSet = shown.Except(inSet, StringComparer.OrdinalIgnoreCase).ToList();
        var twice = shown.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var label = set == SyntaxSet.AllParameterSets ? "The syntax" : $"The syntax of set {set}";
        if (notShown.Count > 0 || notInSet.Count > 0 || twice.Count > 0)
        {
            throw new HelpDocumentException(file, line,
                $"{label} and the parameters' yaml disagree. Missing from the syntax: [{string.Join(", ", notShown)}]; " +
                $"in the syntax but not in this set (or not documented): [{string.Join(", ", notInSet)}]; shown twice: [{string.Join(", ", twice)}].");
        }

        foreach (var element in elements)
        {
            var parameter = parameters.First(p => string.Equals(p.Name, element.Name, StringComparison.OrdinalIgnoreCase));
            var binding = parameter.BindingFor(set)!;
            var expectedType = parameter.IsSwitch ? null : parameter.Type;
            if (element.Required != binding.Required || element.Positional != binding.Position.HasValue
                || !string.Equals(element.Type, expectedType, StringComparison.OrdinalIgnoreCase))
            {
                throw new HelpDocumentException(file, line,
                    $"{label} shows -{parameter.Name} as {Describe(element.Required, element.Positional, element.Type)}, but its yaml says " +
                    $"{Describe(binding.Required, binding.Position.HasValue, expectedType)}: write it as {Render(parameter, binding)}.");
            }
        }

        return elements.Select(e => parameters.First(p => string.Equals(p.Name, e.Name, StringComparison.OrdinalIgnoreCase)).Name).ToList();
    }

    private static string Describe(bool required, bool positional, string? type)
        => $"{(required ? "required" : "optional")}, {(positional ? "positional" : "named")}, {(type is null ? "a switch" : $"<{type}>")}";

    /// <summary>How the syntax line writes a parameter, e.g. [[-Namespace] &lt;String[]&gt;].</summary>
    public static string Render(ParameterHelp parameter, ParameterBinding binding)
    {
        var name = binding.Position.HasValue ? $"[-{parameter.Name}]" : $"-{parameter.Name}";
        var text = parameter.IsSwitch ? name : $"{name} <{parameter.Type}>";
        return binding.Required ? text : $"[{text}]";
    }

    private static CodeBlock SingleCode(string file, MarkdownSection section, IReadOnlyList<SourceLine> body)
    {
        var blocks = TextBlockParser.Parse(file, body);
        if (blocks is not [CodeBlock code])
        {
            throw new HelpDocumentException(file, section.Line, $"'{section.Title}' holds exactly one code block with the syntax line, nothing else.");
        }

        return code;
    }

    private static List<TypeHelp> ReadTypes(string file, MarkdownSection section)
    {
        if (TextBlockParser.Parse(file, section.Body).FirstOrDefault() is { } stray)
        {
            throw new HelpDocumentException(file, stray.Line, $"## {section.Title} lists each type under its own '### TypeName' heading (or '### None').");
        }

        if (section.Children.Count == 0)
        {
            throw new HelpDocumentException(file, section.Line, $"## {section.Title} is empty: add '### TypeName' headings, or '### None'.");
        }

        return section.Children.Select(c => new TypeHelp(c.Title, Flatten(file, c, required: false))).ToList();
    }

    private static List<ExampleHelp> ReadExamples(string file, MarkdownSection section)
    {
        if (TextBlockParser.Parse(file, section.Body).FirstOrDefault() is { } stray)
        {
            throw new HelpDocumentException(file, stray.Line, "## EXAMPLES holds only '### Example N: title' sections.");
        }

        if (section.Children.Count == 0)
        {
            throw new HelpDocumentException(file, section.Line, "## EXAMPLES has no example: add '### Example 1: title', a code block and remarks.");
        }

        var examples = new List<ExampleHelp>();
        foreach (var example in section.Children)
        {
            var blocks = Flatten(file, example, required: false);
            if (blocks.FirstOrDefault() is not CodeBlock code)
            {
                throw new HelpDocumentException(file, example.Line,
                    $"Example '{example.Title}' starts with its code block; the remarks that explain it come after the code.");
            }

            examples.Add(new ExampleHelp(example.Title, string.Join('\n', code.Lines), blocks.Skip(1).ToList()));
        }

        return examples;
    }

    private static List<RelatedLink> ReadLinks(string file, MarkdownSection section)
    {
        var links = new List<RelatedLink>();
        foreach (var block in Flatten(file, section, required: false))
        {
            var text = block switch
            {
                ListItemBlock item => item.Text,
                ParagraphBlock paragraph => paragraph.Text,
                _ => throw new HelpDocumentException(file, block.Line, "## RELATED LINKS is a list of [name](address) links or names."),
            };
            var match = LinkPattern().Match(text.Trim());
            links.Add(match.Success
                ? new RelatedLink(match.Groups[1].Value, match.Groups[2].Value.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? match.Groups[2].Value : null)
                : new RelatedLink(InlineText.ToPlain(text.Trim()), null));
        }

        return links;
    }

    [GeneratedRegex(@"^[A-Za-z]+-[A-Za-z0-9]+$")]
    private static partial Regex CommandName();

    [GeneratedRegex(@"^\[([^\]]+)\]\(([^)\s]*)\)$")]
    private static partial Regex LinkPattern();
}
