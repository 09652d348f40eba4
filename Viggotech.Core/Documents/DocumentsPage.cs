namespace Viggotech.Core.Documents;

public sealed record DocumentsPage(IReadOnlyList<DocumentInfo> Items, int Page, int PageSize, int TotalCount);
