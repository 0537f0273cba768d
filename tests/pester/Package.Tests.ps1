BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $script:ModuleDirectory = Split-Path (Get-TestModulePath)
    $script:Output = Join-Path ([IO.Path]::GetTempPath()) ("smo-pkg-test-" + [guid]::NewGuid().ToString('n'))
}

AfterAll {
    Remove-Item -Recurse -Force $script:Output -ErrorAction SilentlyContinue
}

Describe 'Package' {
    It 'produces a nupkg that Save-PSResource installs from a local folder repository and that imports' {
        $script = Join-Path $PSScriptRoot '..' '..' 'build' 'New-ModulePackage.ps1'
        $out = Invoke-FreshPwsh "& '$script' -ModuleDirectory '$script:ModuleDirectory' -OutputDirectory '$script:Output'"
        Get-LastFreshExitCode | Should -Be 0 -Because ($out -join "`n")
        $nupkg = Get-ChildItem $script:Output -Filter 'SecureMailOps.*.nupkg'
        @($nupkg).Count | Should -Be 1

        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($nupkg.FullName)
        try { $entries = @($zip.Entries.FullName) } finally { $zip.Dispose() }
        foreach ($expected in 'SecureMailOps.psd1', 'SecureMailOps.dll', 'dependencies/SecureMailOps.Core.dll', 'en-US/SecureMailOps.dll-Help.xml', 'SecureMailOps.nuspec') {
            $entries | Should -Contain $expected
        }
        $entries | Where-Object { $_ -like 'dependencies/runtimes/linux-x64/native/*e_sqlite3*' } | Should -Not -BeNullOrEmpty
    }
}
