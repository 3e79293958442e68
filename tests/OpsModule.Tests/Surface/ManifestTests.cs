using System.Xml;
using System.Xml.Linq;

namespace OpsModule.Tests.Surface;

public sealed class ManifestTests
{
    private static readonly ModuleManifest Manifest = ModuleManifest.Load(RepoPaths.Manifest);

    [Fact]
    public void CmdletsToExport_lists_exactly_the_cmdlet_classes()
    {
        var cmdlets = OpsModuleSurface.CmdletsOrFail().Where(c => c.HasCmdletAttribute).Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var exported = Manifest.List("CmdletsToExport");

        Assert.True(exported is not null, "CmdletsToExport must be an explicit @('Verb-Noun', ...) list.");
        var missing = cmdlets.Except(exported, StringComparer.OrdinalIgnoreCase).Order().ToList();
        var extra = exported.Except(cmdlets, StringComparer.OrdinalIgnoreCase).Order().ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0 && exported.Count == cmdlets.Count,
            $"OpsModule.psd1 CmdletsToExport is out of date. Add: [{string.Join(", ", missing)}]; remove: [{string.Join(", ", extra)}]; no duplicates.");
    }

    [Fact]
    public void Manifest_loads_the_binary_module_on_PowerShell_7_4_and_exports_nothing_else()
    {
        Assert.Equal(typeof(OpsAsyncCmdlet).Assembly.GetName().Name + ".dll", Manifest.Scalar("RootModule"));
        Assert.Equal("7.4", Manifest.Scalar("PowerShellVersion"));
        Assert.Equal(["Core"], Manifest.List("CompatiblePSEditions"));
        Assert.True(Guid.TryParse(Manifest.Scalar("GUID"), out _), "GUID must be a GUID.");
        Assert.True(Version.TryParse(Manifest.Scalar("ModuleVersion"), out _), "ModuleVersion must be a version.");
        Assert.Empty(Manifest.List("FunctionsToExport")!);
        Assert.Empty(Manifest.List("VariablesToExport")!);
        Assert.Empty(Manifest.List("AliasesToExport")!);
    }

    [Fact]
    public void Every_FormatsToProcess_file_exists_and_is_a_well_formed_format_file()
    {
        var formats = Manifest.List("FormatsToProcess");

        Assert.NotNull(formats);
        Assert.NotEmpty(formats);
        foreach (var format in formats)
        {
            var path = Path.Combine(RepoPaths.ModuleFolder, format);
            Assert.True(File.Exists(path), $"FormatsToProcess names {format}, which is not in module/OpsModule.");
            var document = LoadFormat(path);
            Assert.Equal("Configuration", document.Root!.Name.LocalName);
            Assert.NotNull(document.Root.Element("ViewDefinitions"));
        }
    }

    [Fact]
    public void Every_output_type_has_a_table_view()
    {
        var outputTypes = OpsModuleSurface.CmdletsOrFail().SelectMany(c => c.OutputTypes).Select(o => o.Type).OfType<Type>().Distinct().ToList();
        var views = Manifest.List("FormatsToProcess")!
            .Select(f => LoadFormat(Path.Combine(RepoPaths.ModuleFolder, f)))
            .SelectMany(d => d.Descendants("View"))
            .Where(v => v.Element("TableControl") is not null)
            .SelectMany(v => v.Element("ViewSelectedBy")?.Elements("TypeName").Select(t => t.Value.Trim()) ?? [])
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var missing = outputTypes.Where(t => !views.Contains(t.FullName!)).Select(t => t.FullName).ToList();

        Assert.True(missing.Count == 0, "No <TableControl> view in OpsModule.Format.ps1xml for: " + string.Join(", ", missing));
    }

    private static XDocument LoadFormat(string path)
    {
        try
        {
            return XDocument.Load(path);
        }
        catch (XmlException ex)
        {
            Assert.Fail($"{Path.GetFileName(path)} is not well-formed XML: {ex.Message}");
            throw;
        }
    }
}
