using System.Globalization;
using System.Management.Automation;
using OpsModule.Core.Text;

namespace OpsModule.Binding;

/// <summary>
/// Lets a TimeSpan parameter take what admins type: "2h", "7d", "1h30m", "02:00:00" or a TimeSpan. With
/// <see cref="AcceptsPointInTime"/> a date ("2026-12-01", Get-Date) also works and means "the time since then", so every -Since
/// of the module reads the same way. A bare number is refused: PowerShell would read [TimeSpan]5 as five ticks.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DurationTransformationAttribute : ArgumentTransformationAttribute
{
    /// <summary>Also accept a date or time in the past, converted to the time elapsed since it.</summary>
    public bool AcceptsPointInTime { get; set; }

    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        // PowerShell parses 7d as the decimal 7 and 90s as the short 90, but keeps the text as typed on the argument's wrapper.
        if (inputData is PSObject typed && value is decimal or short && DurationText.TryParse(typed.ToString(), out var typedDuration))
        {
            return typedDuration;
        }

        switch (value)
        {
            case null or TimeSpan:
                return value!;
            case DateTime dateTime when AcceptsPointInTime:
                return Since(new DateTimeOffset(dateTime));
            case DateTimeOffset dateTimeOffset when AcceptsPointInTime:
                return Since(dateTimeOffset);
            case string text when DurationText.TryParse(text, out var duration):
                return duration;
            case string text when AcceptsPointInTime && TryParseDate(text, out var date):
                return Since(date);
            default:
                throw new ArgumentTransformationMetadataException(
                    $"'{value}' is not a duration. {DurationText.Help}{(AcceptsPointInTime ? " A date or time in the past also works." : string.Empty)}");
        }
    }

    private static TimeSpan Since(DateTimeOffset pointInTime)
    {
        var elapsed = DateTimeOffset.Now - pointInTime;
        return elapsed >= TimeSpan.Zero
            ? elapsed
            : throw new ArgumentTransformationMetadataException($"{pointInTime:u} is in the future; give a time in the past or a duration such as 2h.");
    }

    private static bool TryParseDate(string text, out DateTimeOffset date) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out date)
        || DateTimeOffset.TryParse(text, CultureInfo.CurrentCulture, DateTimeStyles.AssumeLocal, out date);
}
