using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Webhooks;

namespace Viggotech.Worker.Tests.Audit;

/// <summary>
/// A customer's receiver on a real Kestrel socket: it refuses deliveries (503) while told to,
/// and otherwise checks each delivery's signature and keeps the events in the order it got them.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private int refuseRemaining;

    private WebhookReceiver(WebApplication app) => this.app = app;

    public Uri Url { get; private set; } = null!;

    public string Secret { get; set; } = "";

    /// <summary>Refuse every delivery until <see cref="Recover"/>.</summary>
    public bool Down { get; set; }

    public int Refused => refusedCount;

    public ConcurrentQueue<(long Seq, string Hash, string Prev, bool HashMatches)> Events { get; } = new();

    public ConcurrentQueue<string> BadSignatures { get; } = new();

    private int refusedCount;

    public static async Task<WebhookReceiver> StartAsync(int refuseFirst = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app) { refuseRemaining = refuseFirst };
        app.MapPost("/hook", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.Url = new Uri(new Uri(app.Urls.Single()), "/hook");
        return receiver;
    }

    public void Recover() => Down = false;

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        if (Down || Interlocked.Decrement(ref refuseRemaining) >= 0)
        {
            Interlocked.Increment(ref refusedCount);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        var signature = request.Headers[AuditWebhookSignature.HeaderName].ToString();
        if (!AuditWebhookSignature.Verify(Secret, signature, body.ToArray(), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)))
        {
            BadSignatures.Enqueue(signature);
            return Results.Unauthorized();
        }
        using var json = JsonDocument.Parse(body.ToArray());
        foreach (var item in json.RootElement.GetProperty("events").EnumerateArray())
        {
            var e = item.GetProperty("event");
            var hash = item.GetProperty("hash").GetString()!;
            var computed = AuditHash.Of(System.Text.Encoding.UTF8.GetBytes(e.GetRawText())).ToString();
            Events.Enqueue((e.GetProperty("seq").GetInt64(), hash, e.GetProperty("prev").GetString()!, computed == hash));
        }
        return Results.NoContent();
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
