using k8s.Models;
using OpsModule.Core.Kubernetes;

namespace OpsModule.Tests.Kubernetes;

public sealed class PodPortsTests
{
    private static readonly V1Pod Pod = new()
    {
        Metadata = new V1ObjectMeta { Name = "web-1" },
        Spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container { Name = "app", Ports = [new V1ContainerPort { Name = "http", ContainerPort = 8080 }] },
                new V1Container { Name = "metrics", Ports = [new V1ContainerPort { Name = "metrics", ContainerPort = 9090 }] },
            ],
        },
    };

    [Fact]
    public void A_named_target_port_is_the_container_port_of_that_name() =>
        Assert.Equal("9090", PodPorts.Resolve(Pod, new V1ServicePort { Port = 80, TargetPort = "metrics" }));

    [Fact]
    public void A_numeric_target_port_is_used_as_it_is() =>
        Assert.Equal("8081", PodPorts.Resolve(Pod, new V1ServicePort { Port = 80, TargetPort = 8081 }));

    [Fact]
    public void Without_a_target_port_the_service_port_number_is_the_pod_port() =>
        Assert.Equal("80", PodPorts.Resolve(Pod, new V1ServicePort { Port = 80 }));

    [Fact]
    public void A_name_no_container_declares_is_left_for_the_pod_proxy_to_resolve_or_refuse() =>
        Assert.Equal("grpc", PodPorts.Resolve(Pod, new V1ServicePort { Port = 80, TargetPort = "grpc" }));

    [Fact]
    public void Without_a_service_the_first_declared_container_port_is_used() =>
        Assert.Equal("8080", PodPorts.FirstDeclared(Pod));
}
