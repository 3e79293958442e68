using System.Xml.Linq;
using OpsModule.HelpGenerator.Maml;

namespace OpsModule.Tests.Help;

/// <summary>A cmdlet page becomes the MAML that Get-Help reads: each section in its element, in PowerShell's attribute vocabulary.</summary>
public sealed class MamlWriterTests
{
    private static readonly XNamespace Maml = MamlWriter.Maml;
    private static readonly XNamespace Command = MamlWriter.Command;
    private static readonly XNamespace Dev = MamlWriter.Dev;

    private static XElement SampleCommand() => MamlWriter.Build([SamplePage.Read()]).Root!.Element(Command + "command")!;

    [Fact]
    public void Details_carry_the_name_verb_noun_and_the_synopsis_as_plain_text()
    {
        var details = SampleCommand().Element(Command + "details")!;

        Assert.Equal("Get-Thing", details.Element(Command + "name")!.Value);
        Assert.Equal("Get", details.Element(Command + "verb")!.Value);
        Assert.Equal("Thing", details.Element(Command + "noun")!.Value);
        Assert.Equal("Gets things <fast> & safely.", details.Element(Maml + "description")!.Element(Maml + "para")!.Value);
    }

    [Fact]
    public void Description_is_one_paragraph_per_block_in_plain_text_and_a_list_or_table_one_line_per_item()
    {
        var paras = SampleCommand().Element(Maml + "description")!.Elements(Maml + "para").Select(p => p.Value).ToList();

        Assert.Equal(
            ["First paragraph continues here, 2 * 3 times.", "- one item wraps here\n- two items", "- Big: more than `1 | 2`"],
            paras);
    }

    [Fact]
    public void Each_parameter_set_is_a_syntax_item_in_the_order_its_syntax_block_shows()
    {
        var items = SampleCommand().Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();

        Assert.Equal(2, items.Count);
        Assert.Equal(["Name", "Kind", "Force"], Names(items[0]));
        Assert.Equal(["InputObject", "Force"], Names(items[1]));
        var name = items[0].Elements(Command + "parameter").First();
        Assert.Equal("true", name.Attribute("required")!.Value);
        Assert.Equal("0", name.Attribute("position")!.Value);
        Assert.Equal("True (ByPropertyName)", name.Attribute("pipelineInput")!.Value);
        Assert.Equal("N, ThingName", name.Attribute("aliases")!.Value);
        Assert.Equal("true", name.Attribute("globbing")!.Value);
        Assert.Equal("String[]", name.Element(Command + "parameterValue")!.Value);
    }

    [Fact]
    public void In_a_syntax_item_a_switch_has_no_value_and_an_enum_lists_its_values()
    {
        var item = SampleCommand().Element(Command + "syntax")!.Elements(Command + "syntaxItem").First();
        var force = Parameter(item, "Force");
        var kind = Parameter(item, "Kind");

        Assert.Null(force.Element(Command + "parameterValue"));
        Assert.Equal(["Big", "Small"], kind.Element(Command + "parameterValueGroup")!.Elements(Command + "parameterValue").Select(v => v.Value));
    }

