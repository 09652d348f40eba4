using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using Viggotech.Core.Alerts;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Crypto.Rotation;
using Viggotech.Core.Documents;
using Viggotech.Core.Identity;
using Viggotech.Core.IpRestrictions;
using Viggotech.Core.Continuity.Drills;
using Viggotech.Core.Continuity.Replication;
using Viggotech.Core.Continuity.Status;
using Viggotech.Core.Jobs;
using Viggotech.Core.Notes;
using Viggotech.Core.People;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Data;

/// <summary>
/// The platform's system of record. Every query on tenant data is filtered to the current
/// tenant here (the second wall); row-level security in PostgreSQL is the first.
/// </summary>
public sealed class PlatformDbContext(DbContextOptions<PlatformDbContext> options, ITenantContext tenantContext)
    : DbContext(options)
{
    /// <summary>The name of the query filter that limits tenant data to the current tenant.</summary>
    public const string TenantFilter = "tenant";

    /// <summary>The tenant this context acts for; read at query time, so it follows the scope's tenant context.</summary>
    public Guid? TenantId => tenantContext.TenantId;

    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<Note> Notes => Set<Note>();

    public DbSet<User> Users => Set<User>();

    public DbSet<AccountLink> AccountLinks => Set<AccountLink>();

    public DbSet<SignInEvent> SignInEvents => Set<SignInEvent>();

    public DbSet<UnknownAccountSignIn> UnknownAccountSignIns => Set<UnknownAccountSignIn>();

    public DbSet<PasswordHistoryEntry> PasswordHistory => Set<PasswordHistoryEntry>();

    public DbSet<TenantSecurityPolicy> SecurityPolicies => Set<TenantSecurityPolicy>();

    public DbSet<Identity.Roles.CustomRole> CustomRoles => Set<Identity.Roles.CustomRole>();

    public DbSet<Identity.Roles.UserRoleAssignment> RoleAssignments => Set<Identity.Roles.UserRoleAssignment>();

    public DbSet<JobLease> JobLeases => Set<JobLease>();

    public DbSet<JobRun> JobRuns => Set<JobRun>();

    public DbSet<BlobCopy> BlobCopies => Set<BlobCopy>();

    public DbSet<ProbeResult> ProbeResults => Set<ProbeResult>();

    public DbSet<DrillReport> DrillReports => Set<DrillReport>();

    public DbSet<TenantDataKey> TenantDataKeys => Set<TenantDataKey>();

    public DbSet<DataKeyRotation> DataKeyRotations => Set<DataKeyRotation>();

    public DbSet<PersonRecord> People => Set<PersonRecord>();

    public DbSet<DocumentRecord> Documents => Set<DocumentRecord>();

    public DbSet<BlobDeletion> BlobDeletions => Set<BlobDeletion>();

    public DbSet<IpRange> IpRanges => Set<IpRange>();

    public DbSet<IpRestrictionSettings> IpRestrictionSettings => Set<IpRestrictionSettings>();

    public DbSet<IpBlockedAttempt> IpBlockedAttempts => Set<IpBlockedAttempt>();

    public DbSet<SecurityAlert> SecurityAlerts => Set<SecurityAlert>();

    public DbSet<Workspace.TenantDataSettings> DataSettings => Set<Workspace.TenantDataSettings>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        // Here rather than at each registration, so the runtime, the migrations and the design-time
        // tools can never disagree on table and column names.
        optionsBuilder.UseSnakeCaseNamingConvention();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PlatformDbContext).Assembly);
        // The authorization server's applications, authorizations, scopes and tokens: platform-owned, not tenant rows.
        modelBuilder.UseOpenIddict();
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreApplication>().ToTable("oauth_applications");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreAuthorization>().ToTable("oauth_authorizations");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreScope>().ToTable("oauth_scopes");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreToken>().ToTable("oauth_tokens");

        modelBuilder.Entity<Tenant>().HasQueryFilter(TenantFilter, tenant => tenant.Id == TenantId);

        foreach (var entityType in modelBuilder.Model.GetEntityTypes()
                     .Where(type => typeof(ITenantOwned).IsAssignableFrom(type.ClrType)))
        {
            modelBuilder.Entity(entityType.ClrType).HasQueryFilter(TenantFilter, CurrentTenantFilter(entityType.ClrType));
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampNewRowsWithTenant();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampNewRowsWithTenant();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    // entity => (Guid?)entity.TenantId == this.TenantId; EF re-binds "this" to the querying context.
    private LambdaExpression CurrentTenantFilter(Type entityClrType)
    {
        var entity = Expression.Parameter(entityClrType, "entity");
        var rowTenant = Expression.Convert(Expression.Property(entity, nameof(ITenantOwned.TenantId)), typeof(Guid?));
        var currentTenant = Expression.Property(Expression.Constant(this), nameof(TenantId));
        return Expression.Lambda(Expression.Equal(rowTenant, currentTenant), entity);
    }

    // Only fills a missing tenant; a row naming another tenant is left for the database to refuse.
    private void StampNewRowsWithTenant()
    {
        if (TenantId is not { } tenantId)
        {
            return;
        }

        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State == EntityState.Added && entry.Entity.TenantId == Guid.Empty)
            {
                entry.Entity.TenantId = tenantId;
            }
        }
    }
}
