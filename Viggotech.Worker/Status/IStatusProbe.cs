using Viggotech.Core.Continuity.Status;

namespace Viggotech.Worker.Status;

/// <summary>One synthetic check of one component. Returns a detail worth recording, or throws when the component is not serving.</summary>
internal interface IStatusProbe
{
    StatusComponent Component { get; }

    Task<string?> ProbeAsync(CancellationToken cancellationToken);
}

/// <summary>A probe's verdict that the component answered but is not healthy.</summary>
internal sealed class ProbeFailedException(string message) : Exception(message);
