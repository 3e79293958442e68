namespace OpsModule.Core.Restore;

/// <summary>A table whose row count after the restore differs from the manifest. <see cref="Actual"/> is null when the table is missing.</summary>
public sealed class OpsRestoreMismatch
{
    public OpsRestoreMismatch(string schema, string table, long expected, long? actual)
    {
        Schema = schema;
        Table = table;
        Expected = expected;
        Actual = actual;
    }

    public string Schema { get; }

    public string Table { get; }

    public long Expected { get; }

    public long? Actual { get; }

    public override string ToString() => $"{Schema}.{Table}: expected {Expected}, found {(Actual is { } a ? a.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no table")}";
}
