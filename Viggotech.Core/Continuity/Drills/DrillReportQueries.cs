using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Data;

namespace Viggotech.Core.Continuity.Drills;

public static class DrillReportQueries
{
    /// <summary>The most recent drill reports, newest first, for the operator pages.</summary>
    public static Task<List<DrillReport>> RecentDrillReportsAsync(this PlatformDbContext db, int count = 20, CancellationToken cancellationToken = default) =>
        db.DrillReports.AsNoTracking().OrderByDescending(r => r.StartedAt).Take(count).ToListAsync(cancellationToken);
}
