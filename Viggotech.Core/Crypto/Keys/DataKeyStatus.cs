namespace Viggotech.Core.Crypto.Keys;

public enum DataKeyStatus
{
    /// <summary>New values are encrypted under it. Exactly one per tenant.</summary>
    Active,

    /// <summary>Replaced by a newer version; values under it are being re-encrypted and can still be read.</summary>
    Retiring,

    /// <summary>Nothing is encrypted under it any more. Kept wrapped so a reader that raced the re-encryption still succeeds.</summary>
    Retired,

    /// <summary>The tenant's key-encryption key was destroyed: the wrapped key is gone and nothing under it can be read.</summary>
    Destroyed,
}
