using System;
using System.Linq;
using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;
using Xunit;

namespace ConvGen.Generator.Tests.Mathematics;

/// <summary>
/// The plan of Winograd on TDC phases (winograd-spec §5.3-5.4), checked exactly: the pair tables match the spec's
/// counts, every skipped product is identically zero, and the whole scheme reproduces the scatter-form transposed
/// convolution in rational arithmetic.
/// </summary>
public sealed class TransposedWinogradPlanTests
{
    private static LayerSpec Layer(int k, int padding, int outputPadding, int height, int width, int m) =>
        new LayerSpec(1, 1, (height - 1) * 2 - 2 * padding + k + outputPadding, (width - 1) * 2 - 2 * padding + k + outputPadding,
            k, k, 2, 2, padding, padding, 1, 1, 1, ActivationKind.None, AlgorithmKind.Winograd, HasBias: false, PassKind.BackwardData)
        {
            Transposed = new TransposedShape(outputPadding, outputPadding, PassKind.Forward, HasBias: false),
            WinogradTile = m,
        };

    [Theory]
    [InlineData(2, 36)]   // spec §5.4: 36 of 64 for F(2×2,3×3) at k=4, S=2, p=1
    [InlineData(4, 100)]  // per axis 1 + 1 + 2·4 = 10 of 12 phase rows survive
    public void DcganLayerComputesOnlyTheNonZeroPairs(int m, int pairs)
    {
        TransposedWinogradPlan plan = TransposedWinogradPlanner.Plan(Layer(4, 1, 0, 8, 8, m));
        Assert.Equal(pairs, plan.Pairs);
        Assert.Equal(-1, plan.InputOffsetY);
        Assert.Equal(new[] { 3, 1, -1, -1, 2, 0 }, plan.RowTaps.ToArray());
    }

    [Theory]
    [InlineData(4, 1, 0, 2)]
    [InlineData(4, 1, 1, 2)]
    [InlineData(3, 1, 1, 2)]
    [InlineData(5, 2, 1, 2)]
    [InlineData(6, 2, 0, 2)]
    [InlineData(6, 2, 1, 2)]
    [InlineData(4, 1, 0, 4)]
    [InlineData(5, 2, 0, 4)]
    public void SkippedProductsAreZeroAndTheSchemeEqualsTheScatterFormExactly(int k, int padding, int outputPadding, int m)
    {
        LayerSpec layer = Layer(k, padding, outputPadding, 5, 6, m);
        Assert.True(TransposedWinogradPlanner.IsSupportedShape(layer));
        TransposedWinogradPlan plan = TransposedWinogradPlanner.Plan(layer);
        WinogradTransform t = CookToom.Standard(m, 3);
        int n = m + 2, inH = 5, inW = 6, outH = layer.Height, outW = layer.Width;
        var random = new Random(k * 100 + padding * 10 + outputPadding + m);
        int[,] x = new int[inH, inW];
        int[,] w = new int[k, k];
        for (int i = 0; i < inH; i++) for (int j = 0; j < inW; j++) x[i, j] = random.Next(-9, 10);
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) w[i, j] = random.Next(-9, 10);

        // Scatter form: y[iy·2 − p + ky, ix·2 − p + kx] += x[iy, ix]·w[ky, kx].
        var expected = new long[outH, outW];
        for (int iy = 0; iy < inH; iy++) for (int ix = 0; ix < inW; ix++) for (int ky = 0; ky < k; ky++) for (int kx = 0; kx < k; kx++)
        {
            int oy = iy * 2 - padding + ky, ox = ix * 2 - padding + kx;
            if (oy >= 0 && oy < outH && ox >= 0 && ox < outW)
            {
                expected[oy, ox] += x[iy, ix] * w[ky, kx];
            }
        }

        // U per phase, and the skipped (ξ, phase) entries must be exactly zero.
        var u = new RationalMatrix[4];
        for (int phase = 0; phase < 4; phase++)
        {
            int py = phase / 2, px = phase % 2;
            RationalMatrix h = RationalMatrix.Create(3, 3, (jy, jx) =>
            {
                int kh = plan.RowTaps[py * 3 + jy], kw = plan.ColumnTaps[px * 3 + jx];
                return kh < 0 || kw < 0 ? Rational.Zero : w[kh, kw];
            });
            u[phase] = t.G * h * t.G.Transpose();
            for (int xi = 0; xi < n * n; xi++)
            {
                bool computed = Enumerable.Range(0, plan.Pairs).Any(q => plan.PairXi[q] == xi && plan.PairPhase[q] == phase);
                if (!computed)
                {
                    Assert.True(u[phase][xi / n, xi % n].IsZero, $"U[{xi}] of phase {phase} is skipped but not zero");
                }
            }
        }

        var actual = new Rational?[outH, outW];
        for (int ty = 0; ty < plan.TilesY; ty++) for (int tx = 0; tx < plan.TilesX; tx++)
        {
            RationalMatrix d = RationalMatrix.Create(n, n, (r, c) =>
            {
                int iy = ty * m + plan.InputOffsetY + r, ix = tx * m + plan.InputOffsetX + c;
                return iy >= 0 && iy < inH && ix >= 0 && ix < inW ? x[iy, ix] : 0;
            });
            RationalMatrix v = t.BT * d * t.BT.Transpose();
            for (int phase = 0; phase < 4; phase++)
            {
                int p = phase;
                RationalMatrix product = RationalMatrix.Create(n, n, (a, b) =>
                    Enumerable.Range(0, plan.Pairs).Any(q => plan.PairXi[q] == a * n + b && plan.PairPhase[q] == p) ? u[p][a, b] * v[a, b] : Rational.Zero);
                RationalMatrix y = t.AT * product * t.AT.Transpose();
                for (int a = 0; a < m; a++) for (int b = 0; b < m; b++)
                {
                    int oy = 2 * (ty * m + a) + phase / 2, ox = 2 * (tx * m + b) + phase % 2;
                    if (oy < outH && ox < outW)
                    {
                        Assert.Null(actual[oy, ox]);
                        actual[oy, ox] = y[a, b];
                    }
                }
            }
        }
        for (int oy = 0; oy < outH; oy++) for (int ox = 0; ox < outW; ox++)
        {
            Assert.Equal((Rational)Rational.FromInt(expected[oy, ox]), actual[oy, ox]);
        }
    }

    [Theory]
    [InlineData(4, 2)]  // both phases start at the same row: a 2-tap window
    [InlineData(3, 0)]
    [InlineData(2, 0)]
    [InlineData(7, 3)]  // 4 taps
    public void OtherWindowsAreNotServed(int k, int padding) =>
        Assert.False(TransposedWinogradPlanner.IsSupportedShape(Layer(k, padding, 0, 5, 5, 2)));
}
