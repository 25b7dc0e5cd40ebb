using System.Reflection;

namespace ContextKit.Domain.Templates;

/// <summary>What a new repository starts with.</summary>
public enum RepositoryTemplate
{
    /// <summary>The bare layout: folders, built-in schemas, rules and templates, no entities.</summary>
    Empty,

    /// <summary>The bare layout plus a small, valid example product to explore.</summary>
    Starter,
}

/// <summary>One file of a template, at its repository-relative path.</summary>
public sealed record TemplateFile(string Path, byte[] Content);

/// <summary>
/// The files of each repository template. They are embedded in this assembly under
/// <c>Templates/Content/common</c> (every template) and <c>Templates/Content/starter</c>.
/// </summary>
public static class RepositoryTemplates
{
    const string Prefix = "ContextKit.Templates/";

    // Written by code, not kept as a file, so that it does not act on this project's own tree.
    static readonly TemplateFile GitIgnore = new(".gitignore", "generated/\nc4/out/\n"u8.ToArray());

    public static bool TryParse(string? name, out RepositoryTemplate template)
    {
        template = RepositoryTemplate.Starter;
        return name is null || Enum.TryParse(name, ignoreCase: true, out template) && Enum.IsDefined(template);
    }

    public static IReadOnlyList<TemplateFile> Files(RepositoryTemplate template)
    {
        var folders = template == RepositoryTemplate.Starter ? new[] { "common/", "starter/" } : ["common/"];
        var assembly = typeof(RepositoryTemplates).Assembly;
        var files = new SortedDictionary<string, TemplateFile>(StringComparer.Ordinal) { [GitIgnore.Path] = GitIgnore };
        foreach (var folder in folders)
        {
            foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix + folder, StringComparison.Ordinal)))
            {
                var path = name[(Prefix.Length + folder.Length)..].Replace('\\', '/');
                files[path] = new TemplateFile(path, Read(assembly, name));
            }
        }
        // A folder kept only by .gitkeep in the common layout no longer needs it once the starter fills it.
        return files.Values
            .Where(f => !f.Path.EndsWith("/.gitkeep", StringComparison.Ordinal)
                        || !files.Keys.Any(k => k != f.Path && k.StartsWith(f.Path[..^".gitkeep".Length], StringComparison.Ordinal)))
            .ToList();
    }

    static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
