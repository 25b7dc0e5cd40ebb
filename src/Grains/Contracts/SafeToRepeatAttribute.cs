namespace ContextKit.Grains.Contracts;

/// <summary>
/// Marks a grain method whose second run changes nothing the first did not (a read). When a node goes
/// away with such a call, the calling node sends it once more instead of failing the request.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SafeToRepeatAttribute : Attribute;
