using OpsModule.Core.Errors;

namespace OpsModule.Core.BlueGreen;

/// <summary>The errors that stop a switch before anything was changed.</summary>
internal static class BlueGreenErrors
{
    public static OpsException ServiceNotFound(string ns, string name) => new(
        "Ops.BlueGreen.ServiceNotFound", OpsErrorCategory.ObjectNotFound,
        $"Service '{name}' was not found in namespace '{ns}'.", "Check -Service and -Namespace.", name);

    public static OpsException NoColorKey(string service, IDictionary<string, string>? selector, IReadOnlyList<string> colors) => new(
        "Ops.BlueGreen.NoColorKey", OpsErrorCategory.InvalidData,
        $"The selector of Service '{service}' ({Describe(selector)}) has no key whose value is one of {string.Join(", ", colors)}.",
        "Give -SelectorKey (and -To for version-style values) or -Colors.", service);

    public static OpsException SelectorKeyMissing(string service, string key, IDictionary<string, string>? selector) => new(
        "Ops.BlueGreen.SelectorKeyMissing", OpsErrorCategory.InvalidData,
        $"The selector of Service '{service}' ({Describe(selector)}) has no key '{key}'.", "Check -SelectorKey.", service);

    public static OpsException NoTarget(string service, string key, string current) => new(
        "Ops.BlueGreen.NoTarget", OpsErrorCategory.InvalidArgument,
        $"Service '{service}' selects {key}={current}, which is not one of the two colours; say where to switch with -To.", null, service);

    public static OpsException AlreadyActive(string service, string key, string value) => new(
        "Ops.BlueGreen.AlreadyActive", OpsErrorCategory.InvalidArgument,
        $"Service '{service}' already selects {key}={value}.", null, service);

    public static OpsException DeploymentsNotFound(string ns, IReadOnlyList<string> missing) => new(
        "Ops.BlueGreen.DeploymentNotFound", OpsErrorCategory.ObjectNotFound,
        $"Deployment{(missing.Count > 1 ? "s" : "")} {string.Join(" and ", missing.Select(m => $"'{m}'"))} not found in namespace '{ns}'.",
        "Check -Deployment, -BlueDeployment/-GreenDeployment and -Colors.", missing[0]);

    public static OpsException NoDeploymentName(string color) => new(
        "Ops.BlueGreen.NoDeploymentName", OpsErrorCategory.InvalidArgument,
        $"No deployment for '{color}': give -Deployment (base name) or -BlueDeployment/-GreenDeployment.", null, color);

    public static OpsException LockHeld(string kind, string service, string holder) => new(
        "Ops.BlueGreen.LockHeld", OpsErrorCategory.ResourceBusy,
        $"Another switch holds the lock on {kind} '{service}' ({holder}).",
        "Wait for it to finish; a lock older than -Timeout can be taken with -Force.", service);

    public static OpsException NoService() => new(
        "Ops.BlueGreen.NoService", OpsErrorCategory.InvalidArgument,
        "A selector switch needs -Service (the live Service whose selector picks the colour).", "Give -Service, or -VirtualService for Istio weights.", null);

    public static OpsException NoRollbackTarget(string service, string key, string current) => new(
        "Ops.BlueGreen.NoRollbackTarget", OpsErrorCategory.InvalidOperation,
        $"Service '{service}' selects {key}={current} and carries no record of a switch to it ({SwitchRecord.AnnotationKey}), so there is nothing known to go back to.",
        "Switch explicitly with -To <value> (and -BlueDeployment/-GreenDeployment or -Deployment).", service);

    public static OpsException InvalidOptions(string message, string? target = null) => new(
        "Ops.BlueGreen.InvalidOptions", OpsErrorCategory.InvalidArgument, message, null, target);

    public static OpsException VirtualServiceNotFound(string ns, string name) => new(
        "Ops.BlueGreen.VirtualServiceNotFound", OpsErrorCategory.ObjectNotFound,
        $"VirtualService '{name}' was not found in namespace '{ns}' (networking.istio.io v1 and v1beta1 were tried).",
        "Check -VirtualService and -Namespace: kubectl get virtualservices -n " + ns, name);

    public static OpsException IstioNotServed(string ns, string name) => new(
        "Ops.BlueGreen.IstioNotServed", OpsErrorCategory.NotInstalled,
        "The API server serves neither networking.istio.io/v1 nor v1beta1 VirtualServices: Istio is not installed in this cluster.",
        "Install Istio, or switch with the Service selector (-Service without -VirtualService).", $"{ns}/{name}");

    public static OpsException NoColorRoute(string virtualService, string detail) => new(
        "Ops.BlueGreen.NoColorRoute", OpsErrorCategory.InvalidData,
        $"VirtualService '{virtualService}' has no HTTP route with a destination for both colours: {detail}",
        "Give each route one destination per colour: subset <colour> (or -Subset blue=v1,green=v2), or host <deployment>-<colour>.", virtualService);

    public static OpsException AmbiguousWeights(string virtualService, string detail) => new(
        "Ops.BlueGreen.AmbiguousWeights", OpsErrorCategory.InvalidData,
        $"VirtualService '{virtualService}' splits traffic ({detail}), so the active colour is not clear.",
        "Say where traffic goes with -To; the switch then starts from the current weights' other colour.", virtualService);

    public static OpsException AlreadyRouted(string virtualService, string color) => new(
        "Ops.BlueGreen.AlreadyActive", OpsErrorCategory.InvalidArgument,
        $"VirtualService '{virtualService}' already sends 100 % to {color}.", null, virtualService);

    private static string Describe(IDictionary<string, string>? selector) =>
        selector is null || selector.Count == 0 ? "empty" : string.Join(",", selector.Select(s => $"{s.Key}={s.Value}"));
}
