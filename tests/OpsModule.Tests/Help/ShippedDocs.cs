using OpsModule.HelpGenerator.Commands;
using OpsModule.HelpGenerator.Markdown;
using OpsModule.Tests.Surface;

namespace OpsModule.Tests.Help;

/// <summary>The repository's docs/ pages, read with the generator's own reader (the same reading the build does).</summary>
internal static class ShippedDocs
{
    private static readonly Lazy<IReadOnlyList<CommandHelp>> LazyCommands = new(() =>
        Directory.GetFiles(Folder, "*.md")
            .Select(MarkdownPage.Load)
            .Where(CommandHelpReader.IsCommandPage)
            .Select(CommandHelpReader.Read)
            .ToList());

    public static string Folder => Path.Combine(RepoPaths.Root, "docs");

    /// <summary>The MAML file PowerShell looks for beside a binary module: the assembly's file name plus -Help.xml.</summary>
    public static string MamlFileName => typeof(OpsAsyncCmdlet).Assembly.GetName().Name + ".dll-Help.xml";

    public static IReadOnlyList<CommandHelp> Commands => LazyCommands.Value;

    public static CommandHelp? Find(string name)
        => Commands.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}
