using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SecureMailOps.Core.Policies;

/// <summary>Durations as policies write them: a whole number and a unit, s, m, h, d or w (90d, 12h, 2w).</summary>
internal static class DurationText
{
    private static readonly Regex Pattern = new(@"^(?<n>\d{1,6})(?<u>[smhdw])$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1));

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        Match match = Pattern.Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        double n = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        duration = match.Groups["u"].Value switch
        {
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            "d" => TimeSpan.FromDays(n),
            _ => TimeSpan.FromDays(n * 7),
        };
        return true;
    }

    public static string Format(TimeSpan duration)
    {
        if (duration.Ticks % TimeSpan.TicksPerDay == 0)
        {
            return (duration.Ticks / TimeSpan.TicksPerDay).ToString(CultureInfo.InvariantCulture) + "d";
        }

        if (duration.Ticks % TimeSpan.TicksPerHour == 0)
        {
            return (duration.Ticks / TimeSpan.TicksPerHour).ToString(CultureInfo.InvariantCulture) + "h";
        }

        if (duration.Ticks % TimeSpan.TicksPerMinute == 0)
        {
            return (duration.Ticks / TimeSpan.TicksPerMinute).ToString(CultureInfo.InvariantCulture) + "m";
        }

        return ((long)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
    }
}
