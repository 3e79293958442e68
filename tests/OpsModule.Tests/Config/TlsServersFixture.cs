using System.Security.Cryptography.X509Certificates;

namespace OpsModule.Tests.Config;

/// <summary>Two https echo servers signed by a test CA: one whose certificate names 127.0.0.1, one that only names kube.internal.</summary>
public sealed class TlsServersFixture : IAsyncLifetime
{
    public X509Certificate2 Ca { get; } = TestPki.CreateCa("opsmodule-test-cluster-ca");

    public X509Certificate2 OtherCa { get; } = TestPki.CreateCa("some-other-ca");

    internal TlsEchoServer ByIp { get; private set; } = null!;

    internal TlsEchoServer ByName { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ByIp = await TlsEchoServer.StartAsync(TestPki.IssueServer(Ca, "127.0.0.1", "localhost"));
        ByName = await TlsEchoServer.StartAsync(TestPki.IssueServer(Ca, "kube.internal"));
    }

    public async Task DisposeAsync()
    {
        await ByIp.DisposeAsync();
        await ByName.DisposeAsync();
    }
}
