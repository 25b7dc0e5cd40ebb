using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace ContextKit.Silo.Migrations;

/// <summary>One versioned script of <c>deploy/sql</c> (named <c>NNN_name.sql</c>), embedded in this assembly.</summary>
public sealed record SchemaScript(int Version, string Name, string Sql)
{
    public string Checksum => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    /// <summary>Every embedded script, in version order.</summary>
    public static IReadOnlyList<SchemaScript> All()
    {
        var assembly = typeof(SchemaScript).Assembly;
        var scripts = new List<SchemaScript>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("sql/", StringComparison.Ordinal)))
        {
            var fileName = resource["sql/".Length..];
            var separator = fileName.IndexOf('_');
            if (separator <= 0 || !int.TryParse(fileName[..separator], out var version))
                throw new InvalidOperationException($"The schema script '{fileName}' is not named NNN_name.sql.");
            scripts.Add(new SchemaScript(version, Path.GetFileNameWithoutExtension(fileName)[(separator + 1)..], Read(assembly, resource)));
        }
        var duplicate = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Two schema scripts share version {duplicate.Key}.");
        return scripts.OrderBy(s => s.Version).ToList();
    }

    static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
