using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OpsModule.Core.Backup.Config;

/// <summary>
/// Writes JSON objects as a multi-document YAML stream that every YAML 1.1 and 1.2 reader (kubectl's included) reads back
/// to the same JSON: a string is written plain only when no reader could take it for anything else; otherwise it is
/// double-quoted ("8080", "true", "yes", "0123", "~"), and multi-line text is a literal block where YAML allows it.
/// </summary>
public static class ConfigYamlWriter
{
    private static readonly HashSet<string> Yaml11Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "n", "yes", "no", "on", "off", "true", "false", "null",
    };

    public static string Write(IEnumerable<JsonObject> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var text = new StringWriter { NewLine = "\n" };
        var emitter = new Emitter(text, 2, int.MaxValue, false);
        emitter.Emit(new StreamStart());
        foreach (var document in documents)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: false));
            EmitNode(emitter, document);
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }

        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    public static byte[] WriteUtf8(IEnumerable<JsonObject> documents) => new UTF8Encoding(false).GetBytes(Write(documents));

    /// <summary>True when <paramref name="value"/> can be written without quotes and still reads back as this string.</summary>
    internal static bool IsSafePlain(string value)
    {
        if (value.Length == 0 || Yaml11Keywords.Contains(value) || value[^1] == ':')
        {
            return false;
        }

        if (!(char.IsAsciiLetter(value[0]) || value[0] is '_' or '/'))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '/' or '-' or ':' or '@' or '+'))
            {
                return false;
            }
        }

        return true;
    }

    // Readers treat NEL, LS and PS as line breaks and drop or fold control characters inside block scalars; only double
    // quotes (with escapes) keep those exactly.
    private static bool FitsLiteralBlock(string text)
    {
        foreach (var c in text)
        {
            if (c != '\n' && (c < ' ' || c is >= '\u007f' and <= '\u009f' or '\u2028' or '\u2029' or '\ufeff'))
            {
                return false;
            }
        }

        return true;
    }

    private static void EmitNode(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case null:
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, "null", ScalarStyle.Plain, true, false));
                break;
            case JsonObject obj:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in obj)
                {
                    EmitString(emitter, key);
                    EmitNode(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array)
                {
                    EmitNode(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value:
                EmitValue(emitter, value);
                break;
        }
    }

    private static void EmitValue(IEmitter emitter, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                EmitString(emitter, value.GetValue<string>());
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
            case JsonValueKind.Number:
            case JsonValueKind.Null:
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value.ToJsonString(), ScalarStyle.Plain, true, false));
                break;
            default:
                throw new ArgumentException($"Cannot write a JSON {value.GetValueKind()} as YAML.", nameof(value));
        }
    }

    private static void EmitString(IEmitter emitter, string text)
    {
        // The emitter falls back to double quotes when a literal block cannot hold the text exactly (e.g. trailing spaces).
        var style = IsSafePlain(text) ? ScalarStyle.Plain
            : text.Contains('\n', StringComparison.Ordinal) && FitsLiteralBlock(text) ? ScalarStyle.Literal
            : ScalarStyle.DoubleQuoted;
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, style, style == ScalarStyle.Plain, style != ScalarStyle.Plain));
    }
}
