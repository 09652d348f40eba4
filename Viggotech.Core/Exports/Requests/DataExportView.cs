namespace Viggotech.Core.Exports.Requests;

/// <summary>An export as the requester sees it while it builds and after.</summary>
public sealed record DataExportView(Guid Id, DataExportStatus Status, string? Step, int Percent, DateTimeOffset RequestedAt, DateTimeOffset? ReadyAt,
    DateTimeOffset? ExpiresAt, long Size, DateTimeOffset? DownloadedAt, string? Error);

/// <summary>A new request: its id and the download token, shown once (the link is <c>/api/exports/{id}/download?token=…</c>).</summary>
public sealed record DataExportTicket(Guid Id, string DownloadToken);
