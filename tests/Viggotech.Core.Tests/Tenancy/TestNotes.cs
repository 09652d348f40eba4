using Viggotech.Core.Notes;
using Viggotech.Testing;

namespace Viggotech.Core.Tests.Tenancy;

internal static class TestNotes
{
    /// <summary>Adds a note the normal way: through EF, in a scope acting for its tenant.</summary>
    public static async Task<Guid> AddNoteAsync(this PlatformTestDatabase platform, Guid tenantId, string title)
    {
        await using var scope = platform.ForTenant(tenantId);
        var note = new Note { Title = title, Body = $"{title} body" };
        scope.Db.Notes.Add(note);
        await scope.Db.SaveChangesAsync();
        return note.Id;
    }
}
