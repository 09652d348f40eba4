using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Viggotech.Api.Access;
using Viggotech.Api.Workspace;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;
using Viggotech.Core.People;

namespace Viggotech.Api.People;

/// <summary>
/// The tenant's people directory. Every read of personal data and every change is recorded in the
/// audit trail in the same transaction as the read or the change; search terms are never recorded.
/// </summary>
public static class PeopleApi
{
    public const int DefaultPageSize = 50;

    public static RouteGroupBuilder MapPeopleApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/people").WithTags("People");
        group.MapGet("/", ListAsync).RequirePermission(Permissions.PeopleRead);
        group.MapGet("/{id:guid}", GetAsync).RequirePermission(Permissions.PeopleRead);
        group.MapPost("/", CreateAsync).RequirePermission(Permissions.PeopleWrite);
        group.MapPut("/{id:guid}", UpdateAsync).RequirePermission(Permissions.PeopleWrite);
        group.MapDelete("/{id:guid}", DeleteAsync).RequirePermission(Permissions.PeopleWrite);
        return group;
    }

    /// <summary><c>GET /api/people?page=1&amp;pageSize=50&amp;name=&amp;email=</c>: a page, newest first; <c>name</c> matches whole words, <c>email</c> the exact address.</summary>
    public static async Task<Results<Ok<PeoplePage>, ValidationProblem>> ListAsync(
        PeopleRepository people, PlatformDbContext db, IAuditTrail audit, CancellationToken cancellationToken,
        int page = 1, int pageSize = DefaultPageSize, string? name = null, string? email = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (page < 1)
        {
            errors["page"] = ["The page starts at 1."];
        }
        if (pageSize is < 1 or > PeopleRepository.MaxPageSize)
        {
            errors["pageSize"] = [$"A page holds 1 to {PeopleRepository.MaxPageSize} people."];
        }
        if (!string.IsNullOrWhiteSpace(email) && !EmailAddress.IsValid(email))
        {
            errors["email"] = ["Enter a whole email address like name@example.com to search by email."];
        }
        if (name?.Length > PersonInput.NameMaxLength)
        {
            errors["name"] = [$"Search for at most {PersonInput.NameMaxLength} characters."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var search = !string.IsNullOrWhiteSpace(email) ? "email" : !string.IsNullOrWhiteSpace(name) ? "name" : "none";
        var result = await db.InTransactionAsync(async ct =>
        {
            var found = search switch
            {
                "email" => await ByEmailAsync(people, email!, page, pageSize, ct),
                "name" => await people.SearchByNameAsync(name!, page, pageSize, ct),
                _ => await people.ListAsync(page, pageSize, ct),
            };
            await audit.RecordAsync(AuditActions.PersonList, new AuditTarget("people", "directory"), details: new Dictionary<string, string>
            {
                ["search"] = search,
                ["page"] = page.ToString(CultureInfo.InvariantCulture),
                ["returned"] = found.Items.Count.ToString(CultureInfo.InvariantCulture),
            }, cancellationToken: ct);
            return found;
        }, cancellationToken);
        return TypedResults.Ok(result);
    }

    public static async Task<Results<Ok<Person>, NotFound>> GetAsync(
        Guid id, PeopleRepository people, PlatformDbContext db, IAuditTrail audit, CancellationToken cancellationToken)
    {
        var person = await db.InTransactionAsync(async ct =>
        {
            var found = await people.GetAsync(id, ct);
            if (found is not null)
            {
                await audit.RecordAsync(AuditActions.PersonRead, Target(id), cancellationToken: ct);
            }
            return found;
        }, cancellationToken);
        return person is null ? TypedResults.NotFound() : TypedResults.Ok(person);
    }

    public static async Task<Results<Created<Person>, ValidationProblem>> CreateAsync(
        PersonBody body, PeopleRepository people, PlatformDbContext db, IAuditTrail audit, CancellationToken cancellationToken)
    {
        if (body.ToInput() is not { } input)
        {
            return TypedResults.ValidationProblem(body.DateError());
        }

        var person = await db.InTransactionAsync(async ct =>
        {
            var created = await people.CreateAsync(input, ct);
            await audit.RecordAsync(AuditActions.PersonCreate, Target(created.Id), cancellationToken: ct);
            return created;
        }, cancellationToken);
        return TypedResults.Created($"/api/people/{person.Id}", person);
    }

    public static async Task<Results<Ok<Person>, NotFound, ValidationProblem>> UpdateAsync(
        Guid id, PersonBody body, PeopleRepository people, PlatformDbContext db, IAuditTrail audit, CancellationToken cancellationToken)
    {
        if (body.ToInput() is not { } input)
        {
            return TypedResults.ValidationProblem(body.DateError());
        }

        var person = await db.InTransactionAsync(async ct =>
        {
            var updated = await people.UpdateAsync(id, input, ct);
            if (updated is not null)
            {
                await audit.RecordAsync(AuditActions.PersonUpdate, Target(id), cancellationToken: ct);
            }
            return updated;
        }, cancellationToken);
        return person is null ? TypedResults.NotFound() : TypedResults.Ok(person);
    }

    public static async Task<Results<NoContent, NotFound>> DeleteAsync(
        Guid id, PeopleRepository people, PlatformDbContext db, IAuditTrail audit, CancellationToken cancellationToken)
    {
        var deleted = await db.InTransactionAsync(async ct =>
        {
            var gone = await people.DeleteAsync(id, ct);
            if (gone)
            {
                await audit.RecordAsync(AuditActions.PersonDelete, Target(id), cancellationToken: ct);
            }
            return gone;
        }, cancellationToken);
        return deleted ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    private static async Task<PeoplePage> ByEmailAsync(PeopleRepository people, string email, int page, int pageSize, CancellationToken ct)
    {
        var all = await people.FindByEmailAsync(email, ct);
        return new PeoplePage([.. all.Skip((page - 1) * pageSize).Take(pageSize)], page, pageSize, all.Count);
    }

    private static AuditTarget Target(Guid id) => new("person", id.ToString());
}

/// <summary>
/// A person as the client sends it. The date of birth is text (<c>yyyy-MM-dd</c>) so a bad date
/// is a field error like any other, not a body that fails to bind.
/// </summary>
public sealed record PersonBody(string? Name, string? Email, string? Phone, string? DateOfBirth, string? Address, string? Notes)
{
    public PersonInput? ToInput()
    {
        DateOnly? born = null;
        if (!string.IsNullOrWhiteSpace(DateOfBirth))
        {
            if (!DateOnly.TryParseExact(DateOfBirth.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return null;
            }
            born = parsed;
        }

        return new PersonInput(Name ?? "", Email, Phone, born, Address, Notes);
    }

    /// <summary>The date's error together with the other fields' errors, so the form shows them all at once.</summary>
    public Dictionary<string, string[]> DateError()
    {
        var others = new PersonInput(Name ?? "", Email, Phone, null, Address, Notes).Validate(DateOnly.FromDateTime(DateTime.UtcNow));
        var errors = FieldErrors.CamelCase(others);
        errors["dateOfBirth"] = ["Enter the date of birth as YYYY-MM-DD, for example 1985-04-23."];
        return errors;
    }
}
