using SiteCluster.Core;
using SiteCluster.Web.Admin;
using SiteCluster.Web.Api;
using SiteCluster.Web.Content;
using SiteCluster.Web.Health;
using SiteCluster.Web.Interaction;
using SiteCluster.Web.Logging;
using SiteCluster.Web.Monitoring;
using SiteCluster.Web.Public;
using SiteCluster.Web.Search;
using SiteCluster.Web.Tenancy;

// ClosedXML (the monitoring export) measures text with System.Drawing, which on Linux draws on
// Debian's libgdiplus once this switch allows it.
AppContext.SetSwitch("System.Drawing.EnableUnixSupport", true);

var builder = WebApplication.CreateBuilder(args);

// Theme assets (Razor class libraries) are served from the build output in every environment,
// not only Development; a published app has them in wwwroot and this is a no-op.
builder.WebHost.UseStaticWebAssets();

builder.Services.AddSiteClusterCore(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddSiteClusterLogging();
builder.Services.AddPublicSites();
builder.Services.AddPublicPageCache();
builder.Services.AddPublicSearch(builder.Configuration);
builder.Services.AddPublicInteraction(builder.Configuration);
builder.Services.AddContentScheduler();
builder.Services.AddMonitoringScheduler();
builder.Services.AddMonitoringWatches();
builder.Services.AddAdmin();

var app = builder.Build();

await app.Services.InitializeSiteClusterAsync();

app.UseSiteClusterRequestLogging();
app.UsePublicErrorPages();
app.UseSiteResolution();
app.UseFingerprintedStaticFiles();
// Cached public pages are answered here, before routing; what the steps below would check
// for them (site status, signed-in user) the cache's policy checks itself.
app.UsePublicPageCache();
app.UseRequestLocalization();
app.UseRouting();
app.UseRateLimiter();
app.UseSiteGate();
app.UseCookieAuthentication();
app.UseAuthorization();
app.UsePublicPageEncoding();

app.MapSiteClusterHealth();
app.MapSitesApi();
app.MapAdmin();
app.MapPublicSites();

await app.RunAsync();

/// <summary>The web host's entry point; public so tests can start it.</summary>
public partial class Program;
