using System.Globalization;
using k8s.Models;

namespace OpsModule.Core.Kubernetes;

internal static class IntOrStringExtensions
{
    /// <summary>The port number, or null for a named port (names always hold a letter).</summary>
    public static int? AsNumber(this IntOrString value) =>
        int.TryParse(value.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
}
