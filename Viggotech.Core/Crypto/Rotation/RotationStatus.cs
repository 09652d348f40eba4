namespace Viggotech.Core.Crypto.Rotation;

public enum RotationStatus
{
    /// <summary>The Worker is re-encrypting values onto the target version, batch by batch.</summary>
    Running,

    /// <summary>Every value is under the target version; older versions are retired.</summary>
    Completed,

    /// <summary>A newer rotation took over before this one finished; it re-encrypts onto its own target.</summary>
    Superseded,

    /// <summary>A value could not be decrypted (see <see cref="DataKeyRotation.Error"/>); resumes after <c>TenantKeys.ResumeRotationAsync</c>.</summary>
    Blocked,

    /// <summary>The tenant's keys were destroyed; nothing is left to re-encrypt.</summary>
    Abandoned,
}
