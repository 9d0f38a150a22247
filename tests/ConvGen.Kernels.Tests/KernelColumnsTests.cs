using System;
using ConvGen.Runtime.CompilerServices;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>The column scatter of the columns backward-data plan, against the element-by-element definition.</summary>
public sealed class KernelColumnsTests
{
    [Theory]
    [InlineData(1, 3, 3)] // element by element
    [InlineData(1, 4, 2)] // one Vector128 step
    [InlineData(1, 13, 3)] // a Vector256 step, a Vector128 step, one element
    [InlineData(1, 16, 2)]
    [InlineData(2, 8, 2)] // stride 2: a Vector256 step needs a ninth value (its last odd lane inside the run): one Vector128 step, four elements
    [InlineData(2, 9, 3)] // one Vector256 step, one element
    [InlineData(2, 14, 2)] // 8, then 4, then 2
    [InlineData(2, 4, 2)] // a Vector128 step needs a fifth value: element by element
    [InlineData(3, 10, 2)] // other strides: element by element
    public void AddRowsAddsEachValueIntoItsPixelAndTouchesNothingElse(int stride, int count, int rows)
    {
        // The target rows are separated by a gap, and the run is followed by guard floats: every float the run does not
        // cover must keep its value, bit for bit, however the vector steps read and write around it.
        int targetPitch = stride * count + 5, sourcePitch = count + 3;
        var random = new Random(stride * 100 + count);
        float[] source = new float[rows * sourcePitch];
        float[] target = new float[rows * targetPitch + 8];
        for (int i = 0; i < source.Length; i++) source[i] = (float)(random.NextDouble() * 2 - 1);
        for (int i = 0; i < target.Length; i++) target[i] = (float)(random.NextDouble() * 2 - 1);
        float[] expected = (float[])target.Clone();
        for (int r = 0; r < rows; r++)
        {
            for (int x = 0; x < count; x++)
            {
                expected[r * targetPitch + x * stride] += source[r * sourcePitch + x];
            }
        }
        KernelColumns.AddRows(ref source[0], sourcePitch, ref target[0], targetPitch, rows, count, stride);
        Assert.Equal(expected, target);
    }
}
