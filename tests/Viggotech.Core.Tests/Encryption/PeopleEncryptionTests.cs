using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Crypto;
using Viggotech.Core.Crypto.Events;
using Viggotech.Core.People;
using Viggotech.Testing;
using Viggotech.Testing.Postgres;

namespace Viggotech.Core.Tests.Encryption;

[Collection(EncryptedPlatformCollection.Name)]
public sealed class PeopleEncryptionTests(EncryptedPlatformFixture fixture)
{
    private static PersonInput Ada(string marker) => new(
        $"Ada {marker}",
        $"ada.{marker}@example.org",
        "+44 20 7946 0958",
        new DateOnly(1815, 12, 10).AddYears(100),
        $"12 St James's Square, {marker}",
        $"Notes about {marker}");

    [Fact]
    public async Task A_person_round_trips_through_create_read_update_list_and_delete()
    {
        var tenantId = await fixture.NewTenantAsync();
        await using var scope = fixture.ForTenant(tenantId);
        var people = scope.Services.GetRequiredService<PeopleRepository>();

        var created = await people.CreateAsync(Ada("roundtrip"));
        Assert.Equal(created, await people.GetAsync(created.Id));

        var updated = await people.UpdateAsync(created.Id, new PersonInput("Ada King", Notes: "Countess"));
        Assert.NotNull(updated);
        Assert.Equal(updated, await people.GetAsync(created.Id));
        Assert.Null(updated.Email);

        var page = await people.ListAsync(1, 10);
        Assert.Equal(1, page.TotalCount);
        Assert.Equal(updated, Assert.Single(page.Items));

        Assert.True(await people.DeleteAsync(created.Id));
        Assert.Null(await people.GetAsync(created.Id));
        Assert.False(await people.DeleteAsync(created.Id));
    }

    [Fact]
    public async Task Listing_pages_newest_first()
    {
        var tenantId = await fixture.NewTenantAsync();
        await using var scope = fixture.ForTenant(tenantId);
        var people = scope.Services.GetRequiredService<PeopleRepository>();
        var names = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            names.Add((await people.CreateAsync(new PersonInput($"Person {i}"))).Name);
        }

        var first = await people.ListAsync(1, 2);
        var third = await people.ListAsync(3, 2);

