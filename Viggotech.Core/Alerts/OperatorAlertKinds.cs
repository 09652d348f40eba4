namespace Viggotech.Core.Alerts;

public static class OperatorAlertKinds
{
    public const string BackupVerificationFailed = "backup-verification-failed";
    public const string BackupFailed = "backup-failed";
}
