using Viggotech.Core.Mail;

namespace Viggotech.Core.Backups.OperatorRestores;

/// <summary>The sandbox owner's invitation, in the same words and shape as the Api's invitations.</summary>
public static class SandboxOwnerMail
{
    public const string SubjectStart = "You are invited to own";

    public static OutgoingMail Invitation(string to, string sandboxName, string link) => LinkMail.Compose(
        to, $"{SubjectStart} {sandboxName} on Viggotech",
        $"A Viggotech operator restored a backup into {sandboxName}, a sandbox organisation, and invited you as its owner. It holds the backup's people and documents; nobody else has an account in it yet.",
        "Accept invitation", link, "The link works once and expires in 72 hours.");
}
