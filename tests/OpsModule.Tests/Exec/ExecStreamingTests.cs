using System.Diagnostics;
using OpsModule.Core.Kubernetes.Exec;
using OpsModule.TestCluster.Exec;

namespace OpsModule.Tests.Exec;

public sealed class ExecStreamingTests : IClassFixture<ExecClusterFixture>
{
    private const int FiftyMegabytes = 50 * 1024 * 1024;

    private readonly ExecClusterFixture _fixture;

    public ExecStreamingTests(ExecClusterFixture fixture)
    {
        _fixture = fixture;
        fixture.Exec.Reset();
    }

    [Fact]
    public async Task Fifty_megabytes_of_output_stream_through_completely_and_quickly()
    {
        var sink = new CountingStream();
        var watch = Stopwatch.StartNew();

        var exitCode = await _fixture.Client.ExecAsync(
            ExecClusterFixture.Request("head", "-c", FiftyMegabytes.ToString(), "/dev/zero"), null, sink, Stream.Null, CancellationToken.None);

        Assert.Equal(0, exitCode);
        Assert.Equal(FiftyMegabytes, sink.Count);
        Assert.True(sink.AllExpected);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_reader_that_falls_behind_pauses_the_command_instead_of_buffering_its_output()
    {
        long produced = 0;
        _fixture.Exec.CommandInterceptor = _ => async (streams, ct) =>
        {
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < FiftyMegabytes / chunk.Length; i++)
            {
                await streams.Stdout.WriteAsync(chunk, ct);
                await streams.Stdout.FlushAsync(ct);
                Interlocked.Add(ref produced, chunk.Length);
            }

            return 0;
        };
        await using var session = await _fixture.Client.StartAsync(ExecClusterFixture.Request("fake-dump"), CancellationToken.None);

        // Nobody reads stdout meanwhile: wait until the command stalls (or has written everything).
        var producedWhileNotReading = await WhenSettledAsync(() => Interlocked.Read(ref produced), FiftyMegabytes);
        var sink = new CountingStream();
        await session.StandardOutput.CopyToAsync(sink);

        Assert.True(producedWhileNotReading < 24 * 1024 * 1024, $"{producedWhileNotReading} bytes were produced with no reader");
        Assert.Equal(FiftyMegabytes, sink.Count);
        Assert.Equal(0, (await session.Completion).ExitCode);
    }

    [Fact]
    public async Task A_connection_dropped_mid_output_is_an_error_not_a_short_success()
    {
        _fixture.Exec.DropNextExecAfterBytes(200_000);
        var sink = new CountingStream();

        var error = await Assert.ThrowsAsync<IOException>(() => _fixture.Client.ExecAsync(
            ExecClusterFixture.Request("head", "-c", "5000000", "/dev/zero"), null, sink, Stream.Null, CancellationToken.None));

        Assert.Contains("pod default/runner", error.Message);
        Assert.Contains("incomplete", error.Message);
        Assert.Equal(200_000, sink.Count); // everything sent before the drop arrives; nothing after it
    }

    [Fact]
    public async Task A_dropped_session_fails_its_streams_and_completion()
    {
        _fixture.Exec.DropNextExecAfterBytes(10);
        await using var session = await _fixture.Client.StartAsync(ExecClusterFixture.Request("head", "-c", "100000", "/dev/zero"), CancellationToken.None);

        await Assert.ThrowsAsync<IOException>(() => session.StandardOutput.CopyToAsync(Stream.Null));
        await Assert.ThrowsAsync<IOException>(() => session.Completion);

        // One-shot: the next exec is healthy again.
        var output = await _fixture.Client.CaptureAsync(ExecClusterFixture.Request("echo", "fine"));
        Assert.Equal("fine\n", output.StandardOutput);
    }

    [Fact]
    public async Task A_persistent_drop_limit_hits_every_exec_until_reset()
    {
        _fixture.Exec.DropAfterBytes = 3;

        await Assert.ThrowsAsync<IOException>(() => _fixture.Client.CaptureAsync(ExecClusterFixture.Request("echo", "hello")));
        await Assert.ThrowsAsync<IOException>(() => _fixture.Client.CaptureAsync(ExecClusterFixture.Request("echo", "hello")));
        var small = await _fixture.Client.CaptureAsync(ExecClusterFixture.Request("printf", "ab"));
        _fixture.Exec.DropAfterBytes = null;

        Assert.Equal("ab", small.StandardOutput);
        Assert.Equal("hello\n", (await _fixture.Client.CaptureAsync(ExecClusterFixture.Request("echo", "hello"))).StandardOutput);
    }

    [Fact]
    public async Task Cancellation_aborts_the_session_and_the_server_stops_the_command()
    {
        using var cts = new CancellationTokenSource();
        var session = await _fixture.Client.StartAsync(ExecClusterFixture.Shell("echo $$; exec sleep 60"), cts.Token);
        var pid = int.Parse((await new StreamReader(session.StandardOutput).ReadLineAsync())!);
        var watch = Stopwatch.StartNew();

        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.Completion);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
        await WaitUntilAsync(() => !Directory.Exists($"/proc/{pid}"), TimeSpan.FromSeconds(10));
        await session.DisposeAsync();
    }

    [Fact]
    public async Task Cancelling_ExecAsync_throws_OperationCanceledException_promptly()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _fixture.Client.ExecAsync(
            ExecClusterFixture.Request("sleep", "30"), null, Stream.Null, Stream.Null, cts.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Disposing_a_running_session_aborts_it()
    {
        var session = await _fixture.Client.StartAsync(ExecClusterFixture.Request("sleep", "30"), CancellationToken.None);

        await session.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(session.Completion.IsCanceled);
    }

    [Fact]
    public async Task A_fake_command_sees_stdin_and_its_exit_code_is_reported()
    {
        _fixture.Exec.CommandInterceptor = invocation => invocation.Command[0] == "pg_dump"
            ? async (streams, ct) =>
            {
                var input = await new StreamReader(streams.Stdin).ReadToEndAsync(ct);
                await streams.Stdout.WriteAsync(System.Text.Encoding.UTF8.GetBytes($"dump of {input}"), ct);
                return 2;
            }
            : null;

        var faked = await _fixture.Client.CaptureAsync(ExecClusterFixture.Request("pg_dump", "appdb"), "appdb");
        var real = await _fixture.Client.CaptureAsync(ExecClusterFixture.Request("echo", "real"));

        Assert.Equal((2, "dump of appdb"), (faked.ExitCode, faked.StandardOutput));
        Assert.Equal("real\n", real.StandardOutput);
        Assert.Equal(["pg_dump", "appdb"], _fixture.Exec.Invocations[0].Command);
    }

    [Fact]
    public async Task A_rewriter_changes_what_runs_and_the_history_shows_it()
    {
        _fixture.Exec.CommandRewriter = invocation => invocation with
        {
            Command = ["sh", "-c", "echo rewritten $EXTRA", .. invocation.Command],
            Environment = new Dictionary<string, string>(invocation.Environment) { ["EXTRA"] = "env" },
        };

        var output = await _fixture.Client.CaptureAsync(ExecClusterFixture.Request("original"));

        Assert.Equal("rewritten env\n", output.StandardOutput);
        Assert.Equal("sh", _fixture.Exec.Invocations.Single().Command[0]);
    }

    private static async Task<long> WhenSettledAsync(Func<long> value, long final)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var last = -1L;
        while (value() is var current && current != last && current < final && DateTime.UtcNow < deadline)
        {
            last = current;
            await Task.Delay(1000);
        }

        return value();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(50);
        }
    }
}
