using System;
using System.Collections.Generic;
using ConvGen.Reference;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The generic transposed-convolution kernels: <see cref="GenericConv.NaiveTransposedForward"/> (scatter form) and
/// <see cref="GemmCol2ImConvTranspose.Forward"/> (GEMM + col2im) against hand-computed outputs, against each other and
/// against <see cref="GenericConv.NaiveBackwardData"/> of the equivalent convolution (a transposed convolution is the
/// backward-data pass of the convolution with its input and output swapped, when output padding &lt; stride). All sum
/// in fp32 in different orders, so each output may differ by at most 8·2⁻²³·(Σ|w·x| + |bias|), computed here in fp64.
/// The shapes cover the GEMM's tails and blocks with a transposed A (M = K/G·kh·kw above the 120-row block, K = C/G
/// above the 256 block), several input chunks, col2im at stride 1 (vector adds) and 2-3 (strided), output padding,
/// dilation, groups, kernels smaller than the stride (output pixels no tap reaches) and DCGAN's 1×1 → 4×4 first layer.
/// </summary>
public sealed class ConvTransposeReferenceTests : GuardedKernelTests
{
    private const double Epsilon = 1.0 / (1 << 23);

    private delegate void Kernel(in ConvTranspose2DShape shape, ReadOnlySpan<float> input, ReadOnlySpan<float> weights,
        ReadOnlySpan<float> bias, Span<float> output);

    private static Kernel KernelNamed(string name) => name switch
    {
        "naive" => GenericConv.NaiveTransposedForward,
        "gemm" => GemmCol2ImConvTranspose.Forward,
        _ => throw new ArgumentException($"No kernel named '{name}'.", nameof(name)),
    };

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

    /// <summary>
    /// The cases whose output the equivalent convolution maps back to H × W: output padding below the stride (the
    /// dilated case with output padding 1 at stride 1 has no such convolution).
    /// </summary>
    public static TheoryData<string> AdjointNames()
    {
        var names = new TheoryData<string>();
        foreach ((string name, (ConvTranspose2DShape shape, _, _)) in Cases())
        {
            if (shape.OutputPaddingHeight < shape.StrideHeight && shape.OutputPaddingWidth < shape.StrideWidth)
            {
                names.Add(name);
            }
        }
        return names;
    }

    private static IEnumerable<(string Name, (ConvTranspose2DShape Shape, int Batch, bool Bias) Case)> Cases()
    {
        static (string, (ConvTranspose2DShape, int, bool)) Case(string name, ConvTranspose2DShape shape, int batch = 1, bool bias = false) => (name, (shape, batch, bias));

        yield return Case("dcgan k4 s2 p1 8->6 5x5", new(8, 6, 5, 5, 4, 4, 2, 2, 1, 1));
        yield return Case("dcgan z 1x1 k4 s1 p0 20->12 relu", new(20, 12, 1, 1, 4, 4, Activation: Activation.Relu), bias: true);
        yield return Case("k3 s2 p1 op1 7->5 6x9 bias relu", new(7, 5, 6, 9, 3, 3, 2, 2, 1, 1, 1, 1, Activation: Activation.Relu), bias: true);
        yield return Case("k5 s2 p2 op1 4->9 7x6", new(4, 9, 7, 6, 5, 5, 2, 2, 2, 2, 1, 1));
        yield return Case("k3 s1 p1 (stride-1 col2im) 10->13 11x21", new(10, 13, 11, 21, 3, 3, 1, 1, 1, 1), bias: true);
        yield return Case("k3 s1 p0 relu6 3->4 9x40", new(3, 4, 9, 40, 3, 3, Activation: Activation.Relu6), bias: true);
        yield return Case("groups3 k4 s2 p1 12->9 6x7", new(12, 9, 6, 7, 4, 4, 2, 2, 1, 1, Groups: 3), bias: true);
        yield return Case("depthwise k3 s2 p1 op1 8ch 5x5", new(8, 8, 5, 5, 3, 3, 2, 2, 1, 1, 1, 1, Groups: 8));
        yield return Case("dilation2 k3 s1 p2 5->6 8x8", new(5, 6, 8, 8, 3, 3, 1, 1, 2, 2, DilationHeight: 2, DilationWidth: 2));
        yield return Case("dilation2 op1 > stride-1 k3 s1 p1 3->2 5x6", new(3, 2, 5, 6, 3, 3, 1, 1, 1, 1, 1, 1, 2, 2));
        yield return Case("k2 s3 (gaps) 4->5 4x5 bias", new(4, 5, 4, 5, 2, 2, 3, 3), bias: true);
        yield return Case("k3x5 s(2,3) p(1,2) op(1,2) d(1,2) 6->7 7x6", new(6, 7, 7, 6, 3, 5, 2, 3, 1, 2, 1, 2, 1, 2));
        yield return Case("k1 s1 (a 1x1 GEMM) 37->29 9x11", new(37, 29, 9, 11, 1, 1), bias: true);
        yield return Case("batch3 k4 s2 p1 5->7 4x4 relu", new(5, 7, 4, 4, 4, 4, 2, 2, 1, 1, Activation: Activation.Relu), batch: 3, bias: true);
        yield return Case("K=300 (two K blocks) k2 s2 300->5 3x3", new(300, 5, 3, 3, 2, 2, 2, 2));
        yield return Case("M=13*16=208 (two M blocks) k4 s2 p1 9->13 3x5", new(9, 13, 3, 5, 4, 4, 2, 2, 1, 1), bias: true);
        yield return Case("several input chunks k3 s1 p1 2->3 70x60", new(2, 3, 70, 60, 3, 3, 1, 1, 1, 1));
        yield return Case("several input chunks k4 s2 p1 3->2 40x50", new(3, 2, 40, 50, 4, 4, 2, 2, 1, 1));
        yield return Case("padding crops all but one pixel k5 s1 p3 2->3 3x3", new(2, 3, 3, 3, 5, 5, 1, 1, 3, 3));
    }

