using Viggotech.Core.Continuity.Replication;

namespace Viggotech.Worker.Tests.Replication;

public sealed class BackoffTests
{
    [Fact]
    public void Backoff_doubles_and_stops_at_five_minutes()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), BlobCopier.Backoff(1));
        Assert.Equal(TimeSpan.FromSeconds(8), BlobCopier.Backoff(3));
        Assert.Equal(TimeSpan.FromMinutes(5), BlobCopier.Backoff(30));
    }
}
