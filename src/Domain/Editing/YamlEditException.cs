namespace ContextKit.Domain.Editing;

/// <summary>
/// An entity file could not be edited: the original does not parse, or (an internal error) no edit could be
/// produced that reads back as the requested data. Nothing is written in either case.
/// </summary>
public sealed class YamlEditException(string message) : Exception(message);
