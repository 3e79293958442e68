namespace OpsModule.Core;

/// <summary>
/// Durations on output objects are seconds, a double rounded to the millisecond: ConvertTo-Json writes a TimeSpan as 15 fields,
/// and a number with the unit in the property name reads the same in a table, a log and a Where-Object filter.
/// </summary>
internal static class Seconds
{
    public static double Of(TimeSpan duration) => Math.Round(duration.TotalSeconds, 3, MidpointRounding.AwayFromZero);

    public static double? Of(TimeSpan? duration) => duration is { } d ? Of(d) : null;
}
