namespace OpsModule.Core.BlueGreen;

/// <summary>Combinations of options that cannot work, refused before anything is read or changed.</summary>
internal static class BlueGreenOptionsValidator
{
    public static void Validate(BlueGreenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.VirtualService is null)
        {
            if (string.IsNullOrEmpty(options.Service))
            {
                throw BlueGreenErrors.NoService();
            }

            if (options.Rollback && (options.Image is not null || options.To is not null))
            {
                throw BlueGreenErrors.InvalidOptions(
                    "-Rollback goes back to the recorded previous colour as it is: it takes neither -Image nor -To.", options.Service);
            }

            return;
        }

        if (options.Rollback)
        {
            throw BlueGreenErrors.InvalidOptions(
                "-Rollback works on a Service selector; in weight mode switch back with -To <previous colour> (optionally -TrafficSteps 100).",
                options.VirtualService);
        }

        var steps = options.TrafficSteps;
        if (steps.Count == 0 || steps[^1] != 100 || steps.Any(s => s is < 1 or > 100)
            || steps.Zip(steps.Skip(1)).Any(p => p.Second <= p.First))
        {
            throw BlueGreenErrors.InvalidOptions(
                $"-TrafficSteps must rise from 1 to 100 and end at 100 (percent to the new colour), not {string.Join(",", steps)}.",
                options.VirtualService);
        }

        if (options.Colors.Count != 2)
        {
            throw BlueGreenErrors.InvalidOptions("Weight mode needs exactly two -Colors.", options.VirtualService);
        }
    }
}
