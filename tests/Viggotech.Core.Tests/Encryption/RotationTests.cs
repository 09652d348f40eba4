using System.Collections.Concurrent;
using System.Security.Cryptography;
using Azure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Crypto;
using Viggotech.Core.Crypto.Events;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Crypto.Rotation;
using Viggotech.Core.Documents;
using Viggotech.Core.People;
using Viggotech.Testing;

namespace Viggotech.Core.Tests.Encryption;

[Collection(EncryptedPlatformCollection.Name)]
public sealed class RotationTests(EncryptedPlatformFixture fixture)
{
    [Fact]
    public async Task Rotating_the_kek_rewraps_every_data_key_and_disables_the_old_kek_version()
    {
        var tenantId = await fixture.NewTenantAsync();
        var people = await SeedPeopleAsync(tenantId, 3);
        await fixture.Keys.RotateDataKeyAsync(tenantId);
        var oldKek = (await fixture.Vault.GetSecretAsync(KeyEncryptionKeys.SecretName(tenantId))).Value.Properties.Version;

        var newKek = await fixture.Keys.RotateKeyEncryptionKeyAsync(tenantId);

        Assert.NotEqual(oldKek, newKek);
        Assert.All(await fixture.Keys.ListAsync(tenantId), key => Assert.Equal(newKek, key.KekVersion));
        var disabled = await Assert.ThrowsAsync<RequestFailedException>(() => fixture.Vault.GetSecretAsync(KeyEncryptionKeys.SecretName(tenantId), oldKek));
        Assert.Equal(403, disabled.Status);
        Assert.Contains(fixture.Events.For(tenantId, KeyEventKind.KeyEncryptionKeyVersionDisabled), e => e.KekVersion == oldKek);

        // Unwrapped afresh from the new KEK version, every value still reads.
        fixture.KeyCache.EvictTenant(tenantId);
        Assert.Equal(people, await ReadAllAsync(tenantId));
    }

    [Fact]
    public async Task Rotating_the_data_key_reencrypts_fields_and_documents_and_retires_the_old_version()
    {
        var tenantId = await fixture.NewTenantAsync();
        var people = await SeedPeopleAsync(tenantId, 20);
        var documents = await SeedDocumentsAsync(tenantId, 3);
        Assert.Equal(new[] { 1 }, await StoredVersions.OfTenantAsync(fixture.Platform, tenantId));

        Assert.Equal(2, await fixture.Keys.RotateDataKeyAsync(tenantId));
        Assert.Equal(ReencryptionOutcome.Completed, await RunReencryptionAsync(tenantId));

        Assert.Equal(new[] { 2 }, await StoredVersions.OfTenantAsync(fixture.Platform, tenantId));
        Assert.Equal(new Dictionary<int, string> { [1] = "retired", [2] = "active" }, await StoredVersions.KeyStatusesAsync(fixture.Platform, tenantId));
        Assert.Equal(people, await ReadAllAsync(tenantId));
        Assert.Equal(documents, await ReadDocumentsAsync(tenantId));
        await AssertEmailSearchFindsEveryoneAsync(tenantId, people.Values);

        var rotation = await fixture.Keys.LatestRotationAsync(tenantId);
        Assert.Equal(RotationStatus.Completed, rotation!.Status);
        Assert.Equal(people.Count * 6 + documents.Count, rotation.ValuesReencrypted);
        Assert.Equal(documents.Count, rotation.DocumentsReencrypted);
        Assert.Single(fixture.Events.For(tenantId, KeyEventKind.ReencryptionCompleted));
        Assert.Contains(fixture.Events.For(tenantId, KeyEventKind.DataKeyRetired), e => e.DataKeyVersion == 1);

        // The replaced blobs wait out their grace period before the sweep deletes them.
        await using var scope = fixture.ForTenant(tenantId);
        Assert.Equal(documents.Count, await scope.Db.BlobDeletions.CountAsync(d => d.BlobPrefix.EndsWith("/k1.vgtd")));
    }

