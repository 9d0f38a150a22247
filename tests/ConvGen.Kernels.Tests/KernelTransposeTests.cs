using System;
using System.Linq;
using ConvGen.Runtime.CompilerServices;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>The register transposes generated kernels call, against the element-by-element definition.</summary>
public sealed class KernelTransposeTests
{
    [Theory]
    [InlineData(16, 16, 9)] // a Vector512 step of 3×3 filters: two 8×8 blocks, tap 8 element by element
    [InlineData(8, 8, 9)] // a Vector256 step
    [InlineData(16, 13, 9)] // a remainder step: one block, five channels element by element
    [InlineData(4, 3, 9)] // no block
    [InlineData(16, 0, 9)]
    [InlineData(16, 16, 25)] // 5×5 filters: taps in three 8×8 blocks per eight channels, tap 24 element by element
    [InlineData(16, 13, 25)] // a remainder step of 5×5 filters
    public void TapsToFiltersWritesEachChannelsFilterAndNothingElse(int tapStride, int channels, int tapCount)
    {
        // Tap t of channel l is 100·t + l + 1; the filters sit between two guard floats.
        float[] taps = Enumerable.Range(0, tapCount * tapStride).Select(i => (float)(100 * (i / tapStride) + i % tapStride + 1)).ToArray();
        float[] filters = Enumerable.Repeat(float.NaN, channels * tapCount + 2).ToArray();
        KernelTranspose.TapsToFilters(ref taps[0], tapStride, channels, tapCount, ref filters[1]);
        Assert.True(float.IsNaN(filters[0]) && float.IsNaN(filters[^1]), "a write outside the filters");
        for (int l = 0; l < channels; l++)
        {
            for (int t = 0; t < tapCount; t++)
            {
                Assert.Equal(100 * t + l + 1, filters[1 + l * tapCount + t]);
            }
        }
    }

    [Theory]
    [InlineData(32, 64)] // 16×16 blocks only (AVX-512), or 8×8 blocks only
    [InlineData(37, 45)] // 16×16 blocks, then 8×8 blocks right of and below them, then single elements
    [InlineData(16, 16)]
    [InlineData(15, 33)] // rows too few for a 16×16 block: 8×8 blocks and elements
    [InlineData(24, 17)] // one 16-row band, 8 rows below it
    [InlineData(8, 7)]
    [InlineData(1, 1)]
    [InlineData(0, 5)]
    public void TransposeStridedWritesEachElementOnceAndNothingBetween(int rows, int columns)
    {
        // Element (r, c) is 1000·r + c + 1; the source rows and target rows are padded apart, and the target's padding
        // and both ends are guard floats that must stay NaN.
        const int sourcePad = 3, targetPad = 5;
        int sourceStride = columns + sourcePad, targetStride = rows + targetPad;
        float[] source = new float[Math.Max(1, rows * sourceStride)];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                source[r * sourceStride + c] = 1000 * r + c + 1;
            }
        }
        float[] target = Enumerable.Repeat(float.NaN, columns * targetStride + 2).ToArray();
        KernelTranspose.TransposeStrided(ref source[0], rows, sourceStride, columns, ref target[1], targetStride);
        Assert.True(float.IsNaN(target[0]) && float.IsNaN(target[^1]), "a write outside the target");
        for (int c = 0; c < columns; c++)
        {
            for (int r = 0; r < targetStride; r++)
            {
                float value = target[1 + c * targetStride + r];
                if (r < rows)
                {
                    Assert.Equal(1000 * r + c + 1, value);
                }
                else
                {
                    Assert.True(float.IsNaN(value), $"a write into the padding after target row {c}");
                }
            }
        }
    }
}
