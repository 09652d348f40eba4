namespace Viggotech.Core.Mail;

/// <summary>One mail to one recipient: a plain-text part, and an HTML part saying the same thing when there is one.</summary>
public sealed record OutgoingMail(string To, string Subject, string Text, string? Html = null, string? From = null);
