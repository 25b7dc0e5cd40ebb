using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.Mvc;

namespace ContextKit.Api.Errors;

/// <summary>What a refused merge adds to its problem document, so a client can act without asking again.</summary>
public static class MergeProblems
{
    public static void Describe(Exception exception, ProblemDetails problem)
    {
        switch (exception)
        {
            case MergeConflictException conflict:
                problem.Extensions["conflicts"] = conflict.Conflicts
                    .Select(c => new { path = c.Path, @base = c.Base, ours = c.Ours, theirs = c.Theirs, merged = c.Merged })
                    .ToList();
                break;
            case UncommittedChangesException uncommitted:
                problem.Extensions["paths"] = uncommitted.Paths;
                break;
            case ValidationFailedException failed:
                problem.Extensions["totalErrors"] = failed.TotalErrors;
                break;
        }
    }
}
