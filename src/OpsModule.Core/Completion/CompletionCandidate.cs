namespace OpsModule.Core.Completion;

/// <summary>One completion: the text put on the command line (quoted when needed), the name shown in the list, and a tooltip.</summary>
public sealed record CompletionCandidate(string CompletionText, string ListItemText, string ToolTip);
