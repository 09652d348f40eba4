using Viggotech.Infra.Tests.Bicep;

namespace Viggotech.Infra.Tests.Baseline;

/// <summary>The baseline checks are only worth something if they fail: each careless change must be reported.</summary>
[Collection(BicepCollection.Name)]
public sealed class SecurityBaselineViolationTests(BicepCompilation compilation)
{
    [Theory]
    [InlineData("storage accepts TLS 1.0", "minimumTlsVersion is \"TLS1_0\"")]
    [InlineData("storage serves plain HTTP", "supportsHttpsTrafficOnly is false")]
    [InlineData("storage allows public blobs", "allowBlobPublicAccess is true")]
    [InlineData("storage accepts shared keys", "allowSharedKeyAccess is true")]
    [InlineData("secondary backups are not write-once", "has no immutability policy")]
    [InlineData("redis accepts TLS 1.0", "minimumTlsVersion is \"1.0\"")]
    [InlineData("redis accepts access keys", "access keys are enabled")]
    [InlineData("postgres accepts TLS 1.0", "ssl_min_protocol_version is TLSv1,")]
    [InlineData("postgres accepts passwords", "must accept Entra ID tokens only")]
    [InlineData("postgres replica in the primary region", "not the secondary region")]
    [InlineData("key vault without purge protection", "enablePurgeProtection is false")]
    [InlineData("key vault keeps deleted secrets 7 days", "softDeleteRetentionInDays is 7")]
    [InlineData("key vault uses access policies", "enableRbacAuthorization is false")]
    [InlineData("app setting holds a password", "carries a secret in plain text: Host=db;Username=app;Password=hunter2")]
    [InlineData("app setting reads a storage key", "carries a secret in plain text: [listKeys(")]
    [InlineData("app setting named like a secret", "Oidc__ClientSecret looks like a secret")]
    [InlineData("app secret stored as a value", "secret db-password must be a Key Vault reference")]
    [InlineData("registry pulled with a password", "must be pulled with the app identity")]
    [InlineData("owner role granted", "not one of the least-privilege roles")]
    [InlineData("role granted on the resource group", "not the resource group")]
    [InlineData("region hard-coded", "location westeurope is neither region parameter")]
    [InlineData("secondary region has a default", "secondaryLocation has a default")]
    [InlineData("front door probes the root page", "not HTTPS on /health")]
    [InlineData("worker schedules in both regions", "Worker__SchedulesEnabled is \"true\", expected false")]
    public void Baseline_reports_a_template_that_breaks_it(string breach, string expected)
    {
        var template = compilation.Template();
        TemplateBreaches.All[breach](template);

        var violations = new SecurityBaseline(template).Violations().ToArray();

        Assert.Contains(violations, v => v.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_breach_has_a_test_case()
    {
        var tested = typeof(SecurityBaselineViolationTests)
            .GetMethod(nameof(Baseline_reports_a_template_that_breaks_it))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false)
            .Cast<InlineDataAttribute>()
            .Select(d => (string)d.GetData(null!).Single()[0])
            .ToHashSet();

        Assert.Equal(TemplateBreaches.All.Keys.Order(), tested.Order());
    }
}
