namespace Viggotech.Core.Alerts;

/// <summary>Section <c>Operators</c>: where operator alerts are mailed.</summary>
public sealed class OperatorAlertMailOptions
{
    public const string Section = "Operators";

    /// <summary>The operators' address (a shared on-call mailbox); no mail is sent without one.</summary>
    public string? AlertEmail { get; set; }

    /// <summary>The sender; the platform's own no-reply address unless set.</summary>
    public string From { get; set; } = "Viggotech platform <no-reply@viggotech.local>";
}
