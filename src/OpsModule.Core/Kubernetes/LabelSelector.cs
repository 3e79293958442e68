using System.Text;
using k8s;
using k8s.Models;

namespace OpsModule.Core.Kubernetes;

/// <summary>
/// A parsed label selector in the Kubernetes string syntax (<c>app=web,tier!=cache,env in (a,b),!legacy</c>),
/// evaluated locally the way the API server does.
/// </summary>
public sealed class LabelSelector
{
    private readonly IReadOnlyList<Requirement> _requirements;

    private LabelSelector(IReadOnlyList<Requirement> requirements) => _requirements = requirements;

    /// <summary>An empty selector matches everything.</summary>
    public bool IsEmpty => _requirements.Count == 0;

    public static LabelSelector Everything { get; } = new([]);

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<Requirement>();
        foreach (var term in SplitTerms(text))
        {
            requirements.Add(ParseTerm(term.Trim(), text));
        }

        return new LabelSelector(requirements);
    }

    public static LabelSelector FromLabels(IEnumerable<KeyValuePair<string, string>>? labels) =>
        labels is null || !labels.Any()
            ? Everything
            : new LabelSelector(labels.Select(l => new Requirement(l.Key, Operator.In, [l.Value])).ToList());

    /// <summary>
    /// Converts a workload's <c>spec.selector</c>. A null selector selects nothing (as the API treats it for workloads);
    /// an empty one selects everything.
    /// </summary>
    public static LabelSelector? FromSpec(V1LabelSelector? spec)
    {
        if (spec is null)
        {
            return null;
        }

        var requirements = new List<Requirement>();
        foreach (var (key, value) in spec.MatchLabels ?? new Dictionary<string, string>())
        {
            requirements.Add(new Requirement(key, Operator.In, [value]));
        }

        foreach (var expression in spec.MatchExpressions ?? [])
        {
            var op = expression.OperatorProperty switch
            {
                "In" => Operator.In,
                "NotIn" => Operator.NotIn,
                "Exists" => Operator.Exists,
                "DoesNotExist" => Operator.DoesNotExist,
                _ => throw new FormatException($"Unknown label selector operator '{expression.OperatorProperty}' for key '{expression.Key}'."),
            };
            requirements.Add(new Requirement(expression.Key, op, (IReadOnlyList<string>?)expression.Values?.ToList() ?? []));
        }

        return new LabelSelector(requirements);
    }

    public bool Matches(IDictionary<string, string>? labels)
    {
        labels ??= new Dictionary<string, string>();
        foreach (var requirement in _requirements)
        {
            var present = labels.TryGetValue(requirement.Key, out var value);
            var ok = requirement.Operator switch
            {
                Operator.In => present && requirement.Values.Contains(value!),
                Operator.NotIn => !present || !requirement.Values.Contains(value!),
                Operator.Exists => present,
                Operator.DoesNotExist => !present,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var requirement in _requirements)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(requirement switch
            {
                { Operator: Operator.In, Values.Count: 1 } => $"{requirement.Key}={requirement.Values[0]}",
                { Operator: Operator.In } => $"{requirement.Key} in ({string.Join(',', requirement.Values)})",
                { Operator: Operator.NotIn, Values.Count: 1 } => $"{requirement.Key}!={requirement.Values[0]}",
                { Operator: Operator.NotIn } => $"{requirement.Key} notin ({string.Join(',', requirement.Values)})",
                { Operator: Operator.Exists } => requirement.Key,
                _ => "!" + requirement.Key,
            });
        }

        return builder.ToString();
    }

    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }

    private static Requirement ParseTerm(string term, string whole)
    {
        FormatException Bad() => new($"Invalid label selector '{whole}': cannot read '{term}'. Use forms like app=web, tier!=cache, env in (a,b), !legacy.");

        if (term.Length == 0)
        {
            throw Bad();
        }

        if (term[0] == '!')
        {
            return new Requirement(ValidKey(term[1..].Trim(), Bad), Operator.DoesNotExist, []);
        }

        foreach (var (token, op) in new[] { ("!=", Operator.NotIn), ("==", Operator.In), ("=", Operator.In) })
        {
            var at = term.IndexOf(token, StringComparison.Ordinal);
            if (at > 0)
            {
                var value = term[(at + token.Length)..].Trim();
                return new Requirement(ValidKey(term[..at].Trim(), Bad), op, [ValidValue(value, Bad)]);
            }
        }

        var parts = term.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 2)
        {
            var setOp = parts[1].StartsWith("notin", StringComparison.Ordinal) ? Operator.NotIn
                : parts[1].StartsWith("in", StringComparison.Ordinal) ? Operator.In
                : throw Bad();
            var set = parts[1][(setOp == Operator.NotIn ? 5 : 2)..].Trim();
            if (set.Length < 2 || set[0] != '(' || set[^1] != ')')
            {
                throw Bad();
            }

            var values = set[1..^1].Split(',', StringSplitOptions.TrimEntries).Select(v => ValidValue(v, Bad)).ToList();
            return new Requirement(ValidKey(parts[0], Bad), setOp, values);
        }

        return new Requirement(ValidKey(term, Bad), Operator.Exists, []);
    }

    private static string ValidKey(string key, Func<FormatException> bad) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/') ? key : throw bad();

    private static string ValidValue(string value, Func<FormatException> bad) =>
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? value : throw bad();

    private enum Operator
    {
        In,
        NotIn,
        Exists,
        DoesNotExist,
    }

    private sealed record Requirement(string Key, Operator Operator, IReadOnlyList<string> Values);
}
