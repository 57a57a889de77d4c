using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Content.Publishing;
using SiteCluster.Core.Content.Types;
using SiteCluster.Core.Data;
using SiteCluster.Core.Recipes;
using SiteCluster.Core.Tenancy;
using SiteCluster.Testing;

namespace SiteCluster.Core.Tests;

/// <summary>Content types as recipe data: declared fields, checked values, clear errors for a broken declaration.</summary>
public sealed class ContentTypesTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    private static readonly string StandardFile = Path.Combine(AppContext.BaseDirectory, "recipes", "content-types", "standard.json");

    [Fact]
    public async Task The_standard_types_install_once_with_the_service_guide_elements_of_the_national_rules()
    {
        await TestSites.ApplyAsync(fixture.Services, $$"""{ "steps": [ { "name": "content-types", "file": "{{StandardFile}}" } ] }""");
        var again = await TestSites.ApplyAsync(fixture.Services, $$"""{ "steps": [ { "name": "content-types", "file": "{{StandardFile}}" } ] }""");

        Assert.False(again.Changed);
        await using var scope = fixture.Services.CreateAsyncScope();
        var types = await scope.ServiceProvider.GetRequiredService<ContentTypeStore>().AllAsync();
        Assert.Equal(
            ["Article", "Interpretation", "Link", "Notice", "Page", "PolicyDocument", "Report", "ServiceGuide"],
            types.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(
            ["设定依据", "申请条件", "办理材料", "办理地点", "办理时间", "联系电话", "办理流程"],
            types["ServiceGuide"].AllFields.Where(f => f.Required).Select(f => f.DisplayName));
        Assert.Equal(("PolicyDocument", true), (types["Interpretation"].Field("policy")!.ContentType, types["Interpretation"].Field("policy")!.Required));
    }

    [Fact]
    public async Task A_broken_declaration_names_the_step_and_the_field_inside_the_file()
    {
        var json = JsonNode.Parse(await File.ReadAllTextAsync(StandardFile))!;
        json["types"]![3]!["fields"]![0]!["contentType"] = "Policy";
        json["types"]![5]!["fields"]![1]!["type"] = "Dropdown";
        var file = Path.Combine(fixture.Host.Database.DataDirectory, $"types-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, json.ToJsonString());

        var ex = await Assert.ThrowsAsync<RecipeException>(() =>
            TestSites.ApplyAsync(fixture.Services, $$"""{ "steps": [ { "name": "content-types", "file": "{{file}}" } ] }"""));

        var error = Assert.Single(ex.Errors);
        Assert.Equal((1, "content-types", "file"), (error.StepIndex, error.StepName, error.Field));
        Assert.Contains("types[5].fields[1].type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reference_to_an_undeclared_type_is_refused()
    {
        var json = JsonNode.Parse(await File.ReadAllTextAsync(StandardFile))!;
        json["types"]![3]!["fields"]![0]!["contentType"] = "Policy";

        var (types, errors) = ContentTypesReader.Read(json.ToJsonString());

        Assert.Null(types);
        Assert.Equal(("types[3].fields[0].contentType", "'Policy' is not a content type declared in this file"), Assert.Single(errors));
    }

    [Fact]
    public async Task Field_values_are_normalised_and_wrong_ones_named()
    {
        var (types, _) = ContentTypesReader.Read(await File.ReadAllTextAsync(StandardFile));
        var report = types!.Single(t => t.Name == "Report");
        var problems = new List<ContentProblem>();

        var values = ContentFieldValidator.Validate(
            report,
            new JsonObject { ["year"] = "二〇二五", ["kind"] = "月报", ["colour"] = "red" },
            complete: true,
            new RichTextSanitizer(),
            problems);

        Assert.Empty(values);
        Assert.Equal(
            [("fields.colour", ContentProblemKind.UnknownField), ("fields.year", ContentProblemKind.InvalidValue), ("fields.kind", ContentProblemKind.InvalidValue)],
            problems.Select(p => (p.Field, p.Kind)));
    }

    [Fact]
    public async Task A_content_step_with_an_unknown_type_or_column_names_the_item()
    {
        await TestSites.ApplyAsync(fixture.Services, """{ "steps": [ { "name": "content-types", "file": "content-types/standard.json" }, { "name": "catalogue", "file": "catalogue/standard.json" } ] }""", Path.Combine(AppContext.BaseDirectory, "recipes", "t.json"));
        var tree = await TestSites.CreateTreeAsync(fixture.Services);

        var ex = await Assert.ThrowsAsync<RecipeException>(() => TestSites.ApplyAsync(fixture.Services, $$"""
            { "steps": [ { "name": "content", "items": [
              { "site": "{{tree.County}}", "key": "a", "column": "04", "type": "Memo", "title": "备忘" },
              { "site": "{{tree.County}}", "key": "b", "column": "99", "type": "Notice", "title": "通知", "body": "<p>x</p>" } ] } ] }
            """));

        Assert.Equal(["items[0].type", "items[1].column"], ex.Errors.Select(e => e.Field));
        await using var scope = fixture.Services.CreateAsyncScope();
        using var cluster = scope.ServiceProvider.GetRequiredService<IClusterScope>().Open("test");
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().ContentItems.CountAsync(i => i.ImportKey == "b"));
    }
}
