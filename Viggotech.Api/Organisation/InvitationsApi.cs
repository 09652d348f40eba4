using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Viggotech.Api.Access;
using Viggotech.Api.Identity;
using Viggotech.Api.Mail;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
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
        InvitationInput input, HttpContext context, PlatformDbContext db, UserManager<User> users, AccountLinks links, MailOutbox mail, IAuditTrail audit, TenantRoles roles)
    {
        var email = input.Email?.Trim() ?? "";
        var errors = new Dictionary<string, string[]>();
        if (!AccountEmail.IsValid(email))
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
        else if (!context.Access().Permissions.IsSupersetOf(role.Permissions))
        {
            errors["role"] = ["You cannot give a role with permissions you do not hold."];
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
        // The account, its role, its link and the audit event commit together; the email leaves only after that.
        var (created, link) = await db.InTransactionAsync(async ct =>
        {
            var result = await users.CreateAsync(user);
            if (!result.Succeeded)
            {
                return (result, "");
            }

            db.RoleAssignments.Add(new UserRoleAssignment
            {
                Id = Guid.CreateVersion7(), UserId = user.Id,
                BuiltInRole = role!.BuiltIn ? role.Ref : null, CustomRoleId = role.BuiltIn ? null : Guid.Parse(role.Ref),
            });
            await db.SaveChangesAsync(ct);
            var url = await links.CreateAsync(user, AccountLinkPurposes.Invitation, AccountLinks.InvitationLifetime, "/invitation", context.Request, ct);
            await audit.RecordAsync(AuditActions.UserInvite, new AuditTarget("user", user.Id.ToString()),
                details: new Dictionary<string, string> { ["role"] = role.Ref }, cancellationToken: ct);
            return (result, url);
        });
        if (!created.Succeeded)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = [created.Errors.First().Description] });
        }

        var organisation = await db.Tenants.Select(t => t.Name).SingleAsync();
        await mail.EnqueueAsync(AccountMail.Invitation(email, organisation, role!.Name, link));
        return TypedResults.Created($"/api/users/{user.Id}", new InvitationView(user.Id, email, role.Name));
    }
}

public sealed record InvitationInput(string? Email, string? Role);

public sealed record InvitationView(Guid UserId, string Email, string Role);
