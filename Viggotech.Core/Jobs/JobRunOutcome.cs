namespace Viggotech.Core.Jobs;

public static class JobRunOutcome
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    /// <summary>The instance lost its lease mid-run (it could not renew it); the run was cancelled.</summary>
    public const string LeaseLost = "lease-lost";

    /// <summary>The instance shut down mid-run; the next run starts afresh.</summary>
    public const string Cancelled = "cancelled";
}
