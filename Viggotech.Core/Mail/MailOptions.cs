namespace Viggotech.Core.Mail;

/// <summary>Section <c>Mail</c>: the sender address, how long one hand-over to the SMTP server may take, and the outbox's retry pace.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>The connection string naming the SMTP server: <c>smtp://host:port</c>, or <c>smtps://</c> for TLS on connect.</summary>
    public const string ConnectionName = "mail";

    public string From { get; set; } = "Viggotech <no-reply@viggotech.local>";

    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The outbox's wait after a first failed attempt; it doubles with each further failure.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The longest the outbox waits between two attempts.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(15);
}
