namespace OpsModule.Tests.Surface;

/// <summary>
/// Every cmdlet that takes a backup store (a -Store parameter, or a piped OpsBackup) has the one set of store parameters, declared
/// once in OpsStoreCmdlet: -StorageCredential (-S3Credential, -AzureCredential), -StorageEndpoint (-S3Endpoint) and -Region.
/// </summary>
public sealed class StoreParameterTests
{
    private static readonly (string Name, string[] Aliases)[] StoreParameters =
    [
        ("StorageCredential", ["S3Credential", "AzureCredential"]),
        ("StorageEndpoint", ["S3Endpoint"]),
        ("Region", []),
    ];

    private static IEnumerable<CmdletSurface> StoreCmdlets() =>
        OpsModuleSurface.CmdletsOrFail().Where(c => c.Parameters.Any(p => p.Name == "Store"));

    [Fact]
    public void The_cmdlets_that_take_a_store_are_the_five_backup_cmdlets()
    {
        Assert.Equal(
            ["Get-OpsBackup", "Invoke-OpsBackup", "Remove-OpsBackup", "Restore-OpsDatabase", "Test-DisasterRecovery"],
            StoreCmdlets().Select(c => c.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_store_cmdlet_has_the_store_parameters_with_their_aliases_from_OpsStoreCmdlet()
    {
        var problems = new List<string>();
        foreach (var cmdlet in StoreCmdlets())
        {
            if (!typeof(OpsStoreCmdlet).IsAssignableFrom(cmdlet.Type))
            {
                problems.Add($"{cmdlet}: does not derive from OpsStoreCmdlet.");
            }

            foreach (var (name, aliases) in StoreParameters)
            {
                var parameter = cmdlet.Parameters.SingleOrDefault(p => p.Name == name);
                if (parameter is null)
                {
                    problems.Add($"{cmdlet}: no -{name}.");
                    continue;
                }

                if (parameter.DeclaringType != typeof(OpsStoreCmdlet))
                {
                    problems.Add($"{cmdlet}: -{name} is declared by {parameter.DeclaringType.Name}, not once in OpsStoreCmdlet.");
                }

                if (!parameter.Aliases.Order(StringComparer.Ordinal).SequenceEqual(aliases.Order(StringComparer.Ordinal)))
                {
                    problems.Add($"{cmdlet}: -{name} has the aliases [{string.Join(", ", parameter.Aliases)}], not [{string.Join(", ", aliases)}].");
                }
            }
        }

        OpsModuleSurface.AssertNoProblems(problems);
    }

    [Fact]
    public void No_other_cmdlet_has_store_parameters()
    {
        var names = StoreParameters.SelectMany(p => p.Aliases.Prepend(p.Name)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var strays = OpsModuleSurface.CmdletsOrFail()
            .Where(c => !typeof(OpsStoreCmdlet).IsAssignableFrom(c.Type))
            .SelectMany(c => c.Parameters.Where(p => p.NamesAndAliases.Any(names.Contains)).Select(p => $"{c}: -{p.Name}"));

        Assert.Empty(strays);
    }
}
