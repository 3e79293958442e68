namespace OpsModule.Core.Completion;

/// <summary>Turns found names into completions: those the typed word matches, each once, sorted case-insensitively, quoted where needed.</summary>
public static class CompletionList
{
    public static IReadOnlyList<CompletionCandidate> Select(IEnumerable<CompletionName> names, CompletionWord word)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(word);
        return names
            .Where(n => !string.IsNullOrEmpty(n.Name) && word.Matches(n.Name))
            .DistinctBy(n => n.Name, StringComparer.Ordinal)
            .OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(n => n.Name, StringComparer.Ordinal)
            .Select(n => new CompletionCandidate(word.Format(n.Name), n.Name, n.ToolTip))
            .ToArray();
    }
}
