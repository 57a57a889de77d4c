using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Mvc;

namespace SiteCluster.Web.Public;

/// <summary>XML answers (RSS, sitemap.xml) written as UTF-8 with their declaration.</summary>
public static class PublicXml
{
    public static ContentResult Result(XDocument document, string type)
    {
        using var writer = new Utf8StringWriter();
        document.Save(writer);
        return new ContentResult { Content = writer.ToString(), ContentType = $"{type}; charset=utf-8" };
    }

    private sealed class Utf8StringWriter() : StringWriter(CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }
}
