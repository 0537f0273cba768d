namespace SecureMailOps.Hosting;

/// <summary>
/// How the store cmdlets with parameter sets of their own (Test-OtpCode, Get-/Clear-OtpActivity,
/// Confirm-OtpChallenge) make -StorePath and -StoreConnectionString separate parameter sets: each of
/// their own sets X is crossed into <c>X</c> + <see cref="File"/> (-StorePath, optional: without it
/// SECUREMAILOPS_STORE or the default file applies; the default set is one of these) and <c>X</c> +
/// <see cref="Server"/> (-StoreConnectionString, mandatory). Giving both leaves no set: the binder
/// refuses the call (AmbiguousParameterSet).
/// </summary>
/// <remarks>
/// The store parameters are static on these cmdlets, not dynamic as on the others: PowerShell settles
/// the static sets before it asks for dynamic parameters, and with only the static ones it cannot tell
/// XStorePath from XStoreConnectionString. With them static, a call that names neither (<c>-Hotp</c>
/// alone) is settled by the binder's mandatory-parameter rule: only the file set has all its mandatory
/// parameters bound. With pipeline input the binder first looks for the one set whose mandatory
/// parameters the pipeline can fill; when none stands out it throws AmbiguousParameterSet unless
/// several sets take mandatory input by property name. So the cmdlet's mandatory pipeline parameters
/// (Test-OtpCode's -Secret and -Code, Confirm-OtpChallenge's -ChallengeId and -Code) are declared in
/// each set by name rather than once for all sets: then <c>$record | Test-OtpCode -Hotp</c> drops the
/// server set (its -StoreConnectionString cannot come from the pipeline) and binds HotpStorePath.
/// -StoreCredential stays in every set: SECUREMAILOPS_STORE may name the server it is the password for.
/// </remarks>
internal static class CrossedStoreSets
{
    /// <summary>The suffix of a cmdlet's own set crossed with -StorePath.</summary>
    public const string File = StoreParameters.PathSet;

    /// <summary>The suffix of a cmdlet's own set crossed with -StoreConnectionString.</summary>
    public const string Server = StoreParameters.ServerSet;
}
