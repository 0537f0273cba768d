using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Policies.Evaluation;

/// <summary>Resolves parameter values for one evaluation: each policy's defaults, then the caller's overrides, typed as declared.</summary>
internal static class ParameterValues
{
    /// <summary>Checks that every override names a declared parameter and converts it to the declared type.</summary>
    /// <exception cref="SecureMailOpsException">An override names no parameter, or has a value of the wrong type.</exception>
    public static Dictionary<string, object?> ResolveOverrides(IEnumerable<SecurityPolicy> policies, IDictionary<string, object?>? overrides)
    {
        var declared = new Dictionary<string, PolicyParameter>(StringComparer.OrdinalIgnoreCase);
        foreach (PolicyParameter parameter in policies.SelectMany(p => p.Parameters))
        {
            declared[parameter.Name] = parameter;
        }

        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (overrides is null)
        {
            return result;
        }

        foreach (KeyValuePair<string, object?> entry in overrides)
        {
            if (!declared.TryGetValue(entry.Key, out PolicyParameter? parameter))
            {
                throw new SecureMailOpsException(PolicyErrorIds.ParameterUnknown, FailureKind.InvalidArgument,
                    "No policy declares a parameter named '" + entry.Key + "'" + NameSuggester.Suggest(entry.Key, declared.Keys)
                    + (declared.Count == 0 ? "." : ". Declared: " + string.Join(", ", declared.Keys.OrderBy(k => k, StringComparer.Ordinal)) + "."), entry.Key);
            }

            result[parameter.Name] = Convert(parameter, entry.Value);
        }

        return result;
    }

    /// <summary>The values a policy's rules see: its defaults with the overrides applied.</summary>
    public static IReadOnlyDictionary<string, object?> ForPolicy(SecurityPolicy policy, IReadOnlyDictionary<string, object?> overrides)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (PolicyParameter parameter in policy.Parameters)
        {
            values[parameter.Name] = overrides.TryGetValue(parameter.Name, out object? value) ? value : parameter.DefaultValue;
        }

        return values;
    }

    private static object? Convert(PolicyParameter parameter, object? value)
    {
        object? converted = parameter.Type switch
        {
            "number" => ValueCoercion.TryNumber(value, out double number) ? number : null,
            "boolean" => ValueCoercion.TryBool(value, out bool flag) ? flag : null,
            "duration" => value switch
            {
                TimeSpan span => span,
                string text when DurationText.TryParse(text, out TimeSpan parsed) => parsed,
                _ => ValueCoercion.TryNumber(value, out double days) ? TimeSpan.FromDays(days) : null,
            },
            "date" => ValueCoercion.TryDate(value, out DateTimeOffset date) ? date : null,
            "list" => value is string single ? new List<object?> { single } : value is IEnumerable items ? items.Cast<object?>().ToList() : null,
            _ => value is string or IFormattable ? System.Convert.ToString(value, CultureInfo.InvariantCulture) : null,
        };

        if (converted is null)
        {
            throw new SecureMailOpsException(PolicyErrorIds.ParameterInvalid, FailureKind.InvalidArgument,
                "The parameter '" + parameter.Name + "' is a " + parameter.Type + "; the value " + ValueCoercion.Describe(value) + " cannot be used"
                + (string.Equals(parameter.Type, "duration", StringComparison.Ordinal) ? " (write a duration such as 90d, a TimeSpan, or a number of days)." : "."), parameter.Name);
        }

        return converted;
    }
}
