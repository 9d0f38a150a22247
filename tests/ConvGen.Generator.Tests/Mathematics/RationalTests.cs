using System;
using System.Numerics;
using ConvGen.Generator.Mathematics;
using Xunit;

namespace ConvGen.Generator.Tests.Mathematics;

public sealed class RationalTests
{
    [Theory]
    [InlineData(6, -8, -3, 4)]
    [InlineData(-6, -8, 3, 4)]
    [InlineData(0, -5, 0, 1)]
    [InlineData(10, 5, 2, 1)]
    [InlineData(-7, 1, -7, 1)]
    [InlineData(225, 256, 225, 256)]
    public void ConstructorReducesAndMakesTheDenominatorPositive(long numerator, long denominator, long expectedNumerator, long expectedDenominator)
    {
        var value = new Rational(numerator, denominator);

        Assert.Equal(new BigInteger(expectedNumerator), value.Numerator);
        Assert.Equal(new BigInteger(expectedDenominator), value.Denominator);
    }

    [Fact]
    public void DefaultIsZeroOverOne()
    {
        Rational value = default;

        Assert.True(value.IsZero);
        Assert.Equal(BigInteger.One, value.Denominator);
        Assert.Equal(Rational.Zero, value);
        Assert.Equal(new Rational(0, 7), value);
        Assert.Equal(new Rational(0, 7).GetHashCode(), value.GetHashCode());
        Assert.Equal("0", value.ToString());
    }

    [Fact]
    public void ZeroDenominatorAndDivisionByZeroThrow()
    {
        Assert.Throws<DivideByZeroException>(() => new Rational(1, 0));
        Assert.Throws<DivideByZeroException>(() => Rational.One / Rational.Zero);
        Assert.Throws<DivideByZeroException>(() => Rational.Zero.Reciprocal());
    }

    [Theory]
    [InlineData(3, 8, "3/8")]
    [InlineData(-2, 1, "-2")]
    [InlineData(4, -2, "-2")]
    [InlineData(-5, 7, "-5/7")]
    [InlineData(0, 3, "0")]
    [InlineData(-2048, 2975, "-2048/2975")]
    public void ToStringIsNumeratorSlashDenominator(long numerator, long denominator, string expected)
    {
        Assert.Equal(expected, new Rational(numerator, denominator).ToString());
    }

    [Fact]
    public void FieldLawsHoldOnRandomValues()
    {
        var random = new Random(1234);
        for (int trial = 0; trial < 500; trial++)
        {
            Rational a = random.NextRational();
            Rational b = random.NextRational();
            Rational c = random.NextRational();

            Assert.Equal(a + b, b + a);
            Assert.Equal(a * b, b * a);
            Assert.Equal((a + b) + c, a + (b + c));
            Assert.Equal((a * b) * c, a * (b * c));
            Assert.Equal(a * (b + c), (a * b) + (a * c));
            Assert.Equal(a - b, a + (-b));
            Assert.Equal(Rational.Zero, a - a);
            Assert.Equal(a, a + Rational.Zero);
            Assert.Equal(a, a * Rational.One);
            Assert.Equal(-a, a * Rational.MinusOne);
            if (!b.IsZero)
            {
                Assert.Equal(a, (a / b) * b);
                Assert.Equal(Rational.One, b * b.Reciprocal());
                Assert.Equal(a / b, a * b.Reciprocal());
            }

            AssertNormalised(a + b);
            AssertNormalised(a * c);
            AssertNormalised(a - c);
        }
    }

    [Fact]
    public void ComparisonAgreesWithDoubleOnRandomValues()
    {
        var random = new Random(99);
        for (int trial = 0; trial < 500; trial++)
        {
            Rational a = random.NextRational();
            Rational b = random.NextRational();
            double difference = a.ToDouble() - b.ToDouble();
            int expected = a == b ? 0 : Math.Sign(difference);

            Assert.Equal(expected, Math.Sign(a.CompareTo(b)));
            Assert.Equal(expected < 0, a < b);
            Assert.Equal(expected > 0, a > b);
            Assert.Equal(expected <= 0, a <= b);
            Assert.Equal(expected >= 0, a >= b);
            Assert.Equal(expected != 0, a != b);
        }
    }

