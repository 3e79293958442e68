using System.Buffers;
using System.Text;
using OpsModule.Core.Backup.Database;
using OpsModule.Core.Postgres;

namespace OpsModule.Core.Restore;

/// <summary>
/// Passes a plain (SQL) pg_dump through on its way to psql, noting the table of every <c>COPY … FROM stdin;</c> block in
/// order (psql's <c>COPY n</c> tags are matched to them), and optionally leaving out what would fail for a role other than
/// the dump's owner: the <c>ALTER … OWNER TO …;</c> statements (<see cref="DropOwnership"/>, as <c>pg_restore --no-owner</c>)
/// and the GRANT/REVOKE statements of ACL entries (<see cref="DropPrivileges"/>, as <c>--no-privileges</c>).
/// </summary>
/// <remarks>
/// Only whole statement lines outside COPY data are ever left out, and only where pg_dump puts them: an owner statement is a
/// single line after an empty line, an ACL statement sits in an entry whose header comment says <c>Type: ACL</c> or
/// <c>Type: DEFAULT ACL</c>. Data lines stream through unbuffered; statement lines are buffered up to
/// <see cref="MaxStatementLine"/> bytes (longer ones pass through untouched).
/// </remarks>
internal sealed class PlainDumpFilter
{
    private const int MaxStatementLine = 64 * 1024;
    private const string EntryType = "; Type: ";

    private readonly List<(string Schema, string Name)> _copyTables = [];
    private readonly MemoryStream _line = new();
    private bool _passingLongLine;
    private bool _inCopy;
    private CopyEndMarker _copyEnd;
    private bool _previousLineEmpty;
    private bool _inAclEntry;

    public bool DropOwnership { get; init; }

    public bool DropPrivileges { get; init; }

    /// <summary>Tables of the COPY blocks seen so far, in order.</summary>
    public IReadOnlyList<(string Schema, string Name)> CopyTables => _copyTables;

    /// <summary>Statement lines left out so far.</summary>
    public int DroppedStatements { get; private set; }

    /// <summary>True when the filter leaves the stream as it is (it only observes): callers may write their own bytes and pass no output.</summary>
    public bool PassesThrough => !DropOwnership && !DropPrivileges;

    /// <param name="output">Receives the filtered stream; null only observes (allowed when <see cref="PassesThrough"/>).</param>
    public void Transform(ReadOnlySpan<byte> chunk, IBufferWriter<byte>? output)
    {
        if (output is null && !PassesThrough)
        {
            throw new ArgumentNullException(nameof(output), "A filter that drops statements needs an output.");
        }

        while (!chunk.IsEmpty)
        {
            if (_inCopy)
            {
                // Data lines go out as one span per chunk: only the start of each line is looked at, for the "\." terminator.
                var consumed = ScanData(chunk);
                output?.Write(chunk[..consumed]);
                chunk = chunk[consumed..];
                continue;
            }

            var newline = chunk.IndexOf((byte)'\n');
            var part = newline < 0 ? chunk : chunk[..newline];
            if (_passingLongLine)
            {
                output?.Write(part);
            }
            else if (_line.Length + part.Length > MaxStatementLine)
            {
                output?.Write(_line.GetBuffer().AsSpan(0, (int)_line.Length));
                output?.Write(part);
                _line.SetLength(0);
                _passingLongLine = true;
            }
            else
            {
                _line.Write(part);
            }

            if (newline < 0)
            {
                return;
            }

            EndLine(output);
            chunk = chunk[(newline + 1)..];
        }
    }

    /// <summary>Writes a last line that had no newline (a dump always ends with one; a damaged one may not).</summary>
    public void Flush(IBufferWriter<byte>? output)
    {
        if (_line.Length > 0)
        {
            output?.Write(_line.GetBuffer().AsSpan(0, (int)_line.Length));
            _line.SetLength(0);
        }
    }

    /// <returns>Bytes of <paramref name="chunk"/> that belong to the COPY data: through the terminator line, or all of them.</returns>
    private int ScanData(ReadOnlySpan<byte> chunk)
    {
        var position = 0;
        while (position < chunk.Length)
        {
            var rest = chunk[position..];
            var newline = rest.IndexOf((byte)'\n');
            _copyEnd.Observe(newline < 0 ? rest : rest[..newline]);
            if (newline < 0)
            {
                return chunk.Length;
            }

            position += newline + 1;
            if (_copyEnd.EndLine())
            {
                _inCopy = false;
                _previousLineEmpty = false;
                return position;
            }
        }

        return position;
    }

    private void EndLine(IBufferWriter<byte>? output)
    {
        if (_passingLongLine)
        {
            _passingLongLine = false;
            _previousLineEmpty = false;
            WriteNewline(output);
            return;
        }

        var bytes = _line.GetBuffer().AsSpan(0, (int)_line.Length);
        var keep = true;
        if (bytes.IsEmpty || bytes is [(byte)'\r'])
        {
            _previousLineEmpty = true;
        }
        else
        {
            var line = Encoding.UTF8.GetString(bytes).TrimEnd('\r');
            keep = Observe(line);
            _previousLineEmpty = false;
        }

        if (keep)
        {
            output?.Write(bytes);
            WriteNewline(output);
        }
        else
        {
            DroppedStatements++;
        }

        _line.SetLength(0);
    }

    /// <returns>False when the line is left out.</returns>
    private bool Observe(string line)
    {
        if (line.StartsWith("--", StringComparison.Ordinal))
        {
            // Entry headers: "-- Name: …; Type: ACL; …" and "-- Data for Name: …; Type: TABLE DATA; …".
            if (line.Contains(EntryType, StringComparison.Ordinal))
            {
                _inAclEntry = line.Contains("; Type: ACL;", StringComparison.Ordinal) || line.Contains("; Type: DEFAULT ACL;", StringComparison.Ordinal);
            }

            return true;
        }

        if (line.StartsWith("COPY ", StringComparison.Ordinal) && CopyStatement.TryParse(line, out var schema, out var name))
        {
            _copyTables.Add((schema, name));
            _inCopy = true;
            return true;
        }

        if (DropOwnership && _previousLineEmpty && IsOwnerStatement(line))
        {
            return false;
        }

        return !(DropPrivileges && _inAclEntry && IsPrivilegeStatement(line));
    }

    private static bool IsOwnerStatement(string line) =>
        line.StartsWith("ALTER ", StringComparison.Ordinal) && line.EndsWith(';') && line.Contains(" OWNER TO ", StringComparison.Ordinal);

    private static bool IsPrivilegeStatement(string line) =>
        line.EndsWith(';') && (line.StartsWith("GRANT ", StringComparison.Ordinal) || line.StartsWith("REVOKE ", StringComparison.Ordinal)
            || line.StartsWith("ALTER DEFAULT PRIVILEGES ", StringComparison.Ordinal)
            || line.StartsWith("SET SESSION AUTHORIZATION ", StringComparison.Ordinal) || line == "RESET SESSION AUTHORIZATION;");

    private static void WriteNewline(IBufferWriter<byte>? output) => output?.Write("\n"u8);
}
