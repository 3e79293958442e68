namespace OpsModule.Core.Completion;

/// <summary>A name a lister found, with the tooltip that tells the user what it is (kind, namespace, state).</summary>
public sealed record CompletionName(string Name, string ToolTip);
