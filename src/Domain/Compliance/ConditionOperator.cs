using System.Globalization;
using System.Text.Json.Nodes;
using static ContextKit.Domain.Compliance.JsonScalars;

namespace ContextKit.Domain.Compliance;

/// <summary>
/// The operators of compliance conditions with the exact semantics of context-repo-format §5.2. A condition
/// fails when its operator yields false; unknown operators yield false.
/// </summary>
public static class ConditionOperator
{
    public const string Exists = "exists", EqualsTo = "equals", NotEquals = "notEquals", Includes = "includes",
        Matches = "matches", GreaterThan = "greaterThan", LessThan = "lessThan";

    /// <summary>
    /// Applies <paramref name="op"/> to the value read by the condition's path and its operand (missing when the
    /// condition has no <c>value</c>). <c>matches</c> takes its compiled <paramref name="pattern"/>; a match that
    /// runs out of time yields false and sets <paramref name="timedOut"/>.
    /// </summary>
    public static bool Apply(string op, PathValue value, PathValue operand, EcmaPattern? pattern, out bool timedOut)
    {
        timedOut = false;
        switch (op)
        {
            case Exists:
                return IsPresent(value);
            case EqualsTo:
                return AreEqual(value, operand);
            case NotEquals:
                return !AreEqual(value, operand);
            case Includes:
                return DoesInclude(value, operand);
            case Matches:
                if (value.IsMissing || KindOf(value.Node) != Kind.String || pattern is null)
                    return false;
                var matched = pattern.Matches(value.Node!.GetValue<string>());
                timedOut = matched is null;
                return matched == true;
            case GreaterThan:
                return Left(value) > Right(operand);
            case LessThan:
                return Left(value) < Right(operand);
            default:
                return false;
        }
    }

    static bool IsPresent(PathValue value)
    {
        if (value.IsMissing)
            return false;
        return value.Node switch
        {
            null => false,
            JsonArray list => list.Count > 0,
            JsonObject map => map.Count > 0,
            _ when KindOf(value.Node) == Kind.String => !string.IsNullOrWhiteSpace(value.Node.GetValue<string>()),
            _ => true,
        };
    }

    // Missing equals nothing, not even null; lists and maps equal nothing either.
    static bool AreEqual(PathValue value, PathValue operand) =>
        !value.IsMissing && !operand.IsMissing && ScalarEquals(value.Node, operand.Node);

    static bool DoesInclude(PathValue value, PathValue operand)
    {
        if (value.IsMissing || operand.IsMissing)
            return false;
        if (value.Node is JsonArray list)
            return list.Any(element => ScalarEquals(element, operand.Node));
        if (KindOf(value.Node) == Kind.String && Text(operand.Node) is { } text)
            return value.Node!.GetValue<string>().Contains(text, StringComparison.Ordinal);
        return false;
    }

    /// <summary>The left side of a comparison: a list's count, a string's length, a number, 1/0, null → 0, else NaN.</summary>
    static double Left(PathValue value)
    {
        if (value.IsMissing)
            return double.NaN;
        return KindOf(value.Node) switch
        {
            Kind.List => value.Node!.AsArray().Count,
            Kind.String => value.Node!.GetValue<string>().Length,
            Kind.Number => Number(value.Node!.AsValue()),
            Kind.Boolean => value.Node!.GetValue<bool>() ? 1 : 0,
            Kind.Null => 0,
            _ => double.NaN,
        };
    }

    /// <summary>The operand of a comparison: a number, a numeric string (trimmed, empty → 0), 1/0, null → 0, else NaN.</summary>
    static double Right(PathValue operand)
    {
        if (operand.IsMissing)
            return double.NaN;
        switch (KindOf(operand.Node))
        {
            case Kind.Number:
                return Number(operand.Node!.AsValue());
            case Kind.String:
                var text = operand.Node!.GetValue<string>().Trim();
                if (text.Length == 0)
                    return 0;
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : double.NaN;
            case Kind.Boolean:
                return operand.Node!.GetValue<bool>() ? 1 : 0;
            case Kind.Null:
                return 0;
            default:
                return double.NaN;
        }
    }
}
