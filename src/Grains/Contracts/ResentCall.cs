namespace ContextKit.Grains.Contracts;

/// <summary>
/// Marks a grain call that the calling node sends a second time because the node that had it went away
/// without answering. A conditional write that finds its own bytes already in place knows the first
/// attempt applied, and answers as that attempt would have instead of 412.
/// </summary>
public static class ResentCall
{
    const string Key = "ck.resent";

    public static bool IsCurrent => RequestContext.Get(Key) is true;

    public static void Mark() => RequestContext.Set(Key, true);
}
