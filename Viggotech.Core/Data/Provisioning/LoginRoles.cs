using Npgsql;

namespace Viggotech.Core.Data.Provisioning;

internal static class LoginRoles
{
    // Neither the owner nor the app may escape row-level security or manage other roles.
    private const string Attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";

    /// <summary>
    /// Creates the role if missing and, every time, resets its attributes and password, so a
    /// rotated password in configuration takes effect on the next migration step. The name and
    /// the password verifier travel as parameters and are spliced in on the server, so neither
    /// appears in any statement text.
    /// </summary>
    /// <returns>True when the role was created.</returns>
    public static async Task<bool> EnsureAsync(NpgsqlConnection admin, DatabaseRole role, CancellationToken cancellationToken)
    {
        await using var transaction = await admin.BeginTransactionAsync(cancellationToken);

        await using (var settings = new NpgsqlCommand(
            "select set_config('viggotech.role_name', $1, true), set_config('viggotech.role_verifier', $2, true)",
            admin, transaction))
        {
            settings.Parameters.Add(new() { Value = role.Name });
            settings.Parameters.Add(new() { Value = ScramSha256Verifier.Create(role.Password) });
            await settings.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var exists = new NpgsqlCommand("select exists (select from pg_catalog.pg_roles where rolname = $1)", admin, transaction);
        exists.Parameters.Add(new() { Value = role.Name });
        var created = !(bool)(await exists.ExecuteScalarAsync(cancellationToken))!;

        await using (var apply = new NpgsqlCommand(
            $"""
            do $$
            declare
                role_name text := current_setting('viggotech.role_name');
            begin
                if not exists (select from pg_catalog.pg_roles where rolname = role_name) then
                    execute format('CREATE ROLE %I', role_name);
                end if;
                execute format('ALTER ROLE %I WITH {Attributes} PASSWORD %L',
                    role_name, current_setting('viggotech.role_verifier'));
            end
            $$
            """, admin, transaction))
        {
            await apply.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return created;
    }

    /// <summary>Membership in the owner role would let the app role act as the owner and see past forced RLS.</summary>
    public static async Task EnsureNotMemberAsync(NpgsqlConnection admin, DatabaseRole member, DatabaseRole of, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select pg_catalog.pg_has_role($1, $2, 'MEMBER')", admin);
        command.Parameters.Add(new() { Value = member.Name });
        command.Parameters.Add(new() { Value = of.Name });
        if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
        {
            throw new InvalidOperationException($"Role {member.Name} is a member of role {of.Name}; revoke that membership first.");
        }
    }
}
