using System.Text;

namespace ContextKit.Web.Components.Pages.Repository;

/// <summary>
/// A file's bytes as text to edit in the browser, and back again. A text area hands back plain
/// line feeds and no byte-order mark, so both are remembered from the loaded file and restored on
/// save: saving an untouched file must not change a single byte.
/// </summary>
public sealed record EditableText(string Text, bool ByteOrderMark, bool CarriageReturns)
{
    static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text of a UTF-8 file, or null for anything else (binary files are not edited here).</summary>
    public static EditableText? TryDecode(byte[] content)
    {
        if (Array.IndexOf(content, (byte)0) >= 0)
            return null;
        var bom = content.AsSpan().StartsWith(Encoding.UTF8.Preamble);
        string text;
        try
        {
            text = Strict.GetString(content, bom ? 3 : 0, content.Length - (bom ? 3 : 0));
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        var crlf = text.Contains("\r\n", StringComparison.Ordinal);
        return new EditableText(crlf ? text.Replace("\r\n", "\n", StringComparison.Ordinal) : text, bom, crlf);
    }

    public byte[] Encode(string edited)
    {
        var text = edited.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (CarriageReturns)
            text = text.Replace("\n", "\r\n", StringComparison.Ordinal);
        var bytes = Strict.GetBytes(text);
        return ByteOrderMark ? [.. Encoding.UTF8.Preamble, .. bytes] : bytes;
    }
}
