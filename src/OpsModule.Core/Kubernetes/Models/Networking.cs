namespace OpsModule.Core.Kubernetes.Models;

public sealed class Service : KubernetesObject
{
    public ServiceSpec Spec { get; set; } = new();

    public ServiceStatus Status { get; set; } = new();
}

public sealed class ServiceSpec
{
    public string? Type { get; set; }

    public Dictionary<string, string>? Selector { get; set; }

    public List<ServicePort>? Ports { get; set; }

    public string? ClusterIP { get; set; }

    public string? ExternalName { get; set; }
}

public sealed class ServicePort
{
    public string? Name { get; set; }

    public int Port { get; set; }

    public IntOrString? TargetPort { get; set; }

    public string? Protocol { get; set; }

    public int? NodePort { get; set; }
}

public sealed class ServiceStatus
{
    public LoadBalancerStatus? LoadBalancer { get; set; }
}

public sealed class Endpoints : KubernetesObject
{
    public List<EndpointSubset>? Subsets { get; set; }
}

public sealed class EndpointSubset
{
    public List<EndpointAddress>? Addresses { get; set; }

    public List<EndpointAddress>? NotReadyAddresses { get; set; }

    public List<EndpointPort>? Ports { get; set; }
}

public sealed class EndpointAddress
{
    public string? Ip { get; set; }

    public string? Hostname { get; set; }

    public string? NodeName { get; set; }

    public ObjectReference? TargetRef { get; set; }
}

public sealed class EndpointPort
{
    public string? Name { get; set; }

    public int Port { get; set; }

    public string? Protocol { get; set; }
}

public sealed class Ingress : KubernetesObject
{
    public IngressSpec Spec { get; set; } = new();

    public IngressStatus Status { get; set; } = new();
}

public sealed class IngressSpec
{
    public string? IngressClassName { get; set; }

    public IngressBackend? DefaultBackend { get; set; }

    public List<IngressTls>? Tls { get; set; }

    public List<IngressRule>? Rules { get; set; }
}

public sealed class IngressTls
{
    public List<string>? Hosts { get; set; }

    public string? SecretName { get; set; }
}

public sealed class IngressRule
{
    public string? Host { get; set; }

    public HttpIngressRuleValue? Http { get; set; }
}

public sealed class HttpIngressRuleValue
{
    public List<HttpIngressPath> Paths { get; set; } = [];
}

public sealed class HttpIngressPath
{
    public string? Path { get; set; }

    public string? PathType { get; set; }

    public IngressBackend Backend { get; set; } = new();
}

public sealed class IngressBackend
{
    public IngressServiceBackend? Service { get; set; }
}

public sealed class IngressServiceBackend
{
    public string Name { get; set; } = string.Empty;

    public ServiceBackendPort? Port { get; set; }
}

public sealed class ServiceBackendPort
{
    public string? Name { get; set; }

    public int? Number { get; set; }
}

public sealed class IngressStatus
{
    public LoadBalancerStatus? LoadBalancer { get; set; }
}
