using Aspire.Hosting.ApplicationModel;

namespace Viggotech.AppHost.Local;

/// <summary>
/// A server started as a local process that other resources reach through a connection string,
/// so <c>.WithReference(server)</c> hands them <c>ConnectionStrings__{name}</c>.
/// </summary>
public sealed class LocalServerResource(string name, string command, string workingDirectory, ReferenceExpression connectionString)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public ReferenceExpression ConnectionStringExpression { get; } = connectionString;
}