    [Fact]
    public void EqualValuesHaveEqualHashCodes()
    {
        Assert.Equal(new Rational(2, 4), new Rational(-1, -2));
        Assert.Equal(new Rational(2, 4).GetHashCode(), new Rational(-1, -2).GetHashCode());
        Assert.True(new Rational(1, 2).Equals((object)new Rational(3, 6)));
        Assert.False(new Rational(1, 2).Equals((object)0.5));
        Assert.NotEqual(new Rational(1, 2), new Rational(-1, 2));
    }

    [Theory]
    [InlineData(5, 1, true, true)]
    [InlineData(-3, 8, false, true)]
    [InlineData(225, 256, false, true)]
    [InlineData(1, 6, false, false)]
    [InlineData(32, 45, false, false)]
    [InlineData(0, 1, true, true)]
    public void IntegerAndDyadicPredicates(long numerator, long denominator, bool isInteger, bool isDyadic)
    {
        var value = new Rational(numerator, denominator);

        Assert.Equal(isInteger, value.IsInteger);
        Assert.Equal(isDyadic, value.IsDyadic);
    }

    [Theory]
    [InlineData("16777216", true)] // 2^24
    [InlineData("16777215", true)] // 2^24 - 1
    [InlineData("16777217", false)] // 2^24 + 1 needs 25 significant bits
    [InlineData("-125/512", true)]
    [InlineData("1/3", false)]
    [InlineData("3/2", true)]
    [InlineData("0", true)]
    public void SingleRepresentability(string text, bool expected)
    {
        Assert.Equal(expected, RationalTestData.Parse(text).IsExactlyRepresentableAsSingle);
    }

    [Fact]
    public void SingleRepresentabilityAtTheEdgesOfTheRange()
    {
        BigInteger one = BigInteger.One;
        Assert.True(new Rational(one, one << 149).IsExactlyRepresentableAsSingle); // smallest subnormal
        Assert.True(new Rational(3, one << 149).IsExactlyRepresentableAsSingle);
        Assert.False(new Rational(one, one << 150).IsExactlyRepresentableAsSingle);
        Assert.True(new Rational(one << 127).IsExactlyRepresentableAsSingle);
        Assert.False(new Rational(one << 128).IsExactlyRepresentableAsSingle);
        Assert.True(new Rational(((one << 24) - 1) << 104).IsExactlyRepresentableAsSingle); // float.MaxValue
    }

    [Fact]
    public void ToDoubleIsCorrectlyRoundedDivision()
    {
        // For |numerator|, denominator < 2^53 both convert exactly, and IEEE division rounds correctly.
        var random = new Random(7);
        for (int trial = 0; trial < 2000; trial++)
        {
            long numerator = NextLong(random) >> random.Next(0, 62);
            long denominator = (NextLong(random) >> random.Next(0, 62)) | 1;
            numerator &= (1L << 53) - 1;
            denominator &= (1L << 53) - 1;
            if (random.Next(2) == 0)
            {
                numerator = -numerator;
            }

            var value = new Rational(numerator, denominator);
            Assert.Equal((double)numerator / denominator, value.ToDouble());
        }
    }

    [Fact]
    public void ToDoubleHandlesSubnormalsAndOverflow()
    {
        BigInteger one = BigInteger.One;
        Assert.Equal(double.Epsilon, new Rational(one, one << 1074).ToDouble());
        Assert.Equal(0.0, new Rational(one, one << 1075).ToDouble()); // tie, rounds to even (zero)
        Assert.Equal(double.Epsilon, new Rational(3, one << 1076).ToDouble()); // 0.75 ulp rounds up
        Assert.Equal(double.MaxValue, new Rational(((one << 53) - 1) << 971).ToDouble());
        Assert.Equal(double.PositiveInfinity, new Rational(one << 1024).ToDouble());
        Assert.Equal(double.NegativeInfinity, new Rational(-(one << 1024)).ToDouble());
        Assert.Equal(Math.Pow(2, -1022), new Rational(one, one << 1022).ToDouble());
    }

