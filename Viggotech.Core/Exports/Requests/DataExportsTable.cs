using Viggotech.Core.Crypto.Fields;
using Viggotech.Core.Crypto.Rotation;

namespace Viggotech.Core.Exports.Requests;

/// <summary>An export's sealed archive key: under the tenant's data key, bound to the tenant and the export's id, kept on the current key by rotation.</summary>
public static class DataExportsTable
{
    public const string Name = "data_exports";

    public static EncryptedColumn SealedKey { get; } = new(Name, "sealed_key", FieldClassification.Sensitive);

    public static EncryptedTable Descriptor { get; } = new(Name, "id", SealedKey);
}
