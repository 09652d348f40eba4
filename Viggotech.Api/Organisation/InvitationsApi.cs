using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Viggotech.Api.Access;
using Viggotech.Api.Identity;
using Viggotech.Api.Mail;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;
using Viggotech.Core.Identity.Roles;
using Viggotech.Api.Roles;

namespace Viggotech.Api.Organisation;

/// <summary>Admins invite people by email with a role; the emailed link is single-use and lasts 72 hours.</summary>
public static class InvitationsApi
{
    public static RouteGroupBuilder MapInvitationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/invitations").RequirePermission(Permissions.UsersManage);
        group.MapPost("/", InviteAsync);
        return group;
    }

    public static async Task<Results<Created<InvitationView>, ValidationProblem>> InviteAsync(
        InvitationInput input, HttpContext context, PlatformDbContext db, UserManager<User> users, AccountLinks links, MailOutbox mail, TenantRoles roles)
    {
        var email = input.Email?.Trim() ?? "";
        var errors = new Dictionary<string, string[]>();
        if (!System.Net.Mail.MailAddress.TryCreate(email, out var address) || address.Address != email || email.Length > 256)
        {
            errors["email"] = ["Enter an email address like name@example.com."];
        }

        // Owners are made by sign-up or by an owner later, not by invitation.
        var offered = (await roles.ListAsync()).Where(r => r.Ref != UserRoles.Owner).ToList();
        var role = offered.FirstOrDefault(r => r.Ref == input.Role);
        if (role is null)
        {
            errors["role"] = [$"Choose one of: {string.Join(", ", offered.Select(r => r.Ref))}."];
        }

        if (errors.Count == 0 && await db.FindByEmailAsync(users.NormalizeEmail(email)!) is not null)
        {
            errors["email"] = ["This address already has a Viggotech account."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var user = new User { Id = Guid.CreateVersion7(), TenantId = db.TenantId!.Value, UserName = email, Email = email };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = [created.Errors.First().Description] });
        }

        var assigned = await roles.SetUserRolesAsync(user.Id, [role!.Ref], context.Access());
        if (assigned is RoleChange.Refused refused)
        {
            await users.DeleteAsync(user);
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = [refused.Detail] });
        }

        var organisation = await db.Tenants.Select(t => t.Name).SingleAsync();
        var link = await links.CreateAsync(user, AccountLinkPurposes.Invitation, AccountLinks.InvitationLifetime, "/invitation", context.Request);
        await mail.EnqueueAsync(AccountMail.Invitation(email, organisation, role.Name, link));
        return TypedResults.Created($"/api/users/{user.Id}", new InvitationView(user.Id, email, role.Name));
    }
}

public sealed record InvitationInput(string? Email, string? Role);

public sealed record InvitationView(Guid UserId, string Email, string Role);
