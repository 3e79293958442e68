namespace OpsModule.HelpGenerator.Markdown;

/// <summary>One line of a help page with its 1-based line number, for errors that point at it.</summary>
public readonly record struct SourceLine(int Number, string Text)
{
    public bool IsBlank => string.IsNullOrWhiteSpace(Text);
}
