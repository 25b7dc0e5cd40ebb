namespace ContextKit.Grains.Documents;

/// <summary>Live editing settings (<c>ContextKit:LiveDocuments</c>).</summary>
public sealed class LiveDocumentOptions
{
    public const string Section = "ContextKit:LiveDocuments";

    /// <summary>
    /// How long after the last edit the text is saved to the working tree (and validated). Edits are safe before that:
    /// each one is kept in grain storage before it is acknowledged.
    /// </summary>
    public TimeSpan SaveDelay { get; set; } = TimeSpan.FromMilliseconds(750);
}
