using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Viggotech.Api.Mail;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;
using Viggotech.Core.Tenancy;

namespace Viggotech.Api.Identity;

/// <summary>
/// Creates an organisation (a tenant) with its owner, unconfirmed until the owner opens the
/// emailed link. An address that already has an account gets a "you already have an account"
/// email instead and the form answers the same, so sign-up reveals no accounts.
/// </summary>
public sealed class OrganisationSignUp(
    PlatformDbContext db, TenantContext tenant, UserManager<User> users, AccountLinks links, MailOutbox mail, SignInFlow flow, TenantKeys keys, ILogger<OrganisationSignUp> logger)
{
    public async Task<IReadOnlyDictionary<string, string>> SignUpAsync(string organisation, string email, string password, HttpRequest request, CancellationToken cancellationToken = default)
    {
        organisation = organisation.Trim();
        email = email.Trim();
        var errors = new Dictionary<string, string>();
        if (organisation.Length is < 1 or > 200)
        {
            errors["Organisation"] = "Enter your organization's name (up to 200 characters).";
        }

        if (!AccountEmail.IsValid(email))
        {
            errors["Email"] = "Enter an email address like name@example.com.";
        }

        // Checked against the default policy before anything is created: a new tenant has no other.
        var verdict = PasswordStrength.Evaluate(password, TenantSecurityPolicy.Default(Guid.Empty), email, organisation);
        if (!verdict.Accepted)
        {
            errors["Password"] = verdict.Problem!;
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        if (await db.FindByEmailAsync(users.NormalizeEmail(email)!, cancellationToken) is not null)
        {
            // A new account costs one password hash; this path pays it too, so timing does not tell them apart.
            users.PasswordHasher.HashPassword(new User(), password);
            await mail.EnqueueAsync(AccountMail.AlreadyRegistered(email, flow.PortalSignInUrl), cancellationToken);
            return errors;
        }

        var tenantId = await db.CreateTenantAsync(organisation, Slug(organisation), cancellationToken);
        // Encrypted settings (audit webhook secrets, people, documents) need the tenant's keys from the start.
        await keys.CreateForTenantAsync(tenantId, cancellationToken);
        tenant.Enter(tenantId);
        var user = new User { Id = Guid.CreateVersion7(), TenantId = tenantId, UserName = email, Email = email };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            // A concurrent sign-up took the address between the check and the insert.
            logger.LogInformation("Sign-up did not create the owner: {Codes}", string.Join(",", created.Errors.Select(e => e.Code)));
            errors["Password"] = created.Errors.FirstOrDefault(e => e.Code.StartsWith("Password", StringComparison.Ordinal))?.Description ?? "";
            return errors.Where(e => e.Value.Length > 0).ToDictionary();
        }

        user.PasswordChangedAt = DateTimeOffset.UtcNow;
        await users.UpdateAsync(user);
        db.RoleAssignments.Add(new Viggotech.Core.Identity.Roles.UserRoleAssignment { Id = Guid.CreateVersion7(), UserId = user.Id, BuiltInRole = UserRoles.Owner });
        await db.SaveChangesAsync(cancellationToken);
        var link = await links.CreateAsync(user, AccountLinkPurposes.ConfirmEmail, AccountLinks.ConfirmationLifetime, "/confirm", request, cancellationToken);
        await mail.EnqueueAsync(AccountMail.Confirmation(email, organisation, link), cancellationToken);
        return errors;
    }

    private static string Slug(string organisation)
    {
        var builder = new StringBuilder();
        foreach (var c in organisation.ToLowerInvariant().Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-' && (char.IsWhiteSpace(c) || c is '-' or '_' or '.'))
            {
                builder.Append('-');
            }
        }

        var stem = builder.ToString().Trim('-');
        stem = stem.Length > 40 ? stem[..40].TrimEnd('-') : stem;
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        return stem.Length == 0 ? $"org-{suffix}" : $"{stem}-{suffix}";
    }
}
