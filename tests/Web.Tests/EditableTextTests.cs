using System.Text;
using ContextKit.Web.Components.Pages.Repository;
using Xunit;

namespace ContextKit.Web.Tests;

public sealed class EditableTextTests
{
    [Theory]
    [InlineData("id: FEAT-001\ntitle: Search\n")]
    [InlineData("id: FEAT-001\r\ntitle: Søk\r\n")]
    [InlineData("\uFEFFid: FEAT-001\r\n")]
    [InlineData("")]
    public void Saving_an_untouched_file_gives_back_the_same_bytes(string original)
    {
        var bytes = Encoding.UTF8.GetBytes(original);
        var text = EditableText.TryDecode(bytes)!;

        Assert.Equal(bytes, text.Encode(text.Text));
    }

    [Fact]
    public void The_editor_sees_plain_line_feeds_and_the_file_keeps_its_carriage_returns()
    {
        var text = EditableText.TryDecode("a: 1\r\nb: 2\r\n"u8.ToArray())!;

        Assert.Equal("a: 1\nb: 2\n", text.Text);
        Assert.Equal("a: 1\r\nb: 2\r\nc: 3\r\n"u8.ToArray(), text.Encode("a: 1\nb: 2\nc: 3\n"));
    }

    [Fact]
    public void Binary_and_non_utf8_files_are_not_offered_for_editing()
    {
        Assert.Null(EditableText.TryDecode([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]));
        Assert.Null(EditableText.TryDecode([0x61, 0xFF, 0xFE, 0x62]));
    }
}
