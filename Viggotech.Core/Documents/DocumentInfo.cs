namespace Viggotech.Core.Documents;

/// <summary>
/// A document's metadata, decrypted. In a list, a document whose stored name fails its integrity
/// check is <see cref="Unreadable"/>: its name is empty, the plain metadata (size, type, uploader,
/// time) stays, so one damaged row does not hide the others (the failure is already recorded).
/// </summary>
public sealed record DocumentInfo(Guid Id, string Name, long Size, string ContentType, Guid? UploaderId, DateTimeOffset CreatedAt, bool Unreadable = false);
