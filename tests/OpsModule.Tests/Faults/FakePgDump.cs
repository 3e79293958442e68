using OpsModule.Tests.Support;

namespace OpsModule.Tests.Faults;

/// <summary>
/// Stand-ins for a local pg_dump (passed as PgDumpPath) that write a well-formed plain dump of chosen size, so store faults
/// and Ctrl+C can be tested at sizes that span several S3 parts without a big database. The data is random base64, which
/// gzip cannot shrink much, so the stored size is close to what is emitted.
/// </summary>
internal static class FakePgDump
{
    private const string Header = "printf -- '-- Dumped from database version 15.18\\n-- Dumped by pg_dump version 15.18\\nCOPY public.blob (data) FROM stdin;\\n'\n";

    /// <summary>A pg_dump that writes about <paramref name="randomBytes"/> × 4/3 bytes of rows and ends like a real dump.</summary>
    /// <param name="ranMarker">A file the script creates when it runs, so a test can tell whether pg_dump was started at all.</param>
    public static string Complete(TempDirectory dir, int randomBytes, string? ranMarker = null) => dir.WriteScript(
        $"fake-pg-dump-{Guid.NewGuid():N}",
        Touch(ranMarker) + Header + Rows(randomBytes) + "printf -- '\\\\.\\n\\n-- PostgreSQL database dump complete\\n'\nexit 0\n");

    /// <summary>A pg_dump that writes rows and then hangs mid-COPY (a long table), until it is killed.</summary>
    public static string Hanging(TempDirectory dir, int randomBytes) => dir.WriteScript(
        $"hanging-pg-dump-{Guid.NewGuid():N}",
        Header + Rows(randomBytes) + "exec sleep 120\n");

    private static string Rows(int randomBytes) => $"head -c {randomBytes} /dev/urandom | base64 -w 76\n";

    private static string Touch(string? marker) => marker is null ? string.Empty : $"touch '{marker}'\n";
}