    [Fact]
    public async Task A_batch_budget_stops_the_job_part_way_with_its_progress_committed_and_the_next_run_finishes()
    {
        var tenantId = await fixture.NewTenantAsync();
        var people = await SeedPeopleAsync(tenantId, 30);
        await fixture.Keys.RotateDataKeyAsync(tenantId);

        // One batch each finds the (empty) document blobs and names done, then two batches of people.
        Assert.Equal(ReencryptionOutcome.InProgress, await RunReencryptionAsync(tenantId, maxBatches: 4));

        var rotation = await fixture.Keys.LatestRotationAsync(tenantId);
        Assert.Equal(RotationStatus.Running, rotation!.Status);
        Assert.Equal("table:people", rotation.CurrentTarget);
        Assert.NotNull(rotation.Cursor);
        Assert.Equal(2 * EncryptedPlatformFixture.BatchSize * 6, rotation.ValuesReencrypted);
        Assert.Equal(new[] { 1, 2 }, await StoredVersions.OfTenantAsync(fixture.Platform, tenantId));
        // Half-way, values under both versions read, and the email search looks under both.
        Assert.Equal(people, await ReadAllAsync(tenantId));
        await AssertEmailSearchFindsEveryoneAsync(tenantId, people.Values);

        Assert.Equal(ReencryptionOutcome.Completed, await RunReencryptionAsync(tenantId));
        Assert.Equal(new[] { 2 }, await StoredVersions.OfTenantAsync(fixture.Platform, tenantId));
        Assert.Equal(people.Count * 6, (await fixture.Keys.LatestRotationAsync(tenantId))!.ValuesReencrypted);
    }

    [Fact]
    public async Task A_cancelled_job_loses_only_its_batch_in_flight_and_resumes()
    {
        var tenantId = await fixture.NewTenantAsync();
        var people = await SeedPeopleAsync(tenantId, 60);
        await fixture.Keys.RotateDataKeyAsync(tenantId);

        using var cancellation = new CancellationTokenSource();
        var job = RunReencryptionAsync(tenantId, cancellationToken: cancellation.Token);
        await WaitForProgressAsync(tenantId);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job);

        var stopped = await fixture.Keys.LatestRotationAsync(tenantId);
        Assert.Equal(RotationStatus.Running, stopped!.Status);
        Assert.True(stopped.ValuesReencrypted > 0);
        Assert.Equal(people, await ReadAllAsync(tenantId));

