using System.Text;

namespace OpsModule.HelpGenerator.About;

/// <summary>
/// Word wrap for plain-text help: lines of at most Width columns, indented; a word longer than a line stands alone.
/// A `code span` is never broken: "`pwsh -File job.ps1`" split over two lines reads as two commands.
/// </summary>
public static class TextWrapper
{
    public const int Width = 80;

    public static IEnumerable<string> Wrap(string text, int firstIndent, int restIndent, int width = Width)
    {
        var line = new StringBuilder(new string(' ', firstIndent));
        var lineHasWord = false;
        foreach (var word in Words(text))
        {
            if (lineHasWord && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear().Append(' ', restIndent);
                lineHasWord = false;
            }

            if (lineHasWord)
            {
                line.Append(' ');
            }

            line.Append(word);
            lineHasWord = true;
        }

        if (lineHasWord)
        {
            yield return line.ToString();
        }
    }

    private static IEnumerable<string> Words(string text)
    {
        string? open = null;
        foreach (var token in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var joined = open is null ? token : open + " " + token;
            if (joined.Count(c => c == '`') % 2 == 1)
            {
                open = joined;
                continue;
            }

            open = null;
            yield return joined;
        }

        if (open is not null)
        {
            yield return open;
        }
    }
}
