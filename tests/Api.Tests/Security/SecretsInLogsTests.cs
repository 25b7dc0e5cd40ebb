using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ContextKit.Api.Tests.Fixtures;

namespace ContextKit.Api.Tests.Security;

public class SecretsInLogsTests
{
    [Fact]
    public async Task Passwords_tokens_their_hashes_and_the_signing_key_never_reach_the_logs()
    {
        var logs = new CapturedLogs();
        await using var factory = new ContextKitFactory(logs: logs);
        var user = await factory.SignUp("secretive");
        var refreshed = await factory.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = user.Tokens.RefreshToken });
        var rotated = (await refreshed.Content.ReadFromJsonAsync<TokenBody>())!;
        // Replaying the used refresh token, a wrong password and a forged bearer token are logged as failures: still no secrets.
        await factory.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = user.Tokens.RefreshToken });
        await factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = "wrong " + user.Password });
        var token = await user.Http.PostAsJsonAsync("/api/auth/tokens", new { name = "ci", scope = "write" });
        var pat = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var viaPat = factory.CreateClient();
        viaPat.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", pat);
        var repo = await (user with { Http = viaPat }).CreateRepository("empty");
        var forged = factory.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", pat[..^4] + "AAAA");
        await forged.GetAsync("/api/repos");
        var expired = factory.CreateClient();
        expired.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Tokens.AccessToken[..^6] + "abcdef");
        await expired.GetAsync("/api/repos");
        const string newPassword = "a different pass phrase";
        (await user.Http.PostAsJsonAsync("/api/auth/password", new { currentPassword = user.Password, newPassword })).EnsureSuccessStatusCode();
        await viaPat.GetAsync($"/api/repos/{repo}/files/nothing-here.md");

        var signingKey = await File.ReadAllBytesAsync(Directory.GetFiles(Path.Combine(factory.DataPath, "keys")).Single());
        var secrets = new Dictionary<string, string>
        {
            ["password"] = user.Password,
            ["new password"] = newPassword,
            ["access token"] = user.Tokens.AccessToken,
            ["access token signature"] = user.Tokens.AccessToken.Split('.')[2],
            ["refresh token"] = user.Tokens.RefreshToken.Split('.')[1],
            ["rotated refresh token"] = rotated.RefreshToken.Split('.')[1],
            // ckp_{user id}_{random}: the random part may itself hold '_', so take all of it.
            ["personal access token"] = pat[(pat.IndexOf('_', "ckp_".Length) + 1)..],
            ["token hash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(pat))),
            ["refresh token hash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(user.Tokens.RefreshToken))),
            ["signing key (base64)"] = Convert.ToBase64String(signingKey),
            ["signing key (hex)"] = Convert.ToHexString(signingKey),
        };

        Assert.True(logs.Lines.Count > 50, $"only {logs.Lines.Count} log lines captured");
        foreach (var (name, secret) in secrets)
        {
            var leak = logs.Lines.FirstOrDefault(l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.True(leak is null, $"the {name} is in the log: {leak}");
        }
    }
}
