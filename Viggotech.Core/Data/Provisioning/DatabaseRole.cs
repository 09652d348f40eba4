namespace Viggotech.Core.Data.Provisioning;

/// <summary>A login role as the platform wants it to exist.</summary>
internal sealed record DatabaseRole(string Name, string Password)
{
    public override string ToString() => Name;
}
