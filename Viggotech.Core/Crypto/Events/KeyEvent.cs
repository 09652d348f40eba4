namespace Viggotech.Core.Crypto.Events;

/// <summary>
/// Something that happened to a tenant's keys, or an integrity failure found while reading its
/// data. Never carries key material or decrypted values.
/// </summary>
/// <param name="Detail">What the operation touched, e.g. <c>people.email</c> and a row id, or a Key Vault version.</param>
public sealed record KeyEvent(
    Guid TenantId,
    KeyEventKind Kind,
    DateTimeOffset At,
    int? DataKeyVersion = null,
    string? KekVersion = null,
    string? Detail = null);
