using System.Net;

namespace Viggotech.Web.Api;

/// <summary>
/// The signed-in user as the Api sees them now (roles and permissions read fresh, once per request),
/// so navigation and pages follow a role change at the next page load without a new sign-in.
/// </summary>
public sealed class PortalUser(PortalApi api, IHttpContextAccessor accessor)
{
    /// <summary>The problem type the Api answers when the organisation's IP restrictions refuse the address.</summary>
    public const string AddressNotAllowedType = "https://viggotech.io/problems/ip-not-allowed";

    private Task<ApiResult<AccountAccess>?>? current;

    public async Task<AccountAccess?> CurrentAsync() => await LoadAsync() is { Ok: true } result ? result.Value : null;

    public async Task<bool> CanAsync(string permission) => (await CurrentAsync())?.Can(permission) == true;

    /// <summary>How the Api answered for this user: 200 while the session lives, 401 once it ended, 503 when it cannot tell.</summary>
    public async Task<HttpStatusCode?> CheckAsync() => (await LoadAsync())?.Status;

    /// <summary>The Api refused this browser's address under the organisation's IP restrictions (set once <see cref="CurrentAsync"/> finished).</summary>
    public bool AddressRefused { get; private set; }

    /// <summary>The refusal as the Api worded it.</summary>
    public string? RefusalDetail { get; private set; }

    private Task<ApiResult<AccountAccess>?> LoadAsync() => current ??= FetchAsync();

    private async Task<ApiResult<AccountAccess>?> FetchAsync()
    {
        if (accessor.HttpContext?.User.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        ApiResult<AccountAccess> result;
        try
        {
            result = await api.GetAsync<AccountAccess>("/api/account/access");
        }
        catch (HttpRequestException)
        {
            return new ApiResult<AccountAccess>(HttpStatusCode.ServiceUnavailable, null, null);
        }

        AddressRefused = result.Status == HttpStatusCode.Forbidden && result.Problem?.Type == AddressNotAllowedType;
        RefusalDetail = AddressRefused ? result.Problem?.Detail : null;
        return result;
    }
}
