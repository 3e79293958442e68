using System.Runtime.InteropServices;
using OpsModule.Sandbox;

// The sandbox launcher: see SandboxOptions.Usage. Standard output carries exactly one line, READY <environment.json>; progress
// and errors go to standard error. Passwords and tokens are only in the two files it writes (mode 0600), never printed.
var options = SandboxOptions.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine($"sandbox: {error}");
    Console.Error.WriteLine(SandboxOptions.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
void RequestStop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestStop);
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestStop);

Sandbox sandbox;
try
{
    sandbox = await Sandbox.StartAsync(options, Console.Error, stop.Token);
}
catch (SandboxStartException e)
{
    Console.Error.WriteLine($"sandbox: {e.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("sandbox: stopped while starting");
    return 1;
}

await using (sandbox)
{
    Console.Out.WriteLine($"READY {sandbox.EnvironmentPath}");
    Console.Out.Flush();
    if (!options.IgnoreStdin)
    {
        // The end of standard input (the parent closed it, or died) stops the sandbox like a signal does.
        _ = Task.Run(async () =>
        {
            await Console.OpenStandardInput().CopyToAsync(Stream.Null);
            stop.Cancel();
        });
    }

    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
    }

    Console.Error.WriteLine("sandbox: stopping");
}

return 0;
