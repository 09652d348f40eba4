using Microsoft.Extensions.Compliance.Classification;

namespace Viggotech.ServiceDefaults.Redaction;

/// <summary>
/// How sensitive a value is. Log parameters carrying one of these classifications are redacted
/// before any sink sees them; the same classes drive field encryption and export rules.
/// </summary>
public static class DataTaxonomy
{
    public const string Name = "Viggotech";

    /// <summary>Identifies a person: names, email addresses, phone numbers, IP addresses.</summary>
    public static DataClassification Personal { get; } = new(Name, nameof(Personal));

    /// <summary>Special or high-risk personal data: dates of birth, addresses, free-text notes.</summary>
    public static DataClassification Sensitive { get; } = new(Name, nameof(Sensitive));

    /// <summary>Credentials and key material: passwords, tokens, keys, connection strings.</summary>
    public static DataClassification Secret { get; } = new(Name, nameof(Secret));
}

public sealed class PersonalDataAttribute() : DataClassificationAttribute(DataTaxonomy.Personal);

public sealed class SensitiveDataAttribute() : DataClassificationAttribute(DataTaxonomy.Sensitive);

public sealed class SecretDataAttribute() : DataClassificationAttribute(DataTaxonomy.Secret);
