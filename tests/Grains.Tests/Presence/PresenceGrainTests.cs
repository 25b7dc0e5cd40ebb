using ContextKit.Grains.Contracts;
using ContextKit.Grains.Tests.Fixtures;
using static ContextKit.Grains.Tests.Fixtures.TestData;

namespace ContextKit.Grains.Tests.Presence;

/// <summary>Presence versions: how a node that missed a broadcast knows the snapshot it holds is old.</summary>
[Collection(ClusterCollection.Name)]
public class PresenceGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Every_change_has_a_larger_version_than_the_last_also_after_the_grain_was_deactivated()
    {
        var presence = fixture.Grains.GetGrain<IPresenceGrain>("presence-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(0, (await presence.Snapshot()).Version);

        await presence.Set("c1", Alice, "main", "a.md", null);
        var first = await presence.Snapshot();
        await presence.Set("c1", Alice, "main", "a.md", "3:3");
        var second = await presence.Snapshot();
        await presence.Set("c1", Alice, "main", "a.md", "3:3");
        Assert.Equal(second.Version, (await presence.Snapshot()).Version);
        Assert.True(second.Version > first.Version && first.Version > 0, $"{first.Version} then {second.Version}");
        Assert.Equal("3:3", Assert.Single(second.Entries).Cursor);

        // Presence is memory only: a new activation starts empty, and its changes still come after the old ones.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var fresh = await presence.Snapshot();
        Assert.Equal(0, fresh.Version);
        Assert.Empty(fresh.Entries);
        await presence.Set("c2", Bob, "main", "b.md", null);
        Assert.True((await presence.Snapshot()).Version > second.Version);
    }
}
