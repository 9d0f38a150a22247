using System;
using System.Collections.Generic;
using ConvGen.Generator.Mathematics;
using Xunit;

namespace ConvGen.Generator.Tests.Mathematics;

/// <summary>
/// Runs the derived algorithms on random rational data in exact arithmetic and compares them with
/// direct correlation (winograd-spec §1.1, and the random 2-D check of cooktoom.py).
/// </summary>
public sealed class WinogradCorrelationTests
{
    public static IEnumerable<object[]> SupportedSizes() => CookToomTests.SupportedSizes();

    [Theory]
    [MemberData(nameof(SupportedSizes))]
    public void OneDimensionalWinogradEqualsDirectCorrelation(int m, int r)
    {
        var random = new Random((m * 31) + r);
        foreach (WinogradTransform transform in new[] { CookToom.Standard(m, r), CookToom.Textbook(m, r) })
        {
            const int Tiles = 3;
            Rational[] g = random.NextRationals(r);
            Rational[] d = random.NextRationals((Tiles * m) + r - 1);

            Rational[] expected = DirectCorrelation1D(d, g, Tiles * m);
            Rational[] actual = Winograd1D(transform, d, g, Tiles);

            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [InlineData(2, 3)]
    [InlineData(4, 3)]
    [InlineData(6, 3)]
    [InlineData(3, 2)]
    [InlineData(2, 5)]
    [InlineData(4, 5)]
    public void TwoDimensionalWinogradEqualsDirectCorrelation(int m, int r)
    {
        var random = new Random((m * 131) + r);
        WinogradTransform transform = CookToom.Standard(m, r);
        for (int trial = 0; trial < 3; trial++)
        {
            RationalMatrix d = random.NextRationalMatrix(transform.InputTileSize, transform.InputTileSize);
            RationalMatrix g = random.NextRationalMatrix(r, r);

            Assert.Equal(DirectCorrelation2D(d, g, m, m), Winograd2D(transform, transform, d, g));
        }
    }

    [Fact]
    public void AxesMayUseDifferentAlgorithms()
    {
        // §1.1: e.g. F(4,3) vertically and F(2,3) horizontally on a 6x4 input tile.
        var random = new Random(2024);
        WinogradTransform vertical = CookToom.Standard(4, 3);
        WinogradTransform horizontal = CookToom.Standard(2, 3);
        RationalMatrix d = random.NextRationalMatrix(vertical.InputTileSize, horizontal.InputTileSize);
        RationalMatrix g = random.NextRationalMatrix(3, 3);

        Assert.Equal(DirectCorrelation2D(d, g, 4, 2), Winograd2D(vertical, horizontal, d, g));
    }

    [Fact]
    public void IntegerANormalisationComputesTheSameCorrelation()
    {
        var random = new Random(63);
        WinogradTransform transform = CookToom.Create(6, 3, CookToom.TextbookPoints(8), CookToomNormalization.IntegerA);
        RationalMatrix d = random.NextRationalMatrix(8, 8);
        RationalMatrix g = random.NextRationalMatrix(3, 3);

        Assert.Equal(DirectCorrelation2D(d, g, 6, 6), Winograd2D(transform, transform, d, g));
    }

    /// <summary>y[k] = Σ_i g[i]·d[k + i].</summary>
    internal static Rational[] DirectCorrelation1D(IReadOnlyList<Rational> d, IReadOnlyList<Rational> g, int outputCount)
    {
        var y = new Rational[outputCount];
        for (int k = 0; k < outputCount; k++)
        {
            for (int i = 0; i < g.Count; i++)
            {
                y[k] += g[i] * d[k + i];
            }
        }

        return y;
    }

    /// <summary>Tile by tile: y_tile = A^T [ (G g) ⊙ (B^T d_tile) ], tiles advancing by m.</summary>
    internal static Rational[] Winograd1D(WinogradTransform transform, IReadOnlyList<Rational> d, IReadOnlyList<Rational> g, int tiles)
    {
        int m = transform.OutputTileSize;
        int n = transform.InputTileSize;
        Rational[] u = transform.G.Multiply(g);
        var y = new Rational[tiles * m];
        for (int tile = 0; tile < tiles; tile++)
        {
            var window = new Rational[n];
            for (int j = 0; j < n; j++)
            {
                window[j] = d[(tile * m) + j];
            }

            Rational[] v = transform.BT.Multiply(window);
            var product = new Rational[n];
            for (int t = 0; t < n; t++)
            {
                product[t] = u[t] * v[t];
            }

            Rational[] outputs = transform.AT.Multiply(product);
            for (int k = 0; k < m; k++)
            {
                y[(tile * m) + k] = outputs[k];
            }
        }

        return y;
    }

    /// <summary>Y = A_y^T [ (G_y g G_x^T) ⊙ (B_y^T d B_x) ] A_x for one tile.</summary>
    internal static RationalMatrix Winograd2D(WinogradTransform vertical, WinogradTransform horizontal, RationalMatrix d, RationalMatrix g)
    {
        RationalMatrix u = vertical.G * g * horizontal.G.Transpose();
        RationalMatrix v = vertical.BT * d * horizontal.BT.Transpose();
        RationalMatrix product = RationalMatrix.Create(u.RowCount, u.ColumnCount, (i, j) => u[i, j] * v[i, j]);
        return vertical.AT * product * horizontal.AT.Transpose();
    }

    internal static RationalMatrix DirectCorrelation2D(RationalMatrix d, RationalMatrix g, int outputRows, int outputColumns) =>
        RationalMatrix.Create(outputRows, outputColumns, (y, x) =>
        {
            Rational sum = Rational.Zero;
            for (int a = 0; a < g.RowCount; a++)
            {
                for (int b = 0; b < g.ColumnCount; b++)
                {
                    sum += g[a, b] * d[y + a, x + b];
                }
            }

            return sum;
        });
}
