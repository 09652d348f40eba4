namespace Viggotech.Core.Crypto.Events;

public enum KeyEventKind
{
    TenantKeysCreated,
    KeyEncryptionKeyRotated,
    KeyEncryptionKeyVersionDisabled,
    DataKeyRotated,
    ReencryptionCompleted,
    ReencryptionBlocked,
    DataKeyRetired,
    TenantKeyDestroyed,
    IntegrityFailure,
}
