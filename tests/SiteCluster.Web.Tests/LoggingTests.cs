using System.Text.Json;

namespace SiteCluster.Web.Tests;

public sealed class LoggingTests(SqliteDemoFactory factory) : IClassFixture<SqliteDemoFactory>
{
    [Fact]
    public async Task Request_events_in_the_rolling_json_file_carry_the_tenant_slug_and_request_id()
    {
        await factory.Client().GetStringAsync("http://www.ynyd.gov.cn/directory");

        var logs = Path.Combine(factory.Database.DataDirectory, "logs");
        JsonElement? found = null;

        // The file sink writes each event as it comes; allow a moment for the request to finish.
        for (var attempt = 0; attempt < 50 && found is null; attempt++)
        {
            found = ReadEvents(logs).Cast<JsonElement?>().FirstOrDefault(e => e is { } ev &&
                ev.TryGetProperty("RequestPath", out var path) && path.GetString() == "/directory"
                && ev.TryGetProperty("Tenant", out var tenant) && tenant.GetString() == "yongde");
            if (found is null)
            {
                await Task.Delay(100);
            }
        }

        Assert.True(found is not null, $"no matching event in {logs}: {string.Join(", ", Directory.Exists(logs) ? Directory.GetFiles(logs) : [])}; {ReadEvents(logs).Count} events; last: {ReadEvents(logs).LastOrDefault().GetRawText()}");
        Assert.False(string.IsNullOrEmpty(found.Value.GetProperty("RequestId").GetString()));
        Assert.Equal(200, found.Value.GetProperty("StatusCode").GetInt32());
    }

    private static List<JsonElement> ReadEvents(string folder)
    {
        var events = new List<JsonElement>();
        foreach (var file in Directory.Exists(folder) ? Directory.GetFiles(folder, "sitecluster-*.clef") : [])
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.StartsWith('{'))
                {
                    events.Add(JsonDocument.Parse(line).RootElement.Clone());
                }
            }
        }

        return events;
    }
}
