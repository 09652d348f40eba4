namespace Viggotech.Cli;

/// <summary>Exit codes shared by every verify command, so scripts can tell "tampered" from "could not check".</summary>
public static class ExitCodes
{
    public const int Valid = 0;
    public const int Invalid = 1;
    public const int Unusable = 2;
}
