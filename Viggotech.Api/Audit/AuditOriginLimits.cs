namespace Viggotech.Api.Audit;

internal static class AuditOriginLimits
{
    /// <summary>User agents are cut to what an event may hold; longer ones are noise or an attack on the log.</summary>
    public const int UserAgent = 512;
}
