namespace OpsModule.Sandbox;

/// <summary>Azurite's blob service in environment.json: its endpoint, its one account and that account's key (random per sandbox).</summary>
internal sealed record SandboxAzure
{
    public required string Endpoint { get; init; }

    public required string Account { get; init; }

    public required string AccountKey { get; init; }

    public required IReadOnlyList<string> Containers { get; init; }
}
