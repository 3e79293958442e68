namespace OpsModule.Core.Kubernetes;

/// <summary>Options of a list call. <see cref="PageSize"/> is the <c>limit</c> of each page; the client follows <c>continue</c> tokens.</summary>
public sealed record ListOptions
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    public int PageSize { get; init; } = 500;

    public static ListOptions Default { get; } = new();
}
