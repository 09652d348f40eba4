using Microsoft.EntityFrameworkCore;
using Viggotech.Api.Mail;
using Viggotech.Core.Alerts;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Alerts;

/// <summary>Emails a new alert to every user of the tenant whose roles grant sessions.manage or policies.manage.</summary>
public sealed class SecurityAlertMail(PlatformDbContext db, IUserPermissions permissions, MailOutbox outbox, IConfiguration configuration) : ISecurityAlertNotifier
{
    public async Task NotifyAsync(SecurityAlert alert, CancellationToken cancellationToken = default)
    {
        var users = await db.Users.AsNoTracking().Where(u => u.EmailConfirmed && u.Email != null)
            .Select(u => new { u.Id, u.Email }).ToListAsync(cancellationToken);
        foreach (var user in users)
        {
            var access = await permissions.ForUserAsync(user.Id, cancellationToken);
            if (access is not null && (access.Has(Permissions.SessionsManage) || access.Has(Permissions.PoliciesManage)))
            {
                await outbox.EnqueueAsync(AccountMail.SecurityAlert(user.Email!, alert, AlertsLink()), cancellationToken);
            }
        }
    }

    private string AlertsLink() => (configuration["Portal:Url"]?.TrimEnd('/') ?? "") + "/organization/alerts";
}
