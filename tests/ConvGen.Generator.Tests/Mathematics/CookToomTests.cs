using System;
using System.Collections.Generic;
using ConvGen.Generator.Mathematics;
using Xunit;

namespace ConvGen.Generator.Tests.Mathematics;

public sealed class CookToomTests
{
    public static IEnumerable<object[]> SpecCaseNames()
    {
        foreach (string name in SpecMatrices.Cases.Keys)
        {
            yield return new object[] { name };
        }
    }

    /// <summary>Every (m, r) with 1 ≤ n = m + r − 1 ≤ 8: the sizes <see cref="CookToom.Standard"/> covers.</summary>
    public static IEnumerable<object[]> SupportedSizes()
    {
        for (int m = 1; m <= 8; m++)
        {
            for (int r = 1; m + r - 1 <= CookToom.MaxStandardInputTileSize; r++)
            {
                yield return new object[] { m, r };
            }
        }
    }

    [Theory]
    [MemberData(nameof(SpecCaseNames))]
    public void DerivedMatricesEqualThePrintedOnesExactly(string caseName)
    {
        SpecMatrixCase expected = SpecMatrices.Cases[caseName];

        WinogradTransform transform = CookToom.Create(expected.M, expected.R, expected.Points, expected.Normalization);

        AssertMatrixEqual(expected.AT, transform.AT, caseName + " AT");
        AssertMatrixEqual(expected.G, transform.G, caseName + " G");
        AssertMatrixEqual(expected.BT, transform.BT, caseName + " BT");
    }

    [Fact]
    public void StandardUsesTheSpecDefaultPointSets()
    {
        Assert.Equal(Points("0", "1", "-1"), CookToom.Standard(2, 3).FinitePoints);
        Assert.Equal(Points("0", "5/8", "-5/8", "3/2", "-3/2"), CookToom.Standard(4, 3).FinitePoints);
        Assert.Equal(Points("0", "1", "-1", "2", "-2", "1/2", "-1/2"), CookToom.Standard(6, 3).FinitePoints);
        Assert.Equal(Points("0", "1", "-1", "2", "-2"), CookToom.Standard(2, 5).FinitePoints);
        Assert.Equal(Points("0", "1", "-1", "2", "-2"), CookToom.Textbook(4, 3).FinitePoints);

        AssertMatrixEqual(SpecMatrices.Cases["F(4,3) oneDNN"].G, CookToom.Standard(4, 3).G, "Standard(4,3) G");
        AssertMatrixEqual(SpecMatrices.Cases["F(4,3)"].G, CookToom.Textbook(4, 3).G, "Textbook(4,3) G");
        AssertMatrixEqual(SpecMatrices.Cases["F(2,3)"].BT, CookToom.Standard(2, 3).BT, "Standard(2,3) BT");
        AssertMatrixEqual(SpecMatrices.Cases["F(6,3)"].BT, CookToom.Standard(6, 3).BT, "Standard(6,3) BT");
        AssertMatrixEqual(SpecMatrices.Cases["F(2,5)"].G, CookToom.Standard(2, 5).G, "Standard(2,5) G");
    }

    [Theory]
    [MemberData(nameof(SupportedSizes))]
    public void StandardAndTextbookTransformsSatisfyTheBilinearIdentityAndAreDyadic(int m, int r)
    {
        foreach (WinogradTransform transform in new[] { CookToom.Standard(m, r), CookToom.Textbook(m, r) })
        {
            Assert.Equal(m, transform.OutputTileSize);
            Assert.Equal(r, transform.FilterSize);
            Assert.Equal(m + r - 1, transform.InputTileSize);
            AssertCorrectAndDyadic(transform);
        }
    }

