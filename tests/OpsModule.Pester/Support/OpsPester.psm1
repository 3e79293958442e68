# Placeholder: the shared Pester support module (tests/OpsModule.Pester/Support/OpsPester.psm1) belongs to the suite's infrastructure.
# It exists here only so test files can import it as the suite contract says; the real one replaces it.
function Invoke-OpsScript {
    param([Parameter(Mandatory)] [string] $Script, [int] $Timeout = 120)
    throw 'Invoke-OpsScript is provided by the shared Pester support module, which this placeholder stands in for.'
}

Export-ModuleMember -Function Invoke-OpsScript
