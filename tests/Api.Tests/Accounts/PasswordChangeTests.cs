using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;

namespace ContextKit.Api.Tests.Accounts;

[Collection(ProductCollection.Name)]
public class PasswordChangeTests(ProductFixture product)
{
    const string NewPassword = "another long pass phrase";

    [Fact]
    public async Task A_password_change_ends_every_other_session_and_keeps_this_one()
    {
        var user = await product.Factory.SignUp();
        var otherDevice = await ContextKitFactory.SignIn(product.Factory.CreateClient(), user.Email, user.Password);
        // Sessions are stamped to the second: let the change happen in a later second than these sign-ins.
        await Task.Delay(1100);

        var changed = await user.Http.PostAsJsonAsync("/api/auth/password", new { currentPassword = user.Password, newPassword = NewPassword });
        changed.EnsureSuccessStatusCode();
        var fresh = (await changed.Content.ReadFromJsonAsync<TokenBody>())!;

        var oldAccess = Client(otherDevice.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await oldAccess.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.Http.GetAsync("/api/auth/me")).StatusCode);
        foreach (var refresh in new[] { otherDevice.RefreshToken, user.Tokens.RefreshToken })
            await Problem.Expect(await product.Factory.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = refresh }),
                HttpStatusCode.Unauthorized, "invalid-refresh-token");
        Assert.Equal(HttpStatusCode.OK, (await Client(fresh.AccessToken).GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await product.Factory.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = fresh.RefreshToken })).StatusCode);
        await Problem.Expect(await product.Factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = user.Password }),
            HttpStatusCode.Unauthorized, "wrong-credentials");
        await ContextKitFactory.SignIn(product.Factory.CreateClient(), user.Email, NewPassword);
        var audit = await Client(fresh.AccessToken).GetFromJsonAsync<JsonElement[]>("/api/auth/audit");
        Assert.Contains(audit!, e => e.GetProperty("action").GetString() == "auth.password.post");
    }

    [Fact]
    public async Task A_wrong_current_password_a_weak_new_one_or_a_token_change_nothing()
    {
        var user = await product.Factory.SignUp();
        var token = await user.Http.PostAsJsonAsync("/api/auth/tokens", new { name = "ci", scope = "write" });
        var pat = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;

        var wrong = await user.Http.PostAsJsonAsync("/api/auth/password", new { currentPassword = "not the password at all", newPassword = NewPassword });
        var weak = await user.Http.PostAsJsonAsync("/api/auth/password", new { currentPassword = user.Password, newPassword = "short" });
        var byToken = await Client(pat).PostAsJsonAsync("/api/auth/password", new { currentPassword = user.Password, newPassword = NewPassword });

        Assert.Contains("current password is wrong", (await Problem.Expect(wrong, HttpStatusCode.BadRequest, "bad-request")).GetProperty("detail").GetString());
        Assert.Contains("at least 10", (await Problem.Expect(weak, HttpStatusCode.BadRequest, "bad-request")).GetProperty("detail").GetString());
        await Problem.Expect(byToken, HttpStatusCode.Forbidden, "access-denied");
        Assert.Equal(HttpStatusCode.OK, (await user.Http.GetAsync("/api/auth/me")).StatusCode);
        await ContextKitFactory.SignIn(product.Factory.CreateClient(), user.Email, user.Password);
    }

    HttpClient Client(string bearer)
    {
        var client = product.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }
}
