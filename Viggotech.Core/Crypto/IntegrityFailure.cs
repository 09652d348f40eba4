namespace Viggotech.Core.Crypto;

public enum IntegrityFailure
{
    /// <summary>The AES-GCM tag did not verify: changed bytes, or a value bound to another row, column, tenant or chunk position.</summary>
    AuthenticationFailed,

    /// <summary>The envelope or header is not one this code writes (wrong magic, version, length).</summary>
    Malformed,

    /// <summary>The value names a key version that does not exist for the tenant.</summary>
    UnknownKeyVersion,

    /// <summary>A document stream ended without a final chunk.</summary>
    Truncated,

    /// <summary>A document stream continues after its final chunk.</summary>
    TrailingData,

    /// <summary>A document's header names another key version than its metadata.</summary>
    KeyMismatch,

    /// <summary>A document's metadata exists but its encrypted content does not.</summary>
    Missing,
}
