using System.Globalization;

namespace SecureMailOps.Core.Policies.Yaml;

/// <summary>
/// YAML 1.2 core-schema typing of plain scalars: null, true/false, integers and floats; everything
/// else (and every quoted scalar) is text. "yes"/"no"/"on"/"off" stay text (the YAML 1.1 trap).
/// </summary>
internal static class ScalarTyping
{
    public static object? Resolve(SafeScalar scalar)
    {
        if (!scalar.IsPlain)
        {
            return scalar.Value;
        }

        if (scalar.IsNull)
        {
            return null;
        }

        string v = scalar.Value;
        switch (v)
        {
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
        }

        if (v.Length > 0 && (char.IsDigit(v[0]) || v[0] == '-' || v[0] == '+' || v[0] == '.'))
        {
            if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l))
            {
                return l;
            }

            if (v.IndexOf('.') >= 0 || v.IndexOf('e') >= 0 || v.IndexOf('E') >= 0)
            {
                if (ValueCoercion.TryParseNumber(v, out double d))
                {
                    return d;
                }
            }
        }

        return v;
    }
}
