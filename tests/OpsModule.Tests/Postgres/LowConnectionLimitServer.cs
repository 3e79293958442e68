using OpsModule.Tests.Support;

namespace OpsModule.Tests.Postgres;

/// <summary>A dedicated server with max_connections = 20, so a test can fill it without disturbing the shared one.</summary>
public sealed class LowConnectionLimitServer : IAsyncLifetime
{
    public const int MaxConnections = 20;

    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync(new PostgresServerOptions { MaxConnections = MaxConnections });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
