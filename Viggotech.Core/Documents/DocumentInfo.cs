namespace Viggotech.Core.Documents;

/// <summary>A document's metadata, decrypted.</summary>
public sealed record DocumentInfo(Guid Id, string Name, long Size, string ContentType, Guid? UploaderId, DateTimeOffset CreatedAt);
