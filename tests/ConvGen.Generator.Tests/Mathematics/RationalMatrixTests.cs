using System;
using ConvGen.Generator.Mathematics;
using Xunit;

namespace ConvGen.Generator.Tests.Mathematics;

public sealed class RationalMatrixTests
{
    [Fact]
    public void MultiplyMatchesHandComputation()
    {
        RationalMatrix left = RationalTestData.Matrix("1 1/2", "0 -1", "2 3");
        RationalMatrix right = RationalTestData.Matrix("2 0 1", "4 1/3 -1");

        RationalMatrix product = left * right;

        Assert.Equal(RationalTestData.Matrix("4 1/6 1/2", "-4 -1/3 1", "16 1 -1"), product);
    }

    [Fact]
    public void IdentityIsNeutralAndTransposeReversesProducts()
    {
        var random = new Random(5);
        RationalMatrix a = random.NextRationalMatrix(3, 4);
        RationalMatrix b = random.NextRationalMatrix(4, 2);

        Assert.Equal(a, RationalMatrix.Identity(3) * a);
        Assert.Equal(a, a * RationalMatrix.Identity(4));
        Assert.Equal(a, a.Transpose().Transpose());
        Assert.Equal((a * b).Transpose(), b.Transpose() * a.Transpose());
        Assert.Equal(4, a.Transpose().RowCount);
        Assert.Equal(3, a.Transpose().ColumnCount);
    }

    [Fact]
    public void MatrixVectorProductMatchesMatrixProduct()
    {
        var random = new Random(6);
        RationalMatrix a = random.NextRationalMatrix(3, 4);
        Rational[] x = random.NextRationals(4);
        RationalMatrix column = RationalMatrix.Create(4, 1, (i, j) => x[i]);

        Assert.Equal((a * column).GetColumn(0), a.Multiply(x));
    }

    [Fact]
    public void DimensionMismatchesThrow()
    {
        RationalMatrix a = RationalMatrix.Zero(2, 3);

        Assert.Throws<ArgumentException>(() => a * a);
        Assert.Throws<ArgumentException>(() => a.Multiply(new Rational[2]));
        Assert.Throws<ArgumentException>(() => RationalMatrix.FromRows(new Rational[] { 1, 2 }, new Rational[] { 3 }));
    }

    [Fact]
    public void FromArrayCopiesItsInput()
    {
        var entries = new Rational[,] { { 1, 2 }, { 3, 4 } };
        RationalMatrix matrix = RationalMatrix.FromArray(entries);
        entries[0, 0] = 99;

        Assert.Equal(Rational.One, matrix[0, 0]);
    }

    [Fact]
    public void EqualityIsByValue()
    {
        RationalMatrix a = RationalTestData.Matrix("1/2 0", "0 1");
        RationalMatrix b = RationalTestData.Matrix("2/4 0", "0 1");

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, RationalTestData.Matrix("1/2 0", "0 -1"));
        Assert.NotEqual(a, RationalTestData.Matrix("1/2 0 0", "0 1 0"));
        Assert.False(a.Equals(null));
    }

    [Fact]
    public void ScalingARowOrColumnTouchesOnlyIt()
    {
        RationalMatrix a = RationalTestData.Matrix("1 2", "3 4");

        Assert.Equal(RationalTestData.Matrix("1 2", "3/2 2"), a.ScaleRow(1, new Rational(1, 2)));
        Assert.Equal(RationalTestData.Matrix("-1 2", "-3 4"), a.ScaleColumn(0, -1));
        Assert.Equal(RationalTestData.Matrix("1 2", "3 4"), a);
    }

    [Fact]
    public void ToStringAlignsColumns()
    {
        RationalMatrix a = RationalTestData.Matrix("1 -1/2", "-10 3");

        Assert.Equal("[   1  -1/2 ]\n[ -10     3 ]", a.ToString());
    }
}