    [Fact]
    public void GIsExactInFloatOnlyWhereEveryPointProductIsAPowerOfTwo()
    {
        // F(2,3)'s G is 1, 1/2 and 0: the filter transform may run in float. Larger tiles put 1/6, 1/24, 1/90 ... in G.
        Assert.True(CookToom.Standard(2, 3).HasSingleExactG);
        Assert.False(CookToom.Standard(4, 3).HasSingleExactG);
        Assert.False(CookToom.Standard(6, 3).HasSingleExactG);
        // Points 0, ±1/2: the products (p_i − p_j) are powers of two, so G is dyadic too; 0, 1, 3 put 1/3 in G.
        Assert.True(CookToom.Create(2, 3, new[] { Rational.Zero, new Rational(1, 2), new Rational(-1, 2) }).HasSingleExactG);
        Assert.False(CookToom.Create(2, 3, new[] { Rational.Zero, Rational.One, Rational.FromInt(3) }).HasSingleExactG);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    public void BarabaszPointSetsSatisfyTheBilinearIdentity(int n)
    {
        for (int r = 2; r <= n - 1; r++)
        {
            AssertCorrectAndDyadic(CookToom.Create(n - r + 1, r, CookToom.BarabaszPoints(n)));
        }
    }

    [Theory]
    [MemberData(nameof(SupportedSizes))]
    public void IntegerANormalisationIsCorrectAndHasIntegerAT(int m, int r)
    {
        WinogradTransform transform = CookToom.Create(m, r, CookToom.TextbookPoints(m + r - 1), CookToomNormalization.IntegerA);

        AssertCorrectAndDyadic(transform);
        Assert.True(transform.AT.All(value => value.IsInteger), transform.ToString());
    }

    [Fact]
    public void NonDyadicPointsAreRescaledSoThatATAndBTStayDyadic()
    {
        // neon issue #224's F(4,3) set {0, ±7/10, ±3/2} (§2.2): A^T would hold 7/10 and 49/100 unscaled.
        WinogradTransform transform = CookToom.Create(4, 3, Points("0", "7/10", "-7/10", "3/2", "-3/2"));

        AssertCorrectAndDyadic(transform);
        Assert.False(transform.G.All(value => value.IsDyadic));
        Assert.Equal(new Rational(125), transform.AT[0, 1]); // column of 7/10 scaled by 5^3
        Assert.Equal(new Rational(343, 8), transform.AT[3, 1]);
    }

    [Fact]
    public void PointsWithOddDenominatorsAreRescaledToDyadic()
    {
        Rational[] points = Points("0", "1/3", "-1/3", "3", "-3");
        WinogradTransform transform = CookToom.Create(4, 3, points);
        AssertCorrectAndDyadic(transform);
        Assert.Equal(points, transform.FinitePoints);
    }

    [Fact]
    public void ConstantsTooWideForFloat32AreRejected()
    {
        // 2^25 + 1 needs 26 significant bits, so A^T[1][2] cannot be an exact fp32 constant (§1.6 rule 4).
        var exception = Assert.Throws<InvalidOperationException>(
            () => CookToom.Create(2, 3, new[] { Rational.Zero, Rational.One, Rational.FromInt((1L << 25) + 1) }));

        Assert.Contains("float32", exception.Message);
        Assert.Contains("F(2,3)", exception.Message);
    }

    [Fact]
    public void BilinearIdentityCheckReportsTheFailingIndex()
    {
        WinogradTransform transform = CookToom.Standard(2, 3);
        RationalMatrix corruptedG = transform.G.ScaleRow(1, 2);

        bool ok = CookToom.SatisfiesBilinearIdentity(2, 3, transform.AT, corruptedG, transform.BT, out string? violation);

        Assert.False(ok);
        Assert.NotNull(violation);
        Assert.Equal("the bilinear identity \u03A3_t A^T[k][t]\u00B7G[t][i]\u00B7B^T[t][j] = [j = k + i] fails at k=0, i=0, j=1: got 1/2, expected 0", violation);
    }

    [Fact]
    public void BilinearIdentityCheckRejectsWrongShapes()
    {
        WinogradTransform transform = CookToom.Standard(2, 3);

        bool ok = CookToom.SatisfiesBilinearIdentity(4, 3, transform.AT, transform.G, transform.BT, out string? violation);

        Assert.False(ok);
        Assert.Contains("expected A^T 4x6", violation);
    }

    [Fact]
    public void BilinearIdentityCheckAcceptsTheSpecMatrices()
    {
        foreach (SpecMatrixCase spec in SpecMatrices.Cases.Values)
        {
            Assert.True(CookToom.SatisfiesBilinearIdentity(spec.M, spec.R, spec.AT, spec.G, spec.BT, out string? violation), violation);
            Assert.Null(violation);
        }
    }

    [Fact]
    public void LavinSignConventionForInfinityIsAlsoAccepted()
    {
        // §1.3: the paper's F(2,3) differs from wincnn by a_inf = b_inf = -1.
        WinogradTransform transform = CookToom.Standard(2, 3);
        RationalMatrix at = transform.AT.ScaleColumn(3, -1);
        RationalMatrix bt = transform.BT.ScaleRow(3, -1);

        Assert.True(CookToom.SatisfiesBilinearIdentity(2, 3, at, transform.G, bt, out _));
        Assert.Equal(RationalTestData.Matrix("1 1 1 0", "0 1 -1 -1"), at);
    }

    [Fact]
    public void InvalidArgumentsThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CookToom.Create(0, 3, Points("0")));
        Assert.Throws<ArgumentOutOfRangeException>(() => CookToom.Create(2, 0, Points("0")));
        Assert.Throws<ArgumentException>(() => CookToom.Create(2, 3, Points("0", "1")));
        Assert.Throws<ArgumentException>(() => CookToom.Create(2, 3, Points("0", "1", "2/2")));
        Assert.Throws<ArgumentOutOfRangeException>(() => CookToom.Standard(8, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => CookToom.TextbookPoints(9));
        Assert.Throws<ArgumentOutOfRangeException>(() => CookToom.BarabaszPoints(3));
    }

