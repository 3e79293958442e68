using OpsModule.HelpGenerator.Markdown;

namespace OpsModule.HelpGenerator.About;

/// <summary>An about_ topic: its name and its sections, SHORT DESCRIPTION and LONG DESCRIPTION first.</summary>
public sealed record AboutTopic(string Name, IReadOnlyList<AboutSection> Sections)
{
    public string FileName => Name + ".help.txt";
}

/// <summary>A section of an about_ topic; Level 2 is a section, 3 a sub-section.</summary>
public sealed record AboutSection(string Heading, int Level, IReadOnlyList<TextBlock> Blocks);
