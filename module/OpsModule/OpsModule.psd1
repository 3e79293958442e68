@{
    # Binary module: the cmdlets live in OpsModule.dll, laid beside this manifest by `dotnet publish src/OpsModule -c Release`.
    RootModule           = 'OpsModule.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '4e312dd3-9ec9-48b0-bdda-28bde3de00d7'
    Author               = 'OpsModule contributors'
    CompanyName          = 'OpsModule contributors'
    Copyright            = '(c) OpsModule contributors. All rights reserved.'
    Description          = 'Kubernetes operations runbooks as typed, pipeable cmdlets: cluster health checks, PostgreSQL backups to a folder or S3, database restore with verification, blue-green switches and disaster-recovery drills.'
    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.4'

    # Explicit lists: no wildcard exports. A surface test keeps CmdletsToExport equal to the cmdlet classes in OpsModule.dll.
    CmdletsToExport      = @('Get-OpsBackup', 'Get-OpsHealth', 'Invoke-OpsBackup', 'Remove-OpsBackup', 'Repair-OpsHealth', 'Restore-OpsDatabase', 'Switch-BlueGreen', 'Test-DisasterRecovery')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()

    FormatsToProcess     = @('OpsModule.Format.ps1xml')

    PrivateData          = @{
        PSData = @{
            Tags       = @('Kubernetes', 'PostgreSQL', 'Backup', 'BlueGreen', 'DisasterRecovery', 'Health', 'Ops', 'PSEdition_Core')
            # ProjectUri = '<public repository URL>'   # set when the repository has a public home; none is known yet
            # LicenseUri = '<licence URL>'             # set when a licence is chosen; until then LICENSE in this folder says none is granted
            ReleaseNotes = 'What each version brings: RELEASENOTES.md in the module folder.'
        }
    }
}
