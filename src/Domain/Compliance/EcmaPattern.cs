using System.Text.RegularExpressions;

namespace ContextKit.Domain.Compliance;

/// <summary>
/// A <c>matches</c> operand: an ECMAScript-style regular expression without flags, searched anywhere in
/// the value, with a 100 ms budget per match so a hostile pattern cannot stall validation.
/// </summary>
public sealed class EcmaPattern
{
    public static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(100);

    readonly Regex? regex;
    // The shortest input a match has run out of time on. A pattern that backtracks catastrophically does so on
    // every longer input too, so those are presumed to time out rather than each costing the full budget: one
    // hostile rule cannot hold a repository's validation for 100 ms per entity.
    int shortestTimeout = int.MaxValue;

    EcmaPattern(string source, Regex? regex)
    {
        Source = source;
        this.regex = regex;
    }

    public string Source { get; }

    /// <summary>False when the pattern does not compile; such a pattern never matches.</summary>
    public bool IsValid => regex is not null;

    /// <summary>A pattern that never matches, for an operand that is not a scalar.</summary>
    public static EcmaPattern Invalid(string source) => new(source, null);

    public static EcmaPattern Compile(string source)
    {
        // .NET's ECMAScript mode gives JavaScript's \d, \w and back-reference rules, but it refuses some
        // syntax JavaScript accepts (named groups, lookbehind, \p{…}); those compile in the default mode.
        foreach (var options in new[] { RegexOptions.ECMAScript, RegexOptions.CultureInvariant })
        {
            try
            {
                return new EcmaPattern(source, new Regex(source, options, Budget));
            }
            catch (ArgumentException)
            {
            }
        }
        return new EcmaPattern(source, null);
    }

    /// <summary>
    /// True when the pattern matches somewhere in <paramref name="text"/>; null when the match ran out of time
    /// (or would: the text is at least as long as one it already ran out of time on).
    /// </summary>
    public bool? Matches(string text)
    {
        if (regex is null)
            return false;
        if (text.Length >= Volatile.Read(ref shortestTimeout))
            return null;
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            int known;
            while (text.Length < (known = Volatile.Read(ref shortestTimeout))
                   && Interlocked.CompareExchange(ref shortestTimeout, text.Length, known) != known)
            {
            }
            return null;
        }
    }
}
