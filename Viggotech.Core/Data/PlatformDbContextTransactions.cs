using Microsoft.EntityFrameworkCore;

namespace Viggotech.Core.Data;

public static class PlatformDbContextTransactions
{
    /// <summary>
    /// Runs <paramref name="work"/> in one database transaction through the context's execution
    /// strategy, so a transient failure retries the whole unit rather than one statement of it
    /// (a bare BeginTransaction is refused while retries are on). On a retry the change tracker
    /// is cleared, so <paramref name="work"/> must load and change everything it saves itself.
    /// Inside a transaction that is already open, the work joins it: a repository's write and the
    /// caller's audit event then commit together.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this PlatformDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return work(cancellationToken);
        }

        var attempt = 0;
        return db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            if (attempt++ > 0)
            {
                db.ChangeTracker.Clear();
            }

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var result = await work(ct);
            await transaction.CommitAsync(ct);
            return result;
        }, cancellationToken);
    }

    public static Task InTransactionAsync(this PlatformDbContext db, Func<CancellationToken, Task> work, CancellationToken cancellationToken = default) =>
        db.InTransactionAsync(async ct =>
        {
            await work(ct);
            return true;
        }, cancellationToken);
}
