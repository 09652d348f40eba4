using Microsoft.AspNetCore.Http.HttpResults;
using Viggotech.Api.Access;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Webhooks;
using Viggotech.Core.Identity;

namespace Viggotech.Api.Audit;

/// <summary>
/// Push streaming settings: the tenant's audit webhooks, their delivery state and dead letters.
/// All of it needs audit.export, the permission to take the trail out of the platform: a webhook
/// sends the whole trail to wherever its URL points.
/// </summary>
public static class AuditStreamingApi
{
    public static RouteGroupBuilder MapAuditStreamingApi(this RouteGroupBuilder audit)
    {
        var hooks = audit.MapGroup("/webhooks").RequirePermission(Permissions.AuditExport);
        hooks.MapGet("/", ListAsync).WithName("AuditWebhooks");
        hooks.MapPost("/", CreateAsync).WithName("CreateAuditWebhook");
        hooks.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateAuditWebhook");
        hooks.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteAuditWebhook");
        hooks.MapGet("/{id:guid}/dead-letters", DeadLettersAsync).WithName("AuditWebhookDeadLetters");
        hooks.MapPost("/{id:guid}/retry", RetryAsync).WithName("RetryAuditWebhook");
        return hooks;
    }

    public static async Task<Ok<IReadOnlyList<AuditWebhookStatus>>> ListAsync(AuditWebhooks webhooks, CancellationToken cancellationToken) =>
        TypedResults.Ok(await webhooks.ListAsync(cancellationToken));

    /// <summary>The answer carries the signing secret; it is never shown again.</summary>
    public static async Task<Results<Created<CreatedAuditWebhook>, ValidationProblem>> CreateAsync(
        AuditWebhookInput input, AuditWebhooks webhooks, CancellationToken cancellationToken)
    {
        try
        {
            var created = await webhooks.CreateAsync(input.Url?.Trim() ?? "", cancellationToken);
            return TypedResults.Created($"/api/audit/webhooks/{created.Id}", created);
        }
        catch (AuditValidationException e)
        {
            return TypedResults.ValidationProblem(e.Errors.ToDictionary());
        }
    }

    /// <summary>A new URL and/or enabled state; enabling a suspended webhook retries its dead-lettered batch first.</summary>
    public static async Task<Results<Ok<AuditWebhookStatus>, NotFound, ValidationProblem>> UpdateAsync(
        Guid id, AuditWebhookUpdate input, AuditWebhooks webhooks, CancellationToken cancellationToken)
    {
        try
        {
            if (input.Url is { } url && !await webhooks.UpdateUrlAsync(id, url.Trim(), cancellationToken))
            {
                return TypedResults.NotFound();
            }
            var found = input.Enabled switch
            {
                true => await webhooks.ResumeAsync(id, cancellationToken),
                false => await webhooks.DisableAsync(id, cancellationToken),
                null => true,
            };
            return found && (await webhooks.ListAsync(cancellationToken)).FirstOrDefault(w => w.Id == id) is { } status
                ? TypedResults.Ok(status)
                : TypedResults.NotFound();
        }
        catch (AuditValidationException e)
        {
            return TypedResults.ValidationProblem(e.Errors.ToDictionary());
        }
    }

    public static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, AuditWebhooks webhooks, CancellationToken cancellationToken) =>
        await webhooks.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    public static async Task<Results<Ok<IReadOnlyList<AuditDeadLetterView>>, NotFound>> DeadLettersAsync(
        Guid id, AuditWebhooks webhooks, CancellationToken cancellationToken)
    {
        if ((await webhooks.ListAsync(cancellationToken)).All(w => w.Id != id))
        {
            return TypedResults.NotFound();
        }
        var letters = await webhooks.DeadLettersAsync(id, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<AuditDeadLetterView>>(letters.Select(AuditDeadLetterView.From).ToList());
    }

    /// <summary>Sends the dead-lettered batch again, then everything after it, in order.</summary>
    public static async Task<Results<NoContent, NotFound>> RetryAsync(Guid id, AuditWebhooks webhooks, CancellationToken cancellationToken) =>
        await webhooks.ResumeAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
}

public sealed record AuditWebhookInput(string? Url);

public sealed record AuditWebhookUpdate(string? Url, bool? Enabled);

public sealed record AuditDeadLetterView(Guid Id, long FirstSeq, long LastSeq, int Attempts, string LastError, DateTimeOffset FailedAt, DateTimeOffset? ResumedAt)
{
    public static AuditDeadLetterView From(AuditWebhookDeadLetter letter) =>
        new(letter.Id, letter.FirstSeq, letter.LastSeq, letter.Attempts, letter.LastError, letter.FailedAt, letter.ResumedAt);
}
