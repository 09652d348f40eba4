namespace Viggotech.Core.People;

/// <summary>One page of the directory, newest first.</summary>
public sealed record PeoplePage(IReadOnlyList<Person> Items, int Page, int PageSize, int TotalCount);
