namespace OpsModule.Core.Postgres;

/// <summary>
/// Recognises the <c>\.</c> line (optionally <c>\.\r</c>) that ends a COPY block of pg_dump's plain output, one data line
/// at a time, fed in pieces: only the first bytes of a line decide, so a huge row costs nothing.
/// </summary>
internal struct CopyEndMarker
{
    private int _length;
    private bool _matches;

    /// <summary>Feeds bytes of the current line (without its newline).</summary>
    public void Observe(ReadOnlySpan<byte> part)
    {
        foreach (var b in part)
        {
            if (_length >= 3)
            {
                _matches = false;
                return;
            }

            _matches = _length switch
            {
                0 => b == (byte)'\\',
                1 => _matches && b == (byte)'.',
                _ => _matches && b == (byte)'\r',
            };
            _length++;
        }
    }

    /// <summary>At the newline: whether the line just ended was the end marker; starts the next line.</summary>
    public bool EndLine()
    {
        var ended = _matches && _length >= 2;
        _length = 0;
        _matches = false;
        return ended;
    }
}
