using System;
using ConvGen.Kernels.Tests.Layers;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>Wrong span lengths throw <see cref="ArgumentException"/> naming the parameter, before any write.</summary>
public sealed class SpanGuardTests
{
    // Dense3x3Stride2: 6→10 channels, 13×12 → 7×6, weights 10·6·9, bias 10.
    private const int InputImage = 6 * 13 * 12, OutputImage = 10 * 7 * 6, Weights = 540, Bias = 10;

    private static ArgumentException Call(int input, int weights, int bias, int output, out float[] outputData)
    {
        float[] y = new float[output];
        Array.Fill(y, 42f);
        outputData = y;
        return Assert.Throws<ArgumentException>(() => ForwardLayers.Dense3x3Stride2(new float[input], new float[weights], new float[bias], y));
    }

    [Theory]
    [InlineData(InputImage + 1, Weights, Bias, OutputImage, "input", "not a whole number of images")]
    [InlineData(2 * InputImage, Weights, Bias, OutputImage, "output", "needs 840")]
    [InlineData(InputImage, Weights - 1, Bias, OutputImage, "weights", "exactly 540")]
    [InlineData(InputImage, Weights, Bias + 1, OutputImage, "bias", "exactly 10")]
    [InlineData(0, Weights, Bias, OutputImage, "output", "needs 0")]
    public void WrongLengthThrowsBeforeTouchingMemory(int input, int weights, int bias, int output, string parameter, string fragment)
    {
        ArgumentException error = Call(input, weights, bias, output, out float[] y);
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(fragment, error.Message);
        Assert.All(y, value => Assert.Equal(42f, value));
    }

    [Fact]
    public void EmptyBatchIsANoOp()
    {
        ForwardLayers.Dense3x3Stride2(ReadOnlySpan<float>.Empty, new float[Weights], new float[Bias], Span<float>.Empty);
    }

    [Fact]
    public void OutputIsOverwrittenNotAccumulated()
    {
        var random = new Random(5);
        float[] x = new float[InputImage], w = new float[Weights], b = new float[Bias];
        foreach (float[] a in new[] { x, w, b })
        {
            for (int i = 0; i < a.Length; i++)
            {
                a[i] = random.Next(-16, 17) / 8f;
            }
        }
        float[] first = new float[OutputImage], second = new float[OutputImage];
        Array.Fill(second, float.NaN);
        ForwardLayers.Dense3x3Stride2(x, w, b, first);
        ForwardLayers.Dense3x3Stride2(x, w, b, second);
        Assert.Equal(first, second);
    }
}
