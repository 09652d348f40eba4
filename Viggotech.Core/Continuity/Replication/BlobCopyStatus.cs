namespace Viggotech.Core.Continuity.Replication;

public static class BlobCopyStatus
{
    public const string Pending = "pending";
    public const string Copied = "copied";
    public const string Gone = "gone";
}
