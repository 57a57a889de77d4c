using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Testing;

namespace SiteCluster.Web.Tests;

/// <summary>依申请公开 end to end: a citizen applies on a county site, the county registers and replies, the citizen reads the reply.</summary>
public abstract partial class AdminTests
{
    [Fact]
    public async Task A_citizen_applies_on_the_public_site_the_county_registers_and_replies_and_the_citizen_reads_the_reply()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var visitor = factory.Client();
        var apply = $"http://{tree.CountyHost}/apply";
        var form = await visitor.GetStringAsync(apply);
        (string, string)[] fields =
        [
            ("ApplicantKind", "Citizen"), ("ApplicantName", "李四"), ("IdentityNumber", "530900198001010011"), ("Phone", "13900000000"),
            ("Description", "请提供2025年度临时救助资金使用情况"), ("PreferredFormat", "电子数据"), ("Delivery", "电子邮件"), ("Email", "lisi@example.cn"),
        ];

        var withoutToken = await visitor.PostAsync(apply, new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2))));
        var honeypot = await visitor.PostAsync(apply, Form(form, [.. fields, ("Website", "http://spam.example")]));
        var missing = await visitor.PostAsync(apply, Form(form, [.. fields.Where(f => f.Item1 != "Description")]));
        var submitted = await visitor.PostAsync(apply, Form(form, fields));
        var receipt = await submitted.Content.ReadAsStringAsync();
        var number = Regex.Match(receipt, "<dd class=\"tracking-number\">([^<]+)</dd>").Groups[1].Value;
        var code = Regex.Match(receipt, "<dd class=\"query-code\">([^<]+)</dd>").Groups[1].Value;

        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, honeypot.StatusCode);
        Assert.Contains("提交未成功", await honeypot.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var missingPage = await missing.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("<span class=\"field-error\" id=\"Description-error\">必填。</span>", missingPage, StringComparison.Ordinal);
        Assert.Contains("value=\"李四\"", missingPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Matches("^YSQ[0-9]{9}$", number);
        Assert.Equal("no-store", submitted.Headers.CacheControl?.ToString());

        // The county's editor sees it waiting on the dashboard, opens it (audited), registers it, and replies.
        var editor = await LoginAsync(await UserAsync(tree.County, SiteRole.Editor));
        var dashboard = await editor.GetStringAsync($"/admin/{tree.County}");
        var list = await editor.GetStringAsync($"/admin/{tree.County}/applications");
        var detailUrl = Regex.Match(list, $"<a href=\"(/admin/{tree.County}/applications/[0-9a-f-]+)\">{number}</a>").Groups[1].Value;
        var detail = await editor.GetStringAsync(detailUrl);
        var today = SiteCluster.Core.BeijingTime.Today(TimeProvider.System).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var registered = await editor.PostAsync($"{detailUrl}?handler=Register", Form(detail, ("receivedOn", today), ("channel", "Online")));
        var afterRegister = await editor.GetStringAsync(detailUrl);
        var noReason = await editor.PostAsync($"{detailUrl}?handler=Reply", Form(afterRegister, ("outcome", "Refused"), ("reason", ""), ("reply", "不予公开。")));
        var replied = await editor.PostAsync($"{detailUrl}?handler=Reply", Form(afterRegister, ("outcome", "CannotProvide"), ("reason", "本机关不掌握相关政府信息"), ("reply", "经检索，本机关未制作或获取该信息。")));

        Assert.Contains("依申请公开待办", dashboard, StringComparison.Ordinal);
        Assert.Contains("请提供2025年度临时救助资金使用情况", list, StringComparison.Ordinal);
        Assert.DoesNotContain("李四", list, StringComparison.Ordinal);
        Assert.Contains("<dd>李四</dd>", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Contains("<dd>办理中</dd>", afterRegister, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("须选择理由", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, replied.StatusCode);
        await using (var scope = TestSites.ScopeFor(factory.Services, TestSites.Site(factory.Services, tree.County)))
        {
            var viewed = await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().AuditEntries
                .Where(e => e.Action == AuditAction.ApplicantDataViewed).Select(e => e.Actor).ToListAsync();
            Assert.NotEmpty(viewed);
            Assert.All(viewed, actor => Assert.StartsWith("user:", actor, StringComparison.Ordinal));
        }

        // The citizen checks with the number and the code; a wrong code shows nothing.
        var statusForm = await visitor.GetStringAsync($"http://{tree.CountyHost}/apply/status");
        var wrong = await (await visitor.PostAsync($"http://{tree.CountyHost}/apply/status", Form(statusForm, ("trackingNumber", number), ("code", "WRONGCOD")))).Content.ReadAsStringAsync();
        var status = await (await visitor.PostAsync($"http://{tree.CountyHost}/apply/status", Form(statusForm, ("trackingNumber", number), ("code", code)))).Content.ReadAsStringAsync();

        Assert.Contains("申请编号或查询码不正确", wrong, StringComparison.Ordinal);
        Assert.DoesNotContain("经检索", wrong, StringComparison.Ordinal);
        Assert.Contains("<dd>已答复</dd>", status, StringComparison.Ordinal);
        Assert.Contains("<dd>无法提供</dd>", status, StringComparison.Ordinal);
        Assert.Contains("<dd>本机关不掌握相关政府信息</dd>", status, StringComparison.Ordinal);
        Assert.Contains("经检索，本机关未制作或获取该信息。", status, StringComparison.Ordinal);
        Assert.DoesNotContain("530900198001010011", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_shows_on_the_public_mailbox_only_once_accepted_and_answered_and_never_with_its_writer()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var visitor = factory.Client();
        var write = $"http://{tree.CountyHost}/mailbox/write";
        var form = await visitor.GetStringAsync(write);
        var sent = await visitor.PostAsync(write, Form(form,
            ("Kind", "Consultation"), ("Subject", "残疾人两项补贴怎么申请"), ("Body", "请问需要准备哪些材料？"), ("AuthorName", "孙八"), ("Phone", "13300000000"), ("AllowPublish", "true")));
        var spam = await visitor.PostAsync(write, Form(form,
            ("Kind", "Consultation"), ("Subject", "代办证件"), ("Body", "加微信"), ("AuthorName", "某某"), ("Phone", "13300000001"), ("AllowPublish", "true")));
        var before = await visitor.GetStringAsync($"http://{tree.CountyHost}/mailbox");

        var editor = await LoginAsync(await UserAsync(tree.County, SiteRole.Editor));
        var list = await editor.GetStringAsync($"/admin/{tree.County}/messages");
        string Detail(string subject) => Regex.Match(list, $"<a href=\"(/admin/{tree.County}/messages/[0-9a-f-]+)\">[^<]+</a></td>\\s*<td>[^<]*{subject}").Groups[1].Value;
        var good = Detail("残疾人两项补贴怎么申请");
        var bad = Detail("代办证件");
        var goodPage = await editor.GetStringAsync(good);
        await editor.PostAsync($"{good}?handler=Moderate", Form(goodPage, ("accept", "true")));
        var badPage = await editor.GetStringAsync(bad);
        await editor.PostAsync($"{bad}?handler=Moderate", Form(badPage, ("accept", "false"), ("reason", "广告信息")));
        var accepted = await editor.GetStringAsync(good);
        var acceptedOnly = await visitor.GetStringAsync($"http://{tree.CountyHost}/mailbox");
        var replied = await editor.PostAsync($"{good}?handler=Reply", Form(accepted, ("reply", "请携带残疾人证和户口簿到乡镇民政办申请。"), ("office", "县民政局")));
        var after = await visitor.GetStringAsync($"http://{tree.CountyHost}/mailbox");

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, spam.StatusCode);
        Assert.DoesNotContain("残疾人两项补贴", before, StringComparison.Ordinal);
        Assert.Contains("<dd>孙八 13300000000 </dd>", goodPage, StringComparison.Ordinal);
        Assert.DoesNotContain("孙八", list, StringComparison.Ordinal);
        Assert.DoesNotContain("残疾人两项补贴", acceptedOnly, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, replied.StatusCode);
        Assert.Contains("<h2>残疾人两项补贴怎么申请 <span class=\"badge\">咨询</span></h2>", after, StringComparison.Ordinal);
        Assert.Contains("请携带残疾人证和户口簿到乡镇民政办申请。", after, StringComparison.Ordinal);
        Assert.Contains("县民政局", after, StringComparison.Ordinal);
        Assert.DoesNotContain("孙八", after, StringComparison.Ordinal);
        Assert.DoesNotContain("13300000000", after, StringComparison.Ordinal);
        Assert.DoesNotContain("代办证件", after, StringComparison.Ordinal);
    }

    private static FormUrlEncodedContent Form(string page, IEnumerable<(string Name, string Value)> fields) => Form(page, [.. fields]);
}
