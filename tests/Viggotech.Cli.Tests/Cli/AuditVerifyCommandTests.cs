using System.Text;
using Viggotech.Cli.Tests.Support;

namespace Viggotech.Cli.Tests.Cli;

public sealed class AuditVerifyCommandTests
{
    [Fact]
    public async Task Valid_bundle_exits_0_and_prints_the_summary()
    {
        using var sample = await SampleBundle.CreateAsync(events: 45, sealEvery: 10);
        using var bundle = new TempFile(sample.Bytes);
        using var keys = new TempFile(sample.PublishedKeys.ToJwks(), ".json");

        var (exitCode, output) = await CliRun.InProcessAsync("audit", "verify", bundle.Path, "--keys", keys.Path);

        Assert.Equal(ExitCodes.Valid, exitCode);
        Assert.Contains("verdict:", output);
        Assert.Contains("VALID", output);
        Assert.Contains("events:", output);
        Assert.Contains("45", output);
        Assert.Contains("1 to 45", output);
        Assert.Contains("4, sealed through 40", output);
        Assert.Contains("1 trusted", output);
        Assert.Contains("5 event(s) after the last seal", output);
    }

    [Fact]
    public async Task Without_published_keys_the_report_says_the_keys_came_from_the_bundle()
    {
        using var sample = await SampleBundle.CreateAsync();
        using var bundle = new TempFile(sample.Bytes);

        var (exitCode, output) = await CliRun.InProcessAsync("audit", "verify", bundle.Path);

        Assert.Equal(ExitCodes.Valid, exitCode);
        Assert.Contains("embedded in the bundle", output);
    }

    [Fact]
    public async Task Tampered_bundle_exits_1_and_names_the_first_bad_sequence()
    {
        using var sample = await SampleBundle.CreateAsync();
        sample.Lines.RemoveAt(sample.Lines.IndexOfEvent(23));
        using var bundle = new TempFile(Encoding.UTF8.GetBytes(string.Join('\n', sample.Lines)));
        using var keys = new TempFile(sample.PublishedKeys.ToJwks(), ".json");

        var (exitCode, output) = await CliRun.InProcessAsync("audit", "verify", bundle.Path, "--keys", keys.Path);

        Assert.Equal(ExitCodes.Invalid, exitCode);
        Assert.Contains("INVALID", output);
        Assert.Matches(@"first bad sequence:\s+23", output);
        Assert.Contains("deleted events", output);
    }

    [Fact]
    public async Task Garbage_exits_2()
    {
        using var bundle = new TempFile(Encoding.UTF8.GetBytes("%PDF-1.7 definitely not a bundle"));

        var (exitCode, output) = await CliRun.InProcessAsync("audit", "verify", bundle.Path);

        Assert.Equal(ExitCodes.Unusable, exitCode);
        Assert.Contains("UNUSABLE", output);
    }

    [Fact]
    public async Task Missing_bundle_exits_2()
    {
        var (exitCode, output) = await CliRun.InProcessAsync("audit", "verify", "/nonexistent/bundle.ndjson");

        Assert.Equal(ExitCodes.Unusable, exitCode);
        Assert.Contains("does not exist", output);
    }

    [Fact]
    public async Task Key_file_that_is_not_a_jwks_exits_2()
    {
        using var sample = await SampleBundle.CreateAsync(events: 3, sealEvery: 3);
        using var bundle = new TempFile(sample.Bytes);
        using var keys = new TempFile(Encoding.UTF8.GetBytes("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"x\"}]}"), ".json");

        var (exitCode, _) = await CliRun.InProcessAsync("audit", "verify", bundle.Path, "--keys", keys.Path);

        Assert.Equal(ExitCodes.Unusable, exitCode);
    }

    [Fact]
    public async Task Missing_bundle_argument_exits_2()
    {
        var (exitCode, _) = await CliRun.InProcessAsync("audit", "verify");

        Assert.Equal(ExitCodes.Unusable, exitCode);
    }
}
