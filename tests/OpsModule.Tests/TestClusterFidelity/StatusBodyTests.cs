using System.Net;
using System.Text.Json.Nodes;
using OpsModule.TestCluster;

namespace OpsModule.Tests.TestClusterFidelity;

/// <summary>Errors come back as real Kubernetes Status bodies with the right codes and reasons.</summary>
public sealed class StatusBodyTests : IAsyncLifetime
{
    private TestCluster.TestCluster _cluster = null!;
    private ClusterHttp _http = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.TestCluster.StartAsync();
        _http = new ClusterHttp(_cluster);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _cluster.DisposeAsync();
    }

    private static void AssertStatus(JsonObject body, int code, string reason, string? message = null)
    {
        Assert.Equal("Status", body["kind"]!.GetValue<string>());
        Assert.Equal("v1", body["apiVersion"]!.GetValue<string>());
        Assert.Equal("Failure", body["status"]!.GetValue<string>());
        Assert.Equal(code, body["code"]!.GetValue<int>());
        Assert.Equal(reason, body["reason"]!.GetValue<string>());
        if (message is not null) Assert.Equal(message, body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Missing_pod_is_404_NotFound_with_details()
    {
        var (code, body) = await _http.GetAsync("/api/v1/namespaces/default/pods/x");
        Assert.Equal(HttpStatusCode.NotFound, code);
        AssertStatus(body, 404, "NotFound", "pods \"x\" not found");
        Assert.Equal("x", body["details"]!["name"]!.GetValue<string>());
        Assert.Equal("pods", body["details"]!["kind"]!.GetValue<string>());

        var (groupCode, groupBody) = await _http.GetAsync("/apis/apps/v1/namespaces/default/deployments/web");
        Assert.Equal(HttpStatusCode.NotFound, groupCode);
        AssertStatus(groupBody, 404, "NotFound", "deployments.apps \"web\" not found");
        Assert.Equal("apps", groupBody["details"]!["group"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_resource_and_missing_namespace_are_404()
    {
        var (code, body) = await _http.GetAsync("/api/v1/namespaces/default/widgets");
        Assert.Equal(HttpStatusCode.NotFound, code);
        AssertStatus(body, 404, "NotFound", "the server could not find the requested resource");

        var (createCode, createBody) = await _http.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/nowhere/configmaps", Manifests.ConfigMap("a", "nowhere").ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, createCode);
        AssertStatus(createBody, 404, "NotFound", "namespaces \"nowhere\" not found");
    }

    [Fact]
    public async Task Creating_twice_is_409_AlreadyExists()
    {
        var body = Manifests.ConfigMap("settings").ToJsonString();
        var (first, created) = await _http.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", body);
        Assert.Equal(HttpStatusCode.Created, first);
        Assert.False(string.IsNullOrEmpty(created["metadata"]!["uid"]!.GetValue<string>()));
        Assert.NotNull(created["metadata"]!["creationTimestamp"]);
        var (second, status) = await _http.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", body);
        Assert.Equal(HttpStatusCode.Conflict, second);
        AssertStatus(status, 409, "AlreadyExists", "configmaps \"settings\" already exists");
    }

    [Fact]
    public async Task Update_with_stale_resourceVersion_is_409_Conflict()
    {
        var (_, created) = await _http.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("cfg").ToJsonString());
        var staleVersion = created["metadata"]!["resourceVersion"]!.GetValue<string>();
        created["data"]!["key"] = "v2";
        var (ok, updated) = await _http.JsonAsync(HttpMethod.Put, "/api/v1/namespaces/default/configmaps/cfg", created.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.True(long.Parse(updated["metadata"]!["resourceVersion"]!.GetValue<string>()) > long.Parse(staleVersion));

        created["data"]!["key"] = "v3";
        created["metadata"]!["resourceVersion"] = staleVersion;
        var (conflict, status) = await _http.JsonAsync(HttpMethod.Put, "/api/v1/namespaces/default/configmaps/cfg", created.ToJsonString());
        Assert.Equal(HttpStatusCode.Conflict, conflict);
        AssertStatus(status, 409, "Conflict");
        Assert.Contains("the object has been modified", status["message"]!.GetValue<string>());
        Assert.Equal("v2", _cluster.Get("v1", "ConfigMap", "default", "cfg")!["data"]!["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task Missing_name_is_422_Invalid_and_generateName_works()
    {
        var (code, body) = await _http.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{}}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        AssertStatus(body, 422, "Invalid");
        Assert.Equal("metadata.name", body["details"]!["causes"]![0]!["field"]!.GetValue<string>());

        var (created, generated) = await _http.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", """{"metadata":{"generateName":"job-"}}""");
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Matches("^job-[a-z0-9]{5}$", generated["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deployment_whose_selector_does_not_match_its_template_is_422()
    {
        var deployment = Manifests.Deployment("bad", 1);
        deployment["spec"]!["selector"]!["matchLabels"]!["app"] = "other";
        var (code, body) = await _http.JsonAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/default/deployments", deployment.ToJsonString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        AssertStatus(body, 422, "Invalid");
        Assert.Contains("selector", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_label_selector_is_400_and_unsupported_field_selector_is_400()
    {
        var (code, body) = await _http.GetAsync("/api/v1/namespaces/default/pods?labelSelector=" + Uri.EscapeDataString("app in (a"));
        Assert.Equal(HttpStatusCode.BadRequest, code);
        AssertStatus(body, 400, "BadRequest");
        var (fieldCode, fieldBody) = await _http.GetAsync("/api/v1/namespaces/default/pods?fieldSelector=spec.color%3Dred");
        Assert.Equal(HttpStatusCode.BadRequest, fieldCode);
        AssertStatus(fieldBody, 400, "BadRequest", "field label not supported: spec.color");
    }

    [Fact]
    public async Task Wrong_method_is_405_and_unknown_patch_type_is_415()
    {
        _cluster.Apply(Manifests.ConfigMap("m"));
        var (code, body) = await _http.JsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps/m", "{}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, code);
        AssertStatus(body, 405, "MethodNotAllowed");
        var (patchCode, patchBody) = await _http.JsonAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/m", "{}", "application/json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, patchCode);
        AssertStatus(patchBody, 415, "UnsupportedMediaType");
    }

    [Fact]
    public async Task Missing_or_wrong_credentials_are_401_and_forbidden_namespace_is_403()
    {
        await using var secured = await TestCluster.TestCluster.StartAsync(new TestClusterOptions { RequiredToken = "t0ken", BasicAuth = ("ops", "pw") });
        using var anonymous = new ClusterHttp(secured);
        var (code, body) = await anonymous.GetAsync("/api/v1/namespaces");
        Assert.Equal(HttpStatusCode.Unauthorized, code);
        AssertStatus(body, 401, "Unauthorized", "Unauthorized");
        Assert.DoesNotContain("t0ken", body.ToJsonString());
        using var wrong = new ClusterHttp(secured, token: "nope");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/v1/namespaces")).Code);

        using var basic = new ClusterHttp(secured);
        basic.Client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("ops:pw"u8.ToArray()));
        Assert.Equal(HttpStatusCode.OK, (await basic.GetAsync("/api/v1/namespaces")).Code);

        using var authorized = new ClusterHttp(secured, token: "t0ken");
        Assert.Equal(HttpStatusCode.OK, (await authorized.GetAsync("/api/v1/namespaces/default/pods")).Code);
        secured.Faults.ForbidNamespace("default");
        var (forbidden, status) = await authorized.GetAsync("/api/v1/namespaces/default/pods");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
        AssertStatus(status, 403, "Forbidden");
        Assert.Contains("cannot list resource \"pods\"", status["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await authorized.GetAsync("/api/v1/namespaces/kube-system/pods")).Code);

        secured.Faults.Forbid("create", "pods/exec");
        using var exec = await authorized.SendAsync(HttpMethod.Post, "/api/v1/namespaces/kube-system/pods/p/exec?command=ls");
        Assert.Equal(HttpStatusCode.Forbidden, exec.StatusCode);
    }
}
