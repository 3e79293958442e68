using System.Text.RegularExpressions;

namespace OpsModule.Benchmarks.WholeProcess;

/// <summary>
/// A copy of the published module without its per-runtime ReadyToRun image folders (<c>dependencies/&lt;tfm&gt;-&lt;rid&gt;/</c>, e.g.
/// <c>net10.0-linux-x64</c>), so the load context falls back to the IL assemblies in <c>dependencies/</c>: the gain of the images,
/// measured in the same run.
/// </summary>
internal static partial class ModuleIlCopy
{
    /// <summary>The copy's manifest, or null (with the reason logged) when the module has no image folders to remove.</summary>
    public static string? Create(string manifest, string parent, TextWriter log)
    {
        var module = Path.GetDirectoryName(manifest)!;
        var dependencies = Path.Combine(module, "dependencies");
        var images = Directory.Exists(dependencies)
            ? Directory.GetDirectories(dependencies).Where(dir => ImageFolder().IsMatch(Path.GetFileName(dir))).ToList()
            : [];
        if (images.Count == 0)
        {
            log.WriteLine($"--module-il: {dependencies} has no ReadyToRun image folders (net*-*); the module is IL only already, so that variant is skipped.");
            return null;
        }

        var copy = Path.Combine(parent, "module-il", Path.GetFileName(module));
        foreach (var file in Directory.EnumerateFiles(module, "*", SearchOption.AllDirectories))
        {
            if (images.Any(image => file.StartsWith(image + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            {
                continue;
            }

            var destination = Path.Combine(copy, Path.GetRelativePath(module, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        log.WriteLine($"--module-il: {copy} is the module without {string.Join(", ", images.Select(Path.GetFileName))}.");
        return Path.Combine(copy, Path.GetFileName(manifest));
    }

    [GeneratedRegex(@"^net\d+(\.\d+)*-.+$", RegexOptions.IgnoreCase)]
    private static partial Regex ImageFolder();
}
