namespace OpsModule.HelpGenerator.Markdown;

/// <summary>A heading, the lines under it up to its first sub-heading, and its sub-headings.</summary>
public sealed record MarkdownSection(string Title, int Level, int Line, IReadOnlyList<SourceLine> Body, IReadOnlyList<MarkdownSection> Children)
{
    public MarkdownSection? Child(string title)
        => Children.FirstOrDefault(c => string.Equals(c.Title, title, StringComparison.OrdinalIgnoreCase));
}
