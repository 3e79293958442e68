namespace OpsModule.HelpGenerator;

/// <summary>A help page that cannot become help: names the file and line so the writer can fix the page.</summary>
public sealed class HelpDocumentException(string file, int line, string message) : Exception(message)
{
    public string File { get; } = file;

    /// <summary>1-based; 0 when the problem is the file as a whole.</summary>
    public int Line { get; } = line;

    /// <summary>MSBuild's canonical error format, so the build shows it as an error at that line.</summary>
    public string ToCanonicalError() => Line > 0
        ? $"{File}({Line}): error OPSHELP: {Message}"
        : $"{File}: error OPSHELP: {Message}";
}
