using System.Threading.RateLimiting;
using ContextKit.Api.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ContextKit.Api.Security;

/// <summary>
/// Slows down password guessing and mass sign-ups: each client address gets a number of sign-in, sign-up and
/// refresh attempts per minute (<c>ContextKit:Limits:SignInPerMinute</c>, 10 by default); past that the answer
/// is 429 with <c>Retry-After</c>, never a 500.
/// </summary>
public static class SignInThrottling
{
    public const string Policy = "sign-in";

    public static IServiceCollection AddSignInThrottling(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("ContextKit:Limits:SignInPerMinute", 10);
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(Policy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var response = rejected.HttpContext.Response;
                var message = $"Too many attempts; try again in {(int)Math.Ceiling(retryAfter.TotalSeconds)} seconds.";
                // A browser form post gets its page back with the message, not a JSON document.
                if (rejected.HttpContext.Request.Path.StartsWithSegments("/account", out var rest))
                {
                    var page = rest.StartsWithSegments("/register") ? "/register" : "/signin";
                    response.Redirect($"{page}?error={Uri.EscapeDataString(message)}");
                    return;
                }
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await response.WriteAsJsonAsync(
                    ProblemMapping.Create(StatusCodes.Status429TooManyRequests, "too-many-attempts", message),
                    options: null, contentType: "application/problem+json", cancellationToken);
            };
        });
        return services;
    }
}
