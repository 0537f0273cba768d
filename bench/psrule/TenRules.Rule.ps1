# The ten account rules of bench/psrule/ten-rules.yaml (the issue 16 "10 rules" set, also in
# bench/SourceInventories.ps1) as PSRule script rules, for bench/PSRule-Comparison.ps1.
# Each expression mirrors the SecureMailOps operator: PowerShell's -eq, -contains, -in, -ne and the
# OrdinalIgnoreCase EndsWith compare text case-insensitively, as the engine's operators do. The
# comparison script checks that every pair gives the same Pass and Fail counts on the same records.

# Synopsis: mfa.enabled equals true
Rule 'BENCH-1' { $TargetObject.mfa.enabled -eq $true }

# Synopsis: mfa.capable equals true
Rule 'BENCH-2' { $TargetObject.mfa.capable -eq $true }

# Synopsis: mfa.passwordlessCapable equals true
Rule 'BENCH-3' { $TargetObject.mfa.passwordlessCapable -eq $true }

# Synopsis: sspr.registered equals true
Rule 'BENCH-4' { $TargetObject.sspr.registered -eq $true }

# Synopsis: sspr.capable equals true
Rule 'BENCH-5' { $TargetObject.sspr.capable -eq $true }

# Synopsis: mfa.methods contains push
Rule 'BENCH-6' { $TargetObject.mfa.methods -contains 'push' }

# Synopsis: mfa.methods contains fido2
Rule 'BENCH-7' { $TargetObject.mfa.methods -contains 'fido2' }

# Synopsis: type in [user, admin]
Rule 'BENCH-8' { $TargetObject.type -in 'user', 'admin' }

# Synopsis: email endsWith @contoso.com
Rule 'BENCH-9' { $TargetObject.email.EndsWith('@contoso.com', [StringComparison]::OrdinalIgnoreCase) }

# Synopsis: mfa.preferredMethod notEquals sms
Rule 'BENCH-10' { $TargetObject.mfa.preferredMethod -ne 'sms' }
