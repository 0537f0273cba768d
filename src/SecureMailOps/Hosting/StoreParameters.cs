using System;
using System.Collections.ObjectModel;
using System.Management.Automation;
using SecureMailOps.Core.State;

namespace SecureMailOps.Hosting;

/// <summary>
/// The store parameters every cmdlet over the state store shares (-StorePath, -StoreConnectionString,
/// -StoreCredential), declared once here and offered by each such cmdlet as its dynamic parameters:
/// the cmdlets derive from different bases (Send-OtpChallenge is an async mail cmdlet), so a base
/// class could not carry them to all of them.
/// </summary>
/// <remarks>
/// Here -StorePath and -StoreConnectionString are two parameter sets (<see cref="PathSet"/>, the
/// default, and <see cref="ServerSet"/>, where -StoreConnectionString is mandatory), so PowerShell's
/// binder refuses both (AmbiguousParameterSet). That only works on a cmdlet without parameter sets of
/// its own: PowerShell settles the static sets before it asks for dynamic parameters, so a cmdlet whose
/// own sets are chosen by a switch or by pipeline input (Test-OtpCode, Get-/Clear-OtpActivity,
/// Confirm-OtpChallenge) declares the store parameters statically, crossed with its own sets
/// (<see cref="CrossedStoreSets"/> says how the binder then chooses).
/// </remarks>
public class StoreParameters
{
    /// <summary>The parameter set that takes -StorePath (a file, else SECUREMAILOPS_STORE, else the default path).</summary>
    public const string PathSet = "StorePath";

    /// <summary>The parameter set that takes -StoreConnectionString (mandatory there).</summary>
    public const string ServerSet = "StoreConnectionString";

    private RuntimeDefinedParameterDictionary? _parameters;

    /// <summary>Gets the -StorePath value, or null.</summary>
    public string? StorePath => Value<string>(nameof(StorePath));

    /// <summary>Gets the -StoreConnectionString value, or null.</summary>
    public string? StoreConnectionString => Value<string>(nameof(StoreConnectionString));

    /// <summary>Gets the -StoreCredential value, or null.</summary>
    public PSCredential? StoreCredential => Value<PSCredential>(nameof(StoreCredential));

    /// <summary>Gets the dynamic parameters (IDynamicParameters.GetDynamicParameters).</summary>
    /// <returns>The parameters PowerShell binds -StorePath, -StoreConnectionString and the rest to.</returns>
    public RuntimeDefinedParameterDictionary GetDynamicParameters()
    {
        if (_parameters is null)
        {
            _parameters = new RuntimeDefinedParameterDictionary();
            Add(nameof(StorePath), typeof(string), InSet(PathSet, false), new ValidateNotNullOrEmptyAttribute());
            Add(nameof(StoreConnectionString), typeof(string), InSet(ServerSet, true), new ValidateNotNullOrEmptyAttribute());

            // In every set: SECUREMAILOPS_STORE may name the server (no -StoreConnectionString) and this the password.
            Add(nameof(StoreCredential), typeof(PSCredential), new ParameterAttribute(), new CredentialAttribute());
            AddParameters();
        }

        return _parameters;
    }

    /// <summary>Opens the store these parameters name (or the session's open one).</summary>
    /// <param name="cmdlet">The calling cmdlet, to resolve a PowerShell path against its location.</param>
    /// <returns>The store.</returns>
    public IStateStore Open(PSCmdlet cmdlet) => StateStoreHost.Open(cmdlet, StorePath, StoreConnectionString, StoreCredential);

    /// <summary>Describes the store without opening it (for -WhatIf messages), never with a password.</summary>
    /// <param name="cmdlet">The calling cmdlet.</param>
    /// <returns>The description.</returns>
    public string Describe(PSCmdlet cmdlet) => StateStoreHost.Describe(cmdlet, StorePath, StoreConnectionString);

    /// <summary>Adds a derived class's parameters (with <see cref="Add"/>, in every set).</summary>
    protected virtual void AddParameters()
    {
    }

    /// <summary>Adds a parameter.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="type">Its type.</param>
    /// <param name="set">Its parameter attribute (the set it belongs to).</param>
    /// <param name="attributes">Its validation and transformation attributes.</param>
    protected void Add(string name, Type type, ParameterAttribute set, params Attribute[] attributes)
    {
        var collection = new Collection<Attribute> { set };
        foreach (Attribute attribute in attributes)
        {
            collection.Add(attribute);
        }

        _parameters!.Add(name, new RuntimeDefinedParameter(name, type, collection));
    }

    /// <summary>Gets a bound parameter's value, or null when it was not given.</summary>
    /// <typeparam name="T">The parameter type.</typeparam>
    /// <param name="name">The parameter name.</param>
    /// <returns>The value.</returns>
    protected T? Value<T>(string name)
        where T : class =>
        _parameters is not null && _parameters.TryGetValue(name, out RuntimeDefinedParameter? parameter) && parameter.IsSet ? parameter.Value as T : null;

    private static ParameterAttribute InSet(string set, bool mandatory) => new() { ParameterSetName = set, Mandatory = mandatory };
}
