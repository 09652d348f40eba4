using System.Text;
using Viggotech.Cli.Tests.Support;
using Viggotech.Testing.Processes;

namespace Viggotech.Cli.Tests.Cli;

/// <summary>The CLI as a customer runs it: a separate process, real files, real exit codes.</summary>
public sealed class CliProcessTests
{
    [Fact]
    public async Task Valid_bundle_verifies_in_a_real_process()
    {
        using var sample = await SampleBundle.CreateAsync(events: 30, sealEvery: 10);
        using var bundle = new TempFile(sample.Bytes);
        using var keys = new TempFile(sample.PublishedKeys.ToJwks(), ".json");

        var (exitCode, output) = await CliProcess.RunAsync("audit", "verify", bundle.Path, "--keys", keys.Path);

        Assert.True(exitCode == ExitCodes.Valid, output);
        Assert.Contains("VALID", output);
    }

    [Fact]
    public async Task Modified_event_fails_in_a_real_process_with_exit_1()
    {
        using var sample = await SampleBundle.CreateAsync(events: 30, sealEvery: 10);
        sample.Lines.ChangeEvent(12, e => e["actor"]!["id"] = "user-0");
        using var bundle = new TempFile(Encoding.UTF8.GetBytes(string.Join('\n', sample.Lines)));
        using var keys = new TempFile(sample.PublishedKeys.ToJwks(), ".json");

        var (exitCode, output) = await CliProcess.RunAsync("audit", "verify", bundle.Path, "--keys", keys.Path);

        Assert.True(exitCode == ExitCodes.Invalid, output);
        Assert.Matches(@"first bad sequence:\s+12", output);
        Assert.Contains("modified event", output);
    }

    [Fact]
    public async Task Garbage_input_exits_2_in_a_real_process()
    {
        using var bundle = new TempFile([0x00, 0x01, 0x02, 0xFF]);

        var (exitCode, output) = await CliProcess.RunAsync("audit", "verify", bundle.Path);

        Assert.True(exitCode == ExitCodes.Unusable, output);
    }
}
