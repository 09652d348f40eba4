using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Crypto;
using Viggotech.Core.Crypto.Fields;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Data;

namespace Viggotech.Core.People;

/// <summary>
/// The people directory of the scope's tenant. Fields are encrypted here, in the write's
/// transaction with the active data key, and decrypted on the way out; the database only ever
/// sees envelopes and the email's blind index. Encryption is explicit rather than an EF value
/// converter because each value's associated data needs the row id and tenant, and the key
/// lookup is asynchronous; a converter sees neither.
/// </summary>
public sealed class PeopleRepository(PlatformDbContext db, TenantKeyring keyring, TimeProvider time)
{
    public const int MaxPageSize = 100;

    public async Task<Person> CreateAsync(PersonInput input, CancellationToken cancellationToken = default)
    {
        Validate(input);
        var id = Guid.CreateVersion7();
        return await db.InTransactionAsync(async ct =>
        {
            using var key = await keyring.AcquireForWriteAsync(ct);
            var now = Now();
            var record = new PersonRecord { Id = id, Name = [], CreatedAt = now, UpdatedAt = now };
            Seal(record, input, key);
            db.Add(record);
            await db.SaveChangesAsync(ct);
            return ToPerson(record, input);
        }, cancellationToken);
    }

    /// <summary>Replaces every field; null when the person does not exist (in this tenant).</summary>
    public async Task<Person?> UpdateAsync(Guid id, PersonInput input, CancellationToken cancellationToken = default)
    {
        Validate(input);
        return await db.InTransactionAsync(async ct =>
        {
            var record = await db.Set<PersonRecord>().SingleOrDefaultAsync(p => p.Id == id, ct);
            if (record is null)
            {
                return null;
            }

            using var key = await keyring.AcquireForWriteAsync(ct);
            Seal(record, input, key);
            record.UpdatedAt = Now();
            await db.SaveChangesAsync(ct);
            return ToPerson(record, input);
        }, cancellationToken);
    }

    public async Task<Person?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var record = await db.Set<PersonRecord>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (record is null)
        {
            return null;
        }

