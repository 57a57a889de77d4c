using System.Net;
using System.Text.RegularExpressions;
using SiteCluster.Core.Identity;
using SiteCluster.Testing;

namespace SiteCluster.Web.Tests;

/// <summary>Two-factor sign-in: required for ClusterAdmin, optional for everyone else.</summary>
public abstract partial class AdminTests
{
    [Fact]
    public async Task A_cluster_admin_must_set_up_two_factor_sign_in_and_then_signs_in_with_a_code_or_a_recovery_code()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var userName = await UserAsync(tree.Province, SiteRole.ClusterAdmin);
        var client = await LoginAsync(userName);

        var blocked = await client.GetAsync("/admin/_cluster/sites");
        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
        Assert.Equal("/admin/account/two-factor?required=true", blocked.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync($"/admin/{tree.County}")).StatusCode);

        var setup = await client.GetStringAsync("/admin/account/two-factor?required=true");
        Assert.Contains("集群管理员必须开启双因素认证", setup, StringComparison.Ordinal);
        Assert.Matches("<img src=\"data:image/svg(\\+|&#x2B;)xml;base64,[A-Za-z0-9+/=&#;]{200,}\" alt=\"身份验证器二维码\"", setup);
        var key = AuthenticatorKey(setup);

        var wrong = await client.PostAsync("/admin/account/two-factor?handler=Enable", Form(setup, ("code", WrongCode(key))));
        Assert.Contains("验证码不正确", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var enabled = await client.PostAsync("/admin/account/two-factor?handler=Enable", Form(setup, ("code", Totp.Code(key, DateTimeOffset.UtcNow))));
        var enabledHtml = await enabled.Content.ReadAsStringAsync();
        var recoveryCodes = Regex.Matches(enabledHtml, "<li><code>([^<]+)</code></li>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, recoveryCodes.Count);
        Assert.DoesNotContain("handler=Disable", enabledHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/_cluster/sites")).StatusCode);

        // The next sign-in asks for the code after the password; a wrong code is refused.
        var next = factory.Client();
        next.BaseAddress = new Uri("http://localhost");
        var password = await next.PostAsync("/admin/login", Form(await next.GetStringAsync("/admin/login"), ("userName", userName), ("password", Password)));
        Assert.StartsWith("/admin/login/two-factor", password.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await next.GetAsync("/admin/_cluster/sites")).StatusCode);
        var second = await next.GetStringAsync(password.Headers.Location);
        var refused = await next.PostAsync("/admin/login/two-factor", Form(second, ("code", WrongCode(key))));
        Assert.Contains("验证码不正确", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var accepted = await next.PostAsync("/admin/login/two-factor", Form(second, ("code", Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30)))));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync("/admin/_cluster/sites")).StatusCode);

        // A recovery code stands in for the phone once.
        Assert.Equal(HttpStatusCode.Redirect, (await RecoverySignInAsync(userName, recoveryCodes[0])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RecoverySignInAsync(userName, recoveryCodes[0])).StatusCode);
    }

    [Fact]
    public async Task An_editor_may_turn_two_factor_sign_in_on_and_off_but_need_not()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var client = await LoginAsync(await UserAsync(tree.County, SiteRole.Editor));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/admin/{tree.County}/content")).StatusCode);

        var setup = await client.GetStringAsync("/admin/account/two-factor");
        var key = AuthenticatorKey(setup);
        var enabled = await client.PostAsync("/admin/account/two-factor?handler=Enable", Form(setup, ("code", Totp.Code(key, DateTimeOffset.UtcNow))));
        var enabledHtml = await enabled.Content.ReadAsStringAsync();
        Assert.Contains("双因素认证已开启。", enabledHtml, StringComparison.Ordinal);

        var ask = await client.PostAsync("/admin/account/two-factor?handler=Disable", Form(enabledHtml));
        Assert.Contains("确定关闭双因素认证吗？", await ask.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var off = await client.PostAsync("/admin/account/two-factor?handler=Disable", Form(enabledHtml, ("confirmed", "true")));
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.Contains("id=\"authenticator-key\"", await client.GetStringAsync("/admin/account/two-factor"), StringComparison.Ordinal);
    }

    /// <summary>The key the setup page shows for typing into an app by hand.</summary>
    private static string AuthenticatorKey(string setupPage) =>
        Regex.Match(setupPage, "id=\"authenticator-key\">([a-z0-9 ]+)</code>").Groups[1].Value;

    /// <summary>A six-digit code the app would not show in the next minutes.</summary>
    private static string WrongCode(string key)
    {
        var near = Enumerable.Range(-3, 7).Select(i => Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30 * i))).ToHashSet();
        return Enumerable.Range(0, 1000).Select(i => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(c => !near.Contains(c));
    }

    private async Task<HttpResponseMessage> RecoverySignInAsync(string userName, string recoveryCode)
    {
        var client = factory.Client();
        client.BaseAddress = new Uri("http://localhost");
        var password = await client.PostAsync("/admin/login", Form(await client.GetStringAsync("/admin/login"), ("userName", userName), ("password", Password)));
        var second = await client.GetStringAsync(password.Headers.Location);
        return await client.PostAsync("/admin/login/two-factor", Form(second, ("code", recoveryCode)));
    }

    /// <summary>Signs in a new ClusterAdmin of the province and sets up its two-factor sign-in, as the cluster requires.</summary>
    private async Task<HttpClient> LoginClusterAdminAsync(string province)
    {
        var client = await LoginAsync(await UserAsync(province, SiteRole.ClusterAdmin));
        var setup = await client.GetStringAsync("/admin/account/two-factor");
        var key = AuthenticatorKey(setup);
        var enabled = await client.PostAsync("/admin/account/two-factor?handler=Enable", Form(setup, ("code", Totp.Code(key, DateTimeOffset.UtcNow))));
        Assert.Contains("双因素认证已开启。", await enabled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        return client;
    }
}
