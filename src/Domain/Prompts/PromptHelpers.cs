using System.Collections;
using System.Globalization;
using HandlebarsDotNet;

namespace ContextKit.Domain.Prompts;

/// <summary>
/// The helpers prompt templates may use besides the standard ones (context-repo-format §8):
/// <c>padTaskId i</c> → <c>T</c> + (i+1) padded to 3 digits, <c>increment n</c> → n+1 and
/// <c>hasItems v</c> → a non-empty list or map, or any other truthy value.
/// </summary>
internal static class PromptHelpers
{
    public static void Register(IHandlebars handlebars)
    {
        handlebars.RegisterHelper("padTaskId", (_, arguments) => PadTaskId(First(arguments)));
        handlebars.RegisterHelper("increment", (_, arguments) => Increment(First(arguments)));
        handlebars.RegisterHelper("hasItems", (_, arguments) => HasItems(First(arguments)));
        // Handlebars.Net renders an unknown helper as nothing; handlebars.js fails, which tells the template's
        // author about the typo. A bare unknown name with no arguments is just a missing field.
        handlebars.RegisterHelper("helperMissing", (in HelperOptions options, in Context _, in Arguments arguments) =>
            arguments.Length > 0 ? throw new HandlebarsRuntimeException($"Missing helper: \"{options.Name}\"") : null);
    }

    public static string PadTaskId(object? index) =>
        "T" + ((Number(index) ?? 0) + 1).ToString("000", CultureInfo.InvariantCulture);

    /// <summary>n+1 for a number; anything that is not a number is returned as it is.</summary>
    public static object? Increment(object? value) => Number(value) is { } n ? n + 1 : value;

    public static bool HasItems(object? value) => value switch
    {
        null or UndefinedBindingResult => false,
        bool b => b,
        string s => s.Length > 0,
        ICollection<KeyValuePair<string, object?>> map => map.Count > 0,
        ICollection list => list.Count > 0,
        IEnumerable items => items.Cast<object?>().Any(),
        double d => d != 0 && !double.IsNaN(d),
        _ => Number(value) is not 0,
    };

    static object? First(Arguments arguments) => arguments.Length > 0 ? arguments[0] : null;

    static long? Number(object? value) => value switch
    {
        int i => i,
        long l => l,
        double d when double.IsFinite(d) => (long)d,
        decimal m => (long)m,
        string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        IConvertible c and not bool and not string and not char => TryConvert(c),
        _ => null,
    };

    static long? TryConvert(IConvertible value)
    {
        try
        {
            return value.ToInt64(CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            return null;
        }
    }
}
