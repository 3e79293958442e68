
namespace OpsModule.Core.Storage.Catalog;

/// <summary>Rows of one table exactly as they are in the dump.</summary>
public sealed record BackupTableRowCount(string Schema, string Name, long Rows);