    private static (ConvTranspose2DShape Shape, int Batch, bool Bias) Find(string name)
    {
        foreach ((string caseName, (ConvTranspose2DShape Shape, int Batch, bool Bias) data) in Cases())
        {
            if (caseName == name)
            {
                return data;
            }
        }
        throw new ArgumentException($"No case named '{name}'.", nameof(name));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void GemmCol2ImMatchesNaiveWithinSummationOrderBound(string name) => Assert.Null(CheckGemmAgainstNaive(name));

    [Theory]
    [MemberData(nameof(AdjointNames))]
    public void NaiveMatchesBackwardDataOfTheEquivalentConvolution(string name)
    {
        (ConvTranspose2DShape shape, int batch, _) = Find(name);
        ConvTranspose2DShape linear = shape with { Activation = Activation.None };
        var conv = new Conv2DShape(shape.OutChannels, shape.InChannels, shape.OutHeight, shape.OutWidth,
            shape.KernelHeight, shape.KernelWidth, shape.StrideHeight, shape.StrideWidth, shape.PaddingHeight, shape.PaddingWidth,
            shape.DilationHeight, shape.DilationWidth, shape.Groups);
        Assert.Equal((shape.Height, shape.Width), (conv.OutHeight, conv.OutWidth));
        int seed = name.Length;
        float[] x = Random(batch * shape.InputImage, seed + 1), w = Random(shape.WeightCount, seed + 2);
        float[] expected = new float[batch * shape.OutputImage], actual = new float[expected.Length];
        Array.Fill(actual, float.NaN);

        GenericConv.NaiveBackwardData(conv, x, w, expected);
        GenericConv.NaiveTransposedForward(linear, x, w, [], actual);

        Assert.Null(CompareWithinBound(name, linear, batch, x, w, [], actual, expected));
    }

    /// <summary>The GEMM + col2im kernel against the naive one on case <paramref name="name"/>; null when within the bound.</summary>
    internal static string? CheckGemmAgainstNaive(string name)
    {
        (ConvTranspose2DShape shape, int batch, bool hasBias) = Find(name);
        int seed = name.Length;
        float[] x = Random(batch * shape.InputImage, seed + 1), w = Random(shape.WeightCount, seed + 2);
        float[] b = hasBias ? Random(shape.OutChannels, seed + 3) : [];
        float[] expected = new float[batch * shape.OutputImage], actual = new float[expected.Length];
        Array.Fill(actual, float.NaN); // every output must be written
        GenericConv.NaiveTransposedForward(shape, x, w, b, expected);
        GemmCol2ImConvTranspose.Forward(shape, x, w, b, actual);
        return CompareWithinBound(name, shape, batch, x, w, b, actual, expected);
    }

    /// <summary>Every case; used by the isa-check child process (the GEMM's Vector128 and scalar tiles with a transposed A).</summary>
    internal static void RunAll(List<string> failures, ref int passed)
    {
        foreach ((string name, _) in Cases())
        {
            string? failure = CheckGemmAgainstNaive(name);
            if (failure is null)
            {
                passed++;
            }
            else
            {
                failures.Add("GemmCol2ImConvTranspose " + failure);
            }
        }
    }

    private static string? CompareWithinBound(string name, in ConvTranspose2DShape shape, int batch, float[] x, float[] w, float[] b,
        float[] actual, float[] expected)
    {
        double[] magnitude = MagnitudeSums(shape, batch, x, w, b);
        for (int i = 0; i < expected.Length; i++)
        {
            double bound = 8 * Epsilon * magnitude[i];
            double diff = Math.Abs((double)actual[i] - expected[i]);
            if (!(diff <= bound))
            {
                return $"{name}: output {i}: {actual[i]} vs {expected[i]} (|diff| {diff:e3} > bound {bound:e3})";
            }
        }
        return null;
    }

    // Hand-computed cases. Each runs through both kernels.

    [Theory]
    [InlineData("naive")]
    [InlineData("gemm")]
    public void Stride2Kernel2TilesEachInputPixelWithTheKernelAndSumsChannels(string kernel)
    {
        // 2 → 1 channels, 2×2 input, k2 s2: output block (iy, ix) = x0[iy][ix]·W0 + x1[iy][ix]·W1 (no overlap).
        var shape = new ConvTranspose2DShape(2, 1, 2, 2, 2, 2, 2, 2);
        float[] x = [1, 2, 3, 4, /* channel 1 */ 5, 6, 7, 8];
        float[] w = [1, 10, 100, 1000, /* channel 1 */ 0, 0, 0, -1];
        float[] expected =
        {
            1, 10, 2, 20,
            100, 1000 - 5, 200, 2000 - 6,
            3, 30, 4, 40,
            300, 3000 - 7, 400, 4000 - 8,
        };
        Assert.Equal(expected, Run(kernel, shape, x, w, []));
    }

    [Theory]
    [InlineData("naive")]
    [InlineData("gemm")]
    public void Stride1OverlapsAndPaddingCropsBothEnds(string kernel)
    {
        // 1×3 input [1, 2, 3], 1×3 kernel [1, −1, 2], s1: full output [1, 1, 3, 1, 6]; padding 1 keeps [1, 3, 1];
        // then bias −2 and ReLU: [0, 1, 0].
        var full = new ConvTranspose2DShape(1, 1, 1, 3, 1, 3);
        Assert.Equal(new float[] { 1, 1, 3, 1, 6 }, Run(kernel, full, [1, 2, 3], [1, -1, 2], []));
        var cropped = new ConvTranspose2DShape(1, 1, 1, 3, 1, 3, PaddingWidth: 1, Activation: Activation.Relu);
        Assert.Equal(new float[] { 0, 1, 0 }, Run(kernel, cropped, [1, 2, 3], [1, -1, 2], [-2]));
    }

    [Theory]
    [InlineData("naive")]
    [InlineData("gemm")]
    public void OutputPaddingAddsTheRowsPaddingRemovedOnOneSide(string kernel)
    {
        // 1×2 input [1, 2], k3 [1, 2, 3], s2 p1 op1: full output [x0w0, x0w1, x0w2 + x1w0, x1w1, x1w2] = [1, 2, 5, 4, 6];
        // padding removes one column on the left, output padding gives back the right one: [2, 5, 4, 6].
        var shape = new ConvTranspose2DShape(1, 1, 1, 2, 1, 3, 1, 2, 0, 1, 0, 1);
        Assert.Equal(4, shape.OutWidth);
        Assert.Equal(new float[] { 2, 5, 4, 6 }, Run(kernel, shape, [1, 2], [1, 2, 3], []));
    }

    [Theory]
    [InlineData("naive")]
    [InlineData("gemm")]
    public void DilationSpreadsTheTaps(string kernel)
    {
        // 1×2 input [1, 2], 1×2 kernel [1, 10] with dilation 2: y[i + 2·kx] += x[i]·w[kx] → [1, 2, 10, 20].
        var shape = new ConvTranspose2DShape(1, 1, 1, 2, 1, 2, DilationWidth: 2);
        Assert.Equal(new float[] { 1, 2, 10, 20 }, Run(kernel, shape, [1, 2], [1, 10], []));
    }

    [Theory]
    [InlineData("naive")]
    [InlineData("gemm")]
    public void GroupsKeepChannelsApartAndWeightsAreInputChannelMajor(string kernel)
    {
        // 2 → 4 channels, 2 groups, 1×1: weights [C][K/G] = [[2, 3], [5, 7]]; y0, y1 from x0 and y2, y3 from x1.
        var shape = new ConvTranspose2DShape(2, 4, 1, 1, 1, 1, Groups: 2);
        Assert.Equal(new float[] { 20, 30, 500, 700 }, Run(kernel, shape, [10, 100], [2, 3, 5, 7], []));
    }

    [Theory]
    [InlineData("naive")]
    [InlineData("gemm")]
    public void PixelsNoTapReachesGetTheBias(string kernel)
    {
        // 1×2 input, 1×1 kernel, stride 3: output width 4, columns 1 and 2 receive nothing; bias 0.5.
        var shape = new ConvTranspose2DShape(1, 1, 1, 2, 1, 1, 1, 3);
        Assert.Equal(new float[] { 2.5f, 0.5f, 0.5f, 4.5f }, Run(kernel, shape, [1, 2], [2], [0.5f]));
    }

    private static float[] Run(string kernel, ConvTranspose2DShape shape, float[] x, float[] w, float[] b)
    {
        float[] y = new float[shape.OutputImage];
        Array.Fill(y, float.NaN);
        KernelNamed(kernel)(shape, x, w, b, y);
        return y;
    }

    [Fact]
    public void RepeatedCallsAndScratchGrowthGiveIdenticalResults()
    {
        var small = new ConvTranspose2DShape(3, 5, 6, 6, 4, 4, 2, 2, 1, 1);
        var large = new ConvTranspose2DShape(40, 30, 20, 20, 4, 4, 2, 2, 1, 1);
        float[] xs = Random(small.InputImage, 1), ws = Random(small.WeightCount, 2);
        float[] xl = Random(large.InputImage, 3), wl = Random(large.WeightCount, 4);
        float[] first = new float[small.OutputImage], again = new float[small.OutputImage], big = new float[large.OutputImage];
        GemmCol2ImConvTranspose.Forward(small, xs, ws, [], first);
        GemmCol2ImConvTranspose.Forward(large, xl, wl, [], big); // grows the scratch buffers
        Array.Fill(again, 42f); // the output is overwritten, not accumulated into
        GemmCol2ImConvTranspose.Forward(small, xs, ws, [], again);
        Assert.Equal(first, again);
    }

    [Theory]
    [InlineData("naive", 8 * 5 * 4 + 1, 8 * 6 * 16, 0, 6 * 10 * 8, "input")]
    [InlineData("naive", 8 * 5 * 4, 8 * 6 * 16, 0, 6 * 10 * 8 + 1, "output")]
    [InlineData("naive", 8 * 5 * 4, 6 * 8 * 16 - 1, 0, 6 * 10 * 8, "weights")]
    [InlineData("naive", 8 * 5 * 4, 8 * 6 * 16, 8, 6 * 10 * 8, "bias")]
    [InlineData("gemm", 8 * 5 * 4 + 1, 8 * 6 * 16, 0, 6 * 10 * 8, "input")]
    [InlineData("gemm", 2 * 8 * 5 * 4, 8 * 6 * 16, 0, 6 * 10 * 8, "output")]
    [InlineData("gemm", 8 * 5 * 4, 8 * 6 * 16 + 1, 0, 6 * 10 * 8, "weights")]
    [InlineData("gemm", 8 * 5 * 4, 8 * 6 * 16, 5, 6 * 10 * 8, "bias")]
    public void WrongLengthsThrowNamingTheParameter(string kernel, int input, int weights, int bias, int output, string parameter)
    {
        var shape = new ConvTranspose2DShape(8, 6, 5, 4, 4, 4, 2, 2, 1, 1); // output 10×8
        float[] y = new float[output];
        Array.Fill(y, 42f);
        ArgumentException error = Assert.Throws<ArgumentException>(
            () => KernelNamed(kernel)(shape, new float[input], new float[weights], new float[bias], y));
        Assert.Equal(parameter, error.ParamName);
        Assert.All(y, value => Assert.Equal(42f, value));
    }

    [Theory]
    [InlineData("naive")]
    [InlineData("gemm")]
    public void EmptyBatchIsANoOp(string kernel) =>
        KernelNamed(kernel)(new ConvTranspose2DShape(4, 4, 5, 5, 3, 3), ReadOnlySpan<float>.Empty, new float[4 * 4 * 9], [], Span<float>.Empty);

    [Fact]
    public void ShapeReportsPyTorchSizesAndThePeersFlopCount()
    {
        // configs.csv dcgan_deconv_4to8_1024to512: 268.4 MFLOP, 4×4 → 8×8.
        var dcgan = new ConvTranspose2DShape(1024, 512, 4, 4, 4, 4, 2, 2, 1, 1);
        Assert.Equal((8, 8), (dcgan.OutHeight, dcgan.OutWidth));
        Assert.Equal(268_435_456L, dcgan.Flops);
        Assert.Equal(1024 * 512 * 16, dcgan.WeightCount);
        // (H − 1)·S − 2p + d·(k − 1) + op + 1 per axis.
        var odd = new ConvTranspose2DShape(1, 1, 7, 6, 3, 5, 2, 3, 1, 2, 1, 2, 1, 2);
        Assert.Equal((6 * 2 - 2 + 2 + 1 + 1, 5 * 3 - 4 + 8 + 2 + 1), (odd.OutHeight, odd.OutWidth));
    }

    private static readonly ConvTranspose2DShape[] s_invalidShapes =
    {
        new ConvTranspose2DShape(4, 4, 5, 5, 3, 3, 2, 2, 1, 1, 2, 0),          // output padding = stride
        new ConvTranspose2DShape(4, 4, 5, 5, 3, 3, 1, 1, 1, 1, 0, 1),          // output padding 1 with stride 1, dilation 1
        new ConvTranspose2DShape(4, 4, 5, 5, 3, 3, 1, 1, 0, 0, 0, 2, 2, 2),    // output padding = dilation
        new ConvTranspose2DShape(1, 1, 1, 1, 3, 3, PaddingHeight: 2, PaddingWidth: 2), // padding removes everything
        new ConvTranspose2DShape(6, 4, 5, 5, 3, 3, Groups: 4),                 // groups do not divide C
        new ConvTranspose2DShape(4, 6, 5, 5, 3, 3, Groups: 4),                 // groups do not divide K
        new ConvTranspose2DShape(4, 4, 5, 5, 3, 3, PaddingHeight: -1),
        new ConvTranspose2DShape(4, 4, 5, 5, 3, 3, OutputPaddingWidth: -1),
        new ConvTranspose2DShape(4, 4, 5, 5, 0, 3),
        new ConvTranspose2DShape(4, 4, 5, 5, 3, 3, StrideWidth: 0),
    };

    /// <summary>Indices into the invalid shapes (serializable theory data).</summary>
    public static TheoryData<int> InvalidShapes()
    {
        var indices = new TheoryData<int>();
        for (int i = 0; i < s_invalidShapes.Length; i++)
        {
            indices.Add(i);
        }
        return indices;
    }

    [Theory]
    [MemberData(nameof(InvalidShapes))]
    public void InvalidShapesThrow(int index)
    {
        ConvTranspose2DShape shape = s_invalidShapes[index];
        Assert.Throws<ArgumentException>(shape.Validate);
        Assert.Throws<ArgumentException>(() => GemmCol2ImConvTranspose.Forward(shape, [], [], [], []));
        Assert.Throws<ArgumentException>(() => GenericConv.NaiveTransposedForward(shape, [], [], [], []));
    }

    /// <summary>Σ|w·x| + |bias| per output element, in fp64 (the scatter form).</summary>
    private static double[] MagnitudeSums(in ConvTranspose2DShape s, int batch, float[] x, float[] w, float[] b)
    {
        int cg = s.InChannels / s.Groups, kg = s.OutChannels / s.Groups, oh = s.OutHeight, ow = s.OutWidth;
        var sums = new double[batch * s.OutputImage];
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < s.InChannels; c++)
            {
                int g = c / cg;
                for (int iy = 0; iy < s.Height; iy++)
                {
                    for (int ix = 0; ix < s.Width; ix++)
                    {
                        double xv = x[((n * s.InChannels + c) * s.Height + iy) * s.Width + ix];
                        for (int kl = 0; kl < kg; kl++)
                        {
                            for (int ky = 0; ky < s.KernelHeight; ky++)
                            {
                                int oy = iy * s.StrideHeight - s.PaddingHeight + ky * s.DilationHeight;
                                if ((uint)oy >= (uint)oh)
                                {
                                    continue;
                                }
                                for (int kx = 0; kx < s.KernelWidth; kx++)
                                {
                                    int ox = ix * s.StrideWidth - s.PaddingWidth + kx * s.DilationWidth;
                                    if ((uint)ox >= (uint)ow)
                                    {
                                        continue;
                                    }
                                    double wv = w[((c * kg + kl) * s.KernelHeight + ky) * s.KernelWidth + kx];
                                    sums[((n * s.OutChannels + g * kg + kl) * oh + oy) * ow + ox] += Math.Abs(xv * wv);
                                }
                            }
                        }
                    }
                }
            }
        }
        if (b.Length > 0)
        {
            int plane = oh * ow;
            for (int i = 0; i < sums.Length; i++)
            {
                sums[i] += Math.Abs((double)b[i / plane % s.OutChannels]);
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
