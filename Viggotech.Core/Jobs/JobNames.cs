namespace Viggotech.Core.Jobs;

/// <summary>Names of the Worker's jobs that services ask to run at once (see <see cref="JobWakeup"/>).</summary>
public static class JobNames
{
    public const string Backups = "backups";
    public const string ExportBuilds = "export-builds";
    public const string OperatorRestores = "operator-restores";
}
