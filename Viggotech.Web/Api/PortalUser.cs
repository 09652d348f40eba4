namespace Viggotech.Web.Api;

/// <summary>
/// The signed-in user as the Api sees them now (roles and permissions read fresh, once per request),
/// so navigation and pages follow a role change at the next page load without a new sign-in.
/// </summary>
public sealed class PortalUser(PortalApi api, IHttpContextAccessor accessor)
{
    private Task<AccountSummary?>? current;

    public Task<AccountSummary?> CurrentAsync() => current ??= LoadAsync();

    public async Task<bool> CanAsync(string permission) => (await CurrentAsync())?.Can(permission) == true;

    private async Task<AccountSummary?> LoadAsync()
    {
        if (accessor.HttpContext?.User.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var result = await api.GetAsync<AccountSummary>("/api/account");
        return result.Ok ? result.Value : null;
    }
}
