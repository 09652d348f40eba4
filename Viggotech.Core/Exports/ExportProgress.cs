namespace Viggotech.Core.Exports;

/// <summary>How far an export has got: a step name and a 0-100 estimate.</summary>
public sealed record ExportProgress(string Step, int Percent);
