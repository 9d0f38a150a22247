using System;
using System.Linq;
using ConvGen.Runtime.CompilerServices;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>The register transposes generated kernels call, against the element-by-element definition.</summary>
public sealed class KernelTransposeTests
{
    [Theory]
    [InlineData(16, 16)] // a Vector512 step: two 8×8 blocks
    [InlineData(8, 8)] // a Vector256 step
    [InlineData(16, 13)] // a remainder step: one block, five channels element by element
    [InlineData(4, 3)] // no block
    [InlineData(16, 0)]
    public void TapsToFiltersWritesEachChannelsFilterAndNothingElse(int tapStride, int channels)
    {
        // Tap t of channel l is 100·t + l + 1; the filters sit between two guard floats.
        float[] taps = Enumerable.Range(0, 9 * tapStride).Select(i => (float)(100 * (i / tapStride) + i % tapStride + 1)).ToArray();
        float[] filters = Enumerable.Repeat(float.NaN, channels * 9 + 2).ToArray();
        KernelTranspose.TapsToFilters3x3(ref taps[0], tapStride, channels, ref filters[1]);
        Assert.True(float.IsNaN(filters[0]) && float.IsNaN(filters[^1]), "a write outside the filters");
        for (int l = 0; l < channels; l++)
        {
            for (int t = 0; t < 9; t++)
            {
                Assert.Equal(100 * t + l + 1, filters[1 + l * 9 + t]);
            }
        }
    }
}
