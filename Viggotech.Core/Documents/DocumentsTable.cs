using Viggotech.Core.Crypto.Fields;
using Viggotech.Core.Crypto.Rotation;

namespace Viggotech.Core.Documents;

public static class DocumentsTable
{
    public const string Name = "documents";

    /// <summary>File names say a lot about people ("payslip-jane-doe.pdf"): encrypted like personal data.</summary>
    public static EncryptedColumn FileName { get; } = new(Name, "name", FieldClassification.Personal);

    public static EncryptedTable Descriptor { get; } = new(Name, "id", FileName);

    /// <summary>Every blob of a document lives under this prefix; deleting the document deletes the prefix.</summary>
    public static string BlobPrefix(Guid tenantId, Guid documentId) => $"{tenantId:D}/{documentId:D}/";

    /// <summary>
    /// One blob per key version: re-encryption writes a new blob beside the old one, and a retry
    /// after a crash overwrites its own unfinished attempt. The suffix keeps one name from being a
    /// prefix of another, since deletions go by prefix.
    /// </summary>
    public static string BlobName(Guid tenantId, Guid documentId, int keyVersion) => $"{BlobPrefix(tenantId, documentId)}k{keyVersion}.vgtd";
}
