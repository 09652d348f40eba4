namespace Viggotech.Core.Crypto.Fields;

/// <summary>How sensitive a stored field is; every classified field is encrypted, and the class drives export, audit and redaction.</summary>
public enum FieldClassification
{
    /// <summary>Identifies a person: names, email addresses, phone numbers.</summary>
    Personal,

    /// <summary>Special or high-risk personal data: dates of birth, addresses, free-text notes, secrets.</summary>
    Sensitive,
}
