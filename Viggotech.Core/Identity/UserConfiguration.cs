using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Identity;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        user.ToTable("users", table =>
            table.HasCheckConstraint("ck_users_role", "role in ('owner', 'admin', 'security-admin', 'auditor', 'member', 'read-only')"));
        user.HasKey(u => u.Id);
        // Child rows reference (tenant_id, id), so a row can never point at another tenant's user.
        user.HasAlternateKey(u => new { u.TenantId, u.Id });
        user.HasOne<Tenant>().WithMany().HasForeignKey(u => u.TenantId).OnDelete(DeleteBehavior.Restrict);
        // One account per email across the platform: sign-in finds the tenant from the address.
        user.HasIndex(u => u.NormalizedEmail).IsUnique();
        user.HasIndex(u => u.NormalizedUserName).IsUnique();
        user.Property(u => u.UserName).HasMaxLength(256);
        user.Property(u => u.NormalizedUserName).HasMaxLength(256);
        user.Property(u => u.Email).HasMaxLength(256);
        user.Property(u => u.NormalizedEmail).HasMaxLength(256);
        user.Property(u => u.ConcurrencyStamp).IsConcurrencyToken();
        user.Property(u => u.Role).IsRequired();
        user.Property(u => u.CreatedAt).HasDefaultValueSql("now()");
        user.Ignore(u => u.IsAdmin);
    }
}

internal sealed class UserTokenConfiguration : IEntityTypeConfiguration<UserToken>
{
    public void Configure(EntityTypeBuilder<UserToken> token)
    {
        token.ToTable("user_tokens");
        token.HasKey(t => new { t.UserId, t.LoginProvider, t.Name });
        token.Property(t => t.LoginProvider).HasMaxLength(128);
        token.Property(t => t.Name).HasMaxLength(128);
        token.HasOne<User>().WithMany().HasForeignKey(t => new { t.TenantId, t.UserId })
            .HasPrincipalKey(u => new { u.TenantId, u.Id }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UserClaimConfiguration : IEntityTypeConfiguration<UserClaim>
{
    public void Configure(EntityTypeBuilder<UserClaim> claim)
    {
        claim.ToTable("user_claims");
        claim.HasKey(c => c.Id);
        claim.HasOne<User>().WithMany().HasForeignKey(c => new { c.TenantId, c.UserId })
            .HasPrincipalKey(u => new { u.TenantId, u.Id }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UserLoginConfiguration : IEntityTypeConfiguration<UserLogin>
{
    public void Configure(EntityTypeBuilder<UserLogin> login)
    {
        login.ToTable("user_logins");
        login.HasKey(l => new { l.LoginProvider, l.ProviderKey });
        login.Property(l => l.LoginProvider).HasMaxLength(128);
        login.Property(l => l.ProviderKey).HasMaxLength(128);
        login.HasOne<User>().WithMany().HasForeignKey(l => new { l.TenantId, l.UserId })
            .HasPrincipalKey(u => new { u.TenantId, u.Id }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UserPasskeyConfiguration : IEntityTypeConfiguration<UserPasskey>
{
    public void Configure(EntityTypeBuilder<UserPasskey> passkey)
    {
        passkey.ToTable("user_passkeys");
        passkey.HasKey(p => p.CredentialId);
        passkey.Property(p => p.CredentialId).HasMaxLength(1024);
        passkey.OwnsOne(p => p.Data).ToJson();
        passkey.HasOne<User>().WithMany().HasForeignKey(p => new { p.TenantId, p.UserId })
            .HasPrincipalKey(u => new { u.TenantId, u.Id }).OnDelete(DeleteBehavior.Cascade);
    }
}
