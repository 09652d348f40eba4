using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Data;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without a database or a host: the
/// connection string only names the provider and is never opened.
/// </summary>
internal sealed class PlatformDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PlatformDbContext>
{
    public PlatformDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PlatformDbContext>().UseNpgsql("Host=localhost;Database=viggotech").Options,
            new TenantContext());
}
