namespace SiteCluster.Testing;

/// <summary>
/// Connection settings of the services <c>infra/test.sh</c> starts. A test that needs one
/// fails with a clear message when it is not set: nothing is skipped.
/// </summary>
public static class TestServices
{
    public const string PostgresVariable = "SITECLUSTER_TEST_POSTGRES";
    public const string RedisVariable = "SITECLUSTER_TEST_REDIS";
    public const string AzuriteVariable = "SITECLUSTER_TEST_AZURITE";
    public const string RedisServerVariable = "SITECLUSTER_TEST_REDIS_SERVER";
    public const string ChromiumVariable = "SITECLUSTER_TEST_CHROMIUM";
    public const string ArtifactsVariable = "SITECLUSTER_TEST_ARTIFACTS";
    public const string AxeVariable = "SITECLUSTER_TEST_AXE";

    public static string Postgres => Require(PostgresVariable, "PostgreSQL");

    public static string Redis => Require(RedisVariable, "Redis");

    public static string Azurite => Require(AzuriteVariable, "Azurite (blob storage)");

    /// <summary>The redis-server program, for tests that stop and start a Redis of their own.</summary>
    public static string RedisServer => Require(RedisServerVariable, "redis-server (the program)");

    /// <summary>Debian's Chromium, driven by Playwright in browser tests.</summary>
    public static string Chromium => Require(ChromiumVariable, "Chromium");

    /// <summary>axe-core's <c>axe.min.js</c> (from npm), run in Chromium by the accessibility tests.</summary>
    public static string Axe => Require(AxeVariable, "axe-core");

    /// <summary>Where browser tests keep their screenshots (a temp folder when unset).</summary>
    public static string Artifacts =>
        Environment.GetEnvironmentVariable(ArtifactsVariable) is { Length: > 0 } folder ? folder : Path.Combine(Path.GetTempPath(), "sitecluster-browser");

    private static string Require(string variable, string service) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{service} is not configured for tests: {variable} is not set. Run the tests with infra/test.sh, which starts it.");
}
