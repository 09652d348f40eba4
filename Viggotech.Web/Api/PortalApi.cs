using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Viggotech.Web.Api;

/// <summary>Calls the Api as the signed-in user, with the access token from the server-side session.</summary>
public sealed class PortalApi(HttpClient http, IHttpContextAccessor accessor)
{
    public Task<ApiResult<T>> GetAsync<T>(string path) => SendAsync<T>(HttpMethod.Get, path, null);

    public Task<ApiResult<T>> PostAsync<T>(string path, object? body = null) => SendAsync<T>(HttpMethod.Post, path, body);

    public Task<ApiResult<T>> PutAsync<T>(string path, object body) => SendAsync<T>(HttpMethod.Put, path, body);

    public Task<ApiResult<object>> DeleteAsync(string path) => SendAsync<object>(HttpMethod.Delete, path, null);

    /// <summary>A streamed GET (a download): the caller disposes the response once the body has been sent on.</summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(string path)
    {
        using var request = await RequestAsync(HttpMethod.Get, path);
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>Passes a JSON body through unchanged (WebAuthn options and credentials).</summary>
    public async Task<(HttpStatusCode Status, string Body)> PostRawAsync(string path, string? json)
    {
        using var request = await RequestAsync(HttpMethod.Post, path);
        request.Content = new StringContent(json ?? "{}", Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A GET whose body is read as it arrives (downloads); the caller disposes the response.</summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(string path, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Get, path);
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body)
    {
        using var request = await RequestAsync(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            await EndPortalSessionAsync();
        }

        if (response.IsSuccessStatusCode)
        {
            var value = response.StatusCode == HttpStatusCode.NoContent ? default : await response.Content.ReadFromJsonAsync<T>();
            return new ApiResult<T>(response.StatusCode, value, null);
        }

        var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? await response.Content.ReadFromJsonAsync<ValidationProblemDetails>()
            : null;
        return new ApiResult<T>(response.StatusCode, default, problem);
    }

    // The Api refused the token because its session ended (signed out elsewhere, password reset):
    // the portal's own session ends with it, so the next request is anonymous.
    private async Task EndPortalSessionAsync()
    {
        if (accessor.HttpContext is { Response.HasStarted: false } context)
        {
            await context.SignOutAsync(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string path)
    {
        var context = accessor.HttpContext ?? throw new InvalidOperationException("No request.");
        var token = await context.GetTokenAsync("access_token");
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // The Api checks the browser's address (IP restrictions, sessions, audit), not the portal's;
        // it accepts this header only from the portal's configured address.
        if (context.Connection.RemoteIpAddress is { } browser)
        {
            request.Headers.Add("X-Forwarded-For", browser.ToString());
        }

        return request;
    }
}

public sealed record ApiResult<T>(HttpStatusCode Status, T? Value, ValidationProblemDetails? Problem)
{
    public bool Ok => (int)Status is >= 200 and < 300;

    public bool SignedOut => Status == HttpStatusCode.Unauthorized;

    public string? Error(string field) =>
        Problem?.Errors.FirstOrDefault(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    public string Message => Problem?.Errors.Values.SelectMany(v => v).FirstOrDefault() ?? Problem?.Detail ?? Problem?.Title ?? "The request failed. Try again.";
}
