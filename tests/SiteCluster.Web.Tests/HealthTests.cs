using System.Net;
using System.Text.Json;
using SiteCluster.Core;

namespace SiteCluster.Web.Tests;

public sealed class HealthTests
{
    [Fact]
    public Task Healthz_says_the_process_is_alive() =>
        WithHostAsync(new SiteClusterWebFactory(DatabaseProvider.Sqlite, demo: false), async client =>
        {
            var response = await client.GetAsync("/healthz");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Healthy", (await ReadAsync(response)).GetProperty("status").GetString());
        });

    [Fact]
    public Task Readyz_checks_database_redis_and_blob_storage_when_they_are_reachable() =>
        WithHostAsync(new ReachableServicesFactory(), async client =>
        {
            var response = await client.GetAsync("/readyz");
            var body = await ReadAsync(response);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Healthy", body.GetProperty("status").GetString());
            var checks = body.GetProperty("checks");
            Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
            Assert.Equal("Healthy", checks.GetProperty("redis").GetProperty("status").GetString());
            Assert.Equal("Healthy", checks.GetProperty("blob-storage").GetProperty("status").GetString());
        });

    [Fact]
    public Task Readyz_is_degraded_without_redis_and_unavailable_without_blob_storage() =>
        WithHostAsync(new UnreachableServicesFactory(), async client =>
        {
            var response = await client.GetAsync("/readyz");
            var checks = (await ReadAsync(response)).GetProperty("checks");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
            Assert.Equal("Degraded", checks.GetProperty("redis").GetProperty("status").GetString());
            Assert.Equal("Unhealthy", checks.GetProperty("blob-storage").GetProperty("status").GetString());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        });

    private static async Task WithHostAsync(SiteClusterWebFactory factory, Func<HttpClient, Task> test)
    {
        IAsyncLifetime lifetime = factory;
        await lifetime.InitializeAsync();
        try
        {
            await test(factory.Client());
        }
        finally
        {
            await lifetime.DisposeAsync();
        }
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
