namespace OpsModule.Benchmarks;

/// <summary>The requests one run made, from the test cluster's request log: list calls per path, proxy probes, the rest.</summary>
internal sealed record RequestCounts(int Total, IReadOnlyDictionary<string, int> Lists, int ProxyProbes, int Other)
{
    public static RequestCounts From(IReadOnlyList<string> log)
    {
        var lists = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int proxy = 0, other = 0;
        foreach (var line in log)
        {
            var path = line.Split(' ', 2)[1].Split('?')[0];
            if (path.Contains("/proxy/", StringComparison.Ordinal))
            {
                proxy++;
            }
            else if (line.StartsWith("GET ", StringComparison.Ordinal) && IsCollection(path))
            {
                lists[path] = lists.GetValueOrDefault(path) + 1;
            }
            else
            {
                other++;
            }
        }

        return new RequestCounts(log.Count, lists, proxy, other);
    }

    /// <summary>/api/v1/{plural}, /apis/{group}/{version}/{plural}, or the same under namespaces/{ns}/.</summary>
    private static bool IsCollection(string path)
    {
        var segments = path.Trim('/').Split('/');
        var rest = segments.Skip(segments[0] == "apis" ? 3 : 2).ToArray();
        return rest.Length == 1 || (rest.Length == 3 && rest[0] == "namespaces");
    }
}
