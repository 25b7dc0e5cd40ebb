namespace ContextKit.Grains.Contracts;

/// <summary>Who is doing something: the signed-in user, as recorded in commits, events and editor lists.</summary>
[GenerateSerializer, Immutable, Alias("ck.actor")]
public sealed record Actor([property: Id(0)] string UserId, [property: Id(1)] string DisplayName, [property: Id(2)] string Email);
