using System;
using System.Linq;
using System.Runtime.Intrinsics;
using ConvGen.Runtime.CompilerServices;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The horizontal-sum trees of the depthwise backward-weights kernels, against lane-by-lane sums. Lane l of accumulator
/// t holds (t + 1)·2^l, so every sum is exact and a lane counted twice, dropped or taken from the wrong channel changes
/// its bits.
/// </summary>
public sealed class KernelReductionsTests
{
    private static Vector512<float> Accumulator(int t) => Vector512.Create(Enumerable.Range(0, 16).Select(l => (t + 1) * MathF.Pow(2, l)).ToArray());

    private static float LaneSum(int t, int from, int to) => Enumerable.Range(from, to - from).Sum(l => (t + 1) * MathF.Pow(2, l));

    [Fact]
    public void StoreSums8WritesTheEightLaneSumsAndNothingElse()
    {
        float[] target = Enumerable.Repeat(float.NaN, 10).ToArray();
        Vector512<float>[] a = Enumerable.Range(0, 8).Select(Accumulator).ToArray();
        KernelReductions.StoreSums8(ref target[1], a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
        Assert.True(float.IsNaN(target[0]) && float.IsNaN(target[9]), "a write outside the eight sums");
        Assert.Equal(Enumerable.Range(0, 8).Select(t => LaneSum(t, 0, 16)), target[1..9]);
    }

    [Fact]
    public void StoreSums2WritesBothLaneSums()
    {
        float first = float.NaN, second = float.NaN;
        KernelReductions.StoreSums2(ref first, ref second, Accumulator(4), Accumulator(7));
        Assert.Equal(LaneSum(4, 0, 16), first);
        Assert.Equal(LaneSum(7, 0, 16), second);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StoreChannelPairSumsSplitsTheHalvesIntoTwoChannels(bool storeBias)
    {
        float[] weights = Enumerable.Repeat(float.NaN, 20).ToArray();
        float[] bias = Enumerable.Repeat(float.NaN, 4).ToArray();
        Vector512<float>[] a = Enumerable.Range(0, 10).Select(Accumulator).ToArray();
        KernelReductions.StoreChannelPairSums(ref weights[1], ref bias[1], storeBias, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9]);
        Assert.True(float.IsNaN(weights[0]) && float.IsNaN(weights[19]), "a write outside the 18 tap sums");
        Assert.Equal(Enumerable.Range(0, 9).Select(t => LaneSum(t, 0, 8)), weights[1..10]);
        Assert.Equal(Enumerable.Range(0, 9).Select(t => LaneSum(t, 8, 16)), weights[10..19]);
        Assert.True(float.IsNaN(bias[0]) && float.IsNaN(bias[3]), "a write outside the two bias sums");
        if (storeBias)
        {
            Assert.Equal(new[] { LaneSum(9, 0, 8), LaneSum(9, 8, 16) }, bias[1..3]);
        }
        else
        {
            Assert.True(float.IsNaN(bias[1]) && float.IsNaN(bias[2]), "a bias written though storeBias is false");
        }
    }

    /// <summary>
    /// Sum counts every float of the range once and reads nothing past it: element i holds i + 1 (every sum is an
    /// exact integer), the floats around the range are NaN, and the counts cover each loop of each path (the
    /// four-vector steps, the single vectors and the scalar tail) from 0 to 300, at an aligned and an odd start.
    /// </summary>
    [Fact]
    public void SumAddsEveryFloatOfTheRangeOnce()
    {
        foreach (int start in new[] { 1, 16 })
        {
            for (int count = 0; count <= 300; count++)
            {
                float[] values = Enumerable.Repeat(float.NaN, start + count + 1).ToArray();
                for (int i = 0; i < count; i++)
                {
                    values[start + i] = i + 1;
                }
                Assert.Equal(count * (count + 1) / 2f, KernelReductions.Sum(ref values[start], count));
            }
        }
    }
}
