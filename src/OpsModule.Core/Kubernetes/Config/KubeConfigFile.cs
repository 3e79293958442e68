using k8s.KubeConfigModels;

namespace OpsModule.Core.Kubernetes.Config;

/// <summary>One parsed kubeconfig: KubernetesClient's model, the fields it lacks, and where it came from.</summary>
internal sealed record KubeConfigFile(K8SConfiguration Model, KubeConfigExtras Extras, string Source);
