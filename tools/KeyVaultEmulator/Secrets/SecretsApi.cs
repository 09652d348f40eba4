using Microsoft.AspNetCore.Http.HttpResults;
using Viggotech.KeyVaultEmulator.DeletedSecrets;
using Viggotech.KeyVaultEmulator.Secrets.Contracts;

namespace Viggotech.KeyVaultEmulator.Secrets;

/// <summary>The <c>/secrets</c> operations of the Key Vault REST API.</summary>
public static class SecretsApi
{
    /// <summary>Key Vault refuses secret values over 25 KB.</summary>
    public const int LargestValue = 25 * 1024;

    public static RouteGroupBuilder MapSecretsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/secrets");
        group.MapPut("/{name}", SetSecret);
        group.MapGet("", ListSecrets);
        // A literal segment outranks a parameter, so "versions" never reads as a version id.
        group.MapGet("/{name}/versions", ListSecretVersions);
        group.MapGet("/{name}/{version?}", GetSecret);
        group.MapPatch("/{name}/{version?}", UpdateSecretProperties);
        group.MapDelete("/{name}", DeleteSecret);
        return group;
    }

    public static async Task<Results<Ok<SecretBundle>, KeyVaultError>> SetSecret(
        string name, SecretSetParameters? parameters, VaultAddress vault, SecretVault secrets)
    {
        if (parameters?.Value is not { } value)
        {
            return KeyVaultError.BadParameter("The secret value is required.");
        }

        if (value.Length > LargestValue)
        {
            return KeyVaultError.BadParameter($"The secret value exceeds {LargestValue} characters.");
        }

        var outcome = await secrets.SetAsync(name, value, parameters.ToChange());
        return outcome.Error is { } error
            ? error
            : TypedResults.Ok(SecretBundle.From(outcome.Value!.Name, outcome.Value.Latest, vault, withValue: true));
    }

    public static Results<Ok<SecretBundle>, KeyVaultError> GetSecret(
        string name, string? version, VaultAddress vault, SecretVault secrets)
    {
        var outcome = secrets.Get(name, version);
        return outcome.Error is { } error
            ? error
            : TypedResults.Ok(SecretBundle.From(outcome.Value!.Name, outcome.Value.Version, vault, withValue: true));
    }

    public static Ok<SecretPage<SecretItem>> ListSecrets(PageRequest page, VaultAddress vault, SecretVault secrets) =>
        TypedResults.Ok(SecretPage<SecretItem>.Cut(
            secrets.List(), s => SecretName.Key(s.Name), s => SecretItem.Latest(s, vault), page, vault));

    public static Results<Ok<SecretPage<SecretItem>>, KeyVaultError> ListSecretVersions(
        string name, PageRequest page, VaultAddress vault, SecretVault secrets)
    {
        var outcome = secrets.FindActive(name);
        if (outcome.Error is { } error)
        {
            return error;
        }

        var secret = outcome.Value!;
        return TypedResults.Ok(SecretPage<SecretItem>.Cut(
            secret.Versions.OrderBy(v => v.Version, StringComparer.Ordinal),
            v => v.Version,
            v => SecretItem.Version(secret.Name, v, vault),
            page,
            vault));
    }

    public static async Task<Results<Ok<SecretBundle>, KeyVaultError>> UpdateSecretProperties(
        string name, string? version, SecretUpdateParameters? parameters, VaultAddress vault, SecretVault secrets)
    {
        var change = parameters?.ToChange() ?? new SecretChange(null, null, null, null, null);
        var outcome = await secrets.UpdateAsync(name, version, change);
        return outcome.Error is { } error
            ? error
            : TypedResults.Ok(SecretBundle.From(outcome.Value!.Name, outcome.Value.Version, vault, withValue: false));
    }

    public static async Task<Results<Ok<DeletedSecretBundle>, KeyVaultError>> DeleteSecret(
        string name, VaultAddress vault, SecretVault secrets)
    {
        var outcome = await secrets.DeleteAsync(name);
        return outcome.Error is { } error
            ? error
            : TypedResults.Ok(DeletedSecretBundle.From(outcome.Value!, vault));
    }
}
