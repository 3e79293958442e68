using System.Diagnostics;
using OpsModule.Core.Kubernetes.Exec;

namespace OpsModule.Tests.Exec;

/// <summary>What ExecFlowGate adds to KubernetesClient's StreamDemuxer, seen from the streams a caller reads.</summary>
public sealed class ExecChannelFlowTests : IClassFixture<ExecClusterFixture>
{
    private readonly ExecClusterFixture _fixture;

    public ExecChannelFlowTests(ExecClusterFixture fixture)
    {
        _fixture = fixture;
        fixture.Exec.Reset();
    }

    [Fact]
    public async Task A_disposed_stream_drops_its_output_and_the_other_stream_keeps_flowing()
    {
        // 100 MB of stderr nobody reads: more than the demuxer can buffer (it fails beyond 40 MB, rounded up to 64 MB).
        _fixture.Exec.CommandInterceptor = _ => async (streams, ct) =>
        {
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < 100 * 16; i++) await streams.Stderr.WriteAsync(chunk, ct);
            await streams.Stdout.WriteAsync("done\n"u8.ToArray(), ct);
            return 0;
        };
        await using var session = await _fixture.Client.StartAsync(ExecClusterFixture.Request("noisy"), CancellationToken.None);

        await session.StandardError.DisposeAsync();
        var stdout = await new StreamReader(session.StandardOutput).ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal("done\n", stdout);
        Assert.Equal(0, (await session.Completion.WaitAsync(TimeSpan.FromSeconds(10))).ExitCode);
    }

    [Fact]
    public async Task Many_sessions_waiting_for_output_at_once_all_finish_promptly()
    {
        // Each session has two readers waiting for data; a read that blocked a thread-pool thread would need 64 of them.
        var watch = Stopwatch.StartNew();
        var sessions = await Task.WhenAll(Enumerable.Range(0, 32).Select(i =>
            _fixture.Client.StartAsync(ExecClusterFixture.Shell($"sleep 1; echo {i}"), CancellationToken.None)));
        try
        {
            var outputs = await Task.WhenAll(sessions.Select(async session =>
            {
                var stderr = new StreamReader(session.StandardError).ReadToEndAsync();
                var stdout = await new StreamReader(session.StandardOutput).ReadToEndAsync();
                await stderr;
                return stdout;
            })).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(Enumerable.Range(0, 32).Select(i => $"{i}\n"), outputs);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
        }
        finally
        {
            foreach (var session in sessions) await session.DisposeAsync();
        }
    }
}
