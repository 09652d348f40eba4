using Viggotech.KeyVaultEmulator;

await EmulatorHost.Create(args).RunAsync();
