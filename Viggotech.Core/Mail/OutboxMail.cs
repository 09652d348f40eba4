namespace Viggotech.Core.Mail;

/// <summary>
/// A mail waiting in <c>platform.mail_outbox</c>: written in the same transaction as what it is
/// about, so it exists exactly when that happened, and delivered by the Worker's <c>mail-outbox</c>
/// job with retries until the SMTP server takes it.
/// </summary>
public sealed class OutboxMail
{
    public long Id { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public required string ToAddress { get; init; }

    public string? FromAddress { get; init; }

    public required string Subject { get; init; }

    public required string TextBody { get; init; }

    public string? HtmlBody { get; init; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Set when delivery stopped after <see cref="DurableMailOutbox.MaxAttempts"/> failures.</summary>
    public DateTimeOffset? GivenUpAt { get; set; }

    /// <summary>The last failure's kind and SMTP status, never the server's text (which may echo the address).</summary>
    public string? LastError { get; set; }
}
