namespace Viggotech.Api.Identity;

/// <summary>What a pending sign-in still has to do, and where each step lives.</summary>
public static class SignInStages
{
    public const string Mfa = "mfa";
    public const string EnrolMfa = "enrol-mfa";
    public const string ChangePassword = "change-password";
    public const string EnrolPasskey = "enrol-passkey";

    public static string PagePath(string stage) => stage switch
    {
        Mfa => "/signin/mfa",
        EnrolMfa => "/signin/enrol",
        ChangePassword => "/signin/change-password",
        EnrolPasskey => "/signin/passkey",
        _ => "/signin",
    };
}
