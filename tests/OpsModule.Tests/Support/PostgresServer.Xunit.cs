namespace OpsModule.Tests.Support;

/// <summary>The xunit side of <see cref="PostgresServer"/>: a collection fixture started and stopped by xunit (the sandbox launcher links the other file only).</summary>
public sealed partial class PostgresServer : IAsyncLifetime
{
    /// <summary>For xunit's collection fixture; the server starts in <see cref="IAsyncLifetime.InitializeAsync"/>.</summary>
    public PostgresServer()
        : this(new PostgresServerOptions())
    {
    }

    async Task IAsyncLifetime.InitializeAsync() => await StartCoreAsync();

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}

/// <summary>One <see cref="PostgresServer"/> shared by every test class marked <c>[Collection(PostgresServer.CollectionName)]</c>.</summary>
[CollectionDefinition(PostgresServer.CollectionName)]
public sealed class PostgresServerCollection : ICollectionFixture<PostgresServer>
{
}
