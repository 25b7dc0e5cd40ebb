using System.Text;
using System.Text.Json.Nodes;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Templates;
using ContextKit.Domain.Yaml;

namespace ContextKit.Domain.Tests.Entities;

/// <summary>The one-pass reader must give exactly what the reference parser and converter give.</summary>
public class YamlJsonReaderTests
{
    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>
        {
            "id: a\nlist: [1, 2.5, x, 'q', \"d\", ~, true, false, 2025-01-01]\nnested:\n  deep:\n    - {a: 1, b: [x]}\n",
            "base: &b {a: 1, list: [1, 2]}\ncopy: *b\nscalar: &s hello\nagain: *s\n",
            "text: |\n  line one\n  line two\nfolded: >\n  a\n  b\nempty:\nquoted: ''\n",
            "id: x\nid: y\n",
            "- not a mapping\n",
            "",
            "# only a comment\n",
            "a: [1, 2\nb: 3\n",
            "a: b: c\n",
            "one: 1\n---\ntwo: 2\n",
            "tagged: !!str 123\nnumber: !!int 7\n",
        };
        foreach (var file in RepositoryTemplates.Files(RepositoryTemplate.Starter).Where(f => f.Path.EndsWith(".yaml", StringComparison.Ordinal)))
            data.Add(Encoding.UTF8.GetString(file.Content));
        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Reads_the_same_data_positions_and_errors_as_the_reference_parser(string text)
    {
        var reference = YamlDocumentParser.Parse(text);
        var read = YamlJsonReader.Read(text);

        if (!reference.Ok)
        {
            Assert.Null(read.Data);
            Assert.Equal(reference.Error, read.Failure!.Error);
            Assert.Equal(reference.Line, read.Failure.Line);
            return;
        }
        var (data, positions) = YamlToJson.Convert(reference.Root!);
        Assert.True(JsonNode.DeepEquals(data, read.Data), $"{data.ToJsonString()}\n!=\n{read.Data?.ToJsonString()}");
        // Inside an alias the reader points at the alias, the reference at the anchor: both are fine.
        if (text.Contains('*'))
            return;
        foreach (var pointer in Pointers(data, ""))
        {
            Assert.Equal(positions.Value(pointer), read.Positions!.Value(pointer));
            Assert.Equal(positions.Key(pointer), read.Positions.Key(pointer));
        }
    }

    [Fact]
    public void A_mapping_key_that_is_not_a_plain_value_is_refused() =>
        Assert.Equal("mapping keys must be plain values", YamlJsonReader.Read("? [complex, key]\n: value\n").Failure!.Error);

    static IEnumerable<string> Pointers(JsonNode? node, string pointer)
    {
        yield return pointer;
        if (node is JsonObject obj)
            foreach (var (key, child) in obj)
                foreach (var inner in Pointers(child, pointer + "/" + SourcePositions.Escape(key)))
                    yield return inner;
        if (node is JsonArray array)
            for (var i = 0; i < array.Count; i++)
                foreach (var inner in Pointers(array[i], $"{pointer}/{i}"))
                    yield return inner;
    }
}
