using System.Net;

namespace Viggotech.Core.Mail;

/// <summary>
/// The shape of every mail that asks its reader to follow one link (confirmations, invitations,
/// resets, alerts): an introduction, the link as the one action, and a note, in a plain-text part
/// and an HTML part that say the same thing.
/// </summary>
public static class LinkMail
{
    public static OutgoingMail Compose(string to, string subject, string intro, string action, string link, string note)
    {
        var text = $"{intro}\n\n{action}: {link}\n\n{note}\n";
        var html = $"""
            <!DOCTYPE html>
            <html lang="en"><body style="font-family: system-ui, sans-serif; color: #1b1f24">
            <p>{WebUtility.HtmlEncode(intro)}</p>
            <p><a href="{WebUtility.HtmlEncode(link)}">{WebUtility.HtmlEncode(action)}</a></p>
            <p style="color: #57606a">{WebUtility.HtmlEncode(note)}</p>
            </body></html>
            """;
        return new OutgoingMail(to, subject, text, html);
    }
}
