namespace Viggotech.Core.Operators;

/// <summary>
/// A Viggotech operator (platform staff), by the normalised email of their portal account. The list
/// is configuration (<c>Operators:Emails</c>), written by the migration step as the database owner;
/// the services can only read it, so no service can make anyone an operator.
/// </summary>
public sealed class PlatformOperator
{
    public required string NormalizedEmail { get; init; }

    public DateTimeOffset GrantedAt { get; init; }
}
