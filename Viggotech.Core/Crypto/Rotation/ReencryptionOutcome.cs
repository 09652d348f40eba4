namespace Viggotech.Core.Crypto.Rotation;

public enum ReencryptionOutcome
{
    /// <summary>No running rotation for the tenant, or another worker holds it.</summary>
    Idle,

    /// <summary>The rotation finished: everything is under the new version and older versions are retired.</summary>
    Completed,

    /// <summary>A value could not be decrypted; the rotation waits for <c>TenantKeys.ResumeRotationAsync</c>.</summary>
    Blocked,

    /// <summary>The run's batch budget is spent; the rotation goes on at the next run.</summary>
    InProgress,
}
