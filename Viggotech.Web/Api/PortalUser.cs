namespace Viggotech.Web.Api;

/// <summary>
/// The signed-in user as the Api sees them now (roles and permissions read fresh, once per request),
/// so navigation and pages follow a role change at the next page load without a new sign-in.
/// </summary>
public sealed class PortalUser(PortalApi api, IHttpContextAccessor accessor)
{
    /// <summary>The problem type the Api answers when the organisation's IP restrictions refuse the address.</summary>
    public const string AddressNotAllowedType = "https://viggotech.io/problems/ip-not-allowed";

    private Task<AccountSummary?>? current;

    public Task<AccountSummary?> CurrentAsync() => current ??= LoadAsync();

    public async Task<bool> CanAsync(string permission) => (await CurrentAsync())?.Can(permission) == true;

    /// <summary>The Api refused this browser's address under the organisation's IP restrictions (set once <see cref="CurrentAsync"/> finished).</summary>
    public bool AddressRefused { get; private set; }

    /// <summary>The refusal as the Api worded it.</summary>
    public string? RefusalDetail { get; private set; }

    private async Task<AccountSummary?> LoadAsync()
    {
        if (accessor.HttpContext?.User.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var result = await api.GetAsync<AccountSummary>("/api/account");
        AddressRefused = result.Status == System.Net.HttpStatusCode.Forbidden && result.Problem?.Type == AddressNotAllowedType;
        RefusalDetail = AddressRefused ? result.Problem?.Detail : null;
        return result.Ok ? result.Value : null;
    }
}
