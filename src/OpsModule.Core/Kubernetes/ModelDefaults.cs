using System.Collections.Concurrent;
using System.Reflection;
using k8s;
using k8s.Models;

namespace OpsModule.Core.Kubernetes;

/// <summary>
/// KubernetesClient's models leave absent objects null; the API server always sends metadata, and leaves out spec or status
/// only on odd objects. Filling them once where objects come in keeps every reader free of null checks on the envelope.
/// </summary>
internal static class ModelDefaults
{
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, ConstructorInfo Constructor)[]> Envelopes = new();

    public static T Fill<T>(T item) where T : class, IMetadata<V1ObjectMeta>
    {
        item.Metadata ??= new V1ObjectMeta();
        foreach (var (property, constructor) in Envelopes.GetOrAdd(item.GetType(), Find))
        {
            if (property.GetValue(item) is null)
            {
                property.SetValue(item, constructor.Invoke(null));
            }
        }

        return item;
    }

    private static (PropertyInfo, ConstructorInfo)[] Find(Type type) =>
        new[] { "Spec", "Status" }
            .Select(type.GetProperty)
            .Where(p => p is { CanWrite: true } && p.PropertyType.IsClass)
            .Select(p => (p!, p!.PropertyType.GetConstructor(Type.EmptyTypes)))
            .Where(pair => pair.Item2 is not null)
            .Select(pair => (pair.Item1, pair.Item2!))
            .ToArray();
}
