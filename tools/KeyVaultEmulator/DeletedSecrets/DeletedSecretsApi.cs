using Microsoft.AspNetCore.Http.HttpResults;
using Viggotech.KeyVaultEmulator.Secrets;
using Viggotech.KeyVaultEmulator.Secrets.Contracts;

namespace Viggotech.KeyVaultEmulator.DeletedSecrets;

/// <summary>The <c>/deletedsecrets</c> operations: soft-deleted secrets, recover and purge.</summary>
public static class DeletedSecretsApi
{
    public static RouteGroupBuilder MapDeletedSecretsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/deletedsecrets");
        group.MapGet("", ListDeletedSecrets);
        group.MapGet("/{name}", GetDeletedSecret);
        group.MapPost("/{name}/recover", RecoverDeletedSecret);
        group.MapDelete("/{name}", PurgeDeletedSecret);
        return group;
    }

    public static Ok<SecretPage<DeletedSecretBundle>> ListDeletedSecrets(PageRequest page, VaultAddress vault, SecretVault secrets) =>
        TypedResults.Ok(SecretPage<DeletedSecretBundle>.Cut(
            secrets.ListDeleted(), s => SecretName.Key(s.Name), s => DeletedSecretBundle.Item(s, vault), page, vault));

    public static Results<Ok<DeletedSecretBundle>, KeyVaultError> GetDeletedSecret(
        string name, VaultAddress vault, SecretVault secrets)
    {
        var outcome = secrets.GetDeleted(name);
        return outcome.Error is { } error ? error : TypedResults.Ok(DeletedSecretBundle.From(outcome.Value!, vault));
    }

    public static async Task<Results<Ok<SecretBundle>, KeyVaultError>> RecoverDeletedSecret(
        string name, VaultAddress vault, SecretVault secrets)
    {
        var outcome = await secrets.RecoverAsync(name);
        return outcome.Error is { } error
            ? error
            : TypedResults.Ok(SecretBundle.From(outcome.Value!.Name, outcome.Value.Latest, vault, withValue: false));
    }

    public static async Task<Results<NoContent, KeyVaultError>> PurgeDeletedSecret(string name, SecretVault secrets)
    {
        var outcome = await secrets.PurgeAsync(name);
        return outcome.Error is { } error ? error : TypedResults.NoContent();
    }
}
