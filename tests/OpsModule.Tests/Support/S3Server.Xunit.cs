namespace OpsModule.Tests.Support;

/// <summary>The xunit side of <see cref="S3Server"/>: a collection fixture started and stopped by xunit (the sandbox launcher links the other file only).</summary>
public sealed partial class S3Server : IAsyncLifetime
{
    /// <summary>For xunit's collection fixture; the server starts in <see cref="IAsyncLifetime.InitializeAsync"/>.</summary>
    public S3Server()
    {
    }

    async Task IAsyncLifetime.InitializeAsync() => await StartCoreAsync();

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}

[CollectionDefinition(S3Server.CollectionName)]
public sealed class S3ServerCollection : ICollectionFixture<S3Server>
{
}
