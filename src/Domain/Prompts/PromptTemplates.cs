using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using ContextKit.Domain.Paths;
using ContextKit.Domain.Snapshots;
using ContextKit.Domain.Templates;
using HandlebarsDotNet;

namespace ContextKit.Domain.Prompts;

/// <summary>
/// Finds and compiles prompt templates: a repository's <c>.context/templates/prompts/&lt;name&gt;.hbs</c> wins,
/// else the built-in one shipped with every new repository. Output is never HTML-escaped.
/// </summary>
internal static class PromptTemplates
{
    public const string Folder = ".context/templates/prompts";
    public const string Checklist = "checklist";

    const int CacheLimit = 64;

    static readonly Lazy<IReadOnlyDictionary<string, string>> BuiltIns = new(LoadBuiltIns);
    static readonly Lazy<IHandlebars> Environment = new(CreateEnvironment);

    // Compiling turns a template into expression trees, which is slow next to rendering it; repositories
    // rarely change their templates, so compiled ones are kept by text. The cap keeps a stream of edited
    // templates from growing the cache without bound.
    static readonly ConcurrentDictionary<string, HandlebarsTemplate<object, object>> Compiled = new(StringComparer.Ordinal);

    /// <summary>The repository-relative path of the template <paramref name="name"/> (an entity type or "checklist").</summary>
    public static string PathOf(string name) => $"{Folder}/{name}.hbs";

    /// <summary>The text of template <paramref name="name"/>: the repository's, else the built-in one, else null.</summary>
    public static string? Find(IRepositorySnapshot snapshot, string name) =>
        (RepoPath.TryParse(PathOf(name), false, out var path, out _) ? snapshot.ReadText(path) : null)
        ?? BuiltIns.Value.GetValueOrDefault(name);

    /// <summary>Compiles a template; throws a Handlebars exception when its syntax is wrong.</summary>
    public static HandlebarsTemplate<object, object> Compile(string text)
    {
        if (Compiled.TryGetValue(text, out var template))
            return template;
        template = Environment.Value.Compile(text);
        if (Compiled.Count >= CacheLimit)
            Compiled.Clear();
        Compiled[text] = template;
        return template;
    }

    static IHandlebars CreateEnvironment()
    {
        var handlebars = Handlebars.Create(new HandlebarsConfiguration
        {
            NoEscape = true,
            FormatProvider = CultureInfo.InvariantCulture,
            // Templates come from repositories; a partial must never be looked up on the server's disk.
            PartialTemplateResolver = new NoPartialFiles(),
        });
        PromptHelpers.Register(handlebars);
        return handlebars;
    }

    static IReadOnlyDictionary<string, string> LoadBuiltIns()
    {
        var prefix = Folder + "/";
        return RepositoryTemplates.Files(RepositoryTemplate.Empty)
            .Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal) && f.Path.EndsWith(".hbs", StringComparison.Ordinal))
            .ToDictionary(f => f.Path[prefix.Length..^".hbs".Length], f => Encoding.UTF8.GetString(f.Content).TrimStart('\uFEFF'), StringComparer.Ordinal);
    }

    sealed class NoPartialFiles : IPartialTemplateResolver
    {
        public bool TryRegisterPartial(IHandlebars env, string? partialName, string? templatePath) => false;
    }
}
