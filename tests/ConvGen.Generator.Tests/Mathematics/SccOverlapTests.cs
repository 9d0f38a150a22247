using System;
using System.Globalization;
using System.Linq;
using ConvGen.Generator.Mathematics;
using Xunit;

namespace ConvGen.Generator.Tests.Mathematics;

public sealed class SccOverlapTests
{
    [Theory]
    [InlineData(10, 0.3, 3, true)]
    [InlineData(100, 0.29, 29, true)] // Python int(0.29*100) == 28; the decimal rule gives 29
    [InlineData(10, 0.1, 1, true)]
    [InlineData(10, 0.7, 7, true)]
    [InlineData(10, 0.6, 6, true)]
    [InlineData(10, 0.9, 9, true)]
    [InlineData(20, 0.35, 7, true)]
    [InlineData(1000, 0.001, 1, true)]
    [InlineData(3, 0.33, 0, false)]
    [InlineData(8, 0.33, 2, false)]
    [InlineData(4, 0.5, 2, true)]
    [InlineData(2, 0.25, 0, false)]
    [InlineData(3, 0.5, 1, false)]
    [InlineData(6, 0.5, 3, true)]
    [InlineData(10, 0.95, 9, false)]
    [InlineData(8, 1.0, 8, true)]
    [InlineData(8, 0.0, 0, true)]
    [InlineData(1, 0.5, 0, false)]
    [InlineData(1, 1.0, 1, true)]
    public void FromRatio_FloorsTheDecimalProduct(int gw, double co, int expected, bool integral)
    {
        SccOverlap overlap = SccOverlap.FromRatio(gw, co);
        Assert.Equal(expected, overlap.OverlapChannels);
        Assert.Equal(gw - expected, overlap.StrideChannels);
        Assert.Equal(integral, overlap.IsIntegral);
        Assert.True(overlap.IsFromRatio);
        Assert.Equal(gw, overlap.GroupWidth);
    }

    [Fact]
    public void BinaryFloatingPoint_WouldGetItWrong()
    {
        // The pitfalls the decimal rule avoids (spec §2.2): double products land just below the integer.
        double co29 = 0.29;
        Assert.Equal(28, (int)Math.Floor(co29 * 100));
        Assert.Equal(29, SccOverlap.FromRatio(100, co29).OverlapChannels);
        Assert.Equal("0.29", SccOverlap.FromRatio(100, co29).Ratio);
        Assert.Equal("29", SccOverlap.FromRatio(100, co29).Product);

        // The exact binary value of 0.3 is 0.299999999999999988897769753748..., whose exact product with 10 floors to 2.
        Assert.Equal(3, SccOverlap.FromRatio(10, 0.3).OverlapChannels);
        Assert.Equal("3", SccOverlap.FromRatio(10, 0.3).Product);
    }

    [Fact]
    public void RepeatingFractions_UseTheShortestDecimalOfTheDouble()
    {
        // 1/3 prints as 0.3333333333333333 (16 digits), times 3 is 0.9999999999999999: floor 0, non-integral,
        // exactly like the spec's reference Fraction(str(1/3)).
        SccOverlap third = SccOverlap.FromRatio(3, 1.0 / 3.0);
        Assert.Equal("0.3333333333333333", third.Ratio);
        Assert.Equal(0, third.OverlapChannels);
        Assert.False(third.IsIntegral);
        Assert.Equal("0.9999999999999999", third.Product);

        SccOverlap sum = SccOverlap.FromRatio(10, 0.1 + 0.2);
        Assert.Equal("0.30000000000000004", sum.Ratio);
        Assert.Equal(3, sum.OverlapChannels);
        Assert.False(sum.IsIntegral);
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(0.5, "0.5")]
    [InlineData(0.25, "0.25")]
    [InlineData(0.75, "0.75")]
    [InlineData(0.33, "0.33")]
    [InlineData(0.3, "0.3")]
    [InlineData(1e-7, "0.0000001")]
    [InlineData(0.0009765625, "0.0009765625")]
    [InlineData(0.9999999999999999, "0.9999999999999999")]
    [InlineData(0.1, "0.1")]
    public void Ratio_IsTheShortestRoundTripDecimal(double co, string expected)
    {
        Assert.Equal(expected, SccOverlap.FromRatio(1, co).Ratio);
    }

    [Fact]
    public void Subnormal_IsExact()
    {
        Assert.Equal("0." + new string('0', 323) + "5", SccOverlap.FromRatio(1, double.Epsilon).Ratio);
        Assert.Equal("0." + new string('0', 44) + "1", SccOverlap.FromRatio(1, float.Epsilon).Ratio);
    }

