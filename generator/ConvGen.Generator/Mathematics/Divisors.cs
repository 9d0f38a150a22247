using System.Collections.Generic;
using System.Globalization;

namespace ConvGen.Generator.Mathematics;

/// <summary>The divisors of a channel count: the group counts a layer allows (with <see cref="ShapeMath.GreatestCommonDivisor"/> of two counts).</summary>
internal static class Divisors
{
    private const int MaxListed = 12;

    /// <summary>The positive divisors of <paramref name="n"/> (≥ 1), ascending.</summary>
    public static List<int> Of(int n)
    {
        var small = new List<int>();
        var large = new List<int>();
        for (int d = 1; d <= n / d; d++)
        {
            if (n % d == 0)
            {
                small.Add(d);
                if (d != n / d)
                {
                    large.Add(n / d);
                }
            }
        }
        large.Reverse();
        small.AddRange(large);
        return small;
    }

    /// <summary>
    /// The divisors of <paramref name="n"/> as a diagnostic states them: "only 1", "one of 1, 2, 4 or 8", and past twelve
    /// divisors the first nine, an ellipsis and <paramref name="n"/> ("one of 1, 2, 4, 8, 16, 32, 64, 128, 256, …, 1048576").
    /// </summary>
    public static string Describe(int n)
    {
        List<int> divisors = Of(n);
        string Text(int d) => d.ToString(CultureInfo.InvariantCulture);
        if (divisors.Count == 1)
        {
            return "only 1";
        }
        return divisors.Count > MaxListed
            ? "one of " + string.Join(", ", divisors.GetRange(0, MaxListed - 3).ConvertAll(Text)) + ", …, " + Text(n)
            : "one of " + string.Join(", ", divisors.GetRange(0, divisors.Count - 1).ConvertAll(Text)) + " or " + Text(n);
    }
}
