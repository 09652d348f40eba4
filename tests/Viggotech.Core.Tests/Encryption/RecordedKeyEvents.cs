using System.Collections.Concurrent;
using Viggotech.Core.Crypto.Events;

namespace Viggotech.Core.Tests.Encryption;

/// <summary>Keeps every key event and integrity failure the app services record, for tests to look at.</summary>
public sealed class RecordedKeyEvents : IKeyEventSink
{
    private readonly ConcurrentQueue<KeyEvent> events = new();

    public ValueTask RecordAsync(KeyEvent keyEvent, CancellationToken cancellationToken = default)
    {
        events.Enqueue(keyEvent);
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<KeyEvent> For(Guid tenantId) => [.. events.Where(e => e.TenantId == tenantId)];

    public IReadOnlyList<KeyEvent> For(Guid tenantId, KeyEventKind kind) => [.. events.Where(e => e.TenantId == tenantId && e.Kind == kind)];
}
