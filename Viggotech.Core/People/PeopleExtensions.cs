using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Viggotech.Core.People;

namespace Microsoft.Extensions.Hosting;

public static class PeopleExtensions
{
    /// <summary>
    /// The people directory (<see cref="PeopleRepository"/>), its fields kept on the current data
    /// key by the rotation job, and the backfill of name tokens for rows written before name search.
    /// </summary>
    public static TBuilder AddPeople<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.TryAddScoped<PeopleRepository>();
        builder.Services.TryAddScoped<NameTokenBackfill>();
        builder.Services.AddEncryptedTable(PeopleTable.Descriptor);
        return builder;
    }
}
