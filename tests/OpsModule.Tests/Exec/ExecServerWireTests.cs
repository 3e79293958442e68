using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using OpsModule.TestCluster.Exec;

namespace OpsModule.Tests.Exec;

/// <summary>The test cluster's exec endpoint checked on the wire with a plain WebSocket, independent of our client.</summary>
public sealed class ExecServerWireTests : IClassFixture<ExecClusterFixture>
{
    private readonly ExecClusterFixture _fixture;

    public ExecServerWireTests(ExecClusterFixture fixture)
    {
        _fixture = fixture;
        fixture.Exec.Reset();
    }

    [Fact]
    public async Task Sends_the_ready_signal_then_output_then_a_success_status_and_a_normal_close()
    {
        using var socket = await ConnectAsync("command=echo&command=hi&stdout=true&stderr=true", ExecProtocols.V5);

        var messages = await ReadAllAsync(socket);

        Assert.Equal("v5.channel.k8s.io", socket.SubProtocol);
        Assert.Equal([1], messages[0]);
        Assert.Equal("\u0001hi\n", Encoding.UTF8.GetString(messages[1]));
        Assert.Equal("\u0003{\"metadata\":{},\"status\":\"Success\"}", Encoding.UTF8.GetString(messages[^1]));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task The_ready_signal_goes_to_stderr_when_stdout_is_not_attached()
    {
        using var socket = await ConnectAsync("command=true&stderr=true", ExecProtocols.V4);

        var messages = await ReadAllAsync(socket);

        Assert.Equal("v4.channel.k8s.io", socket.SubProtocol);
        Assert.Equal([2], messages[0]);
    }

    [Fact]
    public async Task A_non_zero_exit_is_a_NonZeroExitCode_status_with_an_ExitCode_cause()
    {
        using var socket = await ConnectAsync("command=sh&command=-c&command=exit%203&stdout=true", ExecProtocols.V4);

        var status = JsonNode.Parse(Encoding.UTF8.GetString((await ReadAllAsync(socket))[^1].AsSpan(1)))!;

        Assert.Equal("Failure", (string?)status["status"]);
        Assert.Equal("NonZeroExitCode", (string?)status["reason"]);
        Assert.Equal("ExitCode", (string?)status["details"]!["causes"]![0]!["reason"]);
        Assert.Equal("3", (string?)status["details"]!["causes"]![0]!["message"]);
    }

    [Fact]
    public async Task The_v5_close_signal_ends_the_command_stdin()
    {
        using var socket = await ConnectAsync("command=wc&command=-c&stdin=true&stdout=true", ExecProtocols.V5);

        await socket.SendAsync(new byte[] { 0, (byte)'a', (byte)'b', (byte)'c' }, WebSocketMessageType.Binary, true, default);
        await socket.SendAsync(new byte[] { 255, 0 }, WebSocketMessageType.Binary, true, default);
        var messages = await ReadAllAsync(socket);

        Assert.Equal("3", Encoding.UTF8.GetString(messages[1].AsSpan(1)).Trim());
        Assert.Contains("Success", Encoding.UTF8.GetString(messages[^1]));
    }

    [Fact]
    public async Task No_common_subprotocol_fails_the_handshake_with_403()
    {
        _fixture.Exec.SupportedProtocols = [ExecProtocols.V4];

        var error = await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync("command=true&stdout=true", ExecProtocols.V5));

        Assert.Contains("403", error.Message);
    }

    [Theory]
    [InlineData("stdout=true", "you must specify at least one command for the container")]
    [InlineData("command=true", "you must specify at least 1 of stdin, stdout, stderr")]
    public async Task Invalid_options_are_a_400_Status(string query, string message)
    {
        using var http = new HttpClient();

        var response = await http.GetAsync(new Uri(_fixture.Cluster.Url, $"/api/v1/namespaces/default/pods/runner/exec?{query}"));
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(("Status", "BadRequest", message, 400), ((string?)status["kind"], (string?)status["reason"], (string?)status["message"], (int?)status["code"]));
    }

    [Fact]
    public async Task A_plain_request_without_upgrade_is_told_to_upgrade()
    {
        using var http = new HttpClient();

        var response = await http.GetAsync(new Uri(_fixture.Cluster.Url, "/api/v1/namespaces/default/pods/runner/exec?command=true&stdout=true"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Upgrade request required", await response.Content.ReadAsStringAsync());
    }

    private async Task<ClientWebSocket> ConnectAsync(string query, params string[] protocols)
    {
        var socket = new ClientWebSocket();
        foreach (var protocol in protocols) socket.Options.AddSubProtocol(protocol);
        var uri = new UriBuilder(_fixture.Cluster.Url) { Scheme = "ws", Path = "/api/v1/namespaces/default/pods/runner/exec", Query = query }.Uri;
        try
        {
            await socket.ConnectAsync(uri, CancellationToken.None);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<List<byte[]>> ReadAllAsync(WebSocket socket)
    {
        var messages = new List<byte[]>();
        var buffer = new byte[64 * 1024];
        using var current = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close) return messages;
            current.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage) continue;
            messages.Add(current.ToArray());
            current.SetLength(0);
        }
    }
}
