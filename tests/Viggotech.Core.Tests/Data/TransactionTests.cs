using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Data;
using Viggotech.Core.Notes;
using Viggotech.Testing;

namespace Viggotech.Core.Tests.Data;

[Collection(PlatformDatabaseCollection.Name)]
public sealed class TransactionTests(PlatformDatabaseFixture fixture)
{
    private PlatformTestDatabase Platform => fixture.Platform;

    [Fact]
    public async Task Work_in_a_transaction_commits_together_or_not_at_all()
    {
        var a = await Platform.NewTenantAsync();
        await using (var scope = Platform.ForTenant(a))
        {
            await scope.Db.InTransactionAsync(async ct =>
            {
                scope.Db.Notes.Add(new Note { Title = "one", Body = "one" });
                await scope.Db.SaveChangesAsync(ct);
                scope.Db.Notes.Add(new Note { Title = "two", Body = "two" });
                await scope.Db.SaveChangesAsync(ct);
            });

            await Assert.ThrowsAsync<InvalidOperationException>(() => scope.Db.InTransactionAsync(async ct =>
            {
                scope.Db.Notes.Add(new Note { Title = "three", Body = "three" });
                await scope.Db.SaveChangesAsync(ct);
                throw new InvalidOperationException("the unit of work fails after its first write");
            }));
        }

        await using var check = Platform.ForTenant(a);
        Assert.Equal(["one", "two"], await check.Db.Notes.OrderBy(n => n.Title).Select(n => n.Title).ToListAsync());
    }

    [Fact]
    public async Task A_bare_transaction_is_refused_because_retries_are_on()
    {
        var a = await Platform.NewTenantAsync();
        await using var scope = Platform.ForTenant(a);

        await using var transaction = await scope.Db.Database.BeginTransactionAsync();
        scope.Db.Notes.Add(new Note { Title = "bare", Body = "bare" });

        await Assert.ThrowsAsync<InvalidOperationException>(() => scope.Db.SaveChangesAsync());
    }
}
