using k8s;
using k8s.Models;

namespace OpsModule.Core.Health;

/// <summary>
/// Pods indexed by label pair, so matching every Service selector against every pod costs the size of the smallest
/// matching set instead of services × pods (2,000 services over 10,000 pods would otherwise take a third of a second per pass).
/// </summary>
internal sealed class PodLabelIndex
{
    private readonly Dictionary<(string Key, string Value), List<V1Pod>> _byLabel = [];

    public PodLabelIndex(IEnumerable<V1Pod> pods)
    {
        foreach (var pod in pods)
        {
            foreach (var (key, value) in pod.Metadata.Labels ?? new Dictionary<string, string>())
            {
                if (!_byLabel.TryGetValue((key, value), out var list))
                {
                    _byLabel[(key, value)] = list = [];
                }

                list.Add(pod);
            }
        }
    }

    /// <summary>Pods carrying every label of a Service-style equality selector; none for an empty selector.</summary>
    public IReadOnlyList<V1Pod> Select(IEnumerable<KeyValuePair<string, string>> selector)
    {
        List<V1Pod>? smallest = null;
        foreach (var pair in selector)
        {
            if (!_byLabel.TryGetValue((pair.Key, pair.Value), out var list))
            {
                return [];
            }

            if (smallest is null || list.Count < smallest.Count)
            {
                smallest = list;
            }
        }

        return smallest is null
            ? []
            : smallest.Where(p => selector.All(s => p.Metadata.Labels!.TryGetValue(s.Key, out var v) && v == s.Value)).ToList();
    }
}
