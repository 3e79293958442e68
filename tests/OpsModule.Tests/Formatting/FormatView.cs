using System.Xml.Linq;
using OpsModule.Tests.Surface;

namespace OpsModule.Tests.Formatting;

/// <summary>One &lt;View&gt; of OpsModule.Format.ps1xml, as much of it as the tests need.</summary>
internal sealed record FormatView(string TypeName, bool IsTable, bool Wraps, IReadOnlyList<FormatColumn> Columns)
{
    public const int SeparatorWidth = 1;

    private static readonly Lazy<IReadOnlyList<FormatView>> LazyAll = new(Load);

    public static IReadOnlyList<FormatView> All => LazyAll.Value;

    public static string FilePath => Path.Combine(RepoPaths.ModuleFolder, "OpsModule.Format.ps1xml");

    public static FormatView Table(Type type) =>
        All.SingleOrDefault(v => v.IsTable && v.TypeName == type.FullName) ?? throw new Xunit.Sdk.XunitException($"No table view for {type.FullName}.");

    public FormatColumn Column(string label) =>
        Columns.SingleOrDefault(c => c.Label == label) ?? throw new Xunit.Sdk.XunitException($"The {TypeName} table has no column '{label}'.");

    /// <summary>Columns and the single spaces between them; a column without a width counts as zero.</summary>
    public int FixedWidth => Columns.Sum(c => c.Width) + (SeparatorWidth * (Columns.Count - 1));

    private static IReadOnlyList<FormatView> Load()
    {
        var document = XDocument.Load(FilePath);
        return document.Descendants("View").Select(Parse).ToList();
    }

    private static FormatView Parse(XElement view)
    {
        var typeName = view.Element("ViewSelectedBy")!.Element("TypeName")!.Value.Trim();
        if (view.Element("TableControl") is { } table)
        {
            var headers = table.Descendants("TableColumnHeader").ToList();
            var items = table.Descendants("TableColumnItem").ToList();
            var columns = headers.Zip(items, (h, i) => new FormatColumn(
                h.Element("Label")?.Value ?? i.Element("PropertyName")?.Value ?? string.Empty,
                int.TryParse(h.Element("Width")?.Value, out var width) ? width : 0,
                i.Element("PropertyName")?.Value,
                i.Element("ScriptBlock")?.Value)).ToList();
            Xunit.Assert.True(headers.Count == items.Count, $"The {typeName} table has {headers.Count} headers and {items.Count} items.");
            return new FormatView(typeName, true, table.Descendants("Wrap").Any(), columns);
        }

        var listItems = view.Descendants("ListItem")
            .Select(i => new FormatColumn(
                i.Element("Label")?.Value ?? i.Element("PropertyName")?.Value ?? string.Empty, 0, i.Element("PropertyName")?.Value, i.Element("ScriptBlock")?.Value))
            .ToList();
        return new FormatView(typeName, false, false, listItems);
    }
}

/// <summary>A table column or a list item: a property, or a script block (<see cref="Property"/> null).</summary>
internal sealed record FormatColumn(string Label, int Width, string? Property, string? Script = null);
