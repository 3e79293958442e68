using OpsModule.Core.Kubernetes;
using k8s;
using k8s.Models;

namespace OpsModule.Core.BlueGreen.Istio;

/// <summary>The resolved weight shift: which VirtualService (and API version), from which colour to which, and the deployments.</summary>
internal sealed record WeightedTarget(
    ResourceType Type,
    string VirtualService,
    ColorDestinations Colors,
    int RouteCount,
    string MatchedBy,
    int FromWeight,
    string From,
    string To,
    V1Deployment Active,
    V1Deployment Idle,
    int Replicas,
    V1Service? ColorService);
