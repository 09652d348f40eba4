using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Data;
using Viggotech.Core.Notes;
using Viggotech.Testing;

// One "request" is a unit of work in its own DI scope: a transaction that adds a note. The audited
// request does the same and records its event in that transaction. The two kinds alternate, so
// drift on the machine (other builds, autovacuum) lands on both alike.
var iterations = int.TryParse(Environment.GetEnvironmentVariable("AUDIT_LATENCY_ITERATIONS"), out var n) ? n : 5000;
var warmup = Math.Max(200, iterations / 10);

await using var platform = await PlatformTestDatabase.StartAsync(app => app.AddAuditTrail());
var tenant = await platform.NewTenantAsync();

var plain = new List<double>(iterations);
var audited = new List<double>(iterations);
var appends = new List<double>(iterations);
for (var i = 0; i < warmup + iterations; i++)
{
    var (plainMs, _) = await TimeAsync(audit: false);
    var (auditedMs, appendMs) = await TimeAsync(audit: true);
    if (i >= warmup)
    {
        plain.Add(plainMs);
        audited.Add(auditedMs);
        appends.Add(appendMs);
    }
}

plain.Sort();
audited.Sort();
appends.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"audit-latency: iterations={iterations} plain_p50_ms={P(plain, 0.5):F3} audited_p50_ms={P(audited, 0.5):F3} added_p50_ms={P(audited, 0.5) - P(plain, 0.5):F3} plain_p90_ms={P(plain, 0.9):F3} audited_p90_ms={P(audited, 0.9):F3} plain_p99_ms={P(plain, 0.99):F3} audited_p99_ms={P(audited, 0.99):F3} append_p50_ms={P(appends, 0.5):F3}"));
return 0;

// Returns the whole request's time and, for an audited one, the time of RecordAsync alone.
async Task<(double Request, double Append)> TimeAsync(bool audit)
{
    var started = Stopwatch.GetTimestamp();
    var append = 0.0;
    await using var scope = platform.ForTenant(tenant);
    var db = scope.Db;
    await db.InTransactionAsync(async ct =>
    {
        var note = new Note { Title = "latency", Body = "a request's change" };
        db.Notes.Add(note);
        await db.SaveChangesAsync(ct);
        if (audit)
        {
            var appending = Stopwatch.GetTimestamp();
            await scope.Services.GetRequiredService<IAuditTrail>().RecordAsync(
                "note.create", new AuditTarget("note", note.Id.ToString()), cancellationToken: ct);
            append = Stopwatch.GetElapsedTime(appending).TotalMilliseconds;
        }
    });
    return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, append);
}

static double P(List<double> sorted, double quantile) => sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(quantile * sorted.Count))];
