using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Identity;

internal sealed class AccountLinkConfiguration : IEntityTypeConfiguration<AccountLink>
{
    public void Configure(EntityTypeBuilder<AccountLink> link)
    {
        link.ToTable("account_links", table =>
            table.HasCheckConstraint("ck_account_links_purpose", "purpose in ('confirm-email', 'invitation', 'password-reset')"));
        link.HasKey(l => l.Id);
        link.HasIndex(l => l.TokenHash).IsUnique();
        link.Property(l => l.CreatedAt).HasDefaultValueSql("now()");
        link.HasOne<User>().WithMany().HasForeignKey(l => new { l.TenantId, l.UserId })
            .HasPrincipalKey(u => new { u.TenantId, u.Id }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SignInEventConfiguration : IEntityTypeConfiguration<SignInEvent>
{
    public void Configure(EntityTypeBuilder<SignInEvent> signIn)
    {
        signIn.ToTable("sign_in_events", table =>
            table.HasCheckConstraint("ck_sign_in_events_outcome", "outcome in ('succeeded', 'failed', 'locked-out')"));
        signIn.HasKey(e => e.Id);
        signIn.HasIndex(e => new { e.TenantId, e.UserId, e.OccurredAt });
        signIn.Property(e => e.OccurredAt).HasDefaultValueSql("now()");
        signIn.Property(e => e.UserAgent).HasMaxLength(512);
        signIn.HasOne<User>().WithMany().HasForeignKey(e => new { e.TenantId, e.UserId })
            .HasPrincipalKey(u => new { u.TenantId, u.Id }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UnknownAccountSignInConfiguration : IEntityTypeConfiguration<UnknownAccountSignIn>
{
    public void Configure(EntityTypeBuilder<UnknownAccountSignIn> signIn)
    {
        signIn.ToTable("unknown_account_sign_ins");
        signIn.HasKey(e => e.Id);
        signIn.Property(e => e.OccurredAt).HasDefaultValueSql("now()");
        signIn.Property(e => e.UserAgent).HasMaxLength(512);
    }
}

internal sealed class PasswordHistoryEntryConfiguration : IEntityTypeConfiguration<PasswordHistoryEntry>
{
    public void Configure(EntityTypeBuilder<PasswordHistoryEntry> entry)
    {
        entry.ToTable("password_history");
        entry.HasKey(e => e.Id);
        entry.HasIndex(e => new { e.TenantId, e.UserId, e.CreatedAt });
        entry.Property(e => e.CreatedAt).HasDefaultValueSql("now()");
        entry.HasOne<User>().WithMany().HasForeignKey(e => new { e.TenantId, e.UserId })
            .HasPrincipalKey(u => new { u.TenantId, u.Id }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TenantSecurityPolicyConfiguration : IEntityTypeConfiguration<TenantSecurityPolicy>
{
    public void Configure(EntityTypeBuilder<TenantSecurityPolicy> policy)
    {
        policy.ToTable("tenant_security_policies", table =>
        {
            table.HasCheckConstraint("ck_tenant_security_policies_mfa", "mfa_requirement in ('optional', 'admins', 'everyone')");
            table.HasCheckConstraint("ck_tenant_security_policies_min_length", "password_min_length between 8 and 128");
            table.HasCheckConstraint("ck_tenant_security_policies_min_score", "password_min_score between 0 and 4");
            table.HasCheckConstraint("ck_tenant_security_policies_history", "password_history_count between 0 and 24");
            table.HasCheckConstraint("ck_tenant_security_policies_max_age", "password_max_age_days is null or password_max_age_days between 1 and 730");
            table.HasCheckConstraint("ck_tenant_security_policies_grace", "enrolment_grace_days between 0 and 90");
            table.HasCheckConstraint("ck_tenant_security_policies_lockout", "lockout_threshold between 3 and 20 and lockout_minutes between 1 and 1440");
        });
        policy.HasKey(p => p.TenantId);
        policy.HasOne<Tenant>().WithOne().HasForeignKey<TenantSecurityPolicy>(p => p.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
