using System.Text;

namespace OpsModule.Core.Backup.Database;

/// <summary>Parses the table out of pg_dump's <c>COPY schema.table (col, …) FROM stdin;</c> lines (identifiers quoted as pg_dump quotes them).</summary>
internal static class CopyStatement
{
    public static bool TryParse(string line, out string schema, out string name)
    {
        schema = name = string.Empty;
        if (!line.StartsWith("COPY ", StringComparison.Ordinal) || !line.EndsWith(" FROM stdin;", StringComparison.Ordinal))
        {
            return false;
        }

        var position = 5;
        if (!TryIdentifier(line, ref position, out var first))
        {
            return false;
        }

        if (position < line.Length && line[position] == '.')
        {
            position++;
            if (!TryIdentifier(line, ref position, out var second))
            {
                return false;
            }

            (schema, name) = (first, second);
        }
        else
        {
            (schema, name) = ("public", first);
        }

        return position < line.Length && line[position] == ' ';
    }

    private static bool TryIdentifier(string line, ref int position, out string identifier)
    {
        identifier = string.Empty;
        if (position >= line.Length)
        {
            return false;
        }

        if (line[position] != '"')
        {
            var start = position;
            while (position < line.Length && line[position] is not ('.' or ' ' or '('))
            {
                position++;
            }

            identifier = line[start..position];
            return identifier.Length > 0;
        }

        var builder = new StringBuilder();
        position++;
        while (position < line.Length)
        {
            if (line[position] == '"')
            {
                if (position + 1 < line.Length && line[position + 1] == '"')
                {
                    builder.Append('"');
                    position += 2;
                    continue;
                }

                position++;
                identifier = builder.ToString();
                return true;
            }

            builder.Append(line[position++]);
        }

        return false;
    }
}
