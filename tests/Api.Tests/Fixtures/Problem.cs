using System.Net;
using System.Text.Json;

namespace ContextKit.Api.Tests.Fixtures;

public static class Problem
{
    /// <summary>Asserts the response is a problem document with this status and code, and returns it.</summary>
    public static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal($"urn:contextkit:problem:{code}", problem.GetProperty("type").GetString());
        // Problems are for people and clients: never a server path or a stack trace.
        Assert.DoesNotContain("/tmp/", body);
        Assert.DoesNotContain("   at ", body);
        return problem;
    }
}
