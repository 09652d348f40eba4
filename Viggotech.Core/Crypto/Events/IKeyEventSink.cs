namespace Viggotech.Core.Crypto.Events;

/// <summary>
/// Where key operations and integrity failures are recorded. The default writes structured log
/// events; the audit trail registers its own sink so the same calls land in the tenant's chain.
/// </summary>
public interface IKeyEventSink
{
    ValueTask RecordAsync(KeyEvent keyEvent, CancellationToken cancellationToken = default);
}
