namespace Viggotech.Core.Backups.Records;

[System.Text.Json.Serialization.JsonConverter(typeof(Viggotech.Core.Backups.CamelCaseEnumConverter<BackupTrigger>))]
public enum BackupTrigger
{
    /// <summary>The daily backup the Worker takes of every tenant.</summary>
    Schedule,

    /// <summary>Started on demand (<see cref="BackupService.StartAsync"/>).</summary>
    Request,
}
