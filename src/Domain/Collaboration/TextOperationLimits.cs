using System.Globalization;

namespace ContextKit.Domain.Collaboration;

/// <summary>
/// Limits on one incoming text operation, so a hostile or broken client cannot make the server build huge strings
/// or walk huge component lists. Lengths count UTF-16 code units.
/// </summary>
public sealed record TextOperationLimits(int MaxInsertLength = 1024 * 1024, int MaxComponents = 10_000)
{
    public static TextOperationLimits Default { get; } = new();

    /// <summary>Throws <see cref="TextOperationException"/> (<see cref="TextOperationError.LimitExceeded"/>) when the operation is over a limit.</summary>
    public void Check(TextOperation operation)
    {
        if (operation.Components.Count > MaxComponents)
            throw TooManyComponents(operation.Components.Count);
        if (operation.InsertedLength > MaxInsertLength)
            throw TooMuchInserted(operation.InsertedLength);
    }

    internal TextOperationException TooManyComponents(int count) => new(TextOperationError.LimitExceeded, string.Create(CultureInfo.InvariantCulture,
        $"The operation has {count:N0} components; at most {MaxComponents:N0} are accepted in one operation."));

    internal TextOperationException TooMuchInserted(long length) => new(TextOperationError.LimitExceeded, string.Create(CultureInfo.InvariantCulture,
        $"The operation inserts {length:N0} UTF-16 code units; at most {MaxInsertLength:N0} are accepted in one operation."));
}

/// <summary>Limits of a live-edited document held by <see cref="DocumentHistory"/>.</summary>
/// <param name="MaxDocumentLength">Edits may not grow the text past this many UTF-16 code units (5 MiB by default).</param>
/// <param name="HistoryWindow">How many recent operations are kept to transform late edits against; older base versions must reload.</param>
/// <param name="Operation">Limits on each submitted operation.</param>
public sealed record DocumentLimits(int MaxDocumentLength = 5 * 1024 * 1024, int HistoryWindow = 1000, TextOperationLimits? Operation = null)
{
    public static DocumentLimits Default { get; } = new();

    public TextOperationLimits OperationLimits => Operation ?? TextOperationLimits.Default;
}
