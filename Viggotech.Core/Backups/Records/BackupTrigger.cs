namespace Viggotech.Core.Backups.Records;

public enum BackupTrigger
{
    /// <summary>The daily backup the Worker takes of every tenant.</summary>
    Schedule,

    /// <summary>Started on demand (<see cref="BackupService.StartAsync"/>).</summary>
    Request,
}
