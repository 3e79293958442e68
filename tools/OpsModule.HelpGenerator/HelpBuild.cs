using System.Text;
using OpsModule.HelpGenerator.About;
using OpsModule.HelpGenerator.Commands;
using OpsModule.HelpGenerator.Maml;
using OpsModule.HelpGenerator.Markdown;

namespace OpsModule.HelpGenerator;

/// <summary>
/// Turns a docs folder into a help folder: cmdlet pages (those whose front matter names an external help file) into one
/// MAML file per help file name, about_*.md into about_*.help.txt. Every page is read before anything is written, and
/// nothing is written when any page is wrong, so a broken page never leaves half-updated help behind.
/// </summary>
public static class HelpBuild
{
    public static HelpBuildResult Generate(string docsFolder, string outputFolder)
    {
        var errors = new List<HelpDocumentException>();
        var commands = new List<CommandHelp>();
        var topics = new List<AboutTopic>();
        var skipped = new List<string>();
        foreach (var path in Directory.GetFiles(docsFolder, "*.md").Order(StringComparer.Ordinal))
        {
            try
            {
                var page = MarkdownPage.Load(path);
                if (AboutTopicReader.IsAboutPage(path))
                {
                    topics.Add(AboutTopicReader.Read(page));
                }
                else if (CommandHelpReader.IsCommandPage(page))
                {
                    commands.Add(CommandHelpReader.Read(page));
                }
                else
                {
                    skipped.Add(path);
                }
            }
            catch (HelpDocumentException e)
            {
                errors.Add(e);
            }
        }

        foreach (var duplicate in commands.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add(new HelpDocumentException(docsFolder, 0, $"{duplicate.Key} has more than one page."));
        }

        if (commands.Count == 0 && errors.Count == 0)
        {
            errors.Add(new HelpDocumentException(docsFolder, 0,
                $"No cmdlet page: a cmdlet page starts with front matter naming its '{CommandHelpReader.HelpFileKey}'."));
        }

        if (errors.Count > 0)
        {
            return new HelpBuildResult([], skipped, errors);
        }

        Directory.CreateDirectory(outputFolder);
        var written = new List<string>();
        foreach (var file in commands.GroupBy(c => c.HelpFile, StringComparer.OrdinalIgnoreCase))
        {
            var path = Path.Combine(outputFolder, file.Key);
            MamlWriter.Save(MamlWriter.Build(file.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)), path);
            written.Add(path);
        }

        foreach (var topic in topics)
        {
            var path = Path.Combine(outputFolder, topic.FileName);
            File.WriteAllText(path, AboutTopicWriter.Write(topic), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            written.Add(path);
        }

        return new HelpBuildResult(written, skipped, errors);
    }
}

/// <summary>The files written, the markdown files that are neither cmdlet pages nor about topics, and the page errors.</summary>
public sealed record HelpBuildResult(IReadOnlyList<string> Written, IReadOnlyList<string> Skipped, IReadOnlyList<HelpDocumentException> Errors);
