using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace OpsModule.Tests.Config;

/// <summary>
/// A tiny https server on 127.0.0.1 that records what a client presented: SNI, client certificate, Authorization.
/// Answers 401 for Authorization values listed in <see cref="Rejected"/>.
/// </summary>
internal sealed class TlsEchoServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TlsEchoServer(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<string?> Authorizations { get; } = new();

    public ConcurrentQueue<string?> ServerNames { get; } = new();

    public ConcurrentQueue<X509Certificate2?> ClientCertificates { get; } = new();

    public ConcurrentQueue<string> Bodies { get; } = new();

    public ConcurrentDictionary<string, bool> Rejected { get; } = new();

    public static async Task<TlsEchoServer> StartAsync(X509Certificate2 serverCertificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration(); // the slim builder leaves https out
        builder.WebHost.UseUrls("https://127.0.0.1:0");
        TlsEchoServer? server = null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ServerCertificateSelector = (_, name) =>
            {
                server!.ServerNames.Enqueue(name);
                return serverCertificate;
            };
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.ClientCertificateValidation = (_, _, _) => true;
        }));
        var app = builder.Build();
        server = new TlsEchoServer(app);
        app.UseWebSockets();
        app.Run(async context =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            if (context.WebSockets.IsWebSocketRequest)
            {
                // Echo what authenticated the upgrade, then close.
                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(authorization), System.Net.WebSockets.WebSocketMessageType.Text, true, default);
                await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "bye", default);
                return;
            }

            server.Authorizations.Enqueue(authorization.Length == 0 ? null : authorization);
            server.ClientCertificates.Enqueue(context.Connection.ClientCertificate);
            using var reader = new StreamReader(context.Request.Body);
            server.Bodies.Enqueue(await reader.ReadToEndAsync());
            if (server.Rejected.ContainsKey(authorization))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await context.Response.WriteAsync("ok");
        });
        await app.StartAsync();
        server.Url = new Uri(app.Urls.First());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
