using System.Text;
using OpsModule.Core.Postgres;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Backup.Database;

/// <summary>
/// Reads a plain (SQL) pg_dump as it streams past and counts the rows of every <c>COPY … FROM stdin;</c> block, so the
/// manifest's counts are exactly what the file holds. COPY text format escapes newlines inside values as <c>\n</c>, so each
/// data line is one row, up to the terminator line <c>\.</c>. Chunks may split lines (and UTF-8 characters) anywhere:
/// lines outside COPY blocks are collected whole (up to <see cref="MaxStatementLine"/>), data lines are never buffered.
/// It also picks up the versions from the header and whether pg_dump's closing marker arrived.
/// </summary>
/// <remarks>
/// Known limit: a function body or string literal holding a line that itself starts with <c>COPY … FROM stdin;</c> would be
/// taken for a data block. pg_dump never writes such a line for its own data, and such bodies are rare enough to accept.
/// </remarks>
internal sealed class PlainDumpInspector
{
    private const int MaxStatementLine = 64 * 1024;
    private const string ServerVersionMarker = "-- Dumped from database version ";
    private const string PgDumpVersionMarker = "-- Dumped by pg_dump version ";
    private const string CompleteMarker = "-- PostgreSQL database dump complete";

    private readonly List<BackupTableRowCount> _tables = [];
    private readonly MemoryStream _line = new();
    private bool _lineOverflow;
    private (string Schema, string Name)? _copyTable;
    private long _copyRows;
    private CopyEndMarker _copyEnd;

    public IReadOnlyList<BackupTableRowCount> Tables => _tables;

    public string? ServerVersion { get; private set; }

    public string? PgDumpVersion { get; private set; }

    /// <summary>True once the "dump complete" comment arrived outside any COPY block (a truncated dump never has it).</summary>
    public bool SawCompleteMarker { get; private set; }

    public bool InsideCopy => _copyTable is not null;

    public void Observe(ReadOnlySpan<byte> chunk)
    {
        while (!chunk.IsEmpty)
        {
            var newline = chunk.IndexOf((byte)'\n');
            var part = newline < 0 ? chunk : chunk[..newline];
            if (_copyTable is not null)
            {
                _copyEnd.Observe(part);
            }
            else
            {
                AppendStatement(part);
            }

            if (newline < 0)
            {
                return;
            }

            EndLine();
            chunk = chunk[(newline + 1)..];
        }
    }

    private void AppendStatement(ReadOnlySpan<byte> part)
    {
        if (_lineOverflow)
        {
            return;
        }

        if (_line.Length + part.Length > MaxStatementLine)
        {
            _lineOverflow = true;
            return;
        }

        _line.Write(part);
    }

    private void EndLine()
    {
        if (_copyTable is { } table)
        {
            if (_copyEnd.EndLine())
            {
                _tables.Add(new BackupTableRowCount(table.Schema, table.Name, _copyRows));
                _copyTable = null;
            }
            else
            {
                _copyRows++;
            }

            return;
        }

        if (!_lineOverflow && _line.Length > 0)
        {
            ObserveStatementLine(Encoding.UTF8.GetString(_line.GetBuffer(), 0, (int)_line.Length).TrimEnd('\r'));
        }

        _line.SetLength(0);
        _lineOverflow = false;
    }

    private void ObserveStatementLine(string line)
    {
        if (line.StartsWith("COPY ", StringComparison.Ordinal))
        {
            if (CopyStatement.TryParse(line, out var schema, out var name))
            {
                _copyTable = (schema, name);
                _copyRows = 0;
            }
        }
        else if (ServerVersion is null && line.StartsWith(ServerVersionMarker, StringComparison.Ordinal))
        {
            ServerVersion = VersionText.Extract(line[ServerVersionMarker.Length..]);
        }
        else if (PgDumpVersion is null && line.StartsWith(PgDumpVersionMarker, StringComparison.Ordinal))
        {
            PgDumpVersion = VersionText.Extract(line[PgDumpVersionMarker.Length..]);
        }
        else if (line == CompleteMarker)
        {
            SawCompleteMarker = true;
        }
    }
}
