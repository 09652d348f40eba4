using Microsoft.AspNetCore.Http.HttpResults;
using Viggotech.Core.Identity.Roles;

namespace Viggotech.Api.Roles;

/// <summary>Turns a <see cref="RoleChange"/> into its answer: 204, 404, field errors, or a problem (403 or 409).</summary>
public static class RoleResults
{
    public static Results<NoContent, NotFound, ValidationProblem, ProblemHttpResult> From(RoleChange change) => change switch
    {
        RoleChange.NotFound => TypedResults.NotFound(),
        RoleChange.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors),
        RoleChange.Refused refused => Problem(refused),
        _ => TypedResults.NoContent(),
    };

    public static ProblemHttpResult Problem(RoleChange.Refused refused) =>
        TypedResults.Problem(title: refused.Title, detail: refused.Detail,
            statusCode: refused.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status409Conflict);
}
