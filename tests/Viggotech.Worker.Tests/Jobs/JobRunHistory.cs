using Viggotech.Testing;

namespace Viggotech.Worker.Tests.Jobs;

internal sealed record JobRunRow(string Holder, DateTime StartedAt, DateTime? FinishedAt, string? Outcome);

internal static class JobRunHistory
{
    public static async Task<List<JobRunRow>> RunsAsync(this PlatformTestDatabase platform, string job)
    {
        await using var connection = await platform.OpenAdminConnectionAsync();
        var rows = await connection.ListAsync<string[]>(
            "select array[holder::text, started_at::text, coalesce(finished_at::text, ''), coalesce(outcome, '')] from platform.job_runs where job_name = $1 order by started_at",
            job);
        return rows
            .Select(r => new JobRunRow(r[0], Parse(r[1])!.Value, Parse(r[2]), r[3].Length == 0 ? null : r[3]))
            .ToList();
    }

    public static async Task<string?> LeaseHolderAsync(this PlatformTestDatabase platform, string job)
    {
        await using var connection = await platform.OpenAdminConnectionAsync();
        return await connection.ScalarAsync<string?>("select holder from platform.job_leases where job_name = $1", job);
    }

    private static DateTime? Parse(string value) =>
        value.Length == 0 ? null : DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime;
}
