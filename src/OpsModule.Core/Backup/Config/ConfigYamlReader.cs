using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpsModule.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OpsModule.Core.Backup.Config;

/// <summary>
/// Reads a (multi-document) YAML file of Kubernetes objects back into JSON objects, resolving plain scalars by the YAML 1.2
/// core schema (null, booleans, integers, floats); quoted and block scalars are strings. A <c>kind: List</c> document is
/// expanded into its items.
/// </summary>
public static partial class ConfigYamlReader
{
    public static IReadOnlyList<JsonObject> Read(string yaml, string source = "YAML")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new OpsException(ConfigBackupErrorIds.YamlInvalid, OpsErrorCategory.InvalidData,
                $"'{source}' is not valid YAML (line {e.Start.Line}): {e.Message}", "Use the files of an intact backup.", source, e);
        }

        var objects = new List<JsonObject>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is YamlScalarNode { Value: null or "" })
            {
                continue;
            }

            if (ToJson(document.RootNode) is not JsonObject obj)
            {
                throw new OpsException(ConfigBackupErrorIds.YamlInvalid, OpsErrorCategory.InvalidData,
                    $"'{source}' holds a YAML document that is not an object.", "Use the files of an intact backup.", source);
            }

            if (obj["kind"]?.GetValue<string>() == "List" && obj["items"] is JsonArray items)
            {
                objects.AddRange(items.OfType<JsonObject>().Select(i => (JsonObject)i.DeepClone()));
            }
            else
            {
                objects.Add(obj);
            }
        }

        return objects;
    }

    public static JsonNode? ToJson(YamlNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode scalarKey ? scalarKey.Value ?? string.Empty : throw new YamlException("Only scalar mapping keys are supported.");
                    obj[name] = ToJson(value);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(ToJson(item));
                }

                return array;
            case YamlScalarNode scalar:
                return Resolve(scalar);
            default:
                throw new YamlException($"Unsupported YAML node {node.NodeType}.");
        }
    }

    private static JsonNode? Resolve(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain || !scalar.Tag.IsEmpty)
        {
            return scalar.Tag.IsEmpty || scalar.Tag.Value is "tag:yaml.org,2002:str" or "!!str" ? JsonValue.Create(text) : ResolvePlain(text);
        }

        return ResolvePlain(text);
    }

    private static JsonNode? ResolvePlain(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (JsonNumber().IsMatch(text))
        {
            return JsonNode.Parse(text);
        }

        if (OctalNumber().IsMatch(text))
        {
            return JsonValue.Create(Convert.ToInt64(text[2..], 8));
        }

        if (HexNumber().IsMatch(text))
        {
            return JsonValue.Create(long.Parse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }

        if (YamlFloat().IsMatch(text))
        {
            return JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex JsonNumber();

    [GeneratedRegex(@"^0o[0-7]+$")]
    private static partial Regex OctalNumber();

    [GeneratedRegex(@"^0x[0-9a-fA-F]+$")]
    private static partial Regex HexNumber();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex YamlFloat();
}
