using System.Reflection;
using System.Text.RegularExpressions;
using OpsModule.Core.Backup;
using OpsModule.Core.BlueGreen;
using OpsModule.Core.DisasterRecovery;
using OpsModule.Core.Health;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;
using OpsModule.Tests.Surface;

namespace OpsModule.Tests.Formatting;

/// <summary>
/// The default views fit a 120-column console and never cut a word the module itself writes (a code, a step name, a status),
/// because each column is at least as wide as the longest such word, measured here from the code that writes it.
/// </summary>
public sealed class FormatViewTests
{
    private const int ConsoleWidth = 120;

    /// <summary>What is left at 120 columns for the last column (Message, Reason, Target…), which takes the rest and wraps.</summary>
    private const int LastColumnAtLeast = 25;

    public static TheoryData<string> Types() => [.. DisplayedTypes.All.Select(t => t.FullName!)];

    [Theory]
    [MemberData(nameof(Types))]
    public void Every_displayed_type_has_a_table_view_that_fits_120_columns_and_wraps(string typeName)
    {
        var view = FormatView.Table(DisplayedTypes.All.Single(t => t.FullName == typeName));

        Assert.True(view.Wraps, $"The {typeName} table does not <Wrap />: a long name would be cut with '…'.");
        Assert.True(view.Columns[^1].Width == 0, $"The last column of the {typeName} table should take the rest of the line.");
        Assert.True(
            view.FixedWidth + FormatView.SeparatorWidth + LastColumnAtLeast <= ConsoleWidth,
            $"The {typeName} table uses {view.FixedWidth} columns before its last one, leaving less than {LastColumnAtLeast} of {ConsoleWidth}.");
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void A_type_holding_a_list_has_a_list_view_too(string typeName)
    {
        var type = DisplayedTypes.All.Single(t => t.FullName == typeName);
        var lists = DisplayedTypes.PublicProperties(type).Where(p => DisplayedTypes.ElementType(p.PropertyType) is not null).Select(p => p.Name).ToList();
        if (lists.Count == 0)
        {
            return;
        }

        // Without one, Format-List prints a list as {item, item…} or, for records, as System.Collections.Generic.List`1[…].
        var view = FormatView.All.SingleOrDefault(v => !v.IsTable && v.TypeName == typeName);
        Assert.True(view is not null, $"{type.Name} holds {string.Join(", ", lists)} but has no list view.");
        Assert.DoesNotContain(view.Columns, c => c.Property is { } p && lists.Contains(p));
    }

    [Fact]
    public void Every_property_a_view_names_exists_on_its_type()
    {
        var core = typeof(OpsHealthResult).Assembly;
        var missing = FormatView.All
            .SelectMany(v => v.Columns.Where(c => c.Property is not null).Select(c => (v.TypeName, c.Property!)))
            .Where(x => core.GetType(x.TypeName)?.GetProperty(x.Item2, BindingFlags.Public | BindingFlags.Instance) is null)
            .Select(x => $"{x.TypeName}.{x.Item2}")
            .Distinct()
            .ToList();

        Assert.True(missing.Count == 0, "Views name properties that do not exist: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_property_a_script_block_reads_exists()
    {
        // $_ is the view's object, or inside a ForEach-Object the step, finding or table it holds: any displayed type will do.
        var known = DisplayedTypes.All.SelectMany(DisplayedTypes.PublicProperties).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = FormatView.All
            .SelectMany(v => v.Columns.Where(c => c.Script is not null)
                .SelectMany(c => Regex.Matches(c.Script!, @"\$(?:_|r)\.(\w+)").Select(m => m.Groups[1].Value))
                .Where(name => !known.Contains(name))
                .Select(name => $"{v.TypeName}: {name}"))
            .Distinct()
            .ToList();

        Assert.True(unknown.Count == 0, "Script blocks read properties no displayed type has: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Every_header_fits_its_column()
    {
        var cut = FormatView.All.Where(v => v.IsTable)
            .SelectMany(v => v.Columns.Where(c => c.Width > 0 && c.Label.Length > c.Width).Select(c => $"{v.TypeName}: {c.Label} ({c.Width})"))
            .ToList();

        Assert.True(cut.Count == 0, "Headers wider than their column: " + string.Join(", ", cut));
    }

    [Fact]
    public void Every_enum_column_is_as_wide_as_the_longest_name_of_its_enum()
    {
        var narrow = new List<string>();
        foreach (var view in FormatView.All.Where(v => v.IsTable))
        {
            var type = typeof(OpsHealthResult).Assembly.GetType(view.TypeName)!;
            foreach (var column in view.Columns.Where(c => c.Property is not null && c.Width > 0))
            {
                var propertyType = type.GetProperty(column.Property!)?.PropertyType;
                if ((Nullable.GetUnderlyingType(propertyType!) ?? propertyType) is { IsEnum: true } enumType)
                {
                    var longest = Enum.GetNames(enumType).MaxBy(n => n.Length)!;
                    if (longest.Length > column.Width)
                    {
                        narrow.Add($"{type.Name}.{column.Label} is {column.Width} wide, {enumType.Name}.{longest} needs {longest.Length}");
                    }
                }
            }
        }

        Assert.True(narrow.Count == 0, string.Join("; ", narrow));
    }

    [Fact]
    public void The_Code_column_holds_the_longest_health_code()
    {
        var longest = HealthCodeNames().MaxBy(c => c.Length)!;

        Assert.True(FormatView.Table(typeof(OpsHealthResult)).Column("Code").Width >= longest.Length, $"{longest} ({longest.Length}) is cut.");
    }

    [Fact]
    public void The_step_Name_columns_hold_the_longest_step_names()
    {
        var blueGreen = typeof(StepNames).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!).Append(StepNames.Weight(100)).MaxBy(n => n.Length)!;
        var drill = typeof(DisasterRecoveryStepNames).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!).MaxBy(n => n.Length)!;

        Assert.True(FormatView.Table(typeof(OpsBlueGreenStep)).Column("Name").Width >= blueGreen.Length, $"{blueGreen} is cut.");
        Assert.True(FormatView.Table(typeof(OpsDrTestStep)).Column("Name").Width >= drill.Length, $"{drill} is cut.");
    }

    [Fact]
    public void Backup_id_columns_hold_a_backup_id()
    {
        var idLength = BackupLayout.NewId().Length;
        var columns = FormatView.All.Where(v => v.IsTable).SelectMany(v => v.Columns.Where(c => c.Label is "Id" or "BackupId").Select(c => (v.TypeName, c))).ToList();

        Assert.NotEmpty(columns);
        Assert.All(columns, x => Assert.True(x.c.Width >= idLength, $"{x.TypeName}.{x.c.Label} is {x.c.Width} wide; ids are {idLength}."));
        Assert.Equal(idLength, FormatView.Table(typeof(OpsBackup)).Column("Id").Width);
    }

    /// <summary>Every finding code the checks can emit, from the one catalogue of them.</summary>
    internal static IReadOnlyList<string> HealthCodeNames() => HealthCodes.All.Select(entry => entry.Code).ToList();
}
