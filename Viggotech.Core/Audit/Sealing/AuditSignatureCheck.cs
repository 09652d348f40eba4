namespace Viggotech.Core.Audit.Sealing;

public enum AuditSignatureCheck
{
    Valid,
    Invalid,
    UnknownKey,
}
