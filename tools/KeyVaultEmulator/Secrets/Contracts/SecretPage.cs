using System.Reflection;

namespace Viggotech.KeyVaultEmulator.Secrets.Contracts;

/// <summary>
/// One page of a listing. <c>nextLink</c> is an absolute URL that the SDK follows as it is, so it
/// carries the api-version and a skip token: the key of the last entry served. Keys are ordered,
/// so entries added or removed between pages never shift the rest.
/// </summary>
public sealed record SecretPage<T>(IReadOnlyList<T> Value, string? NextLink)
{
    public static SecretPage<T> Cut<TSource>(
        IEnumerable<TSource> sorted, Func<TSource, string> key, Func<TSource, T> describe, PageRequest page, VaultAddress vault)
    {
        var remaining = page.SkipToken is null
            ? sorted
            : sorted.Where(s => string.CompareOrdinal(key(s), page.SkipToken) > 0);
        var taken = remaining.Take(page.MaxResults + 1).ToList();
        var hasMore = taken.Count > page.MaxResults;
        if (hasMore)
        {
            taken.RemoveAt(taken.Count - 1);
        }

        var next = hasMore
            ? $"{vault.BaseUri}{page.Path}?api-version={Uri.EscapeDataString(page.ApiVersion)}&$skiptoken={Uri.EscapeDataString(key(taken[^1]))}&maxresults={page.MaxResults}"
            : null;
        return new([.. taken.Select(describe)], next);
    }
}

/// <summary>Paging parameters of a listing request; Key Vault serves at most 25 entries a page.</summary>
public sealed record PageRequest(string Path, string ApiVersion, string? SkipToken, int MaxResults)
{
    public const int Largest = 25;

    public static ValueTask<PageRequest?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var query = context.Request.Query;
        var size = int.TryParse(query["maxresults"], out var asked) ? Math.Clamp(asked, 1, Largest) : Largest;
        var token = query["$skiptoken"].ToString();
        return ValueTask.FromResult<PageRequest?>(new(
            context.Request.Path.Value ?? "/",
            query["api-version"].ToString() is { Length: > 0 } version ? version : "7.6",
            token.Length > 0 ? token : null,
            size));
    }
}
