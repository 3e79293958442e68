using System.Text.Json.Nodes;

namespace OpsModule.Tests.Backup.Config;

/// <summary>Strings a careless YAML writer turns into numbers, booleans, nulls or changed text.</summary>
internal static class TrickyValues
{
    public static readonly IReadOnlyDictionary<string, string> Data = new Dictionary<string, string>
    {
        ["port"] = "8080",
        ["flag"] = "true",
        ["yes"] = "yes",
        ["on"] = "off",
        ["8080"] = "N",
        ["zip"] = "0123",
        ["empty"] = "",
        ["tilde"] = "~",
        ["null-word"] = "null",
        ["float"] = "1.50",
        ["exp"] = "1e3",
        ["octal"] = "0o17",
        ["hex"] = "0x1F",
        ["colon"] = "a: b",
        ["trailing-colon"] = "key:",
        ["hash"] = "# not a comment",
        ["dash"] = "- item",
        ["leading-space"] = " leading",
        ["trailing-space"] = "trailing ",
        ["multi"] = "line1\nline2\n",
        ["multi-no-newline"] = "line1\nline2",
        ["multi-trailing-spaces"] = "a  \nb\n\n\n",
        ["multi-indented"] = "  indented\nnext\n",
        ["crlf"] = "a\r\nb",
        ["unicode"] = "数据丢失 ✓ ünïcode",
        ["tab"] = "a\tb",
        ["tab-multi"] = "a\tb\n\tc\n",
        ["separators"] = "a\u2028b\u0085c\nnext\n",
        ["control"] = "bell\u0007 esc\u001b",
        ["quotes"] = "he said \"hi\" and 'bye' \\ done",
        ["json"] = "{\"a\": [1, 2]}",
        ["anchor"] = "&anchor *alias !tag %directive @at `tick",
        ["date"] = "2024-01-02",
        ["image"] = "registry.example.com/app:1.4.2",
        ["app.properties"] = "server.port=8080\nfeature.enabled=true\n# comment\n",
    };

    public static JsonObject ConfigMap(string ns, string name)
    {
        var data = new JsonObject();
        foreach (var (key, value) in Data)
        {
            data[key] = value;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new JsonObject { ["version"] = "1.0", ["enabled"] = "true" },
                ["annotations"] = new JsonObject
                {
                    ["kubectl.kubernetes.io/last-applied-configuration"] = "{\"apiVersion\":\"v1\"}",
                    ["team"] = "0042",
                },
            },
            ["data"] = data,
        };
    }
}
