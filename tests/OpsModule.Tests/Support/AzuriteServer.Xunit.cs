namespace OpsModule.Tests.Support;

/// <summary>The xunit side of <see cref="AzuriteServer"/>: a collection fixture started and stopped by xunit (the sandbox links the other file only).</summary>
public sealed partial class AzuriteServer : IAsyncLifetime
{
    /// <summary>For xunit's collection fixture; the server starts in <see cref="IAsyncLifetime.InitializeAsync"/>.</summary>
    public AzuriteServer()
    {
    }

    async Task IAsyncLifetime.InitializeAsync() => await StartCoreAsync();

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}

[CollectionDefinition(AzuriteServer.CollectionName)]
public sealed class AzuriteServerCollection : ICollectionFixture<AzuriteServer>
{
}
