# Signs one file (xenpilot.exe, the installer) with the code-signing certificate from the
# repository's secrets: WINDOWS_CERTIFICATE (a .pfx, base64) and WINDOWS_CERTIFICATE_PASSWORD.
# Timestamped, so the signature outlives the certificate. The release workflow runs it only
# when the secret is set.
param([Parameter(Mandatory)][string]$Path)
$ErrorActionPreference = 'Stop'
$pfx = Join-Path $env:RUNNER_TEMP 'xenpilot-signing.pfx'
[IO.File]::WriteAllBytes($pfx, [Convert]::FromBase64String($env:WINDOWS_CERTIFICATE))
try {
    # The newest Windows SDK's signtool (not on PATH on the runners).
    $signtool = Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" |
        Sort-Object { [version]$_.Directory.Parent.Name } -Descending | Select-Object -First 1
    if (-not $signtool) { throw 'signtool.exe not found (Windows SDK)' }
    & $signtool.FullName sign /f $pfx /p $env:WINDOWS_CERTIFICATE_PASSWORD /fd sha256 `
        /tr http://timestamp.digicert.com /td sha256 $Path
    if ($LASTEXITCODE -ne 0) { throw "signtool failed on $Path" }
} finally {
    Remove-Item $pfx -ErrorAction SilentlyContinue
}
