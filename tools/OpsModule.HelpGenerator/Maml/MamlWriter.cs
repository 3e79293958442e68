using System.Text;
using System.Xml;
using System.Xml.Linq;
using OpsModule.HelpGenerator.Commands;
using OpsModule.HelpGenerator.Markdown;

namespace OpsModule.HelpGenerator.Maml;

/// <summary>
/// Writes command help as MAML, the XML PowerShell's help system reads for binary cmdlets (&lt;Assembly&gt;.dll-Help.xml):
/// details with the synopsis, description, one syntax item per parameter set, parameters, input and return types,
/// notes, examples and related links. Each markdown block becomes one maml:para; code keeps its line breaks.
/// </summary>
public static class MamlWriter
{
    public static readonly XNamespace Msh = "http://msh";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static XDocument Build(IEnumerable<CommandHelp> commands)
        => new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), commands.Select(CommandElement)));

    public static void Save(XDocument document, string path)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
        };
        using var writer = XmlWriter.Create(path, settings);
        document.Save(writer);
    }

    private static XElement CommandElement(CommandHelp help)
        => new(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XElement(Command + "details",
                new XElement(Command + "name", help.Name),
                new XElement(Command + "verb", help.Verb),
                new XElement(Command + "noun", help.Noun),
                new XElement(Maml + "description", Para(help.Synopsis))),
            Description(help.Description),
            new XElement(Command + "syntax", help.Syntax.Select(set => SyntaxItem(help, set))),
            new XElement(Command + "parameters", help.Parameters.Select(Parameter)),
            new XElement(Command + "inputTypes", help.Inputs.Select(t => TypeEntry("inputType", t))),
            new XElement(Command + "returnValues", help.Outputs.Select(t => TypeEntry("returnValue", t))),
            help.Notes.Count == 0 ? null : new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paras(help.Notes))),
            new XElement(Command + "examples", help.Examples.Select(Example)),
            new XElement(Command + "relatedLinks", help.RelatedLinks.Select(Link)));

    private static XElement SyntaxItem(CommandHelp help, SyntaxSet set)
        => new(Command + "syntaxItem",
            new XElement(Maml + "name", help.Name),
            set.ParameterNames.Select(name =>
            {
                var parameter = help.Parameter(name);
                var binding = parameter.BindingFor(set.Name)!;
                return ParameterElement(parameter, Text(binding.Required), binding.Position?.ToString() ?? "named", binding.PipelineInput.ToString(), inSyntax: true);
            }));

    /// <summary>The parameter list shows one entry per parameter; where sets differ, each value names its sets.</summary>
    private static XElement Parameter(ParameterHelp parameter)
        => ParameterElement(
            parameter,
            PerSet(parameter, b => Text(b.Required)),
            PerSet(parameter, b => b.Position?.ToString() ?? "named"),
            PerSet(parameter, b => b.PipelineInput.ToString()),
            inSyntax: false);

    private static string PerSet(ParameterHelp parameter, Func<ParameterBinding, string> value)
    {
        var values = parameter.Bindings.Select(b => (Value: value(b), b.Sets)).ToList();
        return values.Select(v => v.Value).Distinct().Count() == 1
            ? values[0].Value
            : string.Join("; ", values.Select(v => $"{v.Value} ({string.Join(", ", v.Sets)})"));
    }

    private static XElement ParameterElement(ParameterHelp parameter, string required, string position, string pipelineInput, bool inSyntax)
    {
        var valueType = new XElement(Command + "parameterValue",
            new XAttribute("required", Text(!parameter.IsSwitch)),
            new XAttribute("variableLength", Text(parameter.Type.EndsWith("[]", StringComparison.Ordinal))),
            parameter.Type);
        return new XElement(Command + "parameter",
            new XAttribute("required", required),
            new XAttribute("variableLength", Text(parameter.Type.EndsWith("[]", StringComparison.Ordinal))),
            new XAttribute("globbing", Text(parameter.AcceptsWildcards)),
            new XAttribute("pipelineInput", pipelineInput),
            new XAttribute("position", position),
            new XAttribute("aliases", parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases)),
            new XElement(Maml + "name", parameter.Name),
            // Get-Help -Parameter reads the parameter list; a syntax item needs no description (it would double the file).
            inSyntax ? null : Description(parameter.Description),
            // A switch shows as [-Name] in a syntax line, so its syntax entry has no value; enums show {A | B}.
            inSyntax && parameter.AcceptedValues.Count > 0
                ? new XElement(Command + "parameterValueGroup", parameter.AcceptedValues.Select(v =>
                    new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute("variableLength", "false"), v)))
                : null,
            inSyntax && parameter.IsSwitch ? null : valueType,
            new XElement(Dev + "type", new XElement(Maml + "name", parameter.Type), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", parameter.DefaultValue.Length == 0 ? "None" : InlineText.ToPlain(parameter.DefaultValue)));
    }

    private static XElement TypeEntry(string element, TypeHelp type)
        => new(Command + element,
            new XElement(Dev + "type", new XElement(Maml + "name", type.TypeName), new XElement(Maml + "uri")),
            Description(type.Description));

    private static XElement Example(ExampleHelp example)
        => new(Command + "example",
            new XElement(Maml + "title", $"---------- {example.Title} ----------"),
            new XElement(Dev + "code", example.Code),
            // The closing empty paragraph is the blank line PowerShell shows before the next example's title.
            new XElement(Dev + "remarks", Paras(example.Remarks), Para(string.Empty)));

    private static XElement Link(RelatedLink link)
        => new(Maml + "navigationLink", new XElement(Maml + "linkText", link.Text), new XElement(Maml + "uri", link.Uri ?? string.Empty));

    private static XElement Description(IReadOnlyList<TextBlock> blocks) => new(Maml + "description", Paras(blocks));

    private static IEnumerable<XElement> Paras(IReadOnlyList<TextBlock> blocks) => HelpText.Paragraphs(blocks).Select(Para);

    private static XElement Para(string text) => new(Maml + "para", text);

    private static string Text(bool value) => value ? "true" : "false";
}