        Assert.Equal(ReencryptionOutcome.Completed, await RunReencryptionAsync(tenantId));
        Assert.Equal(new[] { 2 }, await StoredVersions.OfTenantAsync(fixture.Platform, tenantId));
        Assert.Equal(people, await ReadAllAsync(tenantId));
    }

    [Fact]
    public async Task Rotation_under_concurrent_reads_and_writes_loses_and_corrupts_nothing()
    {
        var tenantId = await fixture.NewTenantAsync();
        var expected = new ConcurrentDictionary<Guid, Person>(await SeedPeopleAsync(tenantId, 80));
        var documents = new ConcurrentDictionary<Guid, byte[]>(await SeedDocumentsAsync(tenantId, 4));
        var stop = new CancellationTokenSource();
        var failures = new ConcurrentQueue<Exception>();

        async Task Guard(Func<Task> work)
        {
            try
            {
                await work();
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
                await stop.CancelAsync();
            }
        }

        // Each writer updates only people of its own: two writers updating one person at once could
        // record their results in the other order than they committed, and the test would blame rotation.
        var seeded = expected.Keys.ToList();
        var writers = Enumerable.Range(0, 3).Select(w => Task.Run(() => Guard(async () =>
        {
            var own = seeded.Where((_, i) => i % 3 == w).ToList();
            for (var round = 0; !stop.IsCancellationRequested; round++)
            {
                await using var scope = fixture.ForTenant(tenantId);
                var repository = scope.Services.GetRequiredService<PeopleRepository>();
                if (round % 4 == 0)
                {
                    var created = await repository.CreateAsync(Input($"new {w}-{round}"));
                    expected[created.Id] = created;
                    own.Add(created.Id);
                }
                else
                {
                    var id = own[Random.Shared.Next(own.Count)];
                    var updated = await repository.UpdateAsync(id, Input($"updated {w}-{round}"));
                    expected[id] = updated!;
                }
            }
        }))).ToList();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() => Guard(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await using var scope = fixture.ForTenant(tenantId);
                var page = await scope.Services.GetRequiredService<PeopleRepository>().ListAsync(1, PeopleRepository.MaxPageSize);
                Assert.All(page.Items, p => Assert.StartsWith("Person ", p.Name, StringComparison.Ordinal));
                var store = scope.Services.GetRequiredService<DocumentStore>();
                foreach (var (id, content) in documents)
                {
                    await using var download = await store.OpenReadAsync(id);
                    using var copy = new MemoryStream();
                    await download!.Content.CopyToAsync(copy);
                    Assert.Equal(content, copy.ToArray());
                }
            }
        }))).ToList();
        var uploader = Task.Run(() => Guard(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (id, content) = await UploadAsync(tenantId, 9_000 + Random.Shared.Next(20_000));
                documents[id] = content;
                await Task.Delay(50);
            }
        }));

        // Rotate the data key twice and the KEK once while all of that runs.
        await Task.Delay(300);
        await fixture.Keys.RotateDataKeyAsync(tenantId);
        var firstRun = RunReencryptionAsync(tenantId, maxBatches: 15);
        await Task.Delay(200);
        await fixture.Keys.RotateKeyEncryptionKeyAsync(tenantId);
        await firstRun;
        await fixture.Keys.RotateDataKeyAsync(tenantId);
        var outcome = await RunReencryptionAsync(tenantId);
        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll([.. writers, .. readers, uploader]);

        Assert.Empty(failures);
        Assert.Equal(ReencryptionOutcome.Completed, outcome);
        // The writers really did write through the rotations: new people and new documents.
        Assert.True(expected.Count > 80 && documents.Count > 4, $"{expected.Count} people, {documents.Count} documents");
        var superseded = await StoredVersions.KeyStatusesAsync(fixture.Platform, tenantId);
        Assert.Equal(new Dictionary<int, string> { [1] = "retired", [2] = "retired", [3] = "active" }, superseded);
        Assert.Equal(new[] { 3 }, await StoredVersions.OfTenantAsync(fixture.Platform, tenantId));
        fixture.KeyCache.EvictTenant(tenantId);
        Assert.Equal(expected.OrderBy(p => p.Key).ToDictionary(), await ReadAllAsync(tenantId));
        Assert.Equal(documents.OrderBy(d => d.Key).ToDictionary(), await ReadDocumentsAsync(tenantId));
    }

    [Fact]
    public async Task An_unreadable_value_blocks_the_rotation_until_it_is_dealt_with_and_the_rotation_resumed()
    {
        var tenantId = await fixture.NewTenantAsync();
        var people = await SeedPeopleAsync(tenantId, 10);
        var victim = people.Keys.Order().ElementAt(4);
        await using (var admin = await fixture.Platform.OpenAdminConnectionAsync())
        {
            await admin.ExecuteAsync("update people set phone = set_byte(phone, 25, get_byte(phone, 25) # 4) where id = $1", victim);
        }

        await fixture.Keys.RotateDataKeyAsync(tenantId);
        Assert.Equal(ReencryptionOutcome.Blocked, await RunReencryptionAsync(tenantId));

        var blocked = await fixture.Keys.LatestRotationAsync(tenantId);
        Assert.Equal(RotationStatus.Blocked, blocked!.Status);
        Assert.Contains(victim.ToString(), blocked.Error, StringComparison.Ordinal);
        Assert.Contains(fixture.Events.For(tenantId, KeyEventKind.ReencryptionBlocked), e => e.Detail!.Contains("people.phone", StringComparison.Ordinal));
        Assert.Equal(ReencryptionOutcome.Idle, await RunReencryptionAsync(tenantId));

        await using (var scope = fixture.ForTenant(tenantId))
        {
            Assert.True(await scope.Services.GetRequiredService<PeopleRepository>().DeleteAsync(victim));
        }

        await fixture.Keys.ResumeRotationAsync(tenantId);
        Assert.Equal(ReencryptionOutcome.Completed, await RunReencryptionAsync(tenantId));
        people.Remove(victim);
        Assert.Equal(people, await ReadAllAsync(tenantId));
    }

    [Fact]
    public async Task Tenants_with_running_rotations_are_found_from_outside_any_tenant_by_id_only()
    {
        var (rotating, idle) = (await fixture.NewTenantAsync(), await fixture.NewTenantAsync());
        await fixture.Keys.RotateDataKeyAsync(rotating);

        await using var scope = fixture.Platform.WithoutTenant();
        var tenants = await DataKeyReencryption.TenantsWithRunningRotationsAsync(scope.Db, default);

        Assert.Contains(rotating, tenants);
        Assert.DoesNotContain(idle, tenants);
        // The function leaves the session as it found it: still no tenant, nothing visible.
        Assert.Equal(0, await scope.Db.DataKeyRotations.IgnoreQueryFilters().CountAsync());
        await RunReencryptionAsync(rotating);
    }

    [Fact]
    public async Task Name_search_finds_people_while_a_rotation_runs_and_after_their_word_tokens_moved_to_the_new_key()
    {
        var tenantId = await fixture.NewTenantAsync();
        await SeedPeopleAsync(tenantId, 5);
        await fixture.Keys.RotateDataKeyAsync(tenantId);

        Assert.Equal(5, (await SearchByNameAsync(tenantId, "seed PERSON")).TotalCount);
        Assert.Equal(ReencryptionOutcome.Completed, await RunReencryptionAsync(tenantId));

        // Only the new version is searched now: the tokens were recomputed with the names.
        Assert.Equal(5, (await SearchByNameAsync(tenantId, "Seed")).TotalCount);
        Assert.Equal("Person seed 3", Assert.Single((await SearchByNameAsync(tenantId, "person seed 3")).Items).Name);
        Assert.Equal(0, (await SearchByNameAsync(tenantId, "seed 9")).TotalCount);
        Assert.Equal(0, (await SearchByNameAsync(tenantId, "see")).TotalCount);
    }

    private async Task<PeoplePage> SearchByNameAsync(Guid tenantId, string name)
    {
        await using var scope = fixture.ForTenant(tenantId);
        return await scope.Services.GetRequiredService<PeopleRepository>().SearchByNameAsync(name, 1, 50);
    }

    internal static PersonInput Input(string label) => new(
        $"Person {label}",
        $"{label.Replace(' ', '.')}.{Guid.NewGuid():N}@example.org",
        "+1 555 0100",
        new DateOnly(1980, 1, 1).AddDays(Random.Shared.Next(5000)),
        $"{label} Street 1",
        $"Notes {label}");

    private async Task<Dictionary<Guid, Person>> SeedPeopleAsync(Guid tenantId, int count)
    {
        await using var scope = fixture.ForTenant(tenantId);
        var repository = scope.Services.GetRequiredService<PeopleRepository>();
        var people = new Dictionary<Guid, Person>();
        for (var i = 0; i < count; i++)
        {
            var person = await repository.CreateAsync(Input($"seed {i}"));
            people[person.Id] = person;
        }

        return people;
    }

    private async Task<Dictionary<Guid, byte[]>> SeedDocumentsAsync(Guid tenantId, int count)
    {
        var documents = new Dictionary<Guid, byte[]>();
        for (var i = 0; i < count; i++)
        {
            var (id, content) = await UploadAsync(tenantId, 10_000 + 7_000 * i);
            documents[id] = content;
        }

        return documents;
    }

    private async Task<(Guid Id, byte[] Content)> UploadAsync(Guid tenantId, int length)
    {
        var content = RandomNumberGenerator.GetBytes(length);
        await using var scope = fixture.ForTenant(tenantId);
        var info = await scope.Services.GetRequiredService<DocumentStore>()
            .UploadAsync(new DocumentUpload($"doc-{length}.bin", "application/octet-stream"), new MemoryStream(content));
        return (info.Id, content);
    }

    private async Task<Dictionary<Guid, Person>> ReadAllAsync(Guid tenantId)
    {
        await using var scope = fixture.ForTenant(tenantId);
        var repository = scope.Services.GetRequiredService<PeopleRepository>();
        var people = new Dictionary<Guid, Person>();
        for (var page = 1; ; page++)
        {
            var items = (await repository.ListAsync(page, PeopleRepository.MaxPageSize)).Items;
            foreach (var person in items)
            {
                people[person.Id] = person;
            }

            if (items.Count < PeopleRepository.MaxPageSize)
            {
                return people.OrderBy(p => p.Key).ToDictionary();
            }
        }
    }

    private async Task<Dictionary<Guid, byte[]>> ReadDocumentsAsync(Guid tenantId)
    {
        await using var scope = fixture.ForTenant(tenantId);
        var store = scope.Services.GetRequiredService<DocumentStore>();
        var contents = new Dictionary<Guid, byte[]>();
        foreach (var info in (await store.ListAsync(1, DocumentStore.MaxPageSize)).Items.OrderBy(i => i.Id))
        {
            await using var download = await store.OpenReadAsync(info.Id);
            using var copy = new MemoryStream();
            await download!.Content.CopyToAsync(copy);
            contents[info.Id] = copy.ToArray();
        }

        return contents;
    }

    private async Task AssertEmailSearchFindsEveryoneAsync(Guid tenantId, IEnumerable<Person> people)
    {
        await using var scope = fixture.ForTenant(tenantId);
        var repository = scope.Services.GetRequiredService<PeopleRepository>();
        foreach (var person in people)
        {
            Assert.Equal([person.Id], (await repository.FindByEmailAsync(person.Email!.ToUpperInvariant())).Select(p => p.Id));
        }
    }

    private async Task<ReencryptionOutcome> RunReencryptionAsync(Guid tenantId, int maxBatches = int.MaxValue, CancellationToken cancellationToken = default)
    {
        await using var scope = fixture.ForTenant(tenantId);
        return await scope.Services.GetRequiredService<DataKeyReencryption>().RunAsync(maxBatches, cancellationToken);
    }

    private async Task WaitForProgressAsync(Guid tenantId)
    {
        await using var connection = await fixture.Platform.OpenAppConnectionAsync(tenantId);
        for (var i = 0; i < 1000; i++)
        {
            if (await connection.ScalarAsync<long>("select values_reencrypted from data_key_rotations where status = 'running'") > 0)
            {
                return;
            }

            await Task.Delay(2);
        }

        throw new TimeoutException("The re-encryption made no progress.");
    }
}
