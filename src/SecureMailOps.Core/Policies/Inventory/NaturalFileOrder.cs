using System;
using System.Collections.Generic;

namespace SecureMailOps.Core.Policies.Inventory;

/// <summary>
/// Orders file names as people number them: runs of digits compare by value, so <c>page-2.json</c> comes
/// before <c>page-10.json</c>; the rest compares ordinally, case-insensitively, then exactly (a stable order
/// whatever order the file system lists a folder in).
/// </summary>
internal sealed class NaturalFileOrder : IComparer<string>
{
    public static readonly NaturalFileOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        int i = 0;
        int j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsDigit(x[i]) && char.IsDigit(y[j]))
            {
                int endX = i;
                int endY = j;
                while (endX < x.Length && char.IsDigit(x[endX]))
                {
                    endX++;
                }

                while (endY < y.Length && char.IsDigit(y[endY]))
                {
                    endY++;
                }

                int byValue = CompareDigits(x.Substring(i, endX - i), y.Substring(j, endY - j));
                if (byValue != 0)
                {
                    return byValue;
                }

                i = endX;
                j = endY;
                continue;
            }

            int byChar = char.ToUpperInvariant(x[i]).CompareTo(char.ToUpperInvariant(y[j]));
            if (byChar != 0)
            {
                return byChar;
            }

            i++;
            j++;
        }

        int byLength = (x.Length - i).CompareTo(y.Length - j);
        return byLength != 0 ? byLength : string.CompareOrdinal(x, y);
    }

    private static int CompareDigits(string a, string b)
    {
        string left = a.TrimStart('0');
        string right = b.TrimStart('0');
        return left.Length != right.Length ? left.Length.CompareTo(right.Length) : string.CompareOrdinal(left, right);
    }
}
