namespace Viggotech.Api.Sessions;

public static class SessionClaimTypes
{
    /// <summary>The session id (OpenID Connect's <c>sid</c>), carried in the sign-in cookie and every token.</summary>
    public const string SessionId = "sid";

    /// <summary>How the user proved who they are (RFC 8176 values: pwd, otp, hwk, ...).</summary>
    public const string AuthenticationMethod = "amr";
}