    [Fact]
    public void TransformsHaveValueEquality()
    {
        WinogradTransform first = CookToom.Standard(4, 3);
        WinogradTransform second = CookToom.Create(4, 3, CookToom.OneDnnF43Points());

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, CookToom.Textbook(4, 3));
        Assert.NotEqual(CookToom.Standard(2, 3), CookToom.Standard(3, 2));
        Assert.NotEqual(CookToom.Standard(6, 3), CookToom.Create(6, 3, CookToom.TextbookPoints(8), CookToomNormalization.IntegerA));
    }

    [Fact]
    public void ToStringNamesTheAlgorithmAndPoints()
    {
        string text = CookToom.Standard(2, 3).ToString();

        Assert.StartsWith("F(2,3) points {0, 1, -1, \u221E}\nAT =\n[ 1  1   1  0 ]", text);
        Assert.Equal("{0, 5/8, -5/8, 3/2, -3/2, \u221E}", CookToom.Standard(4, 3).DescribePoints());
    }

    [Fact]
    public void TrivialSizesWork()
    {
        WinogradTransform identity = CookToom.Create(1, 1, Array.Empty<Rational>());

        Assert.Equal(RationalMatrix.Identity(1), identity.AT);
        Assert.Equal(RationalMatrix.Identity(1), identity.G);
        Assert.Equal(RationalMatrix.Identity(1), identity.BT);
    }

    internal static void AssertCorrectAndDyadic(WinogradTransform transform)
    {
        Assert.True(
            CookToom.SatisfiesBilinearIdentity(transform.OutputTileSize, transform.FilterSize, transform.AT, transform.G, transform.BT, out string? violation),
            violation);
        Assert.True(transform.AT.All(value => value.IsDyadic), "A^T not dyadic:\n" + transform);
        Assert.True(transform.BT.All(value => value.IsDyadic), "B^T not dyadic:\n" + transform);
        Assert.True(transform.AT.All(value => value.IsExactlyRepresentableAsSingle), transform.ToString());
        Assert.True(transform.BT.All(value => value.IsExactlyRepresentableAsSingle), transform.ToString());
    }

    private static void AssertMatrixEqual(RationalMatrix expected, RationalMatrix actual, string what)
    {
        Assert.True(expected.RowCount == actual.RowCount && expected.ColumnCount == actual.ColumnCount, what + ": shape differs\n" + actual);
        for (int i = 0; i < expected.RowCount; i++)
        {
            for (int j = 0; j < expected.ColumnCount; j++)
            {
                Assert.True(expected[i, j] == actual[i, j], $"{what}[{i}][{j}]: expected {expected[i, j]}, got {actual[i, j]}\n{actual}");
            }
        }
    }

    private static Rational[] Points(params string[] points) => RationalTestData.Points(points);
}
