namespace Viggotech.Core.Audit.Recording;

/// <summary>
/// The origin of the current unit of work. The Api supplies one that reads the request (principal,
/// client address, user agent, session); elsewhere it is <see cref="AuditOrigin.Platform"/>.
/// </summary>
public interface IAuditOriginAccessor
{
    AuditOrigin Origin { get; }
}