    [Fact]
    public void ToSingleRoundsOnceFromTheExactValue()
    {
        // 1 + 2^-24 + 2^-60 is just above the midpoint between 1 and 1 + 2^-23. Going through double
        // first would round to the midpoint 1 + 2^-24 and then to even (1.0f): a double-rounding error.
        BigInteger one = BigInteger.One;
        var value = new Rational((one << 60) + (one << 36) + one, one << 60);

        Assert.Equal(1.0f + (1.0f / 8388608.0f), value.ToSingle());
        Assert.Equal(1.0f, (float)value.ToDouble());
    }

    [Fact]
    public void ToSingleIsTheNearestFloatOnRandomValues()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 2000; trial++)
        {
            var value = new Rational(new BigInteger(NextLong(random)) - (BigInteger.One << 62), new BigInteger(NextLong(random) >> random.Next(0, 60)) + 1);
            float rounded = value.ToSingle();
            Rational error = (RationalTestData.Exact(rounded) - value).Abs();
            Rational up = (RationalTestData.Exact(NextUp(rounded)) - value).Abs();
            Rational down = (RationalTestData.Exact(NextDown(rounded)) - value).Abs();

            Assert.True(error <= up && error <= down, $"{value} rounded to {rounded:R}");
        }
    }

    [Fact]
    public void ToSingleHandlesSubnormalsAndOverflow()
    {
        BigInteger one = BigInteger.One;
        Assert.Equal(float.Epsilon, new Rational(one, one << 149).ToSingle());
        Assert.Equal(0.0f, new Rational(one, one << 150).ToSingle());
        Assert.Equal(float.Epsilon, new Rational(3, one << 151).ToSingle());
        Assert.Equal(float.MaxValue, new Rational(((one << 24) - 1) << 104).ToSingle());
        Assert.Equal(float.MaxValue, new Rational((((one << 25) - 1) << 103) - 1).ToSingle()); // just below the midpoint
        Assert.Equal(float.PositiveInfinity, new Rational(((one << 25) - 1) << 103).ToSingle()); // the midpoint ties to 2^128
        Assert.Equal(float.NegativeInfinity, new Rational(-(one << 128)).ToSingle());
        Assert.Equal(0.875f, new Rational(7, 8).ToSingle());
        Assert.Equal(-0.1f, new Rational(-1, 10).ToSingle());
    }

    [Fact]
    public void FromIntImplicitConversionAndPow()
    {
        Assert.Equal(new Rational(-3, 1), Rational.FromInt(-3));
        Rational fromInt = 5;
        Assert.Equal(new Rational(5, 1), fromInt);
        Assert.Equal(new Rational(125, 512), new Rational(5, 8).Pow(3));
        Assert.Equal(new Rational(64, 25), new Rational(5, 8).Pow(-2));
        Assert.Equal(Rational.One, Rational.Zero.Pow(0));
        Assert.Equal(new Rational(-1, 8), new Rational(-1, 2).Pow(3));
    }

    [Fact]
    public void AbsAndSign()
    {
        Assert.Equal(new Rational(3, 4), new Rational(-3, 4).Abs());
        Assert.Equal(-1, new Rational(-3, 4).Sign);
        Assert.Equal(0, Rational.Zero.Sign);
        Assert.Equal(1, new Rational(3, 4).Sign);
    }

    private static void AssertNormalised(Rational value)
    {
        Assert.True(value.Denominator.Sign > 0);
        Assert.Equal(BigInteger.One, BigInteger.GreatestCommonDivisor(value.Numerator, value.Denominator));
    }

    private static long NextLong(Random random)
    {
        var bytes = new byte[8];
        random.NextBytes(bytes);
        return BitConverter.ToInt64(bytes, 0) & long.MaxValue;
    }

    private static float NextUp(float value) => MathF.BitIncrement(value);

    private static float NextDown(float value) => MathF.BitDecrement(value);
}
