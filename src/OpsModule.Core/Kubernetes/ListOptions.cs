namespace OpsModule.Core.Kubernetes;

/// <summary>Options of a list call. <see cref="PageSize"/> is the <c>limit</c> of each page; the client follows <c>continue</c> tokens.</summary>
public sealed record ListOptions
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    public int PageSize { get; init; } = 500;

    public static ListOptions Default { get; } = new();

    internal string ToQuery(string? continueToken)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(LabelSelector))
        {
            parts.Add("labelSelector=" + Uri.EscapeDataString(LabelSelector));
        }

        if (!string.IsNullOrEmpty(FieldSelector))
        {
            parts.Add("fieldSelector=" + Uri.EscapeDataString(FieldSelector));
        }

        if (PageSize > 0)
        {
            parts.Add("limit=" + PageSize);
        }

        if (!string.IsNullOrEmpty(continueToken))
        {
            parts.Add("continue=" + Uri.EscapeDataString(continueToken));
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }
}
