using System.Globalization;
using k8s.Models;

namespace OpsModule.Core.Kubernetes;

/// <summary>Which port of a pod to reach through the API server's pod proxy; the one rule for the health checks and blue-green gates.</summary>
internal static class PodPorts
{
    /// <summary>
    /// The port <paramref name="target"/> names in <paramref name="pod"/>: a number as it is; a name looked up in the pod's containers,
    /// or left as the name (the pod proxy resolves names itself and says so when it cannot).
    /// </summary>
    public static string Resolve(V1Pod pod, IntOrString target)
    {
        if (target.AsNumber() is { } number)
        {
            return number.ToString(CultureInfo.InvariantCulture);
        }

        var named = pod.Spec.Containers.SelectMany(c => c.Ports ?? []).FirstOrDefault(p => p.Name == target.Value);
        return named?.ContainerPort.ToString(CultureInfo.InvariantCulture) ?? target.Value;
    }

    /// <summary>Where a Service port sends traffic in <paramref name="pod"/>: its targetPort, else the port number itself.</summary>
    public static string Resolve(V1Pod pod, V1ServicePort servicePort) =>
        Resolve(pod, servicePort.TargetPort ?? (IntOrString)servicePort.Port);

    /// <summary>Without a Service: the pod's first declared container port, if any.</summary>
    public static string? FirstDeclared(V1Pod pod) =>
        pod.Spec.Containers.SelectMany(c => c.Ports ?? []).FirstOrDefault()?.ContainerPort.ToString(CultureInfo.InvariantCulture);
}
