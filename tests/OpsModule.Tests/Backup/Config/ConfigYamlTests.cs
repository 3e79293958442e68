using System.Text.Json.Nodes;
using OpsModule.Core.Backup.Config;
using YamlDotNet.RepresentationModel;

namespace OpsModule.Tests.Backup.Config;

public sealed class ConfigYamlTests
{
    [Fact]
    public void Tricky_strings_numbers_booleans_and_nulls_survive_a_round_trip()
    {
        var configMap = TrickyValues.ConfigMap("shop", "tricky");
        var numbers = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Thing",
            ["int"] = 3,
            ["negative"] = -42,
            ["float"] = 0.25,
            ["big"] = 9007199254740993,
            ["yes"] = true,
            ["no"] = false,
            ["nothing"] = null,
            ["emptyMap"] = new JsonObject(),
            ["emptyList"] = new JsonArray(),
            ["list"] = new JsonArray("8080", 8080, true, "true", new JsonObject { ["k"] = "v" }),
            ["control"] = "\u0001bell\u0007 nul\u0000 del\u007f",
            ["separators"] = "a\u2028b\u0085c\nnext line\n",
            ["bom"] = "\uFEFFstarts with a BOM",
            ["long"] = string.Join(' ', Enumerable.Repeat("a long line that an emitter might fold", 20)),
            ["surrogates"] = "emoji 😀 and 𝔘",
        };

        var yaml = ConfigYamlWriter.Write([configMap, numbers]);
        var back = ConfigYamlReader.Read(yaml);

        Assert.Equal(2, back.Count);
        Assert.True(JsonNode.DeepEquals(configMap, back[0]), $"ConfigMap changed:\n{yaml}\n{back[0].ToJsonString()}");
        Assert.True(JsonNode.DeepEquals(numbers, back[1]), $"numbers changed:\n{back[1].ToJsonString()}");
    }

    [Fact]
    public void Values_that_look_like_other_types_are_quoted_so_yaml_1_1_readers_keep_them_strings()
    {
        var yaml = ConfigYamlWriter.Write([TrickyValues.ConfigMap("shop", "tricky")]);
        var document = new YamlStream();
        document.Load(new StringReader(yaml));
        var data = (YamlMappingNode)((YamlMappingNode)document.Documents[0].RootNode)["data"];

        foreach (var key in new[] { "port", "flag", "yes", "on", "zip", "tilde", "null-word", "float", "exp", "octal", "hex", "empty", "date" })
        {
            var scalar = (YamlScalarNode)data[key];
            Assert.NotEqual(YamlDotNet.Core.ScalarStyle.Plain, scalar.Style);
        }

        var keyNodes = data.Children.Keys.Cast<YamlScalarNode>().ToDictionary(k => k.Value!);
        Assert.NotEqual(YamlDotNet.Core.ScalarStyle.Plain, keyNodes["yes"].Style);
        Assert.NotEqual(YamlDotNet.Core.ScalarStyle.Plain, keyNodes["on"].Style);
        Assert.NotEqual(YamlDotNet.Core.ScalarStyle.Plain, keyNodes["8080"].Style);
        Assert.Contains("app.properties: |", yaml);
    }

    [Fact]
    public void A_kind_List_document_is_read_as_its_items()
    {
        const string yaml = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: b\n";

        var objects = ConfigYamlReader.Read(yaml);

        Assert.Equal(["a", "b"], objects.Select(o => o["metadata"]!["name"]!.GetValue<string>()));
    }
}
