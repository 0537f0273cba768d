using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Hosting;

/// <summary>
/// Lets -Policy take policy files and folders (paths, FileInfo, DirectoryInfo, wildcards) as well as
/// objects from Get-SecurityPolicy: paths are resolved against the current location and loaded by the
/// same strict loader, so <c>Invoke-SecurityPolicy -Policy ./my-policy.yaml</c> works. A file with
/// errors stops the binding with every error (file, line, column) in the message.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PolicyTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc />
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        if (engineIntrinsics is null)
        {
            throw new ArgumentNullException(nameof(engineIntrinsics));
        }

        object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is null or SecurityPolicy or SecurityPolicy[])
        {
            return value;
        }

        IEnumerable<object?> items = value is IEnumerable list and not string ? list.Cast<object?>() : new[] { value };
        var policies = new List<SecurityPolicy>();
        foreach (object? item in items)
        {
            object? element = item is PSObject p ? p.BaseObject : item;
            switch (element)
            {
                case SecurityPolicy policy:
                    policies.Add(policy);
                    break;
                case string or FileSystemInfo:
                    policies.AddRange(Load(engineIntrinsics, element is FileSystemInfo info ? info.FullName : (string)element));
                    break;
                default:
                    throw new ArgumentTransformationMetadataException(
                        "-Policy takes policy files or folders, or objects from Get-SecurityPolicy; a " + (element?.GetType().FullName ?? "null") + " was given.");
            }
        }

        return policies.ToArray();
    }

    private static List<SecurityPolicy> Load(EngineIntrinsics engine, string path)
    {
        try
        {
            IEnumerable<string> resolved;
            try
            {
                resolved = engine.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out ProviderInfo _);
            }
            catch (ItemNotFoundException ex)
            {
                throw new SecureMailOpsException(PolicyErrorIds.PathNotFound, FailureKind.ObjectNotFound, "The path '" + path + "' does not exist.", path, ex);
            }

            return PolicyLoader.ExpandPaths(resolved.ToList()).SelectMany(PolicyLoader.LoadFile).ToList();
        }
        catch (SecureMailOpsException ex)
        {
            throw new ArgumentTransformationMetadataException(ex.Message, ex);
        }
    }
}
