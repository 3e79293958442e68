using OpsModule.Core.Errors;

namespace OpsModule.Core.BlueGreen;

/// <summary>The errors that stop a switch before anything was changed.</summary>
internal static class BlueGreenErrors
{
    public static OpsException ServiceNotFound(string ns, string name) => new(
        "Ops.BlueGreen.ServiceNotFound", OpsErrorCategory.ObjectNotFound,
        $"Service '{name}' was not found in namespace '{ns}'.", "Check -Service and -Namespace.", name);

    public static OpsException NoColorKey(string service, IReadOnlyDictionary<string, string>? selector, IReadOnlyList<string> colors) => new(
        "Ops.BlueGreen.NoColorKey", OpsErrorCategory.InvalidData,
        $"The selector of Service '{service}' ({Describe(selector)}) has no key whose value is one of {string.Join(", ", colors)}.",
        "Give -SelectorKey (and -To for version-style values) or -Colors.", service);

    public static OpsException SelectorKeyMissing(string service, string key, IReadOnlyDictionary<string, string>? selector) => new(
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

    public static OpsException LockHeld(string service, string holder) => new(
        "Ops.BlueGreen.LockHeld", OpsErrorCategory.ResourceBusy,
        $"Another switch holds the lock on Service '{service}' ({holder}).",
        "Wait for it to finish; a lock older than -Timeout can be taken with -Force.", service);

    private static string Describe(IReadOnlyDictionary<string, string>? selector) =>
        selector is null || selector.Count == 0 ? "empty" : string.Join(",", selector.Select(s => $"{s.Key}={s.Value}"));
}
