using Azure.Security.KeyVault.Secrets;
using Viggotech.KeyVaultEmulator.Tests.Fixtures;

namespace Viggotech.KeyVaultEmulator.Tests;

/// <summary>What the emulator keeps in its data folder across restarts.</summary>
public sealed class PersistenceTests : IAsyncLifetime
{
    private readonly RunningEmulator emulator = new();

    public Task InitializeAsync() => emulator.InitializeAsync();

    public Task DisposeAsync() => emulator.DisposeAsync();

    [Fact]
    public async Task Secrets_survive_a_restart()
    {
        var before = emulator.CreateClient();
        KeyVaultSecret first = await before.SetSecretAsync("kept", "first");
        await before.SetSecretAsync("kept", "second");
        await before.SetSecretAsync("binned", "gone-but-recoverable");
        await (await before.StartDeleteSecretAsync("binned")).WaitForCompletionAsync();

        await emulator.RestartAsync();
        var after = emulator.CreateClient();

        Assert.Equal("second", (await after.GetSecretAsync("kept")).Value.Value);
        Assert.Equal("first", (await after.GetSecretAsync("kept", first.Properties.Version)).Value.Value);
        DeletedSecret binned = await after.GetDeletedSecretAsync("binned");
        Assert.NotNull(binned.ScheduledPurgeDate);
        await (await after.StartRecoverDeletedSecretAsync("binned")).WaitForCompletionAsync();
        Assert.Equal("gone-but-recoverable", (await after.GetSecretAsync("binned")).Value.Value);
    }

    [Fact]
    public async Task Certificate_is_created_once_and_reused_after_a_restart()
    {
        var before = emulator.Certificate;

        await emulator.RestartAsync();

        Assert.Equal(before.RawData, emulator.Certificate.RawData);
        Assert.Contains("CN=localhost", emulator.Certificate.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Secret_files_and_private_key_are_readable_by_the_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(emulator.DataPath, "tls", "server.pfx")));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(emulator.DataPath, "tls", "server.pfx.password")));
        Assert.Equal(OwnerOnly | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(emulator.DataPath, "secrets")));
    }

    [Fact]
    public void A_second_emulator_on_the_same_data_folder_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => EmulatorHost.Create(RunningEmulator.Arguments(emulator.DataPath)));

        Assert.Contains("Another Key Vault emulator", error.Message, StringComparison.Ordinal);
    }
}
