using Microsoft.Extensions.Logging;

namespace Viggotech.Core.Crypto.Events;

internal sealed partial class LoggingKeyEventSink(ILogger<LoggingKeyEventSink> logger) : IKeyEventSink
{
    public ValueTask RecordAsync(KeyEvent keyEvent, CancellationToken cancellationToken = default)
    {
        if (keyEvent.Kind == KeyEventKind.IntegrityFailure)
        {
            LogIntegrityFailure(logger, keyEvent.TenantId, keyEvent.DataKeyVersion, keyEvent.Detail);
        }
        else
        {
            LogKeyOperation(logger, keyEvent.Kind, keyEvent.TenantId, keyEvent.DataKeyVersion, keyEvent.KekVersion, keyEvent.Detail);
        }

        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 5100, Level = LogLevel.Information,
        Message = "Key operation {Kind} for tenant {TenantId}: data key version {DataKeyVersion}, key-encryption key version {KekVersion}, {Detail}")]
    private static partial void LogKeyOperation(ILogger logger, KeyEventKind kind, Guid tenantId, int? dataKeyVersion, string? kekVersion, string? detail);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning,
        Message = "Integrity failure for tenant {TenantId}, data key version {DataKeyVersion}: {Detail}")]
    private static partial void LogIntegrityFailure(ILogger logger, Guid tenantId, int? dataKeyVersion, string? detail);
}
