using Microsoft.EntityFrameworkCore.Migrations;

namespace SiteCluster.Core.Data;

/// <summary>
/// PostgreSQL row-level security for tenant-owned tables: a row is visible and writable only
/// when its <c>TenantId</c> equals the connection's <c>sitecluster.tenant_id</c> setting, or
/// when the connection is in cluster scope. Forced, so it binds the table owner too; only a
/// superuser or a BYPASSRLS role escapes it, and the host refuses to run as one.
/// </summary>
public static class RowLevelSecurity
{
    public const string PolicyName = "tenant_isolation";

    private const string Predicate =
        "current_setting('sitecluster.cluster_scope', true) = 'on' " +
        "OR \"TenantId\" = NULLIF(current_setting('sitecluster.tenant_id', true), '')::uuid";

    public static void EnableTenantRowSecurity(this MigrationBuilder migrationBuilder, string table)
    {
        migrationBuilder.Sql($"ALTER TABLE \"{table}\" ENABLE ROW LEVEL SECURITY;");
        migrationBuilder.Sql($"ALTER TABLE \"{table}\" FORCE ROW LEVEL SECURITY;");
        migrationBuilder.Sql($"CREATE POLICY {PolicyName} ON \"{table}\" USING ({Predicate}) WITH CHECK ({Predicate});");
    }

    public static void DisableTenantRowSecurity(this MigrationBuilder migrationBuilder, string table)
    {
        migrationBuilder.Sql($"DROP POLICY IF EXISTS {PolicyName} ON \"{table}\";");
        migrationBuilder.Sql($"ALTER TABLE \"{table}\" NO FORCE ROW LEVEL SECURITY;");
        migrationBuilder.Sql($"ALTER TABLE \"{table}\" DISABLE ROW LEVEL SECURITY;");
    }

    public const string RepostReadPolicyName = "repost_source_read";

    /// <summary>
    /// A second, read-only policy on <c>ContentItems</c>: a site may read an item of another site
    /// that has been reposted to it (转载 are live references, not copies). The reposts it looks
    /// at are themselves bound by <c>Reposts</c>' own policy, so only the current site's count.
    /// </summary>
    public static void AllowReadOfRepostedItems(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(
            $"CREATE POLICY {RepostReadPolicyName} ON \"ContentItems\" FOR SELECT USING (EXISTS (SELECT 1 FROM \"Reposts\" r " +
            "WHERE r.\"SourceItemId\" = \"ContentItems\".\"Id\" " +
            "AND r.\"TenantId\" = NULLIF(current_setting('sitecluster.tenant_id', true), '')::uuid));");

    public static void DisallowReadOfRepostedItems(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql($"DROP POLICY IF EXISTS {RepostReadPolicyName} ON \"ContentItems\";");
}
