using System;
using System.Collections.Generic;
using ConvGen.Reference;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// <see cref="Im2ColGemmConv.Forward"/> against <see cref="GenericConv.NaiveForward"/>: both sum in fp32 in different
/// orders, so each output may differ by at most 8·2⁻²³·(Σ|w·x| + |bias|), the magnitude sum computed here in fp64.
/// The shapes cover the GEMM's tails (M, N and K not multiples of the 6×16 tile; K above the 256 block; M above the
/// 120 block; N above one im2col chunk), the im2col paths (pointwise, one-row panels, wrapping panels, strides,
/// dilation, padding) and groups.
/// </summary>
public sealed class Im2ColGemmConvTests
{
    private const double Epsilon = 1.0 / (1 << 23);

    /// <summary>The case names (serializable theory data; the shapes are looked up by name).</summary>
    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach ((string name, _) in Cases())
        {
            names.Add(name);
        }
        return names;
    }

    private static IEnumerable<(string Name, (Conv2DShape Shape, int Batch, bool Bias) Case)> Cases()
    {
        static (string, (Conv2DShape, int, bool)) Case(string name, Conv2DShape shape, int batch = 1, bool bias = false) => (name, (shape, batch, bias));

        yield return Case("3x3 pad1 8->16 13x11", new(8, 16, 13, 11, 3, 3, 1, 1, 1, 1));
        yield return Case("3x3 stride2 pad1 7->10 15x17 bias", new(7, 10, 15, 17, 3, 3, 2, 2, 1, 1), bias: true);
        yield return Case("5x5 dilation2 pad2 6->9 19x14", new(6, 9, 19, 14, 5, 5, 1, 1, 2, 2, 2, 2));
        yield return Case("3x3 pad1 groups3 12->18 10x9 relu", new(12, 18, 10, 9, 3, 3, 1, 1, 1, 1, Groups: 3, Activation: Activation.Relu), bias: true);
        yield return Case("depthwise 3x3 pad1 16ch 20x20 relu6", new(16, 16, 20, 20, 3, 3, 1, 1, 1, 1, Groups: 16, Activation: Activation.Relu6), bias: true);
        yield return Case("depthwise 5x5 stride2 pad2 24ch 17x19", new(24, 24, 17, 19, 5, 5, 2, 2, 2, 2, Groups: 24));
        yield return Case("1x1 37->29 9x11 (pointwise path)", new(37, 29, 9, 11, 1, 1), bias: true);
        yield return Case("1x1 stride2 16->20 12x12", new(16, 20, 12, 12, 1, 1, 2, 2));
        yield return Case("1x7 pad(0,3) 10->13 8x21", new(10, 13, 8, 21, 1, 7, 1, 1, 0, 3));
        yield return Case("7x1 pad(3,0) 9->11 21x8", new(9, 11, 21, 8, 7, 1, 1, 1, 3, 0));
        yield return Case("batch3 3x3 pad1 5->7 9x9 relu", new(5, 7, 9, 9, 3, 3, 1, 1, 1, 1, Activation: Activation.Relu), batch: 3, bias: true);
        yield return Case("3x3 pad1 48->70 14x14 (K=432: two K blocks)", new(48, 70, 14, 14, 3, 3, 1, 1, 1, 1));
        yield return Case("1x1 300->130 5x5 (M and K blocks, tails)", new(300, 130, 5, 5, 1, 1, Activation: Activation.Relu6), bias: true);
        yield return Case("3x3 pad1 4->6 150x120 (several im2col chunks)", new(4, 6, 150, 120, 3, 3, 1, 1, 1, 1));
        yield return Case("3x4 stride(2,3) pad(2,1) dil(1,2) 6->5 16x23", new(6, 5, 16, 23, 3, 4, 2, 3, 2, 1, 1, 2));
        yield return Case("1x1 groups4 32->48 7x7 batch2", new(32, 48, 7, 7, 1, 1, Groups: 4), batch: 2, bias: true);
        yield return Case("7x7 valid 8->12 7x7 (one output pixel)", new(8, 12, 7, 7, 7, 7));
        yield return Case("stem 7x7 stride2 pad3 3->16 31x29", new(3, 16, 31, 29, 7, 7, 2, 2, 3, 3), bias: true);
        yield return Case("padding wider than the kernel 3x3 pad4 2->3 5x6", new(2, 3, 5, 6, 3, 3, 1, 1, 4, 4));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesNaiveWithinSummationOrderBound(string name)
    {
        (Conv2DShape shape, int batch, bool hasBias) = Find(name);
        int seed = name.Length;
        float[] x = Random(batch * shape.InputImage, seed + 1), w = Random(shape.WeightCount, seed + 2);
        float[] b = hasBias ? Random(shape.OutChannels, seed + 3) : [];
        float[] expected = new float[batch * shape.OutputImage], actual = new float[expected.Length];
        Array.Fill(actual, float.NaN); // every output must be written

        GenericConv.NaiveForward(shape, x, w, b, expected);
        Im2ColGemmConv.Forward(shape, x, w, b, actual);

        double[] magnitude = MagnitudeSums(shape, batch, x, w, b);
        for (int i = 0; i < expected.Length; i++)
        {
            double bound = 8 * Epsilon * magnitude[i];
            double diff = Math.Abs((double)actual[i] - expected[i]);
            Assert.True(diff <= bound, $"{name}: output {i}: {actual[i]} vs naive {expected[i]} (|diff| {diff:e3} > bound {bound:e3})");
        }
    }

    private static (Conv2DShape Shape, int Batch, bool Bias) Find(string name)
    {
        foreach ((string caseName, (Conv2DShape Shape, int Batch, bool Bias) data) in Cases())
        {
            if (caseName == name)
            {
                return data;
            }
        }
        throw new ArgumentException($"No case named '{name}'.", nameof(name));
    }

    [Fact]
    public void RepeatedCallsAndScratchGrowthGiveIdenticalResults()
    {
        var small = new Conv2DShape(3, 5, 6, 6, 3, 3, 1, 1, 1, 1);
        var large = new Conv2DShape(40, 50, 20, 20, 3, 3, 1, 1, 1, 1);
        float[] xs = Random(small.InputImage, 1), ws = Random(small.WeightCount, 2);
        float[] xl = Random(large.InputImage, 3), wl = Random(large.WeightCount, 4);
        float[] first = new float[small.OutputImage], again = new float[small.OutputImage], big = new float[large.OutputImage];
        Im2ColGemmConv.Forward(small, xs, ws, [], first);
        Im2ColGemmConv.Forward(large, xl, wl, [], big); // grows the scratch buffer
        Im2ColGemmConv.Forward(small, xs, ws, [], again);
        Assert.Equal(first, again);
    }

    [Theory]
    [InlineData(8 * 10 * 9 + 1, 16 * 8 * 9, 0, 16 * 10 * 9, "input")]
    [InlineData(2 * 8 * 10 * 9, 16 * 8 * 9, 0, 16 * 10 * 9, "output")]
    [InlineData(8 * 10 * 9, 16 * 8 * 9 - 1, 0, 16 * 10 * 9, "weights")]
    [InlineData(8 * 10 * 9, 16 * 8 * 9, 15, 16 * 10 * 9, "bias")]
    public void WrongLengthsThrowNamingTheParameter(int input, int weights, int bias, int output, string parameter)
    {
        var shape = new Conv2DShape(8, 16, 10, 9, 3, 3, 1, 1, 1, 1);
        float[] y = new float[output];
        Array.Fill(y, 42f);
        ArgumentException error = Assert.Throws<ArgumentException>(
            () => Im2ColGemmConv.Forward(shape, new float[input], new float[weights], new float[bias], y));
        Assert.Equal(parameter, error.ParamName);
        Assert.All(y, value => Assert.Equal(42f, value));
    }

    [Fact]
    public void EmptyBatchIsANoOp()
    {
        Im2ColGemmConv.Forward(new Conv2DShape(4, 4, 5, 5, 3, 3), ReadOnlySpan<float>.Empty, new float[4 * 4 * 9], [], Span<float>.Empty);
    }

    [Fact]
    public void InvalidShapeThrows()
    {
        Assert.Throws<ArgumentException>(() =>
            Im2ColGemmConv.Forward(new Conv2DShape(6, 4, 5, 5, 3, 3, Groups: 4), new float[150], new float[36], [], new float[36]));
    }

    /// <summary>Σ|w·x| + |bias| per output element, in fp64.</summary>
    private static double[] MagnitudeSums(in Conv2DShape s, int batch, float[] x, float[] w, float[] b)
    {
        int cg = s.InChannels / s.Groups, kg = s.OutChannels / s.Groups, oh = s.OutHeight, ow = s.OutWidth;
        var sums = new double[batch * s.OutputImage];
        for (int n = 0; n < batch; n++)
        {
            for (int k = 0; k < s.OutChannels; k++)
            {
                int g = k / kg;
                for (int oy = 0; oy < oh; oy++)
                {
                    for (int ox = 0; ox < ow; ox++)
                    {
                        double sum = b.Length == 0 ? 0 : Math.Abs((double)b[k]);
                        for (int c = 0; c < cg; c++)
                        {
                            for (int ky = 0; ky < s.KernelHeight; ky++)
                            {
                                int iy = oy * s.StrideHeight - s.PaddingHeight + ky * s.DilationHeight;
                                if ((uint)iy >= (uint)s.Height)
                                {
                                    continue;
                                }
                                for (int kx = 0; kx < s.KernelWidth; kx++)
                                {
                                    int ix = ox * s.StrideWidth - s.PaddingWidth + kx * s.DilationWidth;
                                    if ((uint)ix >= (uint)s.Width)
                                    {
                                        continue;
                                    }
                                    double xv = x[((n * s.InChannels + g * cg + c) * s.Height + iy) * s.Width + ix];
                                    double wv = w[((k * cg + c) * s.KernelHeight + ky) * s.KernelWidth + kx];
                                    sum += Math.Abs(xv * wv);
                                }
                            }
                        }
                        sums[((n * s.OutChannels + k) * oh + oy) * ow + ox] = sum;
                    }
                }
            }
        }
        return sums;
    }

    private static float[] Random(int count, int seed)
    {
        var random = new Random(seed);
        var data = new float[count];
        for (int i = 0; i < count; i++)
        {
            data[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return data;
    }
}
