using OpsModule.HelpGenerator.Commands;
using OpsModule.HelpGenerator.Markdown;

namespace OpsModule.Tests.Help;

/// <summary>A small cmdlet page in PlatyPS layout that uses every shape the generator reads; tests take it apart piece by piece.</summary>
internal static class SamplePage
{
    public const string File = "docs/Get-Thing.md";

    public const string Text = """
        ---
        external help file: Sample.dll-Help.xml
        Module Name: Sample
        ---

        # Get-Thing

        ## SYNOPSIS
        Gets things <fast> & **safely**.

        ## SYNTAX

        ### ByName (Default)
        ```
        Get-Thing [-Name] <String[]> [-Kind <ThingKind>]
         [-Force] [<CommonParameters>]
        ```

        ### ByObject
        ```
        Get-Thing -InputObject <Thing> [-Force] [<CommonParameters>]
        ```

        ## DESCRIPTION
        First paragraph
        continues *here*, 2 * 3 times.

        - one item
          wraps here
        - two items

        | Kind | Meaning |
        |---|---|
        | Big | more than `1 \| 2` |

        ## EXAMPLES

        ### Example 1: by name
        ```powershell
        PS> Get-Thing -Name a |
              Where-Object Kind -eq Big
        ```

        Keeps the big ones.

        ```
        Name Kind
        ---- ----
        a    Big
        ```

        ### Example 2: from the pipeline
        ```powershell
        PS> $thing | Get-Thing -Force
        ```

        Takes the thing by value.

        ## PARAMETERS

        ### -Name
        The names.

        ```yaml
        Type: String[]
        Parameter Sets: ByName
        Aliases: N, ThingName

        Required: True
        Position: 0
        Default value: None
        Accept pipeline input: True (ByPropertyName)
        Accept wildcard characters: True
        ```

        ### -Kind
        The kind.

        ```yaml
        Type: ThingKind
        Parameter Sets: ByName
        Aliases:
        Accepted values: Big, Small

        Required: False
        Position: Named
        Default value: Big
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -InputObject
        The thing.

        ```yaml
        Type: Thing
        Parameter Sets: ByObject
        Aliases:

        Required: True
        Position: Named
        Default value: None
        Accept pipeline input: True (ByValue)
        Accept wildcard characters: False
        ```

        ### -Force
        Does it anyway.

        ```yaml
        Type: SwitchParameter
        Parameter Sets: (All)
        Aliases:

        Required: False
        Position: Named
        Default value: False
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### CommonParameters
        This cmdlet supports the common parameters.

        ## INPUTS

        ### System.String[]
        Names, by property name.

        ## OUTPUTS

        ### Sample.Thing
        One per thing.

        ## NOTES
        Needs nothing.

        ## RELATED LINKS

        - [Online](https://example.com/thing)
        - [about_Thing](about_Thing.md)
        """;

    public static CommandHelp Read(string text = Text) => CommandHelpReader.Read(MarkdownPage.Parse(File, text));

    /// <summary>The page with one exact piece of text replaced; fails when the piece is not there, so a test never edits nothing.</summary>
    public static string With(string oldText, string newText)
    {
        Assert.Contains(oldText, Text);
        return Text.Replace(oldText, newText);
    }

    /// <summary>The page without the ## section of that name (up to the next ## heading).</summary>
    public static string Without(string section)
    {
        var start = Text.IndexOf($"## {section}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"The sample has no ## {section}.");
        var end = Text.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        return Text[..start] + (end < 0 ? string.Empty : Text[(end + 1)..]);
    }
}
