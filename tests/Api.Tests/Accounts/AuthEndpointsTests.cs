using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;

namespace ContextKit.Api.Tests.Accounts;

[Collection(ProductCollection.Name)]
public class AuthEndpointsTests(ProductFixture product)
{
    HttpClient Anonymous => product.Factory.CreateClient();

    [Fact]
    public async Task Registering_returns_the_account_and_me_returns_it_again()
    {
        var client = await product.Factory.SignUp("hanna");
        var me = await client.Http.GetFromJsonAsync<UserBody>("/api/auth/me");
        Assert.Equal("hanna@example.com", me!.Email);
        Assert.Equal("hanna", me.DisplayName);
        Assert.Equal(client.Tokens.User.Id, me.Id);
    }

    [Fact]
    public async Task An_email_can_register_only_once_whatever_its_case()
    {
        var client = await product.Factory.SignUp();
        var again = await Anonymous.PostAsJsonAsync("/api/auth/register",
            new { email = client.Email.ToUpperInvariant(), password = "some other long phrase", displayName = "x" });
        await Problem.Expect(again, HttpStatusCode.Conflict, "conflict");
    }

    [Theory]
    [InlineData("not-an-email", "a long enough phrase")]
    [InlineData("ivy@example.com", "short")]
    [InlineData(null, "a long enough phrase")]
    public async Task Bad_registrations_get_a_clear_400(string? email, string password)
    {
        var response = await Anonymous.PostAsJsonAsync("/api/auth/register", new { email, password, displayName = "Ivy" });
        var problem = await Problem.Expect(response, HttpStatusCode.BadRequest, "bad-request");
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task A_malformed_json_body_is_a_400_not_a_500()
    {
        var response = await Anonymous.PostAsync("/api/auth/register", new StringContent("{ \"email\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_a_401_that_does_not_say_which_part_was_wrong()
    {
        var client = await product.Factory.SignUp();
        var wrongPassword = await Anonymous.PostAsJsonAsync("/api/auth/login", new { email = client.Email, password = "not the password at all" });
        var unknownEmail = await Anonymous.PostAsJsonAsync("/api/auth/login", new { email = "nobody@example.com", password = "not the password at all" });

        var first = await Problem.Expect(wrongPassword, HttpStatusCode.Unauthorized, "wrong-credentials");
        var second = await Problem.Expect(unknownEmail, HttpStatusCode.Unauthorized, "wrong-credentials");
        Assert.Equal(first.GetProperty("detail").GetString(), second.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_refresh_token_is_rotated_and_the_old_one_stops_working()
    {
        var client = await product.Factory.SignUp();

        var refreshed = await Anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = client.Tokens.RefreshToken });
        refreshed.EnsureSuccessStatusCode();
        var pair = await refreshed.Content.ReadFromJsonAsync<TokenBody>();
        var replay = await Anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = client.Tokens.RefreshToken });

        Assert.NotEqual(client.Tokens.RefreshToken, pair!.RefreshToken);
        await Problem.Expect(replay, HttpStatusCode.Unauthorized, "invalid-refresh-token");
        var withNewToken = Anonymous;
        withNewToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", pair.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await withNewToken.GetAsync("/api/auth/me")).StatusCode);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("0123456789abcdef0123456789abcdef.nope")]
    [InlineData("")]
    public async Task A_made_up_refresh_token_is_a_401(string token) =>
        await Problem.Expect(await Anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = token }), HttpStatusCode.Unauthorized, "invalid-refresh-token");

    [Fact]
    public async Task Logging_out_revokes_the_refresh_token()
    {
        var client = await product.Factory.SignUp();
        (await client.Http.PostAsJsonAsync("/api/auth/logout", new { refreshToken = client.Tokens.RefreshToken })).EnsureSuccessStatusCode();
        await Problem.Expect(await Anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = client.Tokens.RefreshToken }),
            HttpStatusCode.Unauthorized, "invalid-refresh-token");
    }

    [Theory]
    [InlineData("GET", "/api/repos")]
    [InlineData("GET", "/api/auth/me")]
    [InlineData("POST", "/api/repos")]
    [InlineData("GET", "/api/repos/any-repo/tree")]
    [InlineData("PUT", "/api/repos/any-repo/files/a.txt")]
    [InlineData("GET", "/api/repos/any-repo/events")]
    public async Task Every_api_route_needs_a_signed_in_user(string method, string path)
    {
        var response = await Anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}") });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_forged_token_is_refused()
    {
        var client = Anonymous;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLWZvcmdlZA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/repos")).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_and_reference_page_are_served()
    {
        var document = JsonDocument.Parse(await Anonymous.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/repos", out _));
        Assert.True(paths.TryGetProperty("/api/repos/{repo}/files/{path}", out _));
        Assert.Equal(HttpStatusCode.OK, (await Anonymous.GetAsync("/api/reference")).StatusCode);
    }

    [Fact]
    public async Task Health_endpoints_answer_without_sign_in()
    {
        Assert.Equal(HttpStatusCode.OK, (await Anonymous.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Anonymous.GetAsync("/health/ready")).StatusCode);
    }
}