    [Fact]
    public void NegativeZero_IsZero()
    {
        SccOverlap overlap = SccOverlap.FromRatio(8, -0.0);
        Assert.Equal("0", overlap.Ratio);
        Assert.Equal(0, overlap.OverlapChannels);
        Assert.Equal(SccOverlap.FromRatio(8, 0.0), overlap);
    }

    [Fact]
    public void ShortestDecimal_AgreesWithRuntimeRoundTripFormatting_Double()
    {
        var random = new Random(12345);
        for (int i = 0; i < 3000; i++)
        {
            double co = i switch
            {
                < 1000 => random.NextDouble(),
                < 2000 => Math.Round(random.NextDouble(), 1 + (i % 6)),
                _ => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(Math.Round(random.NextDouble(), 2)) + random.Next(-3, 4)),
            };
            if (!(co >= 1e-9 && co <= 1))
            {
                continue;
            }

            string shortest = SccOverlap.FromRatio(7, co).Ratio!;
            decimal expected = decimal.Parse(co.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.Equal(expected, decimal.Parse(shortest, NumberStyles.Float, CultureInfo.InvariantCulture));
            Assert.Equal(co, double.Parse(shortest, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void ShortestDecimal_AgreesWithRuntimeRoundTripFormatting_Single()
    {
        var random = new Random(54321);
        for (int i = 0; i < 3000; i++)
        {
            float co = i < 1500 ? (float)random.NextDouble() : (float)Math.Round(random.NextDouble(), 1 + (i % 4));
            if (!(co >= 1e-6f && co <= 1f))
            {
                continue;
            }

            string shortest = SccOverlap.FromRatio(7, co).Ratio!;
            decimal expected = decimal.Parse(co.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.Equal(expected, decimal.Parse(shortest, NumberStyles.Float, CultureInfo.InvariantCulture));
            Assert.Equal(co, float.Parse(shortest, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void FloatRatio_ReadsTheFloatsDecimal()
    {
        SccOverlap overlap = SccOverlap.FromRatio(10, 0.3f);
        Assert.Equal("0.3", overlap.Ratio);
        Assert.Equal(3, overlap.OverlapChannels);
        Assert.True(overlap.IsIntegral);
        Assert.Equal(0.3f, overlap.DsxploreRatio);

        // The same float widened to double is 0.30000001192092896, a different (non-integral) ratio.
        SccOverlap widened = SccOverlap.FromRatio(10, (double)0.3f);
        Assert.Equal("0.30000001192092896", widened.Ratio);
        Assert.Equal(3, widened.OverlapChannels);
        Assert.False(widened.IsIntegral);
    }

    [Fact]
    public void DecimalRatio_IsExact()
    {
        Assert.Equal(29, SccOverlap.FromRatio(100, 0.29m).OverlapChannels);
        Assert.Equal(3, SccOverlap.FromRatio(10, 0.30m).OverlapChannels);
        Assert.Equal("0.3", SccOverlap.FromRatio(10, 0.30m).Ratio);
        SccOverlap nonIntegral = SccOverlap.FromRatio(3, 0.333m);
        Assert.Equal(0, nonIntegral.OverlapChannels);
        Assert.False(nonIntegral.IsIntegral);
        Assert.Equal("0.999", nonIntegral.Product);
        Assert.Equal(8, SccOverlap.FromRatio(8, 1m).OverlapChannels);
        Assert.Equal(0, SccOverlap.FromRatio(8, 0m).OverlapChannels);
        Assert.Throws<ArgumentOutOfRangeException>(() => SccOverlap.FromRatio(8, 1.01m));
        Assert.Throws<ArgumentOutOfRangeException>(() => SccOverlap.FromRatio(8, -0.01m));
    }

    [Fact]
    public void FromChannels_IsExact()
    {
        SccOverlap overlap = SccOverlap.FromChannels(8, 3);
        Assert.Equal(3, overlap.OverlapChannels);
        Assert.Equal(5, overlap.StrideChannels);
        Assert.True(overlap.IsIntegral);
        Assert.False(overlap.IsFromRatio);
        Assert.Null(overlap.Ratio);
        Assert.Null(overlap.Product);
        Assert.Equal(0.375f, overlap.DsxploreRatio);
        Assert.Equal("gw=8 ov=3 s=5", overlap.ToString());
        Assert.Equal(0, SccOverlap.FromChannels(8, 0).OverlapChannels);
        Assert.Equal(8, SccOverlap.FromChannels(8, 8).OverlapChannels);
    }

    [Theory]
    [InlineData(8, -0.1)]
    [InlineData(8, 1.1)]
    [InlineData(8, double.NaN)]
    [InlineData(8, double.PositiveInfinity)]
    [InlineData(0, 0.5)]
    public void InvalidRatios_AreRejected(int gw, double co)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SccOverlap.FromRatio(gw, co));
        Assert.False(SccOverlap.TryFromRatio(gw, co, out SccOverlap? overlap, out string? error));
        Assert.Null(overlap);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void InvalidChannelCounts_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SccOverlap.FromChannels(8, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => SccOverlap.FromChannels(8, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SccOverlap.FromChannels(0, 0));
        Assert.False(SccOverlap.TryFromChannels(8, 9, out _, out string? error));
        Assert.Contains("[0, 8]", error);
        Assert.True(SccOverlap.TryFromChannels(8, 2, out SccOverlap? ok, out string? none));
        Assert.Null(none);
        Assert.Equal(6, ok!.StrideChannels);
        Assert.True(SccOverlap.TryFromRatio(8, 0.5, out SccOverlap? half, out _));
        Assert.Equal(4, half!.OverlapChannels);
    }

    [Fact]
    public void ValueEquality()
    {
        Assert.Equal(SccOverlap.FromRatio(8, 0.5), SccOverlap.FromRatio(8, 0.5));
        Assert.Equal(SccOverlap.FromRatio(8, 0.5).GetHashCode(), SccOverlap.FromRatio(8, 0.5).GetHashCode());
        Assert.Equal(SccOverlap.FromRatio(8, 0.5), SccOverlap.FromRatio(8, 0.5m));
        Assert.Equal(SccOverlap.FromChannels(8, 4), SccOverlap.FromChannels(8, 4));
        Assert.NotEqual(SccOverlap.FromRatio(8, 0.5), SccOverlap.FromChannels(8, 4)); // provenance differs
        Assert.NotEqual(SccOverlap.FromRatio(8, 0.5), SccOverlap.FromRatio(8, 0.25));
        Assert.NotEqual(SccOverlap.FromRatio(8, 0.33), SccOverlap.FromRatio(8, 0.3)); // same ov, different co
        Assert.False(SccOverlap.FromRatio(8, 0.5).Equals(null));
        Assert.Equal("gw=4 ov=1 s=3 (co=0.33, co*gw=1.32)", SccOverlap.FromRatio(4, 0.33).ToString());
    }

    // ---- DSXplore CUDA emulation: numbers from scc-tools/crosscheck_report.txt §2 -----------------------------

    [Theory]
    [InlineData(10, 10, 0.1, 9, 9, 3)]
    [InlineData(10, 10, 0.3, 7, 7, 9)]
    [InlineData(10, 10, 0.6, 4, 3, 1)]
    [InlineData(10, 10, 0.8, 2, 1, 1)]
    [InlineData(20, 10, 0.1, 9, 9, 3)]
    [InlineData(20, 10, 0.3, 7, 7, 9)]
    [InlineData(20, 10, 0.6, 4, 3, 1)]
    [InlineData(20, 10, 0.8, 2, 1, 1)]
    public void Cuda_IntegralButNonDyadic(int cin, int gw, double co, int s, int constTerm, int firstBadFilter)
    {
        SccOverlap overlap = SccOverlap.FromRatio(gw, co);
        Assert.True(overlap.IsIntegral);
        Assert.Equal(s, overlap.StrideChannels);
        Assert.Equal(constTerm, overlap.DsxploreCudaStrideChannels);
        Assert.Equal(gw - constTerm, overlap.DsxploreCudaOverlapChannels);
        Assert.Equal(s != constTerm, overlap.DsxploreCudaStrideDiffers);
        Assert.Equal(firstBadFilter, FirstBadFilter(overlap, cin, 200));
        Assert.False(overlap.DsxploreCudaForwardMatches(cin, firstBadFilter + 1));
        Assert.True(overlap.DsxploreCudaForwardMatches(cin, firstBadFilter));
    }

    [Fact]
    public void Cuda_Cin64Cg8Co033()
    {
        SccOverlap overlap = SccOverlap.FromRatio(8, 0.33);
        Assert.Equal(6, overlap.StrideChannels);
        Assert.False(overlap.IsIntegral);
        Assert.Equal(5, overlap.DsxploreCudaStrideChannels);
        Assert.Equal(3, overlap.DsxploreCudaOverlapChannels);
        Assert.True(overlap.DsxploreCudaStrideDiffers);
        Assert.Equal(new[] { 0, 5, 10, 16, 21, 26, 32, 37, 42, 48 }, Enumerable.Range(0, 10).Select(o => overlap.DsxploreCudaForwardStart(o, 64)));
        Assert.False(overlap.DsxploreCudaForwardMatches(64, 64));
        Assert.False(overlap.DsxploreCudaBackwardMatches(64, 64));
    }

    [Fact]
    public void Cuda_Cin12Cg4Co033()
    {
        SccOverlap overlap = SccOverlap.FromRatio(3, 0.33);
        Assert.Equal(3, overlap.StrideChannels);
        Assert.Equal(2, overlap.DsxploreCudaStrideChannels);
        Assert.Equal(new[] { 0, 2, 4, 6, 8, 10 }, Enumerable.Range(0, 6).Select(o => overlap.DsxploreCudaForwardStart(o, 12)));

        // "co=0.33, gw=3: CUDA start first departs from 2*o at o=101".
        int first = Enumerable.Range(0, 1000).First(o => overlap.DsxploreCudaForwardStart(o, 1 << 24) != 2 * o);
        Assert.Equal(101, first);
    }

    [Fact]
    public void Cuda_DyadicIntegralRatios_AlwaysMatch()
    {
        int checkedConfigs = 0;
        for (int cin = 4; cin <= 1024; cin *= 2)
        {
            for (int cg = 1; cg <= 8; cg++)
            {
                if (cin % cg != 0)
                {
                    continue;
                }

                int gw = cin / cg;
                foreach (double co in new[] { 0.0, 0.25, 0.5, 0.75 })
                {
                    SccOverlap overlap = SccOverlap.FromRatio(gw, co);
                    if (!overlap.IsIntegral)
                    {
                        continue;
                    }

                    Assert.False(overlap.DsxploreCudaStrideDiffers);
                    foreach (int cout in new[] { cin, 2 * cin, 50 })
                    {
                        Assert.True(overlap.DsxploreCudaForwardMatches(cin, cout));
                        checkedConfigs++;
                    }
                }
            }
        }

        Assert.True(checkedConfigs > 200);
    }

    [Theory]
    [InlineData(8, 8, 2, 0.5, true)]
    [InlineData(8, 8, 2, 0.25, true)]
    [InlineData(8, 8, 4, 0.0, true)]
    [InlineData(8, 8, 1, 0.0, true)]
    [InlineData(8, 16, 1, 0.5, true)]
    [InlineData(16, 50, 4, 0.5, true)]
    [InlineData(8, 8, 2, 0.75, false)]   // 4 filters cover a channel: middle ones dropped
    [InlineData(16, 16, 2, 0.75, false)]
    [InlineData(16, 16, 4, 0.75, false)]
    [InlineData(8, 8, 2, 1.0, false)]    // const_term = 0: division by zero
    [InlineData(12, 12, 4, 0.33, false)] // non-integral
    [InlineData(64, 64, 8, 0.33, false)]
    [InlineData(8, 2, 2, 0.75, true)]    // only 2 filters exist
    public void Cuda_InputCentricBackward(int cin, int cout, int cg, double co, bool expected)
    {
        // Expected values from crosscheck_report.txt §3 (ported kernel vs autograd).
        SccOverlap overlap = SccOverlap.FromRatio(cin / cg, co);
        Assert.Equal(expected, overlap.DsxploreCudaBackwardMatches(cin, cout));
    }

    [Fact]
    public void Cuda_CoOne_HasZeroConstTerm()
    {
        SccOverlap overlap = SccOverlap.FromRatio(4, 1.0);
        Assert.Equal(0, overlap.DsxploreCudaStrideChannels);
        Assert.Equal(4, overlap.DsxploreCudaOverlapChannels);
        Assert.False(overlap.DsxploreCudaStrideDiffers);
        Assert.True(overlap.DsxploreCudaForwardMatches(8, 8));
        Assert.False(overlap.DsxploreCudaBackwardMatches(8, 8));
    }

    private static int FirstBadFilter(SccOverlap overlap, int cin, int limit)
    {
        for (int o = 0; o < limit; o++)
        {
            if (overlap.DsxploreCudaForwardStart(o, cin) != (long)o * overlap.StrideChannels % cin)
            {
                return o;
            }
        }

        return -1;
    }
}
