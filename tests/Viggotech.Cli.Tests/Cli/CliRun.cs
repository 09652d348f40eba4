using Spectre.Console;

namespace Viggotech.Cli.Tests.Cli;

/// <summary>Runs the CLI in this process with its output captured.</summary>
internal static class CliRun
{
    public static async Task<(int ExitCode, string Output)> InProcessAsync(params string[] args)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 240;
        var exitCode = await CliApp.Create(console).RunAsync(args);
        return (exitCode, output.ToString());
    }
}
