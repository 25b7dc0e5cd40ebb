using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContextKit.Domain.Collaboration;

public sealed partial class TextOperation
{
    /// <summary>
    /// Reads <c>[{"retain":n},{"insert":"text"},{"delete":n}]</c>. Each component has exactly one key; counts are
    /// positive integers of UTF-16 code units; inserts are non-empty. Anything else, and operations over
    /// <paramref name="limits"/>, is refused with a <see cref="TextOperationException"/> that names the component.
    /// </summary>
    public static TextOperation Parse(JsonElement json, TextOperationLimits? limits = null)
    {
        limits ??= TextOperationLimits.Default;
        if (json.ValueKind != JsonValueKind.Array)
            throw Malformed($"A text operation is a JSON array of components like {{\"retain\":5}}, {{\"insert\":\"text\"}}, {{\"delete\":2}}; got {Describe(json.ValueKind)}.");
        var count = json.GetArrayLength();
        if (count > limits.MaxComponents)
            throw limits.TooManyComponents(count);

        var builder = new TextOperationBuilder();
        long inserted = 0;
        var index = 0;
        foreach (var element in json.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object)
                throw Malformed($"Component {index} is {Describe(element.ValueKind)}; each component is an object with one key: retain, insert or delete.");
            var properties = element.EnumerateObject().ToList();
            if (properties.Count != 1)
                throw Malformed(properties.Count == 0
                    ? $"Component {index} is an empty object; it needs one key: retain, insert or delete."
                    : $"Component {index} has the keys {string.Join(", ", properties.Select(p => p.Name))}; each component has exactly one of retain, insert, delete.");
            var property = properties[0];
            switch (property.Name)
            {
                case "retain":
                    builder.Retain(Count(property.Value, "retain", index));
                    break;
                case "delete":
                    builder.Delete(Count(property.Value, "delete", index));
                    break;
                case "insert":
                    var text = Text(property.Value, index);
                    inserted += text.Length;
                    if (inserted > limits.MaxInsertLength)
                        throw limits.TooMuchInserted(inserted);
                    builder.Insert(text);
                    break;
                default:
                    throw Malformed($"Component {index} has the unknown key \"{property.Name}\"; the keys are retain, insert and delete.");
            }
            index++;
        }
        return builder.Build();
    }

    /// <summary>Parses the JSON text of an operation; see <see cref="Parse(JsonElement, TextOperationLimits?)"/>.</summary>
    public static TextOperation Parse(string json, TextOperationLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return Parse(document.RootElement, limits);
        }
        catch (JsonException e)
        {
            throw Malformed($"The text operation is not valid JSON: {e.Message}");
        }
    }

    /// <summary>Writes the operation as <c>[{"retain":n},{"insert":"text"},{"delete":n}]</c>.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartArray();
        foreach (var component in components)
        {
            writer.WriteStartObject();
            switch (component.Kind)
            {
                case TextComponentKind.Retain:
                    writer.WriteNumber("retain", component.Length);
                    break;
                case TextComponentKind.Delete:
                    writer.WriteNumber("delete", component.Length);
                    break;
                default:
                    writer.WriteString("insert", component.Text);
                    break;
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>The operation's JSON text.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            WriteTo(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    static int Count(JsonElement value, string key, int index)
    {
        if (value.ValueKind != JsonValueKind.Number)
            throw Malformed($"Component {index}: {key} must be a positive integer count of UTF-16 code units; got {Describe(value.ValueKind)}.");
        if (!value.TryGetInt64(out var count))
            throw Malformed($"Component {index}: {key} must be a positive integer count of UTF-16 code units; got {value.GetRawText()}.");
        if (count <= 0)
            throw Malformed($"Component {index}: {key} must be at least 1; got {count}.");
        if (count > int.MaxValue)
            throw new TextOperationException(TextOperationError.LimitExceeded, $"Component {index}: {key} {count} is longer than any document.");
        return (int)count;
    }

    static string Text(JsonElement value, int index)
    {
        if (value.ValueKind != JsonValueKind.String)
            throw Malformed($"Component {index}: insert must be a string; got {Describe(value.ValueKind)}.");
        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Malformed($"Component {index}: the inserted text is not valid Unicode (an unpaired surrogate escape?).");
        }
        if (text.Length == 0)
            throw Malformed($"Component {index}: insert must not be empty.");
        return text;
    }

    static TextOperationException Malformed(string message) => new(TextOperationError.Malformed, message);

    static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}

/// <summary>System.Text.Json shape of <see cref="TextOperation"/> (hub messages, REST bodies), with the default limits.</summary>
public sealed class TextOperationJsonConverter : JsonConverter<TextOperation>
{
    public override TextOperation Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return TextOperation.Parse(document.RootElement);
    }

    public override void Write(Utf8JsonWriter writer, TextOperation value, JsonSerializerOptions options) => value.WriteTo(writer);
}
