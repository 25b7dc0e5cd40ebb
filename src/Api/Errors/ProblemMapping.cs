using ContextKit.Domain.Paths;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace ContextKit.Api.Errors;

/// <summary>
/// Maps every failure to an RFC 7807 problem: typed Context Kit errors to their status and code, and
/// anything unexpected to a bare 500 that carries a trace id, never a message, path or stack trace.
/// </summary>
public sealed class ProblemMapping(IProblemDetailsService problems, ILogger<ProblemMapping> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, detail) = Classify(exception);
        if (status >= 500)
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        else if (exception is RepositoryCorruptException)
            logger.LogWarning(exception, "Damaged repository on {Method} {Path}", context.Request.Method, context.Request.Path);
        var problem = Create(status, code, detail);
        if (exception is RevisionConflictException { CurrentETag: var current })
            problem.Extensions["currentETag"] = current;
        MergeProblems.Describe(exception, problem);
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails Create(int status, string code, string detail)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Type = $"urn:contextkit:problem:{code}",
            Title = TitleOf(status),
            Detail = detail,
        };
        problem.Extensions["code"] = code;
        return problem;
    }

    /// <summary>
    /// A stale write, answered by the endpoint itself so that the current version can travel in the
    /// ETag header (the exception handler strips caching headers, ETag included, from what it writes).
    /// </summary>
    public static IResult Stale(HttpContext context, RevisionConflictException conflict)
    {
        if (conflict.CurrentETag is { } current)
            context.Response.Headers.ETag = $"\"{current}\"";
        var problem = Create(StatusCodes.Status412PreconditionFailed, conflict.Code, conflict.Message);
        problem.Extensions["currentETag"] = conflict.CurrentETag;
        return Results.Problem(problem);
    }

    static (int Status, string Code, string Detail) Classify(Exception exception) => exception switch
    {
        NotFoundException e => (StatusCodes.Status404NotFound, e.Code, e.Message),
        MergeConflictException or UncommittedChangesException => (StatusCodes.Status409Conflict, ((ContextKitException)exception).Code, exception.Message),
        BranchProtectedException e => (StatusCodes.Status403Forbidden, e.Code, e.Message),
        ValidationFailedException e => (StatusCodes.Status422UnprocessableEntity, e.Code, e.Message),
        AccessDeniedException e => (StatusCodes.Status403Forbidden, e.Code, e.Message),
        BadRequestException e => (StatusCodes.Status400BadRequest, e.Code, e.Message),
        ConflictException e => (StatusCodes.Status409Conflict, e.Code, e.Message),
        RevisionConflictException e => (StatusCodes.Status412PreconditionFailed, e.Code, e.Message),
        RepositoryUnavailableException e => (StatusCodes.Status503ServiceUnavailable, e.Code, e.Message),
        RepositoryCorruptException e => (StatusCodes.Status409Conflict, e.Code, e.Message),
        RemoteSyncException e => (StatusCodes.Status409Conflict, e.Code, e.Message),
        RemoteUnreachableException e => (StatusCodes.Status502BadGateway, e.Code, e.Message),
        InvalidRepositoryPathException e => (StatusCodes.Status400BadRequest, e.Code, e.Message),
        InvalidPathException e => (StatusCodes.Status400BadRequest, "invalid-path", e.Message),
        ContextKit.Domain.Impact.InvalidImpactRequestException e => (StatusCodes.Status400BadRequest, "bad-request", e.Message),
        PreconditionRequiredException e => (StatusCodes.Status428PreconditionRequired, "precondition-required", e.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (413, "too-large", "The request body is too large."),
        BadHttpRequestException e => (e.StatusCode, "bad-request", "The request could not be read: " + (e.InnerException?.Message ?? e.Message)),
        System.Text.Json.JsonException => (StatusCodes.Status400BadRequest, "bad-request", "The request body is not valid JSON."),
        Orleans.Storage.InconsistentStateException => (StatusCodes.Status409Conflict, "concurrent-update", "Someone else changed this at the same moment; try again."),
        // A node left or died while serving the call: the outcome is unknown, and a retry is safe for
        // conditional writes (If-Match / If-None-Match answer 412 when the first attempt did apply).
        Orleans.Runtime.SiloUnavailableException or Orleans.Runtime.OrleansMessageRejectionException =>
            (StatusCodes.Status503ServiceUnavailable, "node-unavailable", "A node of the cluster went away while handling this request; it may or may not have been applied. Read, then retry."),
        OperationCanceledException => (499, "cancelled", "The request was cancelled."),
        _ => (StatusCodes.Status500InternalServerError, "internal", "Something went wrong on the server. The error was logged; quote the trace id when you report it."),
    };

    static string TitleOf(int status) => status switch
    {
        400 => "Bad request",
        401 => "Sign-in required",
        403 => "Not allowed",
        404 => "Not found",
        409 => "Conflict",
        412 => "Stale version",
        502 => "Remote unavailable",
        413 => "Too large",
        422 => "Not acceptable as it is",
        428 => "Version required",
        503 => "Unavailable",
        _ => status >= 500 ? "Server error" : "Request failed",
    };
}

/// <summary>A write that named no version at all (HTTP 428).</summary>
public sealed class PreconditionRequiredException(string message) : Exception(message);
