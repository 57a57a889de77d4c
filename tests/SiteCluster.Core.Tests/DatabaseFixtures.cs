using SiteCluster.Core.Recipes;
using SiteCluster.Testing;

namespace SiteCluster.Core.Tests;

/// <summary>One migrated database per test class; tests create their own sites in it.</summary>
public abstract class DatabaseFixture(DatabaseProvider provider) : IAsyncLifetime
{
    private CoreHost? _host;

    public DatabaseProvider Provider => provider;

    public CoreHost Host => _host ?? throw new InvalidOperationException("The fixture has not started.");

    public IServiceProvider Services => Host.Services;

    public async Task InitializeAsync() =>
        _host = await CoreHost.StartAsync(provider, services => services.AddRecipeStep<FailingStep>());

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

public sealed class SqliteFixture() : DatabaseFixture(DatabaseProvider.Sqlite);

public sealed class PostgresFixture() : DatabaseFixture(DatabaseProvider.PostgreSql);

/// <summary>A step that validates but fails while applying, as a database error would.</summary>
internal sealed class FailingStep : RecipeStep<FailingStep.Data>
{
    public override string Name => "test-fail";

    public sealed class Data : RecipeStepData;

    protected override Task ValidateAsync(Data data, RecipeValidation validation, CancellationToken cancellationToken) => Task.CompletedTask;

    protected override Task<(int Created, int Updated, int Unchanged)> ApplyAsync(Data data, RecipeExecution execution, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("simulated failure");
}
