using System;
using System.Collections.Generic;
using System.Text;
using ConvGen.Generator.Mathematics;
using Xunit;

namespace ConvGen.Generator.Tests.Mathematics;

public sealed class TransposedConvDecompositionTests
{
    /// <summary>
    /// The phase tables of tdc_output.txt (the four requested cases of §5.1 plus six more).
    /// Each phase is "ρ c e taps" with "-" for a zero tap; phases separated by " | ".
    /// </summary>
    [Theory]
    [InlineData(4, 2, 1, 0, "1 0 -1 3,1 | 0 1 0 2,0", "-1 3,1,- | -1 -,2,0")]
    [InlineData(3, 2, 1, 1, "1 0 -1 -,1 | 0 1 0 2,0", "-1 -,1,- | -1 -,2,0")]
    [InlineData(5, 2, 2, 1, "0 1 -1 4,2,0 | 1 1 -1 -,3,1", "-1 4,2,0 | -1 -,3,1")]
    [InlineData(3, 1, 1, 0, "0 1 -1 2,1,0", "-1 2,1,0")]
    [InlineData(3, 1, 0, 0, "0 0 -2 2,1,0", "-2 2,1,0")]
    [InlineData(2, 2, 0, 0, "0 0 0 0 | 1 0 0 1", "0 0 | 0 1")]
    [InlineData(4, 2, 0, 0, "0 0 -1 2,0 | 1 0 -1 3,1", "-1 2,0 | -1 3,1")]
    [InlineData(3, 3, 0, 0, "0 0 0 0 | 1 0 0 1 | 2 0 0 2", "0 0 | 0 1 | 0 2")]
    [InlineData(5, 3, 1, 2, "1 0 -1 4,1 | 2 0 -1 -,2 | 0 1 0 3,0", "-1 4,1,- | -1 -,2,- | -1 -,3,0")]
    [InlineData(6, 3, 2, 1, "2 0 -1 5,2 | 0 1 0 3,0 | 1 1 0 4,1", "-1 5,2,- | -1 -,3,0 | -1 -,4,1")]
    public void PhaseTablesMatchTheSpec(int k, int stride, int padding, int outputPadding, string separate, string shared)
    {
        TdcAxisPlan plan = TdcAxisPlan.Create(k, stride, padding, outputPadding);
        TdcAxisPlan sharedPlan = TdcAxisPlan.Create(k, stride, padding, outputPadding, sharedInput: true);

        Assert.Equal(separate, DescribeSeparate(plan));
        Assert.Equal(shared, DescribeShared(sharedPlan));
        Assert.Equal((k + stride - 1) / stride, plan.TapCount);
    }

    [Fact]
    public void PhaseToStringUsesTheSpecNotation()
    {
        TdcAxisPlan plan = TdcAxisPlan.Create(3, 2, 1, 1);

        Assert.Equal("\u03C6=0 \u03C1=1 c=0 e=-1 taps [0, w1]", plan.Phases[0].ToString());
        Assert.Equal("\u03C6=1 \u03C1=0 c=1 e=0 taps [w2, w0]", plan.Phases[1].ToString());
    }

    [Fact]
    public void StrideOneIsACorrelationWithTheFlippedKernel()
    {
        for (int k = 1; k <= 7; k++)
        {
            for (int p = 0; p < k; p++)
            {
                TdcAxisPhase phase = Assert.Single(TdcAxisPlan.Create(k, 1, p).Phases);
                Assert.Equal(k - 1 - p, phase.LeftPadding);
                for (int j = 0; j < k; j++)
                {
                    Assert.Equal(k - 1 - j, phase.Taps[j]);
                }
            }
        }
    }

    [Fact]
    public void OutputSizeFollowsPyTorch()
    {
        Assert.Equal(10, TdcAxisPlan.Create(4, 2, 1, 0).OutputSize(5));
        Assert.Equal(10, TdcAxisPlan.Create(3, 2, 1, 1).OutputSize(5));
        Assert.Equal(17, TdcAxisPlan.Create(5, 3, 1, 2).OutputSize(5));
        Assert.Equal(7, TdcAxisPlan.Create(3, 1, 0, 0).OutputSize(5));
    }

