namespace Viggotech.Core.Identity.Roles;

/// <summary>How a change to roles ended; the Api turns each case into its HTTP answer.</summary>
public abstract record RoleChange
{
    public sealed record Done : RoleChange;

    public sealed record NotFound : RoleChange;

    /// <summary>Bad input, by field.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : RoleChange;

    /// <summary>Refused by a rule: the last owner, or granting more than the caller holds.</summary>
    public sealed record Refused(string Title, string Detail, bool Forbidden) : RoleChange;

    public static readonly RoleChange Ok = new Done();

    public static readonly RoleChange Missing = new NotFound();

    public static RoleChange Field(string field, string message) => new Invalid(new Dictionary<string, string[]> { [field] = [message] });
}
