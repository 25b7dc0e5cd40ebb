using ContextKit.Grains.Contracts;
using ContextKit.Grains.Hosting;
using ContextKit.Grains.Storage;
using Microsoft.Extensions.Options;

namespace ContextKit.Grains.Audit;

/// <summary>
/// One audit log (a repository's or an account's). Its entries live in append-only JSON-lines segments under the
/// audit folder, not in grain state, so the log grows without rewriting anything and survives the repository's deletion.
/// </summary>
public sealed class AuditLogGrain(IOptions<StorageOptions> options, TimeProvider clock) : Grain, IAuditLogGrain
{
    public const int MaxQueryLimit = 1000;
    const int MaxTextLength = 1000;

    AuditSegments segments = null!;
    long sequence;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var storage = options.Value;
        segments = new AuditSegments(Path.Combine(storage.Audit, SafeFileName.From(this.GetPrimaryKeyString())), storage.AuditSegmentBytes, storage.AuditSegments);
        sequence = await segments.LastSequence();
    }

    public async Task<AuditEntry> Record(AuditDraft draft)
    {
        var entry = new AuditEntry(sequence + 1, clock.GetUtcNow(), Clip(draft.ActorId)!, Clip(draft.ActorName)!, Clip(draft.Action)!,
            Clip(draft.Target), Clip(draft.Source)!, Clip(draft.ClientAddress));
        await segments.Append(entry);
        sequence = entry.Sequence;
        return entry;
    }

    public async Task<IReadOnlyList<AuditEntry>> Query(AuditQuery query)
    {
        var limit = Math.Clamp(query.Limit, 1, MaxQueryLimit);
        var found = new List<AuditEntry>();
        var oldestFirst = query.AfterSequence is not null;
        await foreach (var entry in segments.Read(newestFirst: !oldestFirst))
        {
            if (oldestFirst && entry.Sequence <= query.AfterSequence)
                continue;
            if (!oldestFirst && query.Since is { } since && entry.At < since)
                break;
            if (Matches(entry, query))
                found.Add(entry);
            if (found.Count >= limit)
                break;
        }
        return found;
    }

    static bool Matches(AuditEntry entry, AuditQuery query) =>
        (string.IsNullOrEmpty(query.Actor) || entry.ActorId == query.Actor || entry.ActorName.Contains(query.Actor, StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrEmpty(query.Action) || entry.Action.StartsWith(query.Action, StringComparison.Ordinal))
        && (query.Since is null || entry.At >= query.Since)
        && (query.Until is null || entry.At <= query.Until);

    static string? Clip(string? text) => text is { Length: > MaxTextLength } ? text[..MaxTextLength] : text;
}
