using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ForumApp.Data.Queries;

/// <summary>
/// A compiled query (<see cref="EF.CompileAsyncQuery{TContext, TResult}(System.Linq.Expressions.Expression{Func{TContext, TResult}})"/>)
/// per model. EF Core binds a compiled query to the model it first ran with and refuses any other, and the forum has
/// one model per database provider (both run in one test process). Used only on the paths every request takes, where
/// skipping the LINQ translation cache (parameter extraction and the cache lookup) is worth it: see docs/performance.md.
/// </summary>
internal sealed class CompiledPerModel<TQuery>(Func<TQuery> compile)
    where TQuery : class
{
    private readonly ConcurrentDictionary<IModel, TQuery> _byModel = new();

    /// <summary>The query compiled for <paramref name="db"/>'s model.</summary>
    public TQuery For(DbContext db) => _byModel.GetOrAdd(db.Model, static (_, compile) => compile(), compile);
}
