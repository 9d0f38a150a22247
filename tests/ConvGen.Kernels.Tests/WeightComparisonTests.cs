using System;
using ConvGen.Runtime.CompilerServices;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The transform cache's weight comparison is bitwise, on one thread or split across the worker pool (weights of a
/// megabyte and more, <see cref="WeightComparison.ParallelBytes"/>): a difference in any slice's share, at either end
/// of it, or only in the sign of a zero is a difference.
/// </summary>
public sealed class WeightComparisonTests
{
    [Theory]
    [InlineData(1000)]
    [InlineData(1 << 20)]
    [InlineData((1 << 20) + 3)]
    public void EqualBitsAndEveryKindOfDifference(int length)
    {
        var random = new Random(length);
        float[] a = new float[length];
        for (int i = 0; i < length; i++)
        {
            a[i] = random.Next(-16, 17) / 16f;
        }
        Assert.True(WeightComparison.SameBits(a, (float[])a.Clone()));
        Assert.False(WeightComparison.SameBits(a, a.AsSpan(1)));
        // First, last and the middle (where two slices meet), and a zero's sign.
        foreach (int at in new[] { 0, length - 1, length / 2, length / 2 - 1 })
        {
            float[] b = (float[])a.Clone();
            b[at] = b[at] == 0 ? -0f : -b[at];
            Assert.False(WeightComparison.SameBits(a, b), $"a difference at {at} of {length} was missed");
        }
    }
}
