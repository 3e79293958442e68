using OpsModule.Benchmarks;
using OpsModule.Benchmarks.AzureBlob;
using OpsModule.Benchmarks.Backup;
using OpsModule.Benchmarks.BlueGreen;

const string HealthUsage = "usage: dotnet run -c Release --project tests/OpsModule.Benchmarks -- health [--pods 500] [--runs 7] [--warmups 2] [--sizes 100,250,500,1000|none] [--kubectl /usr/bin/kubectl] [--headline-kubectl-only]";

if (args.Length > 0 && args[0] == "backup")
{
    var backupOptions = BackupBenchOptions.Parse(args.Skip(1).ToList());
    var sizes = await new BackupBenchmark(backupOptions, Console.Error).RunAsync();
    BackupReport.Print(Console.Out, backupOptions, sizes);
    return 0;
}

if (args.Length > 0 && args[0] == "exec")
{
    int Option(string name, int fallback) =>
        args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
    var kubectlPath = args.SkipWhile(a => a != "--kubectl").Skip(1).FirstOrDefault() ?? "/usr/bin/kubectl";
    var megabytes = Option("--mb", 256);
    var execRows = await new OpsModule.Benchmarks.Exec.ExecBenchmark(kubectlPath, megabytes, Option("--runs", 5), Console.Error).RunAsync();
    Console.WriteLine($"| exec, {megabytes} MiB | median | min | max |");
    Console.WriteLine("|---|---:|---:|---:|");
    foreach (var (name, times) in execRows)
    {
        Console.WriteLine($"| {name} | {times.Median.TotalMilliseconds:0} ms | {times.Min.TotalMilliseconds:0} ms | {times.Max.TotalMilliseconds:0} ms |");
    }

    return 0;
}

if (args.Length > 0 && args[0] == "backup-azure")
{
    var azureOptions = AzureBenchOptions.Parse(args.Skip(1).ToList());
    var measured = await new AzureBackupBenchmark(azureOptions, Console.Error).RunAsync();
    AzureBackupReport.Print(Console.Out, azureOptions, measured);
    return 0;
}

if (args.Length > 0 && args[0] == "process")
{
    var processOptions = OpsModule.Benchmarks.WholeProcess.ProcessBenchOptions.Parse(args.Skip(1).ToList());
    var processResults = await new OpsModule.Benchmarks.WholeProcess.ProcessBenchmark(processOptions, Console.Error).RunAsync();
    OpsModule.Benchmarks.WholeProcess.ProcessReport.Print(Console.Out, processOptions, processResults);
    return 0;
}

if (args.Length > 0 && args[0] == "scale")
{
    var scaleOptions = OpsModule.Benchmarks.Scale.ScaleBenchOptions.Parse(args.Skip(1).ToList());
    var scaleResults = await new OpsModule.Benchmarks.Scale.ScaleBenchmark(scaleOptions, Console.Error).RunAsync();
    OpsModule.Benchmarks.Scale.ScaleReport.Print(Console.Out, scaleOptions, scaleResults);
    return 0;
}

if (args.Length == 2 && args[0] == OpsModule.Benchmarks.Scale.PeakMemoryChild.Mode)
{
    return await OpsModule.Benchmarks.Scale.PeakMemoryChild.RunAsync(args[1]);
}

if (args.Length > 0 && args[0] == "bluegreen")
{
    var blueGreenOptions = BlueGreenBenchOptions.Parse(args.Skip(1).ToList());
    var blueGreen = await new BlueGreenBenchmark(blueGreenOptions, Console.Error).RunAsync();
    BlueGreenReport.Print(Console.Out, blueGreen);
    return 0;
}

if (args.Length == 0 || args[0] != "health")
{
    Console.Error.WriteLine(HealthUsage);
    Console.Error.WriteLine("       dotnet run -c Release --project tests/OpsModule.Benchmarks -- " + BackupBenchOptions.Usage);
    Console.Error.WriteLine("       dotnet run -c Release --project tests/OpsModule.Benchmarks -- " + AzureBenchOptions.Usage);
    Console.Error.WriteLine("       dotnet run -c Release --project tests/OpsModule.Benchmarks -- " + BlueGreenBenchOptions.Usage);
    Console.Error.WriteLine("       dotnet run -c Release --project tests/OpsModule.Benchmarks -- " + OpsModule.Benchmarks.Exec.ExecBenchmark.Usage);
    Console.Error.WriteLine("       dotnet run -c Release --project tests/OpsModule.Benchmarks -- " + OpsModule.Benchmarks.WholeProcess.ProcessBenchOptions.Usage);
    Console.Error.WriteLine("       dotnet run -c Release --project tests/OpsModule.Benchmarks -- " + OpsModule.Benchmarks.Scale.ScaleBenchOptions.Usage);
    return 2;
}

var options = BenchOptions.Parse(args.Skip(1).ToList());
if (!File.Exists(options.Kubectl))
{
    Console.Error.WriteLine($"kubectl not found at {options.Kubectl}; pass --kubectl <path>.");
    return 2;
}

var (headline, series) = await new HealthBenchmark(options, Console.Error).RunAsync();
Report.Print(Console.Out, options, headline, series);
return 0;
