using Viggotech.Core.Mail;

namespace Viggotech.Api.Mail;

/// <summary>The account emails, each with a plain-text and an HTML part that say the same thing.</summary>
public static class AccountMail
{
    public static OutgoingMail Confirmation(string to, string organisation, string link) => LinkMail.Compose(
        to, "Confirm your email for Viggotech",
        $"Welcome to Viggotech. Confirm your email address to finish creating {organisation}.",
        "Confirm email", link, "The link works once and expires in 24 hours. If you did not sign up, ignore this email.");

    public static OutgoingMail AlreadyRegistered(string to, string signInLink) => LinkMail.Compose(
        to, "You already have a Viggotech account",
        "Someone tried to create a Viggotech organisation with this email address, which already has an account.",
        "Sign in", signInLink, "If this was not you, no action is needed: nothing was changed.");

    public static OutgoingMail Invitation(string to, string organisation, string role, string link) => LinkMail.Compose(
        to, $"You are invited to {organisation} on Viggotech",
        $"You have been invited to join {organisation} on Viggotech as {role}.",
        "Accept invitation", link, "The link works once and expires in 72 hours.");

    public static OutgoingMail PasswordReset(string to, string link) => LinkMail.Compose(
        to, "Reset your Viggotech password",
        "Someone asked to reset the password of your Viggotech account.",
        "Reset password", link, "The link works once and expires in one hour. Resetting signs you out everywhere. If you did not ask, ignore this email.");

    public static OutgoingMail NewSignIn(string to, DateTimeOffset at, string address, string device, string method, string link) => LinkMail.Compose(
        to, "New sign-in to your Viggotech account",
        $"Your Viggotech account was signed in to from a new device or address: {device}, address {address}, at {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC, with {method}.",
        "Review your sign-in history", link, "If this was you, no action is needed. If not, reset your password at once and tell your administrator.");

    public static OutgoingMail SecurityAlert(string to, Viggotech.Core.Alerts.SecurityAlert alert, string link) => LinkMail.Compose(
        to, "Security alert: " + Viggotech.Core.Alerts.SecurityAlertKinds.Titles.GetValueOrDefault(alert.Kind, alert.Kind),
        $"{Viggotech.Core.Alerts.SecurityAlertKinds.Titles.GetValueOrDefault(alert.Kind, alert.Kind)}: {alert.Subject} at {alert.RaisedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC. "
            + string.Join("; ", Viggotech.Core.Alerts.SecurityAlerts.DetailsOf(alert).Where(d => d.Value.Length > 0).Select(d => $"{d.Key.Replace('_', ' ')}: {d.Value}")),
        "Open alerts", link, "You receive this because your roles let you manage sessions or security policies in your organisation.");
}