    [Fact]
    public void ScatterAndDecompositionAgreeExactlyIn2D()
    {
        var random = new Random(7);
        int checkedCases = 0;
        int[][] inputSizes = { new[] { 1, 1 }, new[] { 2, 3 }, new[] { 5, 4 } };
        for (int k = 1; k <= 6; k++)
        {
            for (int stride = 1; stride <= 4; stride++)
            {
                for (int padding = 0; padding <= k; padding++)
                {
                    for (int outputPadding = 0; outputPadding < stride; outputPadding++)
                    {
                        foreach (int[] size in inputSizes)
                        {
                            foreach (bool shared in new[] { false, true })
                            {
                                TransposedConvDecomposition tdc = TransposedConvDecomposition.Create(k, stride, padding, outputPadding, shared);
                                int outputHeight = tdc.AxisY.OutputSize(size[0]);
                                int outputWidth = tdc.AxisX.OutputSize(size[1]);
                                if (outputHeight <= 0 || outputWidth <= 0)
                                {
                                    continue;
                                }

                                long[,,] x = RandomTensor(random, 2, size[0], size[1]);
                                long[,,,] w = RandomWeights(random, 2, 3, k);
                                long[,,] expected = ScatterTransposedConv(x, w, stride, padding, outputHeight, outputWidth);
                                long[,,] actual = DecomposedTransposedConv(tdc, x, w, outputHeight, outputWidth);

                                Assert.True(
                                    SameTensor(expected, actual),
                                    $"k={k} S={stride} p={padding} op={outputPadding} in={size[0]}x{size[1]} shared={shared}");
                                checkedCases++;
                            }
                        }
                    }
                }
            }
        }

        Assert.True(checkedCases > 1000, checkedCases.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void OneDimensionalFuzzMatchesTdcPy()
    {
        // tdc.py's 1-D fuzz: k ≤ 7, S ≤ 4, p < k, op < S, five input sizes, separate and shared.
        var random = new Random(3);
        int checkedCases = 0;
        for (int k = 1; k <= 7; k++)
        {
            for (int stride = 1; stride <= 4; stride++)
            {
                for (int padding = 0; padding < k; padding++)
                {
                    for (int outputPadding = 0; outputPadding < stride; outputPadding++)
                    {
                        foreach (int inputSize in new[] { 1, 2, 3, 5, 8 })
                        {
                            foreach (bool shared in new[] { false, true })
                            {
                                TdcAxisPlan plan = TdcAxisPlan.Create(k, stride, padding, outputPadding, shared);
                                int outputSize = plan.OutputSize(inputSize);
                                if (outputSize <= 0)
                                {
                                    continue;
                                }

                                long[] x = RandomVector(random, inputSize);
                                long[] w = RandomVector(random, k);
                                var expected = new long[outputSize];
                                for (int i = 0; i < inputSize; i++)
                                {
                                    for (int tap = 0; tap < k; tap++)
                                    {
                                        int o = (i * stride) - padding + tap;
                                        if (o >= 0 && o < outputSize)
                                        {
                                            expected[o] += x[i] * w[tap];
                                        }
                                    }
                                }

                                var actual = new long[outputSize];
                                foreach (TdcAxisPhase phase in plan.Phases)
                                {
                                    for (int u = 0; u < phase.OutputLength(outputSize); u++)
                                    {
                                        long sum = 0;
                                        for (int j = 0; j < phase.TapCount; j++)
                                        {
                                            int input = phase.InputIndex(u, j);
                                            if (phase.Taps[j] is int tap && input >= 0 && input < inputSize)
                                            {
                                                sum += w[tap] * x[input];
                                            }
                                        }

                                        actual[phase.OutputIndex(u)] = sum;
                                    }
                                }

                                Assert.Equal(expected, actual);
                                checkedCases++;
                            }
                        }
                    }
                }
            }
        }

        Assert.Equal(2538, checkedCases); // the count tdc.py reports
    }

    [Theory]
    [InlineData(4, 2, 1, 0, false, 2)]
    [InlineData(4, 2, 1, 0, true, 2)]
    [InlineData(4, 2, 1, 0, true, 4)]
    [InlineData(3, 2, 1, 1, false, 2)]
    [InlineData(3, 2, 1, 1, true, 4)]
    [InlineData(5, 2, 2, 1, false, 2)]
    [InlineData(5, 2, 2, 1, false, 4)]
    [InlineData(5, 3, 1, 2, true, 2)]
    public void WinogradOnEachPhaseIsExact(int k, int stride, int padding, int outputPadding, bool shared, int m)
    {
        // §5.3: each phase is an ordinary stride-1 correlation, so F(m×m, T×T) applies unchanged.
        var random = new Random(k + (10 * stride) + (100 * m));
        TransposedConvDecomposition tdc = TransposedConvDecomposition.Create(k, stride, padding, outputPadding, shared);
        WinogradTransform transform = CookToom.Standard(m, tdc.AxisY.TapCount);
        const int InputSize = 5;
        int outputSize = tdc.AxisY.OutputSize(InputSize);
        long[,,] x = RandomTensor(random, 1, InputSize, InputSize);
        long[,,,] w = RandomWeights(random, 1, 1, k);
        long[,,] expected = ScatterTransposedConv(x, w, stride, padding, outputSize, outputSize);

        foreach (TdcPhase2D phase in tdc.Phases)
        {
            RationalMatrix h = RationalMatrix.Create(phase.TapCountY, phase.TapCountX, (jy, jx) =>
                phase.TryGetKernelTap(jy, jx, out int kh, out int kw) ? Rational.FromInt(w[0, 0, kh, kw]) : Rational.Zero);
            int rows = phase.Y.OutputLength(outputSize);
            int columns = phase.X.OutputLength(outputSize);
            for (int u0 = 0; u0 < rows; u0 += m)
            {
                for (int v0 = 0; v0 < columns; v0 += m)
                {
                    RationalMatrix d = RationalMatrix.Create(transform.InputTileSize, transform.InputTileSize, (a, b) =>
                        Rational.FromInt(At(x, 0, phase.Y.InputIndex(u0, a), phase.X.InputIndex(v0, b))));
                    RationalMatrix tile = WinogradCorrelationTests.Winograd2D(transform, transform, d, h);
                    for (int a = 0; a < m && u0 + a < rows; a++)
                    {
                        for (int b = 0; b < m && v0 + b < columns; b++)
                        {
                            long reference = expected[0, phase.Y.OutputIndex(u0 + a), phase.X.OutputIndex(v0 + b)];
                            Assert.Equal(Rational.FromInt(reference), tile[a, b]);
                        }
                    }
                }
            }
        }
    }

    /// <summary>tdc_output.txt structural-zero counts (non-zero U entries per phase, textbook points).</summary>
    [Theory]
    [InlineData(5, 2, 2, false, 2, "16 12 12 9")]
    [InlineData(5, 2, 2, false, 4, "36 30 30 25")]
    [InlineData(3, 2, 1, false, 2, "4 6 6 9")]
    [InlineData(3, 2, 1, false, 4, "16 20 20 25")]
    [InlineData(3, 2, 1, true, 2, "4 6 6 9")]
    [InlineData(3, 2, 1, true, 4, "16 20 20 25")]
    [InlineData(4, 2, 1, false, 2, "9 9 9 9")]
    [InlineData(4, 2, 1, true, 2, "9 9 9 9")]
    [InlineData(4, 2, 1, true, 4, "25 25 25 25")]
    [InlineData(4, 2, 0, true, 2, "9 9 9 9")]
    public void StructuralZerosOfTransformedSubKernels(int k, int stride, int padding, bool shared, int m, string expected)
    {
        TransposedConvDecomposition tdc = TransposedConvDecomposition.Create(k, stride, padding, 0, shared);
        WinogradTransform transform = CookToom.Textbook(m, tdc.AxisY.TapCount);

        var counts = new List<string>();
        foreach (TdcPhase2D phase in tdc.Phases)
        {
            bool[,] nonZero = TransposedConvDecomposition.StructurallyNonZeroTransformedTaps(transform, phase);
            int count = 0;
            foreach (bool entry in nonZero)
            {
                count += entry ? 1 : 0;
            }

            counts.Add(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(expected, string.Join(" ", counts));
    }

    [Fact]
    public void ZeroEndTapsAreFlagged()
    {
        TdcAxisPlan shared = TdcAxisPlan.Create(4, 2, 1, 0, sharedInput: true);

        Assert.False(shared.Phases[0].IsLeadingTapZero);
        Assert.True(shared.Phases[0].IsTrailingTapZero);
        Assert.True(shared.Phases[1].IsLeadingTapZero);
        Assert.False(shared.Phases[1].IsTrailingTapZero);
        Assert.Equal(2, shared.Phases[1].NonZeroTapCount);
        Assert.Equal(4, TransposedConvDecomposition.Create(4, 2, 1, 0, sharedInput: true).GetPhase(1, 0).NonZeroTapCount);
    }

    [Fact]
    public void GetPhaseIndexesRowMajor()
    {
        TransposedConvDecomposition tdc = TransposedConvDecomposition.Create(
            TdcAxisPlan.Create(4, 2, 1), TdcAxisPlan.Create(3, 3, 0));

        Assert.Equal(6, tdc.Phases.Count);
        TdcPhase2D phase = tdc.GetPhase(1, 2);
        Assert.Equal(1, phase.Y.OutputPhase);
        Assert.Equal(2, phase.X.OutputPhase);
        Assert.True(phase.TryGetKernelTap(0, 0, out int kh, out int kw));
        Assert.Equal(2, kh);
        Assert.Equal(2, kw);
    }

    [Fact]
    public void PlansHaveValueEquality()
    {
        Assert.Equal(TransposedConvDecomposition.Create(4, 2, 1), TransposedConvDecomposition.Create(4, 2, 1));
        Assert.Equal(
            TransposedConvDecomposition.Create(4, 2, 1).GetHashCode(),
            TransposedConvDecomposition.Create(4, 2, 1).GetHashCode());
        Assert.NotEqual(TransposedConvDecomposition.Create(4, 2, 1), TransposedConvDecomposition.Create(4, 2, 0));
        Assert.NotEqual(TransposedConvDecomposition.Create(4, 2, 1), TransposedConvDecomposition.Create(4, 2, 1, sharedInput: true));
        Assert.NotEqual(TdcAxisPlan.Create(3, 2, 1, 0), TdcAxisPlan.Create(3, 2, 1, 1));
    }

    [Fact]
    public void InvalidParametersThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TdcAxisPlan.Create(0, 2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TdcAxisPlan.Create(3, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TdcAxisPlan.Create(3, 2, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TdcAxisPlan.Create(3, 2, 1, 2));
        Assert.Throws<ArgumentException>(() => TransposedConvDecomposition.StructurallyNonZeroTransformedTaps(
            CookToom.Standard(2, 3), TransposedConvDecomposition.Create(4, 2, 1).Phases[0]));
    }

    private static string DescribeSeparate(TdcAxisPlan plan)
    {
        var phases = new List<string>();
        foreach (TdcAxisPhase phase in plan.Phases)
        {
            phases.Add($"{phase.KernelPhase} {phase.Carry} {phase.InputOffset} {DescribeTaps(phase)}");
        }

        return string.Join(" | ", phases);
    }

    private static string DescribeShared(TdcAxisPlan plan)
    {
        var phases = new List<string>();
        foreach (TdcAxisPhase phase in plan.Phases)
        {
            phases.Add($"{phase.InputOffset} {DescribeTaps(phase)}");
        }

        return string.Join(" | ", phases);
    }

    private static string DescribeTaps(TdcAxisPhase phase)
    {
        var text = new StringBuilder();
        for (int j = 0; j < phase.TapCount; j++)
        {
            if (j > 0)
            {
                text.Append(',');
            }

            int? tap = phase.Taps[j];
            text.Append(tap.HasValue ? tap.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-");
        }

        return text.ToString();
    }

    /// <summary>PyTorch scatter form: y[co, iy·S − p + ky, ix·S − p + kx] += x[ci, iy, ix]·w[ci, co, ky, kx].</summary>
    private static long[,,] ScatterTransposedConv(long[,,] x, long[,,,] w, int stride, int padding, int outputHeight, int outputWidth)
    {
        int inputChannels = x.GetLength(0);
        int outputChannels = w.GetLength(1);
        int k = w.GetLength(2);
        var y = new long[outputChannels, outputHeight, outputWidth];
        for (int ci = 0; ci < inputChannels; ci++)
        {
            for (int iy = 0; iy < x.GetLength(1); iy++)
            {
                for (int ix = 0; ix < x.GetLength(2); ix++)
                {
                    for (int ky = 0; ky < k; ky++)
                    {
                        for (int kx = 0; kx < k; kx++)
                        {
                            int oy = (iy * stride) - padding + ky;
                            int ox = (ix * stride) - padding + kx;
                            if (oy < 0 || oy >= outputHeight || ox < 0 || ox >= outputWidth)
                            {
                                continue;
                            }

                            for (int co = 0; co < outputChannels; co++)
                            {
                                y[co, oy, ox] += x[ci, iy, ix] * w[ci, co, ky, kx];
                            }
                        }
                    }
                }
            }
        }

        return y;
    }

    /// <summary>
    /// Evaluates every phase as the stride-1 correlation of §5.1 and interleaves the results. Each output
    /// must be written by exactly one phase.
    /// </summary>
    private static long[,,] DecomposedTransposedConv(TransposedConvDecomposition tdc, long[,,] x, long[,,,] w, int outputHeight, int outputWidth)
    {
        int inputChannels = x.GetLength(0);
        int outputChannels = w.GetLength(1);
        var y = new long[outputChannels, outputHeight, outputWidth];
        var writes = new int[outputHeight, outputWidth];
        foreach (TdcPhase2D phase in tdc.Phases)
        {
            for (int u = 0; u < phase.Y.OutputLength(outputHeight); u++)
            {
                for (int v = 0; v < phase.X.OutputLength(outputWidth); v++)
                {
                    int oy = phase.Y.OutputIndex(u);
                    int ox = phase.X.OutputIndex(v);
                    writes[oy, ox]++;
                    for (int co = 0; co < outputChannels; co++)
                    {
                        long sum = 0;
                        for (int ci = 0; ci < inputChannels; ci++)
                        {
                            for (int jy = 0; jy < phase.TapCountY; jy++)
                            {
                                for (int jx = 0; jx < phase.TapCountX; jx++)
                                {
                                    if (phase.TryGetKernelTap(jy, jx, out int kh, out int kw))
                                    {
                                        sum += w[ci, co, kh, kw] * At(x, ci, phase.Y.InputIndex(u, jy), phase.X.InputIndex(v, jx));
                                    }
                                }
                            }
                        }

                        y[co, oy, ox] = sum;
                    }
                }
            }
        }

        foreach (int count in writes)
        {
            Assert.Equal(1, count);
        }

        return y;
    }

    /// <summary>x[c, iy, ix], or 0 outside the input.</summary>
    private static long At(long[,,] x, int channel, int iy, int ix) =>
        iy >= 0 && iy < x.GetLength(1) && ix >= 0 && ix < x.GetLength(2) ? x[channel, iy, ix] : 0;

    private static bool SameTensor(long[,,] expected, long[,,] actual)
    {
        if (expected.GetLength(0) != actual.GetLength(0) || expected.GetLength(1) != actual.GetLength(1) || expected.GetLength(2) != actual.GetLength(2))
        {
            return false;
        }

        for (int c = 0; c < expected.GetLength(0); c++)
        {
            for (int i = 0; i < expected.GetLength(1); i++)
            {
                for (int j = 0; j < expected.GetLength(2); j++)
                {
                    if (expected[c, i, j] != actual[c, i, j])
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    private static long[,,] RandomTensor(Random random, int channels, int height, int width)
    {
        var x = new long[channels, height, width];
        for (int c = 0; c < channels; c++)
        {
            for (int i = 0; i < height; i++)
            {
                for (int j = 0; j < width; j++)
                {
                    x[c, i, j] = random.Next(-7, 8);
                }
            }
        }

        return x;
    }

    private static long[,,,] RandomWeights(Random random, int inputChannels, int outputChannels, int k)
    {
        var w = new long[inputChannels, outputChannels, k, k];
        for (int ci = 0; ci < inputChannels; ci++)
        {
            for (int co = 0; co < outputChannels; co++)
            {
                for (int ky = 0; ky < k; ky++)
                {
                    for (int kx = 0; kx < k; kx++)
                    {
                        w[ci, co, ky, kx] = random.Next(-7, 8);
                    }
                }
            }
        }

        return w;
    }

    private static long[] RandomVector(Random random, int length)
    {
        var v = new long[length];
        for (int i = 0; i < length; i++)
        {
            v[i] = random.Next(-9, 10);
        }

        return v;
    }
}
