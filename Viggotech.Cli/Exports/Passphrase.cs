using Spectre.Console;

namespace Viggotech.Cli.Exports;

/// <summary>Where the export passphrase comes from: never the command line, where other users and shell history would see it.</summary>
internal static class Passphrase
{
    public const string EnvironmentVariable = "VIGGOTECH_EXPORT_PASSPHRASE";

    /// <returns>The passphrase, or null with the reason when none could be read.</returns>
    public static async Task<(string? Value, string? Problem)> ReadAsync(IAnsiConsole console, string? file, CancellationToken cancellationToken)
    {
        if (file is not null)
        {
            if (!File.Exists(file))
            {
                return (null, $"The passphrase file \"{file}\" does not exist.");
            }

            var line = (await File.ReadAllLinesAsync(file, cancellationToken)).FirstOrDefault();
            return string.IsNullOrEmpty(line) ? (null, $"The passphrase file \"{file}\" is empty.") : (line, null);
        }

        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return (fromEnvironment, null);
        }

        if (Console.IsInputRedirected)
        {
            var line = await Console.In.ReadLineAsync(cancellationToken);
            return string.IsNullOrEmpty(line) ? (null, "No passphrase on standard input.") : (line, null);
        }

        return (await console.PromptAsync(new TextPrompt<string>("Export passphrase:").Secret(), cancellationToken), null);
    }
}
