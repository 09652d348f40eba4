namespace Viggotech.Api.Identity;

public static class SignInSchemes
{
    /// <summary>The Api's own sign-in cookie, which the authorization endpoint reads (first-party single sign-on).</summary>
    public const string Session = "vt.session";

    /// <summary>A sign-in halfway through (password accepted, second factor or enrolment still due); ten minutes.</summary>
    public const string Pending = "vt.pending";

    /// <summary>Picks bearer tokens for API calls and the session cookie for pages.</summary>
    public const string Default = "vt";
}
