using System.Net;
using System.Net.Http.Json;
using ContextKit.Api.Tests.Fixtures;

namespace ContextKit.Api.Tests.Security;

public class HardeningTests
{
    [Fact]
    public async Task Repeated_sign_in_attempts_get_429_with_retry_after_not_500()
    {
        await using var product = new ContextKitFactory(signInsPerMinute: 3);
        var client = product.CreateClient();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
            answers.Add(await client.PostAsJsonAsync("/api/auth/login", new { email = "victim@example.com", password = $"guess number {i}" }));

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests],
            answers.Select(a => a.StatusCode));
        var limited = answers[^1];
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) > 0);
        await Problem.Expect(limited, HttpStatusCode.TooManyRequests, "too-many-attempts");
    }

    [Fact]
    public async Task Pages_and_api_answers_carry_the_security_headers()
    {
        await using var product = new ContextKitFactory();
        var client = product.CreateClient();

        foreach (var path in new[] { "/signin", "/api/repos", "/health/live" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        }
    }
}
