using Viggotech.Core.Crypto.Fields;
using Viggotech.Core.Crypto.Rotation;

namespace Viggotech.Core.People;

/// <summary>The people directory's classified fields: every one is encrypted; the email also has a blind index.</summary>
public static class PeopleTable
{
    public const string Name = "people";

    public static EncryptedColumn FullName { get; } = new(Name, "name", FieldClassification.Personal);

    public static EncryptedColumn Email { get; } = new(Name, "email", FieldClassification.Personal);

    public static EncryptedColumn Phone { get; } = new(Name, "phone", FieldClassification.Personal);

    public static EncryptedColumn DateOfBirth { get; } = new(Name, "date_of_birth", FieldClassification.Sensitive);

    public static EncryptedColumn Address { get; } = new(Name, "address", FieldClassification.Sensitive);

    public static EncryptedColumn Notes { get; } = new(Name, "notes", FieldClassification.Sensitive);

    public static BlindIndexColumn EmailIndex { get; } = new("email_index", Email, EmailAddress.Normalise);

    public static BlindTokenColumn NameTokens { get; } = new("name_tokens", FullName, PersonName.Words);

    public static EncryptedTable Descriptor { get; } =
        new(Name, "id", [FullName, Email, Phone, DateOfBirth, Address, Notes], [EmailIndex]) { TokenIndexes = [NameTokens] };
}
