using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text.RegularExpressions;

namespace SiteCluster.Web.Tests;

/// <summary>Every text shown to people exists in Chinese (the default) and in English, with the same placeholders.</summary>
public sealed partial class ResourceTests
{
    public static TheoryData<string, string> Resources() => new()
    {
        { "SiteCluster.Web.Resources.AdminStrings", typeof(AdminStrings).Assembly.GetName().Name! },
        { "SiteCluster.Themes.Base.Resources.ThemeStrings", typeof(Themes.Base.ThemeStrings).Assembly.GetName().Name! },
        { "SiteCluster.Core.Resources.CoreStrings", typeof(Core.CoreText).Assembly.GetName().Name! },
    };

    [Theory]
    [MemberData(nameof(Resources))]
    public void Every_text_has_an_English_translation_with_the_same_placeholders(string baseName, string assemblyName)
    {
        var manager = new ResourceManager(baseName, Assembly.Load(assemblyName));
        var chinese = Texts(manager, CultureInfo.InvariantCulture);
        var english = Texts(manager, new CultureInfo("en"));

        Assert.NotEmpty(chinese);
        Assert.Empty(chinese.Keys.Except(english.Keys).Order());
        Assert.Empty(english.Keys.Except(chinese.Keys).Order());
        Assert.All(chinese, text => Assert.Equal(
            (text.Key, Placeholders(text.Value)),
            (text.Key, Placeholders(english[text.Key]))));
        Assert.All(english, text => Assert.DoesNotMatch("[\\u4e00-\\u9fff]", text.Key == "SwitchToChinese" ? string.Empty : text.Value));
    }

    private static Dictionary<string, string> Texts(ResourceManager manager, CultureInfo culture) =>
        manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    private static string Placeholders(string text) => string.Join(",", PlaceholderRegex().Matches(text).Select(m => m.Value).Order());

    [GeneratedRegex("\\{\\d+\\}")]
    private static partial Regex PlaceholderRegex();
}
