namespace Viggotech.KeyVaultEmulator.Secrets;

/// <summary>The result of a vault operation: a value, or the Key Vault error to answer with.</summary>
public readonly record struct Outcome<T>(T? Value, KeyVaultError? Error) where T : class
{
    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(KeyVaultError error) => new(null, error);
}
