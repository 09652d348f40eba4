using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Backups.Restore;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;
using Viggotech.Core.Identity.Roles;
using Viggotech.Core.Mail;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Backups.OperatorRestores;

/// <summary>
/// The one invitation that makes an Owner: a freshly restored sandbox has no users (none are
/// carried over from the backup), so the operator's request names who owns it. Created only by
/// the Worker right after the restore, as the Api's invitations are (an account without a
/// password, its role, a single-use 72-hour link kept as a SHA-256, and a <c>user.invite</c>
/// event in the sandbox's trail, all in one transaction); the person accepts on the Api's
/// <c>/invitation</c> page like any invited user.
/// </summary>
public sealed class SandboxOwnerInvitation(IServiceScopeFactory scopes, IConfiguration configuration, MailSender mail, TimeProvider time)
{
    /// <summary>Mails <paramref name="link"/> to the sandbox's owner, naming the sandbox; for the first invitation and a resend alike.</summary>
    public async Task MailAsync(Guid sandboxId, string email, string link, CancellationToken cancellationToken)
    {
        string sandboxName;
        await using (var scope = scopes.CreateTenantScope(sandboxId))
        {
            sandboxName = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Tenants.Select(t => t.Name).SingleAsync(cancellationToken);
        }

        await mail.SendAsync(SandboxOwnerMail.Invitation(email, sandboxName, link), cancellationToken);
    }

    /// <summary>Creates the owner account and returns the invitation link to mail.</summary>
    /// <exception cref="RestoreRefusedException">The address has an account by now.</exception>
    public async Task<string> CreateAsync(Guid sandboxId, string email, string operatorEmail, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateTenantScope(sandboxId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var normalized = AccountEmail.Normalize(email);
        if (await db.FindByEmailAsync(normalized, cancellationToken) is not null)
        {
            throw new RestoreRefusedException("sandboxOwnerEmail", "The owner's address has a Viggotech account by now; invite another address from the sandbox.");
        }

        var now = time.GetUtcNow();
        var user = new User
        {
            Id = Guid.CreateVersion7(),
            TenantId = sandboxId,
            UserName = email.Trim(),
            NormalizedUserName = normalized,
            Email = email.Trim(),
            NormalizedEmail = normalized,
            SecurityStamp = Convert.ToHexString(RandomNumberGenerator.GetBytes(20)),
            CreatedAt = now,
        };
        var (link, token) = AccountLink.Issue(user, AccountLinkPurposes.Invitation, now, AccountLink.InvitationLifetime);
        var audit = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
        await db.InTransactionAsync(async ct =>
        {
            db.Users.Add(user);
            db.RoleAssignments.Add(new UserRoleAssignment { Id = Guid.CreateVersion7(), UserId = user.Id, BuiltInRole = UserRoles.Owner, AssignedAt = now });
            db.AccountLinks.Add(link);
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(new AuditEvent(sandboxId.ToString(), now, new AuditActor(AuditActorType.Operator, operatorEmail),
                AuditActions.UserInvite, new AuditTarget("user", user.Id.ToString()), AuditResult.Success,
                Trace: Activity.Current?.TraceId.ToHexString(),
                Details: new Dictionary<string, string> { ["role"] = UserRoles.Owner, ["reason"] = "sandbox restore" }), ct);
        }, cancellationToken);
        return AccountLink.Url(LinkBase(), "/invitation", link, token);
    }

    /// <summary>
    /// A new link for the sandbox's invited owner, when the first mail failed or its link expired:
    /// every unused invitation link of that account stops working first, in the same transaction
    /// that stores the new one and records a <c>user.invite</c> event (resend) in the sandbox's trail.
    /// If the owner was never created (the first invitation failed before that), <paramref name="pendingEmail"/>
    /// is invited now as the first time.
    /// </summary>
    /// <exception cref="RestoreRefusedException">The owner accepted already, or there is nobody to invite.</exception>
    public async Task<(string Email, string Link)> ResendAsync(Guid sandboxId, string? pendingEmail, string operatorEmail, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateTenantScope(sandboxId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        // The sandbox's first owner is the account this invitation made: no user is carried from the backup.
        var owner = await db.Users.Where(u => db.RoleAssignments.Any(a => a.UserId == u.Id && a.BuiltInRole == UserRoles.Owner))
            .OrderBy(u => u.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (owner is null)
        {
            return string.IsNullOrEmpty(pendingEmail)
                ? throw new RestoreRefusedException("invitation", "The sandbox has no owner to invite, and the request no longer names one.")
                : (pendingEmail, await CreateAsync(sandboxId, pendingEmail, operatorEmail, cancellationToken));
        }

        if (owner.PasswordHash is not null)
        {
            throw new RestoreRefusedException("invitation", "The sandbox's owner accepted the invitation already; they invite others from the sandbox.");
        }

        var now = time.GetUtcNow();
        var (link, token) = AccountLink.Issue(owner, AccountLinkPurposes.Invitation, now, AccountLink.InvitationLifetime);
        var audit = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
        await db.InTransactionAsync(async ct =>
        {
            await db.AccountLinks.Where(l => l.UserId == owner.Id && l.Purpose == AccountLinkPurposes.Invitation && l.UsedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(l => l.UsedAt, now), ct);
            db.AccountLinks.Add(link);
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(new AuditEvent(sandboxId.ToString(), now, new AuditActor(AuditActorType.Operator, operatorEmail),
                AuditActions.UserInvite, new AuditTarget("user", owner.Id.ToString()), AuditResult.Success,
                Trace: Activity.Current?.TraceId.ToHexString(),
                Details: new Dictionary<string, string> { ["role"] = UserRoles.Owner, ["reason"] = "sandbox restore", ["resend"] = "true" }), ct);
        }, cancellationToken);
        return (owner.Email!, AccountLink.Url(LinkBase(), "/invitation", link, token));
    }

    // The Api serves the invitation page; its public address is the issuer.
    private string LinkBase() => configuration["Identity:Issuer"] ?? configuration["services:api:https:0"]
        ?? throw new InvalidOperationException("Neither Identity:Issuer nor services:api:https:0 is configured: there is no address for the invitation link.");
}
