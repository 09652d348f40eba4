using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Viggotech.Api.Access;
using Viggotech.Api.Workspace;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Data;
using Viggotech.Core.Documents;
using Viggotech.Core.Identity;
using Viggotech.Core.Workspace;

namespace Viggotech.Api.Documents;

/// <summary>
/// The tenant's documents. Uploads are the raw request body (the file's bytes, its type in
/// <c>Content-Type</c>, its name in <c>?name=</c>), streamed through encryption into blob storage
/// without being held whole in memory; downloads stream back the same way.
/// </summary>
public static class DocumentsApi
{
    public const int DefaultPageSize = 50;

    // Reading ahead one chunk before the response starts lets a document damaged from its first
    // chunk be answered with a problem rather than a broken download.
    private const int FirstReadSize = 64 * 1024;

    private const int FlushSize = 256 * 1024;

    public static RouteGroupBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/documents").WithTags("Documents");
        group.MapGet("/", ListAsync).RequirePermission(Permissions.DocumentsRead);
        group.MapPost("/", UploadAsync).RequirePermission(Permissions.DocumentsWrite).DisableAntiforgery();
        group.MapGet("/{id:guid}", GetAsync).RequirePermission(Permissions.DocumentsRead);
        group.MapGet("/{id:guid}/content", DownloadAsync).RequirePermission(Permissions.DocumentsRead);
        group.MapDelete("/{id:guid}", DeleteAsync).RequirePermission(Permissions.DocumentsWrite);
        group.MapPut("/settings", SaveSettingsAsync).RequirePermission(Permissions.PoliciesManage);
        return group;
    }

    public static async Task<Results<Ok<DocumentList>, ValidationProblem>> ListAsync(
        DocumentStore store, PlatformDbContext db, IAuditTrail audit, IOptions<DocumentsOptions> options, CancellationToken cancellationToken,
        int page = 1, int pageSize = DefaultPageSize)
    {
        if (page < 1 || pageSize is < 1 or > DocumentStore.MaxPageSize)
        {
            return TypedResults.ValidationProblem(FieldErrors.One(page < 1 ? "page" : "pageSize",
                page < 1 ? "The page starts at 1." : $"A page holds 1 to {DocumentStore.MaxPageSize} documents."));
        }

        var list = await db.InTransactionAsync(async ct =>
        {
            var found = await store.ListAsync(page, pageSize, ct);
            var uploaderIds = found.Items.Where(d => d.UploaderId is not null).Select(d => d.UploaderId!.Value).Distinct().ToList();
            var uploaders = await db.Users.AsNoTracking().Where(u => uploaderIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email, ct);
            await audit.RecordAsync(AuditActions.DocumentList, new AuditTarget("documents", "library"), details: new Dictionary<string, string>
            {
                ["page"] = page.ToString(CultureInfo.InvariantCulture),
                ["returned"] = found.Items.Count.ToString(CultureInfo.InvariantCulture),
            }, cancellationToken: ct);
            var items = found.Items.Select(d => DocumentView.From(d, d.UploaderId is { } uploader ? uploaders.GetValueOrDefault(uploader) : null)).ToList();
            return new DocumentList(items, found.Page, found.PageSize, found.TotalCount, await LimitAsync(db, options, ct));
        }, cancellationToken);
        return TypedResults.Ok(list);
    }

    public static async Task<Results<Ok<DocumentView>, NotFound>> GetAsync(
        Guid id, DocumentStore store, PlatformDbContext db, IAuditTrail audit, CancellationToken cancellationToken)
    {
        var info = await db.InTransactionAsync(async ct =>
        {
            var found = await store.GetAsync(id, ct);
            if (found is not null)
            {
                await audit.RecordAsync(AuditActions.DocumentList, Target(id), cancellationToken: ct);
            }
            return found;
        }, cancellationToken);
        return info is null ? TypedResults.NotFound() : TypedResults.Ok(DocumentView.From(info, null));
    }

    /// <summary>
    /// <c>POST /api/documents?name=report.pdf</c> with the file as the body. Over the tenant's limit
    /// (checked from <c>Content-Length</c> first, and while reading) or empty: problem details with
    /// a <c>content</c> field error, and nothing stored.
    /// </summary>
    public static async Task<Results<Created<DocumentView>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpContext context, DocumentStore store, PlatformDbContext db, IAuditTrail audit, IOptions<DocumentsOptions> options,
        CancellationToken cancellationToken, string? name = null)
    {
        var limit = await LimitAsync(db, options, cancellationToken);
        if (context.Request.ContentLength is { } declared && declared > limit)
        {
            return TooLarge(limit);
        }
        if (context.Request.ContentLength == 0)
        {
            return TypedResults.ValidationProblem(FieldErrors.One("content", "The file is empty."));
        }

        // The store counts the bytes and stops at the tenant's limit, which may exceed Kestrel's default.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }

        var contentType = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var parsed) && parsed.MediaType.HasValue
            ? parsed.MediaType.Value!
            : "application/octet-stream";
        var uploader = Guid.TryParse(context.User.FindFirstValue("sub"), out var userId) ? userId : (Guid?)null;
        var info = await store.UploadAsync(new DocumentUpload(name ?? "", contentType, uploader, context.Request.ContentLength), context.Request.Body, limit, cancellationToken);

        // The upload commits in steps of its own (blob, then metadata); its event follows the metadata.
        await db.InTransactionAsync(ct => audit.RecordAsync(AuditActions.DocumentUpload, Target(info.Id), details: new Dictionary<string, string>
        {
            ["size"] = info.Size.ToString(CultureInfo.InvariantCulture),
            ["contentType"] = info.ContentType,
        }, cancellationToken: ct), cancellationToken);
        return TypedResults.Created($"/api/documents/{info.Id}", DocumentView.From(info, context.User.FindFirstValue("email")));
    }

    /// <summary>
    /// The decrypted content, streamed. Damage found before the first byte is sent is a 409 problem;
    /// damage found later aborts the response, so a client never takes a truncated file for a whole one.
    /// </summary>
    public static async Task<Results<PushStreamHttpResult, NotFound>> DownloadAsync(
        Guid id, HttpContext context, DocumentStore store, PlatformDbContext db, IAuditTrail audit, IOptions<DocumentsOptions> options,
        CancellationToken cancellationToken)
    {
        var download = await store.OpenReadAsync(id, cancellationToken);
        if (download is null)
        {
            return TypedResults.NotFound();
        }

        byte[] first;
        int firstLength;
        try
        {
            first = new byte[FirstReadSize];
            firstLength = await ReadFirstAsync(download.Content, first, cancellationToken);
            await db.InTransactionAsync(ct => audit.RecordAsync(AuditActions.DocumentDownload, Target(id), cancellationToken: ct), cancellationToken);
        }
        catch
        {
            await download.DisposeAsync();
            throw;
        }

        context.Response.ContentLength = download.Info.Size;
        context.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Stream(async _ =>
        {
            await using (download)
            {
                await SendAsync(context.Response.BodyWriter, first.AsMemory(0, firstLength), download.Content, options.Value.ChunkSize, cancellationToken);
            }
        }, download.Info.ContentType, download.Info.Name);
    }

    /// <summary>
    /// Writes <paramref name="first"/>, then the rest of <paramref name="content"/>, read straight into
    /// the response's own buffer (one copy fewer per byte than a copy loop). The content stream hands
    /// out only verified chunks, opened ahead on another thread while this one sends. Flushing every
    /// <see cref="FlushSize"/> rather than every chunk wakes the TLS and socket layers a quarter as often.
    /// </summary>
    private static async Task SendAsync(PipeWriter output, ReadOnlyMemory<byte> first, Stream content, int chunkSize, CancellationToken cancellationToken)
    {
        // The first chunk goes out at once: from here on, damage further in aborts a started response.
        await output.WriteAsync(first, cancellationToken);
        var unflushed = 0;
        while (true)
        {
            var read = await content.ReadAsync(output.GetMemory(chunkSize), cancellationToken);
            if (read == 0)
            {
                await output.FlushAsync(cancellationToken);
                return;
            }

            output.Advance(read);
            unflushed += read;
            if (unflushed >= FlushSize)
            {
                await output.FlushAsync(cancellationToken);
                unflushed = 0;
            }
        }
    }

    public static async Task<Results<NoContent, NotFound>> DeleteAsync(
        Guid id, DocumentStore store, PlatformDbContext db, IAuditTrail audit, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        await db.InTransactionAsync(ct => audit.RecordAsync(AuditActions.DocumentDelete, Target(id), cancellationToken: ct), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary><c>PUT /api/documents/settings</c> <c>{ "maxUploadMegabytes": 250 }</c>; null returns to the platform default.</summary>
    public static async Task<Results<Ok<DocumentSettingsView>, ValidationProblem>> SaveSettingsAsync(
        DocumentSettingsInput input, PlatformDbContext db, IAuditTrail audit, IOptions<DocumentsOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        const long megabyte = 1024 * 1024;
        if (input.MaxUploadMegabytes is { } mb && (mb < 1 || mb * megabyte > TenantDataSettings.MaxUploadLimitBytes))
        {
            return TypedResults.ValidationProblem(FieldErrors.One("maxUploadMegabytes",
                $"The limit is 1 to {TenantDataSettings.MaxUploadLimitBytes / megabyte} MB, or empty for the default."));
        }

        await db.InTransactionAsync(async ct =>
        {
            var settings = await db.DataSettings.SingleOrDefaultAsync(ct);
            if (settings is null)
            {
                settings = TenantDataSettings.Default(db.TenantId!.Value);
                db.DataSettings.Add(settings);
            }
            settings.MaxUploadBytes = input.MaxUploadMegabytes * megabyte;
            settings.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(AuditActions.DocumentLimitChange, new AuditTarget("documents", "settings"), details: new Dictionary<string, string>
            {
                ["maxUploadBytes"] = settings.MaxUploadBytes?.ToString(CultureInfo.InvariantCulture) ?? "default",
            }, cancellationToken: ct);
        }, cancellationToken);
        return TypedResults.Ok(new DocumentSettingsView(await LimitAsync(db, options, cancellationToken)));
    }

    /// <summary>The tenant's upload limit in bytes: its own setting, else the platform default.</summary>
    public static async Task<long> LimitAsync(PlatformDbContext db, IOptions<DocumentsOptions> options, CancellationToken cancellationToken) =>
        await db.DataSettings.AsNoTracking().Select(s => s.MaxUploadBytes).SingleOrDefaultAsync(cancellationToken) ?? options.Value.DefaultMaxUploadBytes;

    private static async Task<int> ReadFirstAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await content.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }
        return total;
    }

    private static ProblemHttpResult TooLarge(long limit) => TypedResults.Problem(new HttpValidationProblemDetails(
        FieldErrors.One("content", $"The file is larger than this organisation's limit of {limit / (1024 * 1024)} MB."))
    {
        Status = StatusCodes.Status413PayloadTooLarge,
        Title = "The file is too large",
    });

    private static AuditTarget Target(Guid id) => new("document", id.ToString());
}

/// <summary>A document; <c>"unreadable": true</c> (only then present) when its stored name failed the integrity check.</summary>
public sealed record DocumentView(Guid Id, string Name, long Size, string ContentType, Guid? UploaderId, string? UploaderEmail, DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Unreadable = false)
{
    public static DocumentView From(DocumentInfo info, string? uploaderEmail) =>
        new(info.Id, info.Name, info.Size, info.ContentType, info.UploaderId, uploaderEmail, info.CreatedAt, info.Unreadable);
}

public sealed record DocumentList(IReadOnlyList<DocumentView> Items, int Page, int PageSize, int TotalCount, long MaxUploadBytes);

public sealed record DocumentSettingsInput(long? MaxUploadMegabytes);

public sealed record DocumentSettingsView(long MaxUploadBytes);
