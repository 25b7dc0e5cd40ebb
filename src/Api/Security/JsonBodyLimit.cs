using ContextKit.Api.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ContextKit.Api.Security;

/// <summary>
/// JSON request bodies are capped at <see cref="ApiLimits.MaxJsonBytes"/>: a declared length above it is refused with
/// 413 before anything is read, and the server stops reading an undeclared (chunked) body at the same size. File
/// writes and archive uploads have limits of their own (<see cref="ApiLimits.MaxFileBytes"/>, the import limits).
/// </summary>
public static class JsonBodyLimit
{
    public static IApplicationBuilder UseJsonBodyLimit(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.HasJsonContentType())
        {
            var limit = http.RequestServices.GetRequiredService<IOptions<ApiLimits>>().Value.MaxJsonBytes;
            if (http.Request.ContentLength > limit)
                throw new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge);
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                size.MaxRequestBodySize = limit;
        }
        await next(http);
    });
}
