using System;
using System.Collections.Generic;
using System.Linq;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>What the random-shape tests share: their data, and the extra seeds of a local campaign.</summary>
internal static class RandomShapes
{
    /// <summary>
    /// The seeds <c>CONVGEN_FUZZ_SEEDS</c> names, as <c>a-b</c> or <c>a,b,c</c>; none when it is unset or blank, which is
    /// how CI runs (each test class then checks only its fixed seeds).
    /// </summary>
    public static IEnumerable<int> CampaignSeeds()
    {
        string? spec = Environment.GetEnvironmentVariable("CONVGEN_FUZZ_SEEDS");
        if (string.IsNullOrWhiteSpace(spec))
        {
            return Array.Empty<int>();
        }
        string[] range = spec.Split('-');
        if (range.Length == 2)
        {
            int first = int.Parse(range[0]), last = int.Parse(range[1]);
            return Enumerable.Range(first, last - first + 1);
        }
        return spec.Split(',').Select(int.Parse);
    }

    /// <summary><paramref name="count"/> floats uniform in [−1, 1).</summary>
    public static float[] Uniform(int count, Random random)
    {
        var data = new float[count];
        for (int i = 0; i < count; i++)
        {
            data[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return data;
    }
}
