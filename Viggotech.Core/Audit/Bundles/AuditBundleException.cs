using Viggotech.Core.Audit.Verification;

namespace Viggotech.Core.Audit.Bundles;

/// <summary>A bundle line that cannot be read, with where and why.</summary>
public sealed class AuditBundleException(AuditProblem problem) : Exception(problem.Message)
{
    public AuditProblem Problem { get; } = problem;
}
