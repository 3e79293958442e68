using System.Globalization;
using System.Text.RegularExpressions;

namespace OpsModule.Core.Text;

/// <summary>
/// Reads the durations admins type: "90s", "30m", "2h", "7d", "1w", combinations such as "1h30m" (as kubectl and Go write them),
/// decimals such as "1.5h", and .NET's own "hh:mm:ss" / "d.hh:mm:ss".
/// </summary>
public static partial class DurationText
{
    public const string Help = "Give a duration such as 90s, 30m, 2h, 7d, 1w or 1h30m (or hh:mm:ss).";

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        var match = UnitsPattern().Match(trimmed);
        if (match.Success)
        {
            var total = TimeSpan.Zero;
            foreach (Capture capture in match.Groups["part"].Captures)
            {
                var part = capture.Value;
                var unit = char.ToLowerInvariant(part[^1]);
                var amount = double.Parse(part[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
                total += unit switch
                {
                    's' => TimeSpan.FromSeconds(amount),
                    'm' => TimeSpan.FromMinutes(amount),
                    'h' => TimeSpan.FromHours(amount),
                    'd' => TimeSpan.FromDays(amount),
                    _ => TimeSpan.FromDays(7 * amount),
                };
            }

            duration = total;
            return true;
        }

        // "2" alone would parse as two days; only the colon forms are accepted, so a bare number never means days by accident.
        return trimmed.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out duration)
            && duration >= TimeSpan.Zero;
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?[smhdwSMHDW])+$", RegexOptions.CultureInvariant)]
    private static partial Regex UnitsPattern();
}
