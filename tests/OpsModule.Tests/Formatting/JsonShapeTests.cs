using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using OpsModule.Core.Backup;
using OpsModule.Core.Health;

namespace OpsModule.Tests.Formatting;

/// <summary>
/// ConvertTo-Json (default depth 2) reads every public property by reflection, then hands the values to Newtonsoft.Json.
/// For a piped object it also re-adds every property PowerShell's adapter sees, so [JsonIgnore] cannot hide anything at the
/// top level: what keeps the JSON short is the shape of the types themselves, which these tests hold.
/// tests/OpsModule.Pester/Formatting.Tests.ps1 checks the JSON real pwsh writes.
/// </summary>
public sealed class JsonShapeTests
{
    private static readonly Type[] Scalars =
    [
        typeof(string), typeof(bool), typeof(int), typeof(long), typeof(double), typeof(decimal), typeof(DateTimeOffset), typeof(Uri),
    ];

    public static TheoryData<string> Types() => [.. DisplayedTypes.All.Select(t => t.FullName!)];

    [Fact]
    public void The_displayed_types_include_the_steps_and_results_nested_in_the_outputs()
    {
        var names = DisplayedTypes.All.Select(t => t.Name).ToList();

        Assert.Contains("OpsBlueGreenStep", names);
        Assert.Contains("OpsDrTestStep", names);
        Assert.Contains("OpsHealthResult", names);
        Assert.Contains("OpsBackupTable", names);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Every_property_is_a_scalar_an_enum_or_a_list_of_them(string typeName)
    {
        var type = DisplayedTypes.All.Single(t => t.FullName == typeName);
        var wrong = DisplayedTypes.PublicProperties(type)
            .Where(p => !IsScalar(p.PropertyType)
                && !(DisplayedTypes.ElementType(p.PropertyType) is { } element && (IsScalar(element) || DisplayedTypes.All.Contains(element))))
            .Select(p => $"{p.Name} ({p.PropertyType.Name})")
            .ToList();

        // A TimeSpan is 15 JSON fields, a manifest record repeats the object, anything deeper is cut at depth 2.
        Assert.True(wrong.Count == 0, $"{type.Name} exposes properties ConvertTo-Json cannot write flat: {string.Join(", ", wrong)}");
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Every_enum_property_is_written_by_name(string typeName)
    {
        var type = DisplayedTypes.All.Single(t => t.FullName == typeName);
        foreach (var enumType in DisplayedTypes.PublicProperties(type).Select(p => Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType).Where(t => t.IsEnum))
        {
            var converter = enumType.GetCustomAttribute<JsonConverterAttribute>();
            Assert.True(converter?.ConverterType == typeof(StringEnumConverter), $"{type.Name}: enum {enumType.Name} lacks [JsonConverter(typeof(StringEnumConverter))]");
            var first = Enum.GetValues(enumType).GetValue(0)!;
            Assert.Equal($"\"{first}\"", JsonConvert.SerializeObject(first));
        }
    }

    [Fact]
    public void A_status_keeps_its_severity_order_for_Sort_Object()
    {
        // Written as names, still compared as the enum: Critical sorts above Warning, not alphabetically.
        Assert.True(HealthStatus.Critical > HealthStatus.Warning && HealthStatus.Warning > HealthStatus.Unknown && HealthStatus.Unknown > HealthStatus.Healthy);
        Assert.Equal("\"Critical\"", JsonConvert.SerializeObject(HealthStatus.Critical));
    }

    [Fact]
    public void A_backup_does_not_expose_its_manifest_a_second_time()
    {
        Assert.DoesNotContain(DisplayedTypes.PublicProperties(typeof(OpsBackup)), p => p.Name == "Manifest");
    }

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsEnum || Scalars.Contains(t);
    }
}