        Assert.Equal(5, first.TotalCount);
        Assert.Equal(["Person 4", "Person 3"], first.Items.Select(p => p.Name));
        Assert.Equal(["Person 0"], third.Items.Select(p => p.Name));
    }

    [Fact]
    public async Task Exact_email_search_ignores_case_and_spacing_and_never_finds_another_tenants_person()
    {
        var (a, b) = (await fixture.NewTenantAsync(), await fixture.NewTenantAsync());
        Person ada;
        await using (var scope = fixture.ForTenant(a))
        {
            var people = scope.Services.GetRequiredService<PeopleRepository>();
            ada = await people.CreateAsync(new PersonInput("Ada", "Ada.Lovelace@Example.org"));
            await people.CreateAsync(new PersonInput("Charles", "charles@example.org"));
        }

        await using (var scope = fixture.ForTenant(b))
        {
            await scope.Services.GetRequiredService<PeopleRepository>().CreateAsync(new PersonInput("Other Ada", "ada.lovelace@example.org"));
        }

        await using var search = fixture.ForTenant(a);
        var repository = search.Services.GetRequiredService<PeopleRepository>();
        Assert.Equal([ada.Id], (await repository.FindByEmailAsync("  ada.lovelace@EXAMPLE.org ")).Select(p => p.Id));
        Assert.Empty(await repository.FindByEmailAsync("ada.lovelace@example.com"));
        Assert.Empty(await repository.FindByEmailAsync("not an email"));

        // The index is keyed per tenant: the same address has unrelated indexes in A and B.
        await using var admin = await fixture.Platform.OpenAdminConnectionAsync();
        var indexes = await admin.ListAsync<byte[]>(
            "select email_index from people where tenant_id = any($1) and name is not null and email_index is not null", new[] { a, b });
        Assert.Equal(indexes.Count, indexes.Select(Convert.ToHexString).Distinct().Count());
    }

    [Fact]
    public async Task Bad_input_is_refused_with_field_errors_and_nothing_is_stored()
    {
        var tenantId = await fixture.NewTenantAsync();
        await using var scope = fixture.ForTenant(tenantId);
        var people = scope.Services.GetRequiredService<PeopleRepository>();

        var error = await Assert.ThrowsAsync<PersonValidationException>(() => people.CreateAsync(new PersonInput(
            new string('x', 201), "not-an-email", "call me", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2), new string('a', 501), new string('n', 4001))));

        Assert.Equal(
            ["Address", "DateOfBirth", "Email", "Name", "Notes", "Phone"],
            error.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, (await people.ListAsync(1, 10)).TotalCount);
        await Assert.ThrowsAsync<PersonValidationException>(() => people.CreateAsync(new PersonInput("  ")));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("email")]
    [InlineData("notes")]
    public async Task One_flipped_ciphertext_byte_fails_the_integrity_check_and_is_recorded(string column)
    {
        var tenantId = await fixture.NewTenantAsync();
        var person = await CreateAsync(tenantId, Ada("flip"));

        await using (var admin = await fixture.Platform.OpenAdminConnectionAsync())
        {
            // A byte in the middle of the ciphertext: past the 17 bytes of header and nonce.
            await admin.ExecuteAsync(
                $"update people set {column} = set_byte({column}, 20, get_byte({column}, 20) # 1) where id = $1", person.Id);
        }

        var failure = await ReadFailureAsync(tenantId, person.Id);
        Assert.Equal(IntegrityFailure.AuthenticationFailed, failure.Failure);
        Assert.Equal($"people.{column}", failure.Target);
        Assert.Equal(person.Id, failure.RowId);
        Assert.Contains(fixture.Events.For(tenantId, KeyEventKind.IntegrityFailure), e => e.Detail!.Contains(person.Id.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_value_moved_to_another_row_does_not_decrypt()
    {
        var tenantId = await fixture.NewTenantAsync();
        var ada = await CreateAsync(tenantId, Ada("row-a"));
        var grace = await CreateAsync(tenantId, Ada("row-b"));

        await using (var admin = await fixture.Platform.OpenAdminConnectionAsync())
        {
            await admin.ExecuteAsync("update people set notes = (select notes from people where id = $1) where id = $2", ada.Id, grace.Id);
        }

        var failure = await ReadFailureAsync(tenantId, grace.Id);
        Assert.Equal("people.notes", failure.Target);
        Assert.Equal(IntegrityFailure.AuthenticationFailed, failure.Failure);
        Assert.Equal(ada, await ReadAsync(tenantId, ada.Id));
    }

    [Fact]
    public async Task A_value_moved_to_another_column_of_the_same_row_does_not_decrypt()
    {
        var tenantId = await fixture.NewTenantAsync();
        var ada = await CreateAsync(tenantId, Ada("column"));

        await using (var admin = await fixture.Platform.OpenAdminConnectionAsync())
        {
            await admin.ExecuteAsync("update people set address = notes where id = $1", ada.Id);
        }

        var failure = await ReadFailureAsync(tenantId, ada.Id);
        Assert.Equal("people.address", failure.Target);
    }

    [Fact]
    public async Task A_row_copied_into_another_tenant_does_not_decrypt_there()
    {
        var (a, b) = (await fixture.NewTenantAsync(), await fixture.NewTenantAsync());
        var ada = await CreateAsync(a, Ada("tenant"));

        await using (var admin = await fixture.Platform.OpenAdminConnectionAsync())
        {
            // The same row id and the same bytes under tenant B: only the tenant differs.
            var moved = Guid.NewGuid();
            await admin.ExecuteAsync("update people set id = $1 where id = $2", moved, ada.Id);
            await admin.ExecuteAsync(
                "insert into people (id, tenant_id, name, email, email_index, phone, date_of_birth, address, notes) " +
                "select $1, $2, name, email, email_index, phone, date_of_birth, address, notes from people where id = $3", ada.Id, b, moved);
        }

        var failure = await ReadFailureAsync(b, ada.Id);
        Assert.Equal(b, failure.TenantId);
        Assert.Equal("people.name", failure.Target);
    }

    [Fact]
    public async Task The_database_dump_holds_no_personal_data_in_any_encoding()
    {
        var tenantId = await fixture.NewTenantAsync();
        var marker = "Zq" + Guid.NewGuid().ToString("N")[..10];
        var person = await CreateAsync(tenantId, Ada(marker));
        Assert.Equal($"Ada {marker}", person.Name);

        var dump = await PgDump.RunAsync(fixture.Platform);

        Assert.Contains(person.Id.ToString(), dump, StringComparison.Ordinal);
        foreach (var value in new[] { person.Name, person.Email!, person.Phone!, person.Address!, person.Notes!, "1915-12-10" })
        {
            Assert.DoesNotContain(value, dump, StringComparison.OrdinalIgnoreCase);
            // bytea is dumped as hex: plaintext stored unencrypted in a bytea column would show up so.
            Assert.DoesNotContain(Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(value)), dump, StringComparison.OrdinalIgnoreCase);
        }
    }

    private async Task<Person> CreateAsync(Guid tenantId, PersonInput input)
    {
        await using var scope = fixture.ForTenant(tenantId);
        return await scope.Services.GetRequiredService<PeopleRepository>().CreateAsync(input);
    }

    private async Task<Person?> ReadAsync(Guid tenantId, Guid id)
    {
        await using var scope = fixture.ForTenant(tenantId);
        return await scope.Services.GetRequiredService<PeopleRepository>().GetAsync(id);
    }

    private async Task<DataIntegrityException> ReadFailureAsync(Guid tenantId, Guid id)
    {
        await using var scope = fixture.ForTenant(tenantId);
        var people = scope.Services.GetRequiredService<PeopleRepository>();
        var failure = await Assert.ThrowsAsync<DataIntegrityException>(() => people.GetAsync(id));
        // Listing meets the same value and returns nothing of it: the row is marked unreadable, its fields empty.
        var listed = Assert.Single((await people.ListAsync(1, 100)).Items, p => p.Id == id);
        Assert.True(listed.Unreadable);
        Assert.Equal(Person.Damaged(id, listed.CreatedAt, listed.UpdatedAt), listed);
        return failure;
    }
}
