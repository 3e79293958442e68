namespace OpsModule.Core.Postgres.Endpoints;

/// <summary>The psql options of every query whose rows are read back by the module.</summary>
internal static class PsqlOptions
{
    /// <summary>Field separator of psql's unaligned output (and of <see cref="ControlQuery"/>'s rendering of it).</summary>
    public const char DefaultSeparator = '|';

    /// <summary>No psqlrc, quiet, unaligned, tuples only, fields joined by <paramref name="separator"/>, stop at the first error.</summary>
    public static IReadOnlyList<string> Rows(char separator = DefaultSeparator) =>
        ["-X", "-q", "-A", "-t", "-F", separator.ToString(), "-v", "ON_ERROR_STOP=1"];
}
