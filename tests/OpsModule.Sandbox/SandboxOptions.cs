namespace OpsModule.Sandbox;

/// <summary>Command line of the sandbox launcher.</summary>
internal sealed record SandboxOptions
{
    public const string Usage =
        "usage: dotnet run -c Release --project tests/OpsModule.Sandbox -- --dir <folder> [--postgres] [--s3] [--azurite] [--ignore-stdin]\n" +
        "  --dir <folder>   where kubeconfig and environment.json are written (created if missing; both deleted at the end)\n" +
        "  --postgres       start a real PostgreSQL (TLS on) with the ceoagent, users and orders databases, reached by the postgres pods' exec\n" +
        "  --s3             start s3rver with the buckets ops-backups and backups\n" +
        "  --azurite        start Azurite's blob service with the containers ops-backups and nightly (a random account key)\n" +
        "  --ignore-stdin   run until SIGTERM or Ctrl+C only (by default the end of standard input stops it too)\n" +
        "Prints one line 'READY <path of environment.json>' when everything is up.";

    public required string Directory { get; init; }

    public bool Postgres { get; init; }

    public bool S3 { get; init; }

    public bool Azurite { get; init; }

    public bool IgnoreStdin { get; init; }

    /// <summary>Parses the arguments, or returns null with the reason in <paramref name="error"/>.</summary>
    public static SandboxOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        string? directory = null;
        bool postgres = false, s3 = false, azurite = false, ignoreStdin = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--dir" when i + 1 < args.Count:
                    directory = args[++i];
                    break;
                case "--postgres":
                    postgres = true;
                    break;
                case "--s3":
                    s3 = true;
                    break;
                case "--azurite":
                    azurite = true;
                    break;
                case "--ignore-stdin":
                    ignoreStdin = true;
                    break;
                default:
                    error = $"unknown or incomplete argument '{args[i]}'";
                    return null;
            }
        }

        if (string.IsNullOrWhiteSpace(directory))
        {
            error = "--dir <folder> is required";
            return null;
        }

        error = null;
        return new SandboxOptions { Directory = Path.GetFullPath(directory), Postgres = postgres, S3 = s3, Azurite = azurite, IgnoreStdin = ignoreStdin };
    }
}
