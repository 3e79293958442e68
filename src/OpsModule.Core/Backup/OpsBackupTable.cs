namespace OpsModule.Core.Backup;

/// <summary>Rows of one table as they are in a backup's dump.</summary>
public sealed class OpsBackupTable
{
    public OpsBackupTable(string schema, string name, long rows)
    {
        Schema = schema;
        Name = name;
        Rows = rows;
    }

    public string Schema { get; }

    public string Name { get; }

    public long Rows { get; }

    public override string ToString() => $"{Schema}.{Name}: {Rows}";
}