    [Fact]
    public void The_parameter_list_describes_every_parameter_with_type_default_and_binding()
    {
        var parameters = SampleCommand().Element(Command + "parameters")!;
        var input = Parameter(parameters, "InputObject");
        var kind = Parameter(parameters, "Kind");

        Assert.Equal(["Name", "Kind", "InputObject", "Force"], Names(parameters));
        Assert.Equal("The thing.", input.Element(Maml + "description")!.Element(Maml + "para")!.Value);
        Assert.Equal("True (ByValue)", input.Attribute("pipelineInput")!.Value);
        Assert.Equal("named", input.Attribute("position")!.Value);
        Assert.Equal("none", input.Attribute("aliases")!.Value);
        Assert.Equal("Thing", input.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal("Big", kind.Element(Dev + "defaultValue")!.Value);
    }

    [Fact]
    public void A_parameter_that_binds_differently_per_set_names_the_sets_in_the_parameter_list()
    {
        var page = SamplePage.With(
            """
            ### -Force
            Does it anyway.

            ```yaml
            Type: SwitchParameter
            Parameter Sets: (All)
            Aliases:

            Required: False
            Position: Named
            """,
            """
            ### -Force
            Does it anyway.

            ```yaml
            Type: SwitchParameter
            Parameter Sets: ByObject
            Aliases:

            Required: True
            Position: Named
            Default value: False
            Accept pipeline input: False
            Accept wildcard characters: False
            ```

            ```yaml
            Type: SwitchParameter
            Parameter Sets: ByName
            Aliases:

            Required: False
            Position: Named
            """).Replace("Get-Thing -InputObject <Thing> [-Force]", "Get-Thing -InputObject <Thing> -Force", StringComparison.Ordinal);

        var command = MamlWriter.Build([SamplePage.Read(page)]).Root!.Element(Command + "command")!;
        var force = Parameter(command.Element(Command + "parameters")!, "Force");
        var inObjectSet = Parameter(command.Element(Command + "syntax")!.Elements(Command + "syntaxItem").Last(), "Force");

        Assert.Equal("true (ByObject); false (ByName)", force.Attribute("required")!.Value);
        Assert.Equal("true", inObjectSet.Attribute("required")!.Value);
    }

    [Fact]
    public void Examples_keep_their_title_their_code_exactly_and_every_remark_with_code_line_breaks()
    {
        var example = SampleCommand().Element(Command + "examples")!.Elements(Command + "example").First();
        var remarks = example.Element(Dev + "remarks")!.Elements(Maml + "para").Select(p => p.Value).ToList();

        Assert.Contains("Example 1: by name", example.Element(Maml + "title")!.Value);
        Assert.Equal("PS> Get-Thing -Name a |\n      Where-Object Kind -eq Big", example.Element(Dev + "code")!.Value);
        Assert.Equal(["Keeps the big ones.", "Name Kind\n---- ----\na    Big", string.Empty], remarks);
        Assert.Equal(2, SampleCommand().Element(Command + "examples")!.Elements(Command + "example").Count());
    }

    [Fact]
    public void Inputs_outputs_notes_and_related_links_have_their_elements()
    {
        var command = SampleCommand();
        var input = command.Element(Command + "inputTypes")!.Element(Command + "inputType")!;
        var output = command.Element(Command + "returnValues")!.Element(Command + "returnValue")!;
        var links = command.Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink").ToList();

        Assert.Equal("System.String[]", input.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal("Names, by property name.", input.Element(Maml + "description")!.Value);
        Assert.Equal("Sample.Thing", output.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal("Needs nothing.", command.Element(Maml + "alertSet")!.Element(Maml + "alert")!.Value);
        Assert.Equal(["Online", "about_Thing"], links.Select(l => l.Element(Maml + "linkText")!.Value));
        Assert.Equal(["https://example.com/thing", string.Empty], links.Select(l => l.Element(Maml + "uri")!.Value));
    }

    [Fact]
    public void Angle_brackets_and_ampersands_are_escaped_in_the_file_and_read_back_unchanged()
    {
        using var folder = new Support.TempDirectory();
        var path = folder.File("Sample.dll-Help.xml");

        MamlWriter.Save(MamlWriter.Build([SamplePage.Read()]), path);

        var raw = File.ReadAllText(path);
        Assert.Contains("Gets things &lt;fast&gt; &amp; safely.", raw);
        Assert.DoesNotContain("<fast>", raw);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", raw);
        var synopsis = XDocument.Load(path).Descendants(Command + "details").Single().Element(Maml + "description")!.Value;
        Assert.Equal("Gets things <fast> & safely.", synopsis);
    }

    private static List<string> Names(XElement parent)
        => parent.Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value).ToList();

    private static XElement Parameter(XElement parent, string name)
        => parent.Elements(Command + "parameter").Single(p => p.Element(Maml + "name")!.Value == name);
}
