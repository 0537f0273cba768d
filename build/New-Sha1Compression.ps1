<#
.SYNOPSIS
    Generates src/SecureMailOps.Core/Otp/Sha1Compression.cs, the unrolled SHA-1 compression
    function used by the OTP engine's precomputed HMAC-SHA-1.

.DESCRIPTION
    SHA-1's 80 rounds are written out one by one so that the working variables change roles from
    round to round instead of being shifted, and every schedule index is a constant the JIT can
    check once. Writing them by hand invites a typo in one of 80 nearly identical lines, so they
    are generated; a Pester test checks that the checked-in file is exactly this script's output.

.PARAMETER Path
    Where to write the file. Defaults to the engine's source tree.

.PARAMETER PassThru
    Return the generated text instead of writing it.
#>
[CmdletBinding()]
param(
    [string] $Path = (Join-Path $PSScriptRoot '../src/SecureMailOps.Core/Otp/Sha1Compression.cs'),
    [switch] $PassThru
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# FIPS 180-4 section 4.1.1 functions and section 4.2.1 constants, by round.
function Get-RoundFunction([int] $t, [string] $b, [string] $c, [string] $d) {
    if ($t -lt 20) { return "(${d} ^ (${b} & (${c} ^ ${d})))", '0x5A827999' }
    if ($t -lt 40) { return "(${b} ^ ${c} ^ ${d})", '0x6ED9EBA1' }
    if ($t -lt 60) { return "((${b} & ${c}) | (${d} & (${b} | ${c})))", '0x8F1BBCDC' }
    return "(${b} ^ ${c} ^ ${d})", '0xCA62C1D6'
}

# The schedule (section 6.1.2 step 1) for words 16 to 79 of one block.
function Get-Schedule([string] $w) {
    foreach ($t in 16..79) {
        "        ${w}[$t] = RotateLeft(${w}[$($t - 3)] ^ ${w}[$($t - 8)] ^ ${w}[$($t - 14)] ^ ${w}[$($t - 16)], 1);"
    }
}

# The 80 rounds (section 6.1.2 step 3) over variables with the given suffix, two lines per round.
function Get-Round([string] $suffix, [string] $w) {
    $names = 'a', 'b', 'c', 'd', 'e'
    foreach ($t in 0..79) {
        $a, $b, $c, $d, $e = $names | ForEach-Object { $_ + $suffix }
        $function, $constant = Get-RoundFunction $t $b $c $d
        , @(
            "        $e = $e + ${w}[$t] + $constant + $function + RotateLeft($a, 5);",
            "        $b = RotateLeft($b, 30);"
        )
        $names = $names[4], $names[0], $names[1], $names[2], $names[3]
    }
}

# A compression whose block is partly known when the code is generated: each of the 16 words is
# either a constant (padding, zeros, the length) or the name of a parameter. Constants are folded
# into the schedule and into the round constants, so the fixed-shape blocks of HMAC-SHA-1 over a
# counter (one key block plus 8 bytes) and over a digest (one key block plus 20 bytes) skip the work
# on words that are always the same.
function Get-SpecializedBody([object[]] $blockWords) {
    $mask = [uint64]4294967295
    $words = [System.Collections.Generic.List[object]]::new()
    foreach ($word in $blockWords) { $words.Add($word) }
    $lines = [System.Collections.Generic.List[string]]::new()
    foreach ($t in 16..79) {
        $constant = [uint64]0
        $names = [System.Collections.Generic.List[string]]::new()
        foreach ($source in $words[$t - 3], $words[$t - 8], $words[$t - 14], $words[$t - 16]) {
            if ($source -is [string]) { $names.Add($source) } else { $constant = $constant -bxor [uint64]$source }
        }

        if ($names.Count -eq 0) {
            $words.Add((($constant -shl 1) -bor ($constant -shr 31)) -band $mask)
            continue
        }

        if ($constant -ne 0) { $names.Add(('0x{0:X8}' -f $constant)) }
        $lines.Add("        uint w$t = RotateLeft($($names -join ' ^ '), 1);")
        $words.Add("w$t")
    }

    $lines.Add('        uint a = state.A, b = state.B, c = state.C, d = state.D, e = state.E;')
    $roles = 'a', 'b', 'c', 'd', 'e'
    foreach ($t in 0..79) {
        $a, $b, $c, $d, $e = $roles
        $function, $roundConstant = Get-RoundFunction $t $b $c $d
        $word = $words[$t]
        if ($word -is [string]) {
            $lines.Add("        $e = $e + $word + $roundConstant + $function + RotateLeft($a, 5);")
        }
        else {
            $folded = ([System.Convert]::ToUInt64($roundConstant, 16) + [uint64]$word) -band $mask
            $lines.Add("        $e = $e + $('0x{0:X8}' -f $folded) + $function + RotateLeft($a, 5);")
        }

        $lines.Add("        $b = RotateLeft($b, 30);")
        $roles = $roles[4], $roles[0], $roles[1], $roles[2], $roles[3]
    }

    $lines.AddRange([string[]]@('        state.A += a;', '        state.B += b;', '        state.C += c;', '        state.D += d;', '        state.E += e;'))
    return $lines
}

# One key block (64 bytes) plus an 8-byte counter: 2 message words, the padding bit, the length 576 bits.
$counterBlock = @('w0', 'w1', [uint64]2147483648) + @(0) * 12 + @([uint64]((64 + 8) * 8))
$counterBody = Get-SpecializedBody $counterBlock

# One key block plus a 20-byte digest: 5 message words, the padding bit, the length 672 bits.
$digestBlock = @('w0', 'w1', 'w2', 'w3', 'w4', [uint64]2147483648) + @(0) * 9 + @([uint64]((64 + 20) * 8))
$digestBody = Get-SpecializedBody $digestBlock

$single = [System.Collections.Generic.List[string]]::new()
$single.AddRange([string[]]@(Get-Schedule 'w'))
$single.Add('        uint a = state.A, b = state.B, c = state.C, d = state.D, e = state.E;')
foreach ($round in Get-Round '' 'w') { $single.AddRange([string[]]$round) }

# Two independent blocks, statement by statement: neither waits for the other, so the CPU runs
# them side by side (SHA-1's rounds are one long dependency chain; alone they leave it idle).
$pair = [System.Collections.Generic.List[string]]::new()
$first = @(Get-Schedule 'first')
$second = @(Get-Schedule 'second')
for ($i = 0; $i -lt $first.Count; $i++) { $pair.Add($first[$i]); $pair.Add($second[$i]) }
$pair.Add('        uint a1 = firstState.A, b1 = firstState.B, c1 = firstState.C, d1 = firstState.D, e1 = firstState.E;')
$pair.Add('        uint a2 = secondState.A, b2 = secondState.B, c2 = secondState.C, d2 = secondState.D, e2 = secondState.E;')
$firstRounds = @(Get-Round '1' 'first')
$secondRounds = @(Get-Round '2' 'second')
for ($i = 0; $i -lt 80; $i++) { $pair.AddRange([string[]]$firstRounds[$i]); $pair.AddRange([string[]]$secondRounds[$i]) }

$text = @"
// <auto-generated>
// Generated by build/New-Sha1Compression.ps1; edit that script, not this file, and run it again.
// </auto-generated>
using System;

namespace SecureMailOps.Core.Otp;

/// <summary>
/// FIPS 180-4 section 6.1.2: the SHA-1 compression of one 64-byte block, fully unrolled. The
/// caller puts the block's 16 big-endian words at the start of an 80-word buffer; the schedule
/// fills the rest. The RFC 4226/6238 vectors, the oathtool cross-checks and a comparison with the
/// platform HMAC-SHA-1 for many key and message lengths test it.
/// </summary>
internal static class Sha1Compression
{
    /// <summary>The words in a schedule buffer.</summary>
    public const int ScheduleWords = 80;

    /// <summary>Compresses one block into a state.</summary>
    /// <param name="state">The chaining state, updated in place.</param>
    /// <param name="w">80 words: the block's 16 words first; the rest is overwritten.</param>
    public static void Compress(ref Sha1State state, Span<uint> w)
    {
        if (w.Length < ScheduleWords)
        {
            throw new ArgumentException("The schedule holds 80 words.", nameof(w));
        }

$($single -join "`n")
        state.A += a;
        state.B += b;
        state.C += c;
        state.D += d;
        state.E += e;
    }

    /// <summary>Compresses two independent blocks into two states, interleaved.</summary>
    /// <param name="firstState">The first chaining state, updated in place.</param>
    /// <param name="first">The first block's 80-word schedule buffer.</param>
    /// <param name="secondState">The second chaining state, updated in place.</param>
    /// <param name="second">The second block's 80-word schedule buffer.</param>
    public static void CompressPair(ref Sha1State firstState, Span<uint> first, ref Sha1State secondState, Span<uint> second)
    {
        if (first.Length < ScheduleWords || second.Length < ScheduleWords)
        {
            throw new ArgumentException("Each schedule holds 80 words.");
        }

$($pair -join "`n")
        firstState.A += a1;
        firstState.B += b1;
        firstState.C += c1;
        firstState.D += d1;
        firstState.E += e1;
        secondState.A += a2;
        secondState.B += b2;
        secondState.C += c2;
        secondState.D += d2;
        secondState.E += e2;
    }

    /// <summary>
    /// Compresses the last block of a message that is one 64-byte block plus 8 bytes: the inner
    /// hash of HMAC-SHA-1 over an OTP counter, continued from the ipad midstate.
    /// </summary>
    /// <param name="state">The chaining state after the first block, updated in place.</param>
    /// <param name="w0">The first four message bytes, big-endian.</param>
    /// <param name="w1">The last four message bytes, big-endian.</param>
    public static void CompressCounterTail(ref Sha1State state, uint w0, uint w1)
    {
$($counterBody -join "`n")
    }

    /// <summary>
    /// Compresses the last block of a message that is one 64-byte block plus a 20-byte SHA-1
    /// digest: the outer hash of HMAC-SHA-1, continued from the opad midstate.
    /// </summary>
    /// <param name="state">The chaining state after the first block, updated in place.</param>
    /// <param name="w0">Digest word H0.</param>
    /// <param name="w1">Digest word H1.</param>
    /// <param name="w2">Digest word H2.</param>
    /// <param name="w3">Digest word H3.</param>
    /// <param name="w4">Digest word H4.</param>
    public static void CompressDigestTail(ref Sha1State state, uint w0, uint w1, uint w2, uint w3, uint w4)
    {
$($digestBody -join "`n")
    }

    private static uint RotateLeft(uint value, int count) => (value << count) | (value >> (32 - count));
}

"@ -replace "`r`n", "`n"

if ($PassThru) {
    return $text
}

[System.IO.File]::WriteAllText([System.IO.Path]::GetFullPath($Path), $text, [System.Text.UTF8Encoding]::new($false))
