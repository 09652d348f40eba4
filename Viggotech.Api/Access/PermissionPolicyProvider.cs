using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using OpenIddict.Validation.AspNetCore;
using Viggotech.Api.Identity;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Access;

/// <summary>
/// Builds the policy <c>permission:NAME</c> on demand: a bearer token, a live session and the
/// permission. Only names from the catalogue are accepted, so a typo fails at start-up tests, not silently.
/// </summary>
public sealed class PermissionPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    public const string Prefix = "permission:";

    public static string PolicyName(string permission) => Prefix + permission;

    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (policyName.StartsWith(Prefix, StringComparison.Ordinal) && Permissions.Exists(policyName[Prefix.Length..]))
        {
            return new AuthorizationPolicyBuilder(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .AddRequirements(new ActiveSessionRequirement(), new PermissionRequirement(policyName[Prefix.Length..]))
                .Build();
        }

        return await base.GetPolicyAsync(policyName);
    }
}
