using System.Text.RegularExpressions;

namespace Viggotech.Api.Sessions;

/// <summary>
/// The device and browser people recognise ("iPhone", "Firefox 128") from a user agent string.
/// Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari", Android also says "Linux".
/// </summary>
public static partial class UserAgentSummary
{
    public static (string Device, string Browser) Parse(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return ("Unknown device", "Unknown browser");
        }

        var device = userAgent switch
        {
            _ when userAgent.Contains("iPhone", StringComparison.Ordinal) => "iPhone",
            _ when userAgent.Contains("iPad", StringComparison.Ordinal) => "iPad",
            _ when userAgent.Contains("Android", StringComparison.Ordinal) => userAgent.Contains("Mobile", StringComparison.Ordinal) ? "Android phone" : "Android tablet",
            _ when userAgent.Contains("Windows", StringComparison.Ordinal) => "Windows computer",
            _ when userAgent.Contains("Macintosh", StringComparison.Ordinal) || userAgent.Contains("Mac OS X", StringComparison.Ordinal) => "Mac",
            _ when userAgent.Contains("CrOS", StringComparison.Ordinal) => "Chromebook",
            _ when userAgent.Contains("Linux", StringComparison.Ordinal) => "Linux computer",
            _ => "Unknown device",
        };

        var browser = Match(EdgeVersion(), userAgent, "Edge")
            ?? Match(OperaVersion(), userAgent, "Opera")
            ?? Match(FirefoxVersion(), userAgent, "Firefox")
            ?? (userAgent.Contains("HeadlessChrome", StringComparison.Ordinal) ? Match(HeadlessVersion(), userAgent, "Headless Chrome") : null)
            ?? Match(ChromeVersion(), userAgent, "Chrome")
            ?? (userAgent.Contains("Safari", StringComparison.Ordinal) ? Match(SafariVersion(), userAgent, "Safari") ?? "Safari" : null)
            ?? (userAgent.StartsWith("curl/", StringComparison.Ordinal) ? "curl" : null)
            ?? "Unknown browser";
        return (device, browser);
    }

    private static string? Match(Regex pattern, string userAgent, string name) =>
        pattern.Match(userAgent) is { Success: true } match ? $"{name} {match.Groups[1].Value}" : null;

    [GeneratedRegex(@"Edg(?:e|A|iOS)?/(\d+)")]
    private static partial Regex EdgeVersion();

    [GeneratedRegex(@"OPR/(\d+)")]
    private static partial Regex OperaVersion();

    [GeneratedRegex(@"(?:Firefox|FxiOS)/(\d+)")]
    private static partial Regex FirefoxVersion();

    [GeneratedRegex(@"HeadlessChrome/(\d+)")]
    private static partial Regex HeadlessVersion();

    [GeneratedRegex(@"(?:Chrome|CriOS)/(\d+)")]
    private static partial Regex ChromeVersion();

    [GeneratedRegex(@"Version/(\d+)")]
    private static partial Regex SafariVersion();
}
