using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Viggotech.Core.Identity.Roles;

internal sealed class CustomRoleConfiguration : IEntityTypeConfiguration<CustomRole>
{
    public void Configure(EntityTypeBuilder<CustomRole> role)
    {
        role.ToTable("custom_roles", table =>
            table.HasCheckConstraint("ck_custom_roles_name", "length(btrim(name)) between 1 and 80"));
        role.HasKey(r => r.Id);
        // Assignments reference (tenant_id, id), so a user can never hold another tenant's role.
        role.HasAlternateKey(r => new { r.TenantId, r.Id });
        role.HasIndex(r => new { r.TenantId, r.Name }).IsUnique();
        role.Property(r => r.Name).HasMaxLength(80);
        role.Property(r => r.Description).HasMaxLength(400);
        role.Property(r => r.CreatedAt).HasDefaultValueSql("now()");
        role.Property(r => r.UpdatedAt).HasDefaultValueSql("now()");
    }
}

internal sealed class UserRoleAssignmentConfiguration : IEntityTypeConfiguration<UserRoleAssignment>
{
    public void Configure(EntityTypeBuilder<UserRoleAssignment> assignment)
    {
        assignment.ToTable("user_role_assignments", table =>
        {
            table.HasCheckConstraint("ck_user_role_assignments_one_role", "(built_in_role is null) <> (custom_role_id is null)");
            table.HasCheckConstraint("ck_user_role_assignments_built_in",
                "built_in_role is null or built_in_role in ('owner', 'admin', 'security-admin', 'auditor', 'member', 'read-only')");
        });
        assignment.HasKey(a => a.Id);
        assignment.HasIndex(a => new { a.TenantId, a.UserId, a.BuiltInRole }).IsUnique();
        assignment.HasIndex(a => new { a.TenantId, a.UserId, a.CustomRoleId }).IsUnique();
        assignment.HasIndex(a => new { a.TenantId, a.CustomRoleId });
        assignment.Property(a => a.BuiltInRole).HasMaxLength(40);
        assignment.Property(a => a.AssignedAt).HasDefaultValueSql("now()");
        assignment.Ignore(a => a.RoleRef);
        assignment.HasOne<User>().WithMany().HasForeignKey(a => new { a.TenantId, a.UserId })
            .HasPrincipalKey(u => new { u.TenantId, u.Id }).OnDelete(DeleteBehavior.Cascade);
        // Deleting a custom role takes it away from everyone who held it.
        assignment.HasOne<CustomRole>().WithMany().HasForeignKey(a => new { a.TenantId, a.CustomRoleId })
            .HasPrincipalKey(r => new { r.TenantId, r.Id }).OnDelete(DeleteBehavior.Cascade);
    }
}
