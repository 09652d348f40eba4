using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.WebUtilities;
using Viggotech.Testing;
using Viggotech.Testing.Identity;
using Viggotech.Testing.Platform;

namespace Viggotech.Api.Tests.Operations;

/// <summary>
/// Operators' restore requests: only a listed operator signed in with a second factor may list
/// tenants' backups and ask for a restore; an in-place restore needs the tenant's slug typed; the
/// Worker (never the Api) runs a sandbox restore, whose named owner is invited, accepts and reads
/// the restored people; a tampered backup fails with its error and leaves no sandbox behind.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class RestoreRequestsApiTests(PlatformFixture platform)
{
    private static readonly string[] RestoreEndpoints =
        ["GET /api/operations/tenants", "GET /api/operations/restores", "POST /api/operations/restores", $"POST /api/operations/restores/{Guid.Empty:D}/invitation"];
    private readonly TestAccounts accounts = new(platform);

    [Fact]
    public async Task A_tenant_owner_with_mfa_and_a_password_only_operator_are_refused_and_a_wrong_slug_restores_nothing()
    {
        // The operator's first session used a password only.
        using var first = accounts.NewSession();
        var operatorAccount = await accounts.CreateOrganisationAsync(first, email: PlatformFixture.MoreOperatorEmails[0]);
        var passwordOnly = await accounts.AuthorizeAsync(first);
        foreach (var endpoint in RestoreEndpoints)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(first, endpoint, passwordOnly.AccessToken)).StatusCode);
        }

        // The owner of the tenant to restore, signed in with a second factor, is no operator.
        var (ownerAccount, owner, ownerTokens) = await OwnerWithMfaAsync();
        using var ownerSession = owner;
        foreach (var endpoint in RestoreEndpoints)
        {
            var refused = await SendAsync(owner, endpoint, ownerTokens.AccessToken);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        var (secret, _) = await first.EnableTotpAsync(passwordOnly.AccessToken);
        using var operatorSession = accounts.NewSession();
        var operatorTokens = await SignInWithCodeAsync(operatorSession, operatorAccount, secret);
        var (tenantId, backupId) = await BackedUpTenantAsync(owner, ownerTokens.AccessToken, ownerAccount.TenantId, "Grace Hopper");
        var slug = await TenantSlugAsync(tenantId);

        foreach (var confirmation in new[] { "", "restore " + slug, slug.ToUpperInvariant(), slug + "x" })
        {
            var wrong = await operatorSession.SendAsync(HttpMethod.Post, "/api/operations/restores", operatorTokens.AccessToken,
                new { tenantId, backupId, mode = "in-place", reason = "ticket 7", confirmation });
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
            var errors = (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.True(errors.TryGetProperty("confirmation", out var message), errors.ToString());
            Assert.Contains(slug, message[0].GetString(), StringComparison.Ordinal);
        }

        // A sandbox owner must be an address without an account.
        var taken = await operatorSession.SendAsync(HttpMethod.Post, "/api/operations/restores", operatorTokens.AccessToken,
            new { tenantId, backupId, mode = "sandbox", reason = "ticket 7", sandboxOwnerEmail = operatorAccount.Email });
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.True((await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("sandboxOwnerEmail", out _));

        await using var db = await platform.AdminConnectionAsync();
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from platform.restore_requests where source_tenant_id = $1", tenantId));
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from backup_restores where tenant_id = $1", tenantId));
        Assert.DoesNotContain("backup.restore", await owner.AuditActionsAsync(ownerTokens.AccessToken));
    }

    [Fact]
    public async Task The_worker_restores_a_requested_sandbox_whose_invited_owner_signs_in_and_reads_the_restored_people()
    {
        var (ownerAccount, owner, ownerTokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        var (operatorSession, operatorTokens) = await OperatorWithMfaAsync(PlatformFixture.MoreOperatorEmails[1]);
        using var operatorScope = operatorSession;
        var name = $"Katherine Johnson {Guid.NewGuid():N}"[..30];
        var (tenantId, backupId) = await BackedUpTenantAsync(owner, ownerTokens.AccessToken, ownerAccount.TenantId, name);

        var tenants = await ReadAsync(operatorSession, "/api/operations/tenants", operatorTokens.AccessToken);
        var listed = tenants.EnumerateArray().Single(t => t.GetProperty("id").GetGuid() == tenantId);
        Assert.Contains(listed.GetProperty("backups").EnumerateArray(), b => b.GetProperty("id").GetGuid() == backupId && b.GetProperty("bytes").GetInt64() > 0);

        var sandboxOwner = TestPasswords.Email("sandbox-owner");
        var requestId = await RequestAcceptedAsync(operatorSession, operatorTokens.AccessToken,
            new { tenantId, backupId, mode = "sandbox", reason = "ticket 7: look at last week's data", sandboxOwnerEmail = sandboxOwner });

        var done = await WaitForRequestAsync(operatorSession, operatorTokens.AccessToken, requestId);
        Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());
        Assert.Equal(JsonValueKind.Null, done.GetProperty("error").ValueKind);
        Assert.Equal(1, done.GetProperty("rowsRestored").GetInt64());
        var sandboxId = done.GetProperty("sandboxTenantId").GetGuid();
        Assert.NotEqual(tenantId, sandboxId);
        Assert.NotEqual(JsonValueKind.Null, done.GetProperty("ownerInvitedAt").ValueKind);

        // The invited owner accepts on the Api's invitation page, signs in and reads the restored person.
        var link = await accounts.Mailbox.WaitForLinkAsync(sandboxOwner, "invited");
        var query = QueryHelpers.ParseQuery(link.Query);
        Assert.Equal(sandboxId.ToString(), query["tenant"].ToString());
        using var sandboxSession = accounts.NewSession();
        var accepted = await TestAccounts.AcceptInvitationAsync(sandboxSession, link, TestPasswords.Strong());
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var sandboxTokens = await accounts.AuthorizeAsync(sandboxSession);
        var access = await ReadAsync(sandboxSession, "/api/account/access", sandboxTokens.AccessToken);
        Assert.Contains("owner", access.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var people = await ReadAsync(sandboxSession, "/api/people", sandboxTokens.AccessToken);
        Assert.Contains(name, people.ToString(), StringComparison.Ordinal);

        // Audited in the source tenant's trail and in the operator's own; the source tenant's owner cannot see the sandbox.
        var sourceActions = await owner.AuditActionsAsync(ownerTokens.AccessToken);
        Assert.Contains("backup.restore.request", sourceActions);
        Assert.Contains("backup.restore", sourceActions);
        Assert.Contains("backup.restore.request", await operatorSession.AuditActionsAsync(operatorTokens.AccessToken));

        // The invitation is single-use, and the request no longer keeps the owner's address.
        var again = await TestAccounts.AcceptInvitationAsync(accounts.NewSession(), link, TestPasswords.Strong());
        Assert.NotEqual(HttpStatusCode.Redirect, again.StatusCode);
        await using var db = await platform.AdminConnectionAsync();
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from platform.restore_requests where id = $1 and sandbox_owner_email is not null", requestId));
    }

    [Fact]
    public async Task An_in_place_restore_request_puts_the_tenants_people_back_as_backed_up_and_is_audited_in_both_trails()
    {
        var (ownerAccount, owner, ownerTokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        var (operatorSession, operatorTokens) = await OperatorWithMfaAsync(PlatformFixture.MoreOperatorEmails[3]);
        using var operatorScope = operatorSession;
        var original = $"Mary Jackson {Guid.NewGuid():N}"[..26];
        var (tenantId, backupId) = await BackedUpTenantAsync(owner, ownerTokens.AccessToken, ownerAccount.TenantId, original);
        var personA = (await ReadAsync(owner, "/api/people", ownerTokens.AccessToken)).GetProperty("items").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == original).GetProperty("id").GetGuid();

        // After the backup: person A is edited and person B added.
        var edited = await owner.SendAsync(HttpMethod.Put, $"/api/people/{personA}", ownerTokens.AccessToken,
            new { name = original + " Edited", email = "edited@example.org", notes = "changed after the backup" });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var added = $"Annie Easley {Guid.NewGuid():N}"[..26];
        await owner.CreatePersonAsync(ownerTokens.AccessToken, new { name = added, email = "annie@example.org" });

        var slug = await TenantSlugAsync(tenantId);
        var requestId = await RequestAcceptedAsync(operatorSession, operatorTokens.AccessToken,
            new { tenantId, backupId, mode = "in-place", reason = "ticket 9: undo yesterday's import", confirmation = slug });

        var done = await WaitForRequestAsync(operatorSession, operatorTokens.AccessToken, requestId);
        Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());
        Assert.Equal("in-place", done.GetProperty("mode").GetString());
        Assert.Equal(JsonValueKind.Null, done.GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.Null, done.GetProperty("sandboxTenantId").ValueKind);
        Assert.True(done.GetProperty("rowsRestored").GetInt64() >= 1, done.ToString());
        Assert.Equal(100, done.GetProperty("percent").GetInt32());
        var resend = await operatorSession.SendAsync(HttpMethod.Post, $"/api/operations/restores/{requestId:D}/invitation", operatorTokens.AccessToken);
        Assert.Equal(HttpStatusCode.Conflict, resend.StatusCode);
        Assert.Equal("application/problem+json", resend.Content.Headers.ContentType?.MediaType);

        // The tenant shows person A as backed up, and no person B.
        var person = await ReadAsync(owner, $"/api/people/{personA}", ownerTokens.AccessToken);
        Assert.Equal(original, person.GetProperty("name").GetString());
        Assert.Equal("person@example.org", person.GetProperty("email").GetString());
        var people = await ReadAsync(owner, "/api/people", ownerTokens.AccessToken);
        Assert.DoesNotContain(added, people.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Edited", people.ToString(), StringComparison.Ordinal);

        // The tenant's trail records the request and the restore as the operator's; the operator's own trail the request.
        var tenantEvents = await AuditEventsAsync(owner, ownerTokens.AccessToken);
        var restore = tenantEvents.Last(e => e.GetProperty("action").GetString() == "backup.restore");
        Assert.Equal("success", restore.GetProperty("result").ToString(), ignoreCase: true);
        Assert.Contains(PlatformFixture.MoreOperatorEmails[3], restore.GetProperty("actor").ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(tenantEvents, e => e.GetProperty("action").GetString() == "backup.restore.request" && e.ToString().Contains(requestId.ToString("D"), StringComparison.Ordinal));
        var operatorEvents = await AuditEventsAsync(operatorSession, operatorTokens.AccessToken);
        Assert.Contains(operatorEvents, e => e.GetProperty("action").GetString() == "backup.restore.request"
            && e.ToString().Contains(requestId.ToString("D"), StringComparison.Ordinal) && e.ToString().Contains("in-place", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sandbox_left_empty_by_a_worker_that_died_is_filled_by_the_next_attempt_and_no_second_sandbox_is_made()
    {
        var (ownerAccount, owner, ownerTokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        var (operatorSession, operatorTokens) = await OperatorWithMfaAsync(PlatformFixture.MoreOperatorEmails[4]);
        using var operatorScope = operatorSession;
        var name = $"Evelyn Boyd {Guid.NewGuid():N}"[..26];
        var (tenantId, backupId) = await BackedUpTenantAsync(owner, ownerTokens.AccessToken, ownerAccount.TenantId, name);

        // What the first attempt did before its Worker died: claimed the request, stored the
        // sandbox's slug, created the sandbox tenant; its heartbeat stopped an hour ago.
        await using var db = await platform.AdminConnectionAsync();
        var slug = await TenantSlugAsync(tenantId);
        var sourceName = await db.ScalarAsync<string>("select name from tenants where id = $1", tenantId);
        var stem = slug.Length > 30 ? slug[..30].TrimEnd('-') : slug;
        var sandboxSlug = $"{stem}-sandbox-0badc0de";
        var sandboxId = await db.ScalarAsync<Guid>("select create_tenant($1, $2)", sourceName + " (sandbox)", sandboxSlug);
        var requestId = Guid.CreateVersion7();
        var sandboxOwner = TestPasswords.Email("sandbox-owner");
        await db.ExecuteAsync("""
            insert into platform.restore_requests (id, source_tenant_id, backup_id, mode, reason, sandbox_owner_email, requested_by, requested_at,
                status, stage, percent, started_at, heartbeat_at, attempts, sandbox_slug, rows_restored, documents_restored)
            values ($1, $2, $3, 'sandbox', 'ticket 10', $4, $5, now() - interval '1 hour',
                'running', 'Creating the sandbox tenant', 50, now() - interval '1 hour', now() - interval '1 hour', 1, $6, 0, 0)
            """, requestId, tenantId, backupId, sandboxOwner, PlatformFixture.MoreOperatorEmails[4], sandboxSlug);

        var done = await WaitForRequestAsync(operatorSession, operatorTokens.AccessToken, requestId);
        Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());
        Assert.Equal(2, done.GetProperty("attempts").GetInt32());
        Assert.Equal(sandboxId, done.GetProperty("sandboxTenantId").GetGuid());
        Assert.Equal(sandboxSlug, done.GetProperty("sandboxSlug").GetString());
        Assert.Equal(1, done.GetProperty("rowsRestored").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, done.GetProperty("ownerInvitedAt").ValueKind);

        // One sandbox, the one the first attempt created, now holding the backup's person; no empty one beside it.
        Assert.Equal(1L, await db.ScalarAsync<long>("select count(*) from tenants where slug like $1", stem + "-sandbox-%"));
        Assert.Equal(1L, await db.ScalarAsync<long>("select count(*) from people where tenant_id = $1", sandboxId));
        var link = await accounts.Mailbox.WaitForLinkAsync(sandboxOwner, "invited");
        Assert.Equal(sandboxId.ToString(), QueryHelpers.ParseQuery(link.Query)["tenant"].ToString());
    }

    [Fact]
    public async Task An_operator_resends_a_sandbox_owners_invitation_whose_new_link_works_while_the_old_one_stops_and_a_tenant_owner_cannot()
    {
        var (ownerAccount, owner, ownerTokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        var (operatorSession, operatorTokens) = await OperatorWithMfaAsync(PlatformFixture.MoreOperatorEmails[5]);
        using var operatorScope = operatorSession;
        var (tenantId, backupId) = await BackedUpTenantAsync(owner, ownerTokens.AccessToken, ownerAccount.TenantId, "Christine Darden");
        var sandboxOwner = TestPasswords.Email("sandbox-owner");
        var requestId = await RequestAcceptedAsync(operatorSession, operatorTokens.AccessToken,
            new { tenantId, backupId, mode = "sandbox", reason = "ticket 11", sandboxOwnerEmail = sandboxOwner });
        var done = await WaitForRequestAsync(operatorSession, operatorTokens.AccessToken, requestId);
        Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());
        var oldLink = await accounts.Mailbox.WaitForLinkAsync(sandboxOwner, "invited");
        var resendPath = $"/api/operations/restores/{requestId:D}/invitation";

        // The source tenant's owner is no operator.
        var refused = await owner.SendAsync(HttpMethod.Post, resendPath, ownerTokens.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, await accounts.Mailbox.CountAsync(sandboxOwner, "invited"));

        var resent = await operatorSession.SendAsync(HttpMethod.Post, resendPath, operatorTokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        Assert.NotEqual(JsonValueKind.Null, (await resent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ownerInvitedAt").ValueKind);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await accounts.Mailbox.CountAsync(sandboxOwner, "invited") < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "The resent invitation did not arrive.");
            await Task.Delay(250);
        }

        var newLink = await accounts.Mailbox.WaitForLinkAsync(sandboxOwner, "invited");
        Assert.NotEqual(oldLink, newLink);

        // The old link no longer works; the new one does, once.
        var stale = await TestAccounts.AcceptInvitationAsync(accounts.NewSession(), oldLink, TestPasswords.Strong());
        Assert.NotEqual(HttpStatusCode.Redirect, stale.StatusCode);
        using var sandboxSession = accounts.NewSession();
        var accepted = await TestAccounts.AcceptInvitationAsync(sandboxSession, newLink, TestPasswords.Strong());
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var sandboxTokens = await accounts.AuthorizeAsync(sandboxSession);
        Assert.Contains("owner", (await ReadAsync(sandboxSession, "/api/account/access", sandboxTokens.AccessToken)).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        // Audited in the sandbox's trail (both invitations, by the operator) and in the operator's own.
        var sandboxInvites = (await AuditEventsAsync(sandboxSession, sandboxTokens.AccessToken)).Where(e => e.GetProperty("action").GetString() == "user.invite").ToList();
        Assert.Equal(2, sandboxInvites.Count);
        Assert.All(sandboxInvites, e => Assert.Contains(PlatformFixture.MoreOperatorEmails[5], e.GetProperty("actor").ToString(), StringComparison.OrdinalIgnoreCase));
        Assert.Contains(await AuditEventsAsync(operatorSession, operatorTokens.AccessToken),
            e => e.GetProperty("action").GetString() == "user.invite" && e.ToString().Contains(requestId.ToString("D"), StringComparison.Ordinal));

        // Once accepted, and for requests that never were succeeded sandboxes, there is nothing to resend: problem details, no mail.
        var afterAccepting = await operatorSession.SendAsync(HttpMethod.Post, resendPath, operatorTokens.AccessToken);
        Assert.Equal(HttpStatusCode.Conflict, afterAccepting.StatusCode);
        Assert.Equal("application/problem+json", afterAccepting.Content.Headers.ContentType?.MediaType);
        Assert.Contains("accepted", (await afterAccepting.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var unknown = await operatorSession.SendAsync(HttpMethod.Post, $"/api/operations/restores/{Guid.NewGuid():D}/invitation", operatorTokens.AccessToken);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, await accounts.Mailbox.CountAsync(sandboxOwner, "invited"));
    }

    [Fact]
    public async Task A_tampered_backup_fails_its_restore_request_with_the_error_and_leaves_no_sandbox_or_owner_behind()
    {
        var (ownerAccount, owner, ownerTokens) = await accounts.OwnerWithTokensAsync();
        using var ownerSession = owner;
        var (operatorSession, operatorTokens) = await OperatorWithMfaAsync(PlatformFixture.MoreOperatorEmails[2]);
        using var operatorScope = operatorSession;
        var (tenantId, backupId) = await BackedUpTenantAsync(owner, ownerTokens.AccessToken, ownerAccount.TenantId, "Dorothy Vaughan");
        var slug = await TenantSlugAsync(tenantId);
        await FlipOneByteAsync(tenantId, backupId);

        var sandboxOwner = TestPasswords.Email("sandbox-owner");
        var requestId = await RequestAcceptedAsync(operatorSession, operatorTokens.AccessToken,
            new { tenantId, backupId, mode = "sandbox", reason = "ticket 8", sandboxOwnerEmail = sandboxOwner });

        var done = await WaitForRequestAsync(operatorSession, operatorTokens.AccessToken, requestId);
        Assert.Equal("failed", done.GetProperty("status").GetString());
        Assert.False(string.IsNullOrWhiteSpace(done.GetProperty("error").GetString()));
        Assert.Equal(JsonValueKind.Null, done.GetProperty("sandboxTenantId").ValueKind);

        await using var db = await platform.AdminConnectionAsync();
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from tenants where slug like $1", slug + "-sandbox-%"));
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from users where normalized_email = upper($1)", sandboxOwner));
        Assert.Equal(0, await accounts.Mailbox.CountAsync(sandboxOwner, "invited"));
        Assert.False(await db.ScalarAsync<bool>("select succeeded from backup_restores where tenant_id = $1", tenantId));
    }

    private async Task<(TestAccount Account, ApiSession Session, TokenSet Tokens)> OwnerWithMfaAsync()
    {
        var (account, first, tokens) = await accounts.OwnerWithTokensAsync();
        var (secret, _) = await first.EnableTotpAsync(tokens.AccessToken);
        first.Dispose();
        var session = accounts.NewSession();
        return (account, session, await SignInWithCodeAsync(session, account, secret));
    }

    private async Task<(ApiSession Session, TokenSet Tokens)> OperatorWithMfaAsync(string email)
    {
        using var first = accounts.NewSession();
        var account = await accounts.CreateOrganisationAsync(first, email: email);
        var (secret, _) = await first.EnableTotpAsync((await accounts.AuthorizeAsync(first)).AccessToken);
        var session = accounts.NewSession();
        return (session, await SignInWithCodeAsync(session, account, secret));
    }

    private async Task<TokenSet> SignInWithCodeAsync(ApiSession session, TestAccount account, string secret)
    {
        await accounts.SignInAsync(session, account.Email, account.Password);
        var accepted = await session.SubmitAsync("/signin/mfa", new Dictionary<string, string> { ["Code"] = ApiCalls.NextCode(secret) });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        return await accounts.AuthorizeAsync(session);
    }

    /// <summary>One person, then a backup on demand, taken by the Worker; returns when it is completed.</summary>
    private static async Task<(Guid TenantId, Guid BackupId)> BackedUpTenantAsync(ApiSession owner, string token, Guid tenantId, string personName)
    {
        await owner.CreatePersonAsync(token, new { name = personName, email = "person@example.org" });
        var started = await owner.SendAsync(HttpMethod.Post, "/api/backups", token);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var backupId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var deadline = DateTime.UtcNow.AddSeconds(150);
        while (true)
        {
            var backup = await ReadAsync(owner, $"/api/backups/{backupId}", token);
            var status = backup.GetProperty("status").GetString();
            Assert.NotEqual("failed", status);
            if (status == "completed")
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The backup is still {status}.");
            await Task.Delay(1000);
        }

        return (tenantId, backupId);
    }

    private async Task<string> TenantSlugAsync(Guid tenantId)
    {
        await using var db = await platform.AdminConnectionAsync();
        return await db.ScalarAsync<string>("select slug from tenants where id = $1", tenantId);
    }

    private async Task FlipOneByteAsync(Guid tenantId, Guid backupId)
    {
        var container = new BlobServiceClient(await platform.ConnectionStringAsync("storage-a"),
            new BlobClientOptions { Transport = new HttpClientTransport(platform.CreateTrustingHandler()) }).GetBlobContainerClient("backups");
        var parts = new List<(string Name, long Length)>();
        await foreach (var item in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{tenantId:D}/{backupId:D}/", CancellationToken.None))
        {
            parts.Add((item.Name, item.Properties.ContentLength ?? 0));
        }

        // The largest part (not the manifest): its hash in the signed manifest no longer matches.
        var blob = container.GetBlobClient(parts.Where(p => !p.Name.EndsWith("manifest.json", StringComparison.Ordinal)).MaxBy(p => p.Length).Name);
        var bytes = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        bytes[bytes.Length / 2] ^= 0x01;
        await blob.UploadAsync(new BinaryData(bytes), overwrite: true);
    }

    /// <summary>Posts a restore request that must be accepted (202) and returns its id.</summary>
    private static async Task<Guid> RequestAcceptedAsync(ApiSession session, string token, object request)
    {
        var requested = await session.SendAsync(HttpMethod.Post, "/api/operations/restores", token, request);
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        return (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> WaitForRequestAsync(ApiSession session, string token, Guid requestId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var request = (await ReadAsync(session, "/api/operations/restores", token)).EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == requestId);
            if (request.GetProperty("status").GetString() is "succeeded" or "failed")
            {
                return request;
            }

            if (DateTime.UtcNow >= deadline)
            {
                await using var db = await platform.AdminConnectionAsync();
                var jobError = await db.ScalarAsync<string?>(
                    "select coalesce(max(error), '') from platform.job_runs where job_name = 'operator-restores' and started_at > now() - interval '3 minutes'");
                Assert.Fail($"The restore request is still {request}. The job's errors: {jobError}");
            }

            await Task.Delay(1000);
        }
    }

    private static async Task<List<JsonElement>> AuditEventsAsync(ApiSession session, string token)
    {
        var feed = await ReadAsync(session, "/api/audit/events?limit=1000", token);
        return [.. feed.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("event").Clone())];
    }

    private static async Task<JsonElement> ReadAsync(ApiSession session, string path, string token)
    {
        var response = await session.SendAsync(HttpMethod.Get, path, token);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Task<HttpResponseMessage> SendAsync(ApiSession session, string endpoint, string token) =>
        endpoint.Split(' ') is [var method, var path]
            ? session.SendAsync(new HttpMethod(method), path, token, method == "POST" ? new { mode = "sandbox" } : null)
            : throw new ArgumentException(endpoint, nameof(endpoint));
}
