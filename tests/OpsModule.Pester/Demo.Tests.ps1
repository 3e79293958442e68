# Issue 13: the README's first command, the demo against a throwaway sandbox, taken from the README as written.
BeforeAll {
    Import-Module $env:OPSTEST_MODULE -Force
    Import-Module "$PSScriptRoot/Support/OpsPester.psm1" -Force

    $readme = Get-Content -Raw (Join-Path $env:OPSTEST_ROOT 'README.md')
    $script:command = [regex]::Matches($readme, '(?s)```bash\r?\n(.*?)```') | ForEach-Object { $_.Groups[1].Value.Trim() } |
        Where-Object { $_ -match 'build\.ps1 Demo' } | Select-Object -First 1
    $script:demoFolders = { Get-ChildItem -Path ([IO.Path]::GetTempPath()) -Directory -Filter 'opsmodule-demo-*' -ErrorAction Ignore | ForEach-Object Name }
    $script:before = & $demoFolders

    function Get-ProcessTree([int] $Id) {
        $Id
        foreach ($child in @(& pgrep -P $Id)) { Get-ProcessTree ([int] $child) }
    }

    function Start-Demo {
        $start = [System.Diagnostics.ProcessStartInfo]::new('bash')
        $start.ArgumentList.Add('-c')
        $start.ArgumentList.Add($command)
        $start.WorkingDirectory = $env:OPSTEST_ROOT
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.RedirectStandardInput = $true
        $start.UseShellExecute = $false
        $start.Environment['COLUMNS'] = '120'
        $start.Environment['NO_COLOR'] = '1'
        $start.Environment.Remove('KUBECONFIG') | Out-Null   # the demo brings its own cluster
        [System.Diagnostics.Process]::Start($start)
    }
}

Describe 'The README demo: dotnet tool restore; dotnet pwsh ./build.ps1 Demo' {
    It 'is the README''s first command' {
        $command | Should -Be 'dotnet tool restore; dotnet pwsh ./build.ps1 Demo'
    }

    It 'shows the verdict, the findings, a configuration backup and a switch plan, then removes the sandbox' {
        $process = Start-Demo
        try {
            $process.StandardInput.Close()
            $stdout = $process.StandardOutput.ReadToEndAsync()
            $stderr = $process.StandardError.ReadToEndAsync()
            $process.WaitForExit(300000) | Should -BeTrue -Because 'the demo ends by itself'
            $process.WaitForExit()
            $output = $stdout.Result
            $process.ExitCode | Should -Be 0 -Because "$output`n$($stderr.Result)"
        }
        finally { if (-not $process.HasExited) { $process.Kill($true) }; $process.Dispose() }

        $output | Should -Match 'Grade\s+:\s+D'
        $output | Should -Match 'PodCrashLoopBackOff'
        $output | Should -Match 'HpaAtMaxReplicas'
        $output | Should -Match 'PvcPending'
        $output | Should -Match 'Kind\s+:\s+Config'
        $output | Should -Match 'What if: Switch service production/saas-platform-active'
        $output | Should -Match 'On a real cluster'
        & $demoFolders | Where-Object { $_ -notin $before } | Should -BeNullOrEmpty -Because 'the demo deletes its folder'
    }

    It 'cleans up when stopped with Ctrl+C in the middle' {
        $process = Start-Demo
        try {
            $stdout = [System.Text.StringBuilder]::new()
            $deadline = [DateTime]::UtcNow.AddMinutes(4)
            while ([DateTime]::UtcNow -lt $deadline) {
                $line = $process.StandardOutput.ReadLine()
                if ($null -eq $line) { break }
                [void] $stdout.AppendLine($line)
                if ($line -match '== Get-OpsHealth -Summary') { break }
            }
            $stdout.ToString() | Should -Match '== Get-OpsHealth -Summary' -Because 'the demo got as far as the sandbox'
            # What a terminal's Ctrl+C does: SIGINT to every process of the command (bash, dotnet pwsh, the sandbox).
            $tree = @(Get-ProcessTree $process.Id)
            $tree.Count | Should -BeGreaterThan 1
            & kill -INT @tree
            $process.WaitForExit(60000) | Should -BeTrue
        }
        finally { if (-not $process.HasExited) { $process.Kill($true) }; $process.Dispose() }

        Start-Sleep -Milliseconds 500
        & $demoFolders | Where-Object { $_ -notin $before } | Should -BeNullOrEmpty -Because 'Ctrl+C still deletes the demo folder'
        Get-Process -ErrorAction Ignore | Where-Object { $_.CommandLine -match 'OpsModule\.Sandbox\.dll --dir .*opsmodule-demo-' } |
            Should -BeNullOrEmpty -Because 'Ctrl+C still stops the sandbox'
    }
}
