namespace Viggotech.Web.Workspace;

/// <summary>A person from the Api; <see cref="Unreadable"/> when the stored row failed its integrity check (no fields then).</summary>
public sealed record PersonView(Guid Id, string Name, string? Email, string? Phone, DateOnly? DateOfBirth, string? Address, string? Notes, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool Unreadable = false);

public sealed record PeoplePageView(IReadOnlyList<PersonView> Items, int Page, int PageSize, int TotalCount)
{
    public int Pages => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);
}

/// <summary>A document from the Api; <see cref="Unreadable"/> when its stored name failed the integrity check (no name then).</summary>
public sealed record DocumentView(Guid Id, string Name, long Size, string ContentType, Guid? UploaderId, string? UploaderEmail, DateTimeOffset CreatedAt, bool Unreadable = false);

public sealed record DocumentListView(IReadOnlyList<DocumentView> Items, int Page, int PageSize, int TotalCount, long MaxUploadBytes)
{
    public int Pages => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);
}

public sealed record KeyEncryptionKeyVersionView(string Version, DateTimeOffset? CreatedAt, bool Enabled);

public sealed record DataKeyView(int Version, string Status, string? KekVersion, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt, DateTimeOffset? DestroyedAt);

public sealed record RotationView(
    int TargetVersion, string Status, int Pass, string? CurrentTarget, long ValuesReencrypted, long DocumentsReencrypted,
    int PeopleRemaining, int DocumentsRemaining, string? Error, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt);

public sealed record KeysView(
    string? KeyEncryptionKeyVersion,
    DateTimeOffset? KeyEncryptionKeyCreatedAt,
    IReadOnlyList<KeyEncryptionKeyVersionView> KeyEncryptionKeyVersions,
    int? DataKeyVersion,
    IReadOnlyList<DataKeyView> DataKeys,
    RotationView? Rotation,
    int RotationDays,
    DateTimeOffset? NextRotationDue);

public static class Sizes
{
    public static string Format(long bytes) => bytes switch
    {
        >= 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MB",
        >= 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes} bytes",
    };
}
