namespace ContextKit.Domain.Impact;

/// <summary>
/// What to analyse (context-repo-format §7 "Request"): the changed ids, how many hops to follow, and the
/// commit to compare with (resolved by the caller, which loads that commit's tree).
/// </summary>
public sealed record ImpactRequest(IReadOnlyList<string> Ids, int Depth = ImpactRequest.DefaultDepth, string Base = ImpactRequest.DefaultBase)
{
    public const int DefaultDepth = 1, MinDepth = 1, MaxDepth = 5;
    public const string DefaultBase = "HEAD";

    /// <summary>Throws <see cref="InvalidImpactRequestException"/> when there is no id, a blank id, or the depth is outside 1–5.</summary>
    public void Validate()
    {
        if (Ids is null || Ids.Count == 0)
            throw new InvalidImpactRequestException("At least one entity id is required.");
        if (Ids.Any(string.IsNullOrWhiteSpace))
            throw new InvalidImpactRequestException("Entity ids must not be blank.");
        if (Depth is < MinDepth or > MaxDepth)
            throw new InvalidImpactRequestException($"Depth must be between {MinDepth} and {MaxDepth}; it was {Depth}.");
    }
}

/// <summary>An impact request that cannot be run as given; the API answers 400 and the CLI exits with 2.</summary>
public sealed class InvalidImpactRequestException(string message) : Exception(message);
