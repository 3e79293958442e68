using System.Text.Json.Nodes;
using OpsModule.Core.Backup.Config;
using OpsModule.Core.Kubernetes;

namespace OpsModule.Tests.Backup.Config;

/// <summary>Objects shaped as a real API server returns them (managedFields, ownerReferences, bound PVCs) – more than the test cluster sets.</summary>
public sealed class ConfigObjectCleanerTests
{
    [Fact]
    public void Server_metadata_status_and_bookkeeping_annotations_are_removed_and_user_metadata_kept()
    {
        var deployment = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"api","namespace":"shop","uid":"0b1c","resourceVersion":"4711","generation":7,
               "creationTimestamp":"2025-01-01T00:00:00Z","selfLink":"/apis/apps/v1/namespaces/shop/deployments/api",
               "managedFields":[{"manager":"kubectl","operation":"Apply"}],
               "labels":{"app":"api"},
               "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}","deployment.kubernetes.io/revision":"3","team":"payments"}},
             "spec":{"replicas":3,"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"api"}},"spec":{"containers":[{"name":"api","image":"api:1"}]}}},
             "status":{"replicas":3,"availableReplicas":3}}
            """)!.AsObject();

        var clean = ConfigObjectCleaner.Clean(deployment, ResourceTypes.Deployments);

        Assert.Equal("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"api","namespace":"shop","labels":{"app":"api"},"annotations":{"team":"payments"}},"spec":{"replicas":3,"template":{"metadata":{"labels":{"app":"api"}},"spec":{"containers":[{"name":"api","image":"api:1"}]}}}}""",
            clean.ToJsonString());
        Assert.NotNull(deployment["status"]);
    }

    [Fact]
    public void Service_addresses_go_but_a_headless_service_stays_headless()
    {
        var service = JsonNode.Parse("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"type":"LoadBalancer","clusterIP":"10.0.0.12","clusterIPs":["10.0.0.12"],"healthCheckNodePort":31000,"externalTrafficPolicy":"Local","ports":[{"port":80}]}}""")!.AsObject();
        var headless = JsonNode.Parse("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"postgres"},"spec":{"clusterIP":"None","clusterIPs":["None"],"ports":[{"port":5432}]}}""")!.AsObject();

        var cleanService = ConfigObjectCleaner.Clean(service, ResourceTypes.Services);
        var cleanHeadless = ConfigObjectCleaner.Clean(headless, ResourceTypes.Services);

        Assert.Equal("""{"type":"LoadBalancer","externalTrafficPolicy":"Local","ports":[{"port":80}]}""", cleanService["spec"]!.ToJsonString());
        Assert.Equal("None", cleanHeadless["spec"]!["clusterIP"]!.GetValue<string>());
    }

    [Fact]
    public void A_bound_claim_loses_its_volume_binding()
    {
        var claim = JsonNode.Parse("""
            {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data","annotations":{
               "pv.kubernetes.io/bind-completed":"yes","pv.kubernetes.io/bound-by-controller":"yes",
               "volume.beta.kubernetes.io/storage-provisioner":"disk.csi.azure.com","volume.kubernetes.io/selected-node":"aks-node-1"}},
             "spec":{"accessModes":["ReadWriteOnce"],"storageClassName":"managed-csi","volumeName":"pvc-123","resources":{"requests":{"storage":"10Gi"}}},
             "status":{"phase":"Bound"}}
            """)!.AsObject();

        var clean = ConfigObjectCleaner.Clean(claim, ResourceTypes.PersistentVolumeClaims);

        Assert.Equal("""{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"storageClassName":"managed-csi","resources":{"requests":{"storage":"10Gi"}}}}""",
            clean.ToJsonString());
    }

    [Fact]
    public void Generated_and_controller_owned_objects_are_skipped_with_a_reason()
    {
        var rootCa = JsonNode.Parse("""{"kind":"ConfigMap","metadata":{"name":"kube-root-ca.crt"}}""")!.AsObject();
        var token = JsonNode.Parse("""{"kind":"Secret","type":"kubernetes.io/service-account-token","metadata":{"name":"default-token"}}""")!.AsObject();
        var owned = JsonNode.Parse("""{"kind":"Service","metadata":{"name":"pg","ownerReferences":[{"apiVersion":"acid.zalan.do/v1","kind":"postgresql","name":"pg","uid":"1","controller":true}]}}""")!.AsObject();
        var referenced = JsonNode.Parse("""{"kind":"ConfigMap","metadata":{"name":"cfg","ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"x","uid":"2"}]}}""")!.AsObject();
        var plain = JsonNode.Parse("""{"kind":"ConfigMap","metadata":{"name":"app-config"}}""")!.AsObject();

        Assert.NotNull(ConfigObjectCleaner.SkipReason(rootCa, includeControllerOwned: true));
        Assert.NotNull(ConfigObjectCleaner.SkipReason(token, includeControllerOwned: true));
        Assert.Contains("postgresql/pg", ConfigObjectCleaner.SkipReason(owned, includeControllerOwned: false));
        Assert.Null(ConfigObjectCleaner.SkipReason(owned, includeControllerOwned: true));
        Assert.Null(ConfigObjectCleaner.SkipReason(referenced, includeControllerOwned: false));
        Assert.Null(ConfigObjectCleaner.SkipReason(plain, includeControllerOwned: false));
        Assert.Null(ConfigObjectCleaner.Clean(owned, ResourceTypes.Services)["metadata"]!["ownerReferences"]);
    }
}