        using var reader = keyring.CreateReader();
        return await OpenAsync(reader, record, cancellationToken);
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default) =>
        await db.Set<PersonRecord>().Where(p => p.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>
    /// A page of the directory, newest first; <paramref name="page"/> starts at 1. A row that fails
    /// its integrity check is in the page as <see cref="Person.Damaged"/> (and recorded);
    /// <see cref="GetAsync"/> of that row throws <see cref="DataIntegrityException"/>.
    /// </summary>
    public async Task<PeoplePage> ListAsync(int page, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);

        var people = db.Set<PersonRecord>().AsNoTracking();
        var total = await people.CountAsync(cancellationToken);
        var records = await people.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new PeoplePage(await OpenAllAsync(records, cancellationToken), page, pageSize, total);
    }

    /// <summary>
    /// People whose email equals <paramref name="email"/> after normalisation (case, spacing),
    /// found by blind index under every key version values may be under during a rotation.
    /// </summary>
    public async Task<IReadOnlyList<Person>> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        if (!EmailAddress.IsValid(email))
        {
            return [];
        }

        var normalised = EmailAddress.Normalise(email);
        var indexes = new List<byte[]>();
        foreach (var version in await keyring.ReadableVersionsAsync(cancellationToken))
        {
            using var key = await keyring.AcquireAsync(version, cancellationToken);
            indexes.Add(BlindIndex.Compute(key, PeopleTable.Email, normalised));
        }

        var records = await db.Set<PersonRecord>().AsNoTracking()
            .Where(p => p.EmailIndex != null && indexes.Contains(p.EmailIndex))
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Take(MaxPageSize).ToListAsync(cancellationToken);
        var people = await OpenAllAsync(records, cancellationToken);
        // A damaged row matched by its index may or may not be this address; it is shown as unreadable.
        return [.. people.Where(p => p.Unreadable || (p.Email is { } found && EmailAddress.Normalise(found) == normalised))];
    }

    /// <summary>
    /// A page of the people whose name contains every word of <paramref name="name"/> (whole
    /// words, case and accents ignored: see <see cref="PersonName"/>), newest first. Found through
    /// the name's word tokens under every key version values may be under during a rotation;
    /// the database never sees the words.
    /// </summary>
    public async Task<PeoplePage> SearchByNameAsync(string name, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);

        var words = PersonName.Words(name);
        if (words.Count == 0)
        {
            return new PeoplePage([], page, pageSize, 0);
        }

        var versions = await keyring.ReadableVersionsAsync(cancellationToken);
        var people = db.Set<PersonRecord>().AsNoTracking();
        foreach (var word in words)
        {
            var tokens = new List<byte[]>(versions.Count);
            foreach (var version in versions)
            {
                using var key = await keyring.AcquireAsync(version, cancellationToken);
                tokens.Add(BlindIndex.Compute(key, PeopleTable.FullName, word));
            }

            var alternatives = tokens.ToArray();
            people = people.Where(p => p.NameTokens.Any(t => alternatives.Contains(t)));
        }

        var total = await people.CountAsync(cancellationToken);
        var records = await people.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new PeoplePage(await OpenAllAsync(records, cancellationToken), page, pageSize, total);
    }

    private async Task<IReadOnlyList<Person>> OpenAllAsync(List<PersonRecord> records, CancellationToken cancellationToken)
    {
        using var reader = keyring.CreateReader();
        var people = new List<Person>(records.Count);
        foreach (var record in records)
        {
            try
            {
                people.Add(await OpenAsync(reader, record, cancellationToken));
            }
            catch (DataIntegrityException)
            {
                // The reader recorded the failure; the rest of the page is still the tenant's to see.
                people.Add(Person.Damaged(record.Id, record.CreatedAt, record.UpdatedAt));
            }
        }

        return people;
    }

    private static async Task<Person> OpenAsync(FieldReader reader, PersonRecord record, CancellationToken cancellationToken) => new(
        record.Id,
        (await ReadAsync(reader, PeopleTable.FullName, record.Id, record.Name, cancellationToken))!,
        await ReadAsync(reader, PeopleTable.Email, record.Id, record.Email, cancellationToken),
        await ReadAsync(reader, PeopleTable.Phone, record.Id, record.Phone, cancellationToken),
        PersonInput.ParseDate(await ReadAsync(reader, PeopleTable.DateOfBirth, record.Id, record.DateOfBirth, cancellationToken)),
        await ReadAsync(reader, PeopleTable.Address, record.Id, record.Address, cancellationToken),
        await ReadAsync(reader, PeopleTable.Notes, record.Id, record.Notes, cancellationToken),
        record.CreatedAt,
        record.UpdatedAt);

    private static void Seal(PersonRecord record, PersonInput input, DataKeyLease key)
    {
        var id = record.Id;
        var email = PersonInput.Clean(input.Email);
        record.Name = Encrypt(key, PeopleTable.FullName, id, input.Name.Trim())!;
        record.Email = Encrypt(key, PeopleTable.Email, id, email);
        record.EmailIndex = email is null ? null : BlindIndex.Compute(key, PeopleTable.Email, EmailAddress.Normalise(email));
        record.NameTokens = PeopleTable.NameTokens.Compute(key, input.Name);
        record.Phone = Encrypt(key, PeopleTable.Phone, id, PersonInput.Clean(input.Phone));
        record.DateOfBirth = Encrypt(key, PeopleTable.DateOfBirth, id, PersonInput.Format(input.DateOfBirth));
        record.Address = Encrypt(key, PeopleTable.Address, id, PersonInput.Clean(input.Address));
        record.Notes = Encrypt(key, PeopleTable.Notes, id, PersonInput.Clean(input.Notes));
    }

#if BENCHMARK_PLAINTEXT_PEOPLE
    // Only in the build bench/people.sh compares against (-p:BenchmarkPlaintextPeople=true): the
    // same queries and transactions with the fields stored as plain UTF-8. Never built otherwise.
    private static byte[]? Encrypt(DataKeyLease key, EncryptedColumn column, Guid id, string? value) =>
        value is null ? null : System.Text.Encoding.UTF8.GetBytes(value);

    private static ValueTask<string?> ReadAsync(FieldReader reader, EncryptedColumn column, Guid id, byte[]? value, CancellationToken cancellationToken) =>
        ValueTask.FromResult(value is null ? null : System.Text.Encoding.UTF8.GetString(value));
#else
    private static byte[]? Encrypt(DataKeyLease key, EncryptedColumn column, Guid id, string? value) =>
        value is null ? null : FieldCipher.Encrypt(key, column, id, value);

    private static ValueTask<string?> ReadAsync(FieldReader reader, EncryptedColumn column, Guid id, byte[]? value, CancellationToken cancellationToken) =>
        reader.ReadAsync(column, id, value, cancellationToken);
#endif

    private static Person ToPerson(PersonRecord record, PersonInput input) => new(
        record.Id,
        input.Name.Trim(),
        PersonInput.Clean(input.Email),
        PersonInput.Clean(input.Phone),
        input.DateOfBirth,
        PersonInput.Clean(input.Address),
        PersonInput.Clean(input.Notes),
        record.CreatedAt,
        record.UpdatedAt);

    private void Validate(PersonInput input)
    {
        var errors = input.Validate(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        if (errors.Count > 0)
        {
            throw new PersonValidationException(errors);
        }
    }

    // PostgreSQL keeps microseconds: what is returned equals what is read back later.
    private DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }
}
