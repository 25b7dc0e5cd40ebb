using System.Collections.Concurrent;
using ContextKit.Grains.Contracts;
using Microsoft.Extensions.Logging;

namespace ContextKit.Api.Audit;

/// <summary>
/// Writes audit entries for the API's policy layer, the hub and the UI (and, later, AI tools): one call per audited
/// action, into the repository's (or the account's) <see cref="IAuditLogGrain"/>. A failure to record is logged and
/// does not undo the action that already happened. Frequent hub edits are recorded once per connection, document
/// and minute, so that typing does not flood the log.
/// </summary>
public sealed class AuditTrail(IGrainFactory grains, TimeProvider clock, ILogger<AuditTrail> logger)
{
    static readonly TimeSpan CoalesceWindow = TimeSpan.FromMinutes(1);
    readonly ConcurrentDictionary<string, DateTimeOffset> recent = new(StringComparer.Ordinal);

    public Task RecordForRepository(string repositoryId, Actor actor, string action, string? target, string source, string? clientAddress) =>
        Record(AuditKeys.Repository(repositoryId), actor, action, target, source, clientAddress);

    public Task RecordForAccount(Actor actor, string action, string? target, string source, string? clientAddress) =>
        Record(AuditKeys.Account(actor.UserId), actor, action, target, source, clientAddress);

    /// <summary>Records unless the same <paramref name="coalesceKey"/> was recorded within the last minute.</summary>
    public Task RecordCoalesced(string coalesceKey, string repositoryId, Actor actor, string action, string? target, string source, string? clientAddress)
    {
        var now = clock.GetUtcNow();
        if (recent.TryGetValue(coalesceKey, out var last) && now - last < CoalesceWindow)
            return Task.CompletedTask;
        recent[coalesceKey] = now;
        if (recent.Count > 10_000)
            foreach (var stale in recent.Where(e => now - e.Value >= CoalesceWindow).Select(e => e.Key).ToList())
                recent.TryRemove(stale, out _);
        return RecordForRepository(repositoryId, actor, action, target, source, clientAddress);
    }

    async Task Record(string key, Actor actor, string action, string? target, string source, string? clientAddress)
    {
        try
        {
            await grains.GetGrain<IAuditLogGrain>(key).Record(new AuditDraft(actor.UserId, actor.DisplayName, action, target, source, clientAddress));
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not record the audit entry {Action} in {Log}", action, key);
        }
    }
}
