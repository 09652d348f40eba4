namespace Viggotech.Core.Audit.Recording;

/// <summary>The origin outside requests: the Worker's jobs act as the platform.</summary>
internal sealed class PlatformAuditOrigin : IAuditOriginAccessor
{
    public AuditOrigin Origin => AuditOrigin.Platform;
}
