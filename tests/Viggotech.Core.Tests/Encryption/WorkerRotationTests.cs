using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Crypto.Rotation;
using Viggotech.Core.Data;
using Viggotech.Core.Documents;
using Viggotech.Core.People;
using Viggotech.Core.Tests.Provisioning;
using Viggotech.Testing.Processes;
using Viggotech.Testing;

namespace Viggotech.Core.Tests.Encryption;

/// <summary>The Worker process's key-reencryption job, killed mid-rotation and started again.</summary>
[Collection(EncryptedPlatformCollection.Name)]
public sealed class WorkerRotationTests(EncryptedPlatformFixture fixture)
{
    [Fact]
    public async Task Killing_the_worker_mid_rotation_and_restarting_it_finishes_the_job_with_nothing_lost()
    {
        var tenantId = await fixture.NewTenantAsync();
        var people = new Dictionary<Guid, Person>();
        var documents = new Dictionary<Guid, byte[]>();
        await using (var scope = fixture.ForTenant(tenantId))
        {
            var repository = scope.Services.GetRequiredService<PeopleRepository>();
            for (var i = 0; i < 250; i++)
            {
                var person = await repository.CreateAsync(RotationTests.Input($"worker {i}"));
                people[person.Id] = person;
            }

            var store = scope.Services.GetRequiredService<DocumentStore>();
            for (var i = 0; i < 4; i++)
            {
                var content = RandomNumberGenerator.GetBytes(50_000 + i);
                documents[(await store.UploadAsync(new DocumentUpload($"w{i}.bin", "application/octet-stream"), new MemoryStream(content))).Id] = content;
            }
        }

        await fixture.Keys.RotateDataKeyAsync(tenantId);

        await using (var first = WorkerProcess.Start(WorkerEnvironment(oneRowPerBatch: true)))
        {
            await WaitUntilAsync(tenantId, "values_reencrypted + documents_reencrypted > 0", first);
            await first.KillAsync();
        }

        var stopped = await fixture.Keys.LatestRotationAsync(tenantId);
        Assert.Equal(RotationStatus.Running, stopped!.Status);
        Assert.Equal(new[] { 1, 2 }, await StoredVersions.OfTenantAsync(fixture.Platform, tenantId));

        // The restarted Worker takes its usual batches: it finishes what the first left, not row by row.
        await using (var second = WorkerProcess.Start(WorkerEnvironment(oneRowPerBatch: false)))
        {
            await WaitUntilAsync(tenantId, "status = 'completed'", second);
        }

        var rotation = await fixture.Keys.LatestRotationAsync(tenantId);
        Assert.Equal(RotationStatus.Completed, rotation!.Status);
        Assert.Equal(new[] { 2 }, await StoredVersions.OfTenantAsync(fixture.Platform, tenantId));
        Assert.Equal("retired", (await StoredVersions.KeyStatusesAsync(fixture.Platform, tenantId))[1]);

        await using var reading = fixture.ForTenant(tenantId);
        var repository2 = reading.Services.GetRequiredService<PeopleRepository>();
        foreach (var (id, person) in people)
        {
            Assert.Equal(person, await repository2.GetAsync(id));
        }

        var documentStore = reading.Services.GetRequiredService<DocumentStore>();
        foreach (var (id, content) in documents)
        {
            await using var download = await documentStore.OpenReadAsync(id);
            using var copy = new MemoryStream();
            await download!.Content.CopyToAsync(copy);
            Assert.Equal(content, copy.ToArray());
        }
    }

    private Dictionary<string, string> WorkerEnvironment(bool oneRowPerBatch)
    {
        var environment = fixture.WorkerEnvironment("key-reencryption");
        if (oneRowPerBatch)
        {
            // One row per batch: the job is slow enough to be caught half-way.
            environment["Crypto__ReencryptionBatchSize"] = "1";
            environment["Crypto__ReencryptionDocumentBatchSize"] = "1";
        }

        return environment;
    }

    private async Task WaitUntilAsync(Guid tenantId, string condition, RunningProcess worker)
    {
        await using var connection = await fixture.Platform.OpenAppConnectionAsync(tenantId);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (await connection.ScalarAsync<long>($"select count(*) from data_key_rotations where {condition}") == 0)
        {
            if (worker.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The Worker did not get there ({condition}):\n{worker.Output}");
            }

            await Task.Delay(20);
        }
    }
}
