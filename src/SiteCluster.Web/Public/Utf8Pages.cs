using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ViewFeatures.Buffers;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SiteCluster.Web.Public;

/// <summary>
/// The writer <see cref="PublicViews"/> renders a page into: text is encoded to UTF-8 straight
/// into a pooled buffer, and HTML that is already UTF-8 (<see cref="Utf8Html"/>, an article's
/// body as the database stores it) is copied in as bytes, never turned into a string and back.
/// It writes to memory only; <see cref="PublicViews"/> sends the page once the view has
/// rendered, so a failure mid-render sends nothing.
/// </summary>
public sealed class Utf8PageWriter(IBufferWriter<byte> output) : TextWriter(CultureInfo.InvariantCulture)
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    // An encoder rather than the encoding, so a surrogate pair split across two writes is kept whole.
    private readonly Encoder _encoder = Utf8.GetEncoder();

    // The part of the output's buffer being filled, and how much of it is: Razor writes a page as
    // hundreds of short strings, and one buffer request per few kilobytes costs less than one each.
    private Memory<byte> _chunk;
    private int _used;

    public override Encoding Encoding => Utf8;

    public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(ReadOnlySpan<char> buffer)
    {
        while (!buffer.IsEmpty)
        {
            // Four bytes hold any one character, so every pass makes progress.
            if (_chunk.Length - _used < 4)
            {
                NextChunk(buffer.Length * 3);
            }

            _encoder.Convert(buffer, _chunk.Span[_used..], flush: false, out var charsUsed, out var bytesUsed, out _);
            _used += bytesUsed;
            buffer = buffer[charsUsed..];
        }
    }

    /// <summary>Copies HTML that is already UTF-8 into the page.</summary>
    public void WriteUtf8(ReadOnlySpan<byte> html)
    {
        FlushEncoder();
        while (!html.IsEmpty)
        {
            if (_chunk.Length == _used)
            {
                NextChunk(html.Length);
            }

            var count = Math.Min(html.Length, _chunk.Length - _used);
            html[..count].CopyTo(_chunk.Span[_used..]);
            _used += count;
            html = html[count..];
        }
    }

    /// <summary>Writes out what the encoder holds and hands everything written to the output.</summary>
    public void Complete()
    {
        FlushEncoder();
        Commit();
    }

    // A lone high surrogate left at the very end becomes U+FFFD, as it would in any encoder.
    private void FlushEncoder()
    {
        if (_chunk.Length - _used < 4)
        {
            NextChunk(4);
        }

        _encoder.Convert([], _chunk.Span[_used..], flush: true, out _, out var bytesUsed, out _);
        _used += bytesUsed;
    }

    private void NextChunk(int wanted)
    {
        Commit();
        _chunk = output.GetMemory(Math.Clamp(wanted, 4096, 64 * 1024));
    }

    private void Commit()
    {
        if (_used > 0)
        {
            output.Advance(_used);
        }

        (_chunk, _used) = (default, 0);
    }

    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(char[] buffer, int index, int count)
    {
        Write(buffer, index, count);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return Task.CompletedTask;
    }

    // Razor flushes after every piece of HTML content it writes, and disposes the writer its
    // buffer scope gave it (this one): the page is sent whole at the end, and there is nothing to release.
    public override void Flush()
    {
    }

    public override Task FlushAsync() => Task.CompletedTask;

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// HTML held as UTF-8 bytes (an article's body, sanitised when it was saved). Written into a
/// <see cref="Utf8PageWriter"/> it is copied as it is; into any other writer it is decoded first.
/// Bytes that are not valid UTF-8 are left for the browser, which reads each such sequence as
/// U+FFFD: nothing in them can become markup.
/// </summary>
public sealed class Utf8Html(ReadOnlyMemory<byte> utf8) : IHtmlContent
{
    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        if (writer is Utf8PageWriter page)
        {
            page.WriteUtf8(utf8.Span);
        }
        else
        {
            writer.Write(ToString());
        }
    }

    public override string ToString() => Encoding.UTF8.GetString(utf8.Span);
}

/// <summary>
/// Lets Razor write a finished page straight into a <see cref="Utf8PageWriter"/>. Razor renders
/// a view into buffers and, at the end, writes them through a writer the view buffer scope
/// creates around the page's writer; for MVC's own writer that is a paging buffer, which would
/// hand <see cref="Utf8Html"/> a writer that is not ours. For a <see cref="Utf8PageWriter"/>,
/// which writes to memory and needs no smoothing, the scope returns the writer itself; for every
/// other writer it does what it did.
/// </summary>
public static class Utf8PageBufferScope
{
    public static IServiceCollection AddUtf8Pages(this IServiceCollection services)
    {
        var original = services.LastOrDefault(s => s.ServiceType == typeof(IViewBufferScope))
            ?? throw new InvalidOperationException("MVC's view services must be added before the UTF-8 page writer.");
        if (original.ImplementationType is not { } implementation || original.Lifetime != ServiceLifetime.Scoped)
        {
            throw new InvalidOperationException("MVC's view buffer scope is no longer a scoped type; see Utf8PageBufferScope.");
        }

        var create = ActivatorUtilities.CreateFactory(implementation, Type.EmptyTypes);
        services.Replace(ServiceDescriptor.Scoped<IViewBufferScope>(provider => new Scope((IViewBufferScope)create(provider, null))));
        return services;
    }

    private sealed class Scope(IViewBufferScope inner) : IViewBufferScope, IDisposable
    {
        public ViewBufferValue[] GetPage(int pageSize) => inner.GetPage(pageSize);

        public void ReturnSegment(ViewBufferValue[] segment) => inner.ReturnSegment(segment);

        public TextWriter CreateWriter(TextWriter writer) => writer is Utf8PageWriter ? writer : inner.CreateWriter(writer);

        public void Dispose() => (inner as IDisposable)?.Dispose();
    }
}
