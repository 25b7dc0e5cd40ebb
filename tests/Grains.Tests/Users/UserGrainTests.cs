using ContextKit.Grains.Contracts;
using ContextKit.Grains.Tests.Fixtures;

namespace ContextKit.Grains.Tests.Users;

[Collection(ClusterCollection.Name)]
public class UserGrainTests(ClusterFixture fixture)
{
    static string NewId() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Two_sign_ups_racing_for_one_email_get_one_account()
    {
        var email = $"race-{NewId()}@example.com";
        var claimants = Enumerable.Range(0, 8).Select(_ => NewId()).ToList();

        var owners = await Task.WhenAll(claimants.Select((id, i) => fixture.GrainsOnSilo(i % 2).GetGrain<IUserDirectoryGrain>(email).Claim(id)));

        Assert.Single(owners.Distinct());
        Assert.Contains(owners[0], claimants);
    }

    [Fact]
    public async Task A_password_is_checked_against_its_hash()
    {
        var user = fixture.Grains.GetGrain<IUserGrain>(NewId());
        await user.Register("carol@example.com", "Carol", "a long pass phrase");

        Assert.NotNull(await user.VerifyPassword("a long pass phrase"));
        Assert.Null(await user.VerifyPassword("a long pass phrasE"));
        Assert.Null(await fixture.Grains.GetGrain<IUserGrain>(NewId()).VerifyPassword("a long pass phrase"));
    }

    [Fact]
    public async Task The_state_file_holds_no_password_or_token_in_clear()
    {
        var id = NewId();
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Register("dave@example.com", "Dave", "very secret words");
        var token = await user.IssueRefreshToken();

        var files = Directory.GetFiles(Path.Combine(fixture.DataPath, "grains"), $"{id}*", SearchOption.AllDirectories);
        var stored = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(
            System.Text.Json.JsonDocument.Parse(File.ReadAllText(Assert.Single(files))).RootElement.GetProperty("Payload").GetString()!));

        Assert.DoesNotContain("very secret words", stored);
        Assert.DoesNotContain(token.Token.Split('.')[1], stored);
    }

    [Fact]
    public async Task A_refresh_token_works_once()
    {
        var user = fixture.Grains.GetGrain<IUserGrain>(NewId());
        await user.Register("erin@example.com", "Erin", "another long phrase");
        var first = await user.IssueRefreshToken();

        var second = await user.RotateRefreshToken(first.Token);

        Assert.NotNull(second);
        Assert.NotEqual(first.Token, second.Token);
        Assert.NotNull(await user.RotateRefreshToken(second.Token));
        Assert.Null(await user.RotateRefreshToken(first.Token));
    }

    [Fact]
    public async Task Replaying_a_traded_in_refresh_token_ends_that_sign_in_but_not_the_others()
    {
        var user = fixture.Grains.GetGrain<IUserGrain>(NewId());
        await user.Register("replay@example.com", "Replay", "a long pass phrase here");
        var laptop = await user.IssueRefreshToken();
        var phone = await user.IssueRefreshToken();
        var rotated = await user.RotateRefreshToken(laptop.Token);

        Assert.Null(await user.RotateRefreshToken(laptop.Token)); // the stolen copy is replayed

        Assert.Null(await user.RotateRefreshToken(rotated!.Token));
        Assert.NotNull(await user.RotateRefreshToken(phone.Token));
    }

    [Fact]
    public async Task A_revoked_refresh_token_no_longer_works()
    {
        var user = fixture.Grains.GetGrain<IUserGrain>(NewId());
        await user.Register("frank@example.com", "Frank", "yet another phrase");
        var token = await user.IssueRefreshToken();

        await user.RevokeRefreshToken(token.Token);

        Assert.Null(await user.RotateRefreshToken(token.Token));
    }

    [Fact]
    public async Task Registering_an_existing_account_again_is_a_conflict()
    {
        var user = fixture.Grains.GetGrain<IUserGrain>(NewId());
        await user.Register("gina@example.com", "Gina", "a fine long phrase");
        await Assert.ThrowsAsync<ConflictException>(() => user.Register("gina@example.com", "Gina", "other phrase here"));
    }
}
