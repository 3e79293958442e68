using System.Text.Json.Nodes;
using OpsModule.TestCluster.Api;

namespace OpsModule.TestCluster.Selectors;

/// <summary>A parsed label selector string (<c>a=b,c!=d,e in (x,y),f notin (z),g,!h</c>).</summary>
internal sealed class LabelSelector
{
    private readonly List<Requirement> _requirements;

    private LabelSelector(List<Requirement> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEmpty => _requirements.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.All(r => r.Matches(labels));

    public bool Matches(JsonNode? obj) => IsEmpty || Matches(JsonPaths.Labels(obj));

    /// <summary>A selector from a map (Service.spec.selector): every key must equal its value.</summary>
    public static LabelSelector FromMap(IReadOnlyDictionary<string, string> map) =>
        new(map.Select(kv => new Requirement(kv.Key, Op.Equals, [kv.Value])).ToList());

    /// <summary>A selector from a LabelSelector object (matchLabels + matchExpressions).</summary>
    public static LabelSelector FromObject(JsonNode? selector)
    {
        var requirements = new List<Requirement>();
        foreach (var (k, v) in JsonPaths.Labels(selector, "matchLabels")) requirements.Add(new Requirement(k, Op.Equals, [v]));
        foreach (var expr in JsonPaths.Objects(selector?["matchExpressions"]))
        {
            var key = JsonPaths.Str(expr, "key") ?? "";
            var values = (expr["values"] as JsonArray)?.Select(v => v?.GetValue<string>() ?? "").ToArray() ?? [];
            var op = (JsonPaths.Str(expr, "operator") ?? "") switch
            {
                "In" => Op.In,
                "NotIn" => Op.NotIn,
                "Exists" => Op.Exists,
                "DoesNotExist" => Op.DoesNotExist,
                var other => throw StatusBodies.BadRequest($"\"{other}\" is not a valid label selector operator"),
            };
            requirements.Add(new Requirement(key, op, values));
        }
        return new LabelSelector(requirements);
    }

    /// <summary>Parses the query-string form; throws a 400 BadRequest for malformed input like the real server.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Everything;
        var requirements = new List<Requirement>();
        foreach (var part in SplitTopLevel(text))
        {
            requirements.Add(ParseRequirement(part.Trim(), text));
        }
        return new LabelSelector(requirements);
    }

    public override string ToString() => string.Join(",", _requirements.Select(r => r.ToString()));

    private static Requirement ParseRequirement(string part, string whole)
    {
        if (part.Length == 0) throw Invalid(whole, "empty requirement");
        if (part.StartsWith('!'))
        {
            var key = part[1..].Trim();
            ValidateKey(key, whole);
            return new Requirement(key, Op.DoesNotExist, []);
        }
        var lower = part;
        foreach (var (word, op) in new[] { (" notin ", Op.NotIn), (" in ", Op.In) })
        {
            var at = lower.IndexOf(word, StringComparison.Ordinal);
            if (at <= 0) continue;
            var key = part[..at].Trim();
            var rest = part[(at + word.Length)..].Trim();
            if (!rest.StartsWith('(') || !rest.EndsWith(')')) throw Invalid(whole, "found '" + rest + "', expected: '('");
            var values = rest[1..^1].Split(',').Select(v => v.Trim()).ToArray();
            ValidateKey(key, whole);
            foreach (var v in values) ValidateValue(v, whole);
            return new Requirement(key, op, values);
        }
        foreach (var (token, op) in new[] { ("!=", Op.NotEquals), ("==", Op.Equals), ("=", Op.Equals) })
        {
            var at = part.IndexOf(token, StringComparison.Ordinal);
            if (at < 0) continue;
            var key = part[..at].Trim();
            var value = part[(at + token.Length)..].Trim();
            ValidateKey(key, whole);
            ValidateValue(value, whole);
            return new Requirement(key, op, [value]);
        }
        ValidateKey(part, whole);
        return new Requirement(part, Op.Exists, []);
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    private static void ValidateKey(string key, string whole)
    {
        if (key.Length == 0 || key.Length > 316 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/')
            || !char.IsAsciiLetterOrDigit(key[0]) || !char.IsAsciiLetterOrDigit(key[^1]))
            throw Invalid(whole, $"invalid label key \"{key}\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
    }

    private static void ValidateValue(string value, string whole)
    {
        if (value.Length == 0) return;
        if (value.Length > 63 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            || !char.IsAsciiLetterOrDigit(value[0]) || !char.IsAsciiLetterOrDigit(value[^1]))
            throw Invalid(whole, $"invalid label value: \"{value}\": at key: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
    }

    private static ApiException Invalid(string whole, string why) =>
        StatusBodies.BadRequest($"unable to parse requirement: {why} (label selector \"{whole}\")");

    private enum Op { Equals, NotEquals, In, NotIn, Exists, DoesNotExist }

    private sealed record Requirement(string Key, Op Operator, string[] Values)
    {
        public bool Matches(IReadOnlyDictionary<string, string> labels)
        {
            var has = labels.TryGetValue(Key, out var value);
            return Operator switch
            {
                Op.Equals => has && value == Values[0],
                Op.NotEquals => !has || value != Values[0],
                Op.In => has && Values.Contains(value),
                Op.NotIn => !has || !Values.Contains(value),
                Op.Exists => has,
                Op.DoesNotExist => !has,
                _ => false,
            };
        }

        public override string ToString() => Operator switch
        {
            Op.Equals => $"{Key}={Values[0]}",
            Op.NotEquals => $"{Key}!={Values[0]}",
            Op.In => $"{Key} in ({string.Join(",", Values)})",
            Op.NotIn => $"{Key} notin ({string.Join(",", Values)})",
            Op.Exists => Key,
            _ => "!" + Key,
        };
    }
}
