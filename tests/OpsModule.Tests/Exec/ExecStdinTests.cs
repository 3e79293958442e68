using System.Text;
using OpsModule.Core.Kubernetes.Exec;
using OpsModule.TestCluster.Exec;

namespace OpsModule.Tests.Exec;

public sealed class ExecStdinTests : IClassFixture<ExecClusterFixture>
{
    private readonly ExecClusterFixture _fixture;

    public ExecStdinTests(ExecClusterFixture fixture)
    {
        _fixture = fixture;
        fixture.Exec.Reset();
    }

    [Fact]
    public async Task Cat_echoes_streamed_input_and_exits_when_stdin_is_closed_on_v5()
    {
        await using var session = await _fixture.Client.StartAsync(ExecClusterFixture.Request("cat") with { Stdin = true }, CancellationToken.None);
        var reader = new StreamReader(session.StandardOutput);

        // Interactive: each line comes back before the next is sent, so input really streams (not buffered to the end).
        for (var i = 0; i < 3; i++)
        {
            await session.StandardInput.WriteAsync(Encoding.UTF8.GetBytes($"ping {i}\n"));
            Assert.Equal($"ping {i}", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        }

        await session.StandardInput.DisposeAsync();

        Assert.Null(await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, (await session.Completion.WaitAsync(TimeSpan.FromSeconds(10))).ExitCode);
    }

    [Fact]
    public async Task Large_stdin_round_trips_byte_for_byte()
    {
        var input = new byte[3 * 1024 * 1024 + 17];
        new Random(42).NextBytes(input);
        using var stdout = new MemoryStream();

        var exitCode = await _fixture.Client.ExecAsync(
            ExecClusterFixture.Request("cat"), new MemoryStream(input), stdout, Stream.Null, CancellationToken.None);

        Assert.Equal(0, exitCode);
        Assert.Equal(input, stdout.ToArray());
    }

    [Fact]
    public async Task A_command_that_stops_reading_early_still_reports_its_own_result()
    {
        var input = new byte[8 * 1024 * 1024];
        using var stdout = new MemoryStream();

        var exitCode = await _fixture.Client.ExecAsync(
            ExecClusterFixture.Request("head", "-c", "10"), new MemoryStream(input), stdout, Stream.Null, CancellationToken.None);

        Assert.Equal(0, exitCode);
        Assert.Equal(10, stdout.Length);
    }

    [Fact]
    public async Task CaptureAsync_sends_text_to_stdin()
    {
        var output = await _fixture.Client.CaptureAsync(ExecClusterFixture.Request("tr", "a-z", "A-Z"), "hello pod\n");

        Assert.Equal("HELLO POD\n", output.StandardOutput);
    }

    [Fact]
    public async Task A_v4_only_server_is_used_with_the_v4_protocol()
    {
        _fixture.Exec.SupportedProtocols = [ExecProtocols.V4];

        var output = await _fixture.Client.CaptureAsync(ExecClusterFixture.Shell("echo out; echo err >&2; exit 7"));
        await using var session = await _fixture.Client.StartAsync(ExecClusterFixture.Request("true"), CancellationToken.None);

        Assert.Equal((7, "out\n", "err\n"), (output.ExitCode, output.StandardOutput, output.StandardError));
        Assert.Equal("v4.channel.k8s.io", session.NegotiatedProtocol);
        Assert.False(session.CanCloseStdin);
    }

    [Fact]
    public async Task On_v4_stdin_flows_but_closing_it_cannot_be_signalled()
    {
        _fixture.Exec.SupportedProtocols = [ExecProtocols.V4];
        await using var session = await _fixture.Client.StartAsync(
            ExecClusterFixture.Shell("head -c 6; echo ' read'; cat >/dev/null; echo eof") with { Stdin = true }, CancellationToken.None);

        await session.StandardInput.WriteAsync("hello\n"u8.ToArray());
        await session.CloseStandardInputAsync();
        var reader = new StreamReader(session.StandardOutput);

        Assert.Equal("hello", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(" read", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        // cat never sees end of input on v4: the command is still running.
        await Task.Delay(300);
        Assert.False(session.Completion.IsCompleted);
    }

    [Fact]
    public async Task Writing_after_closing_stdin_is_an_error()
    {
        await using var session = await _fixture.Client.StartAsync(ExecClusterFixture.Request("cat") with { Stdin = true }, CancellationToken.None);

        await session.CloseStandardInputAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => session.StandardInput.WriteAsync(new byte[1]).AsTask());
        Assert.Equal(0, (await session.Completion).ExitCode);
    }
}
