namespace OpsModule.HelpGenerator.Markdown;

/// <summary>A block of prose in a help page, in the few shapes the pages use.</summary>
public abstract record TextBlock(int Line);

/// <summary>Lines up to a blank line, joined into one paragraph (the renderer wraps it).</summary>
public sealed record ParagraphBlock(int Line, string Text) : TextBlock(Line);

/// <summary>One item of a bulleted ("-") or numbered ("1.") list, continuation lines joined; Depth 0 is the outer list.</summary>
public sealed record ListItemBlock(int Line, string Marker, int Depth, string Text) : TextBlock(Line);

/// <summary>A fenced code block: its lines exactly, never wrapped.</summary>
public sealed record CodeBlock(int Line, string Language, IReadOnlyList<string> Lines) : TextBlock(Line);

/// <summary>A pipe table: the header cells and each row's cells.</summary>
public sealed record TableBlock(int Line, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) : TextBlock(Line);
