using System;
using System.Globalization;
using System.Numerics;

namespace ConvGen.Generator.Mathematics;

/// <summary>
/// An exact rational number over <see cref="BigInteger"/>, used to build and verify the
/// Winograd / Toom-Cook transform matrices at generation time (winograd-spec §1.2, §1.4, §1.6 rule 6).
/// </summary>
/// <remarks>
/// Values are always normalised: numerator and denominator are coprime and the denominator is
/// positive, so structural equality is value equality. <c>default(Rational)</c> is zero.
/// </remarks>
internal readonly struct Rational : IEquatable<Rational>, IComparable<Rational>
{
    /// <summary>Stored denominator; zero only in <c>default(Rational)</c>, which means 0/1.</summary>
    private readonly BigInteger _denominator;

    /// <summary>Creates <paramref name="numerator"/>/<paramref name="denominator"/>, reduced.</summary>
    /// <exception cref="DivideByZeroException">The denominator is zero.</exception>
    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
        {
            throw new DivideByZeroException("A rational number cannot have a zero denominator.");
        }

        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        BigInteger divisor = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!divisor.IsOne)
        {
            numerator /= divisor;
            denominator /= divisor;
        }

        Numerator = numerator;
        _denominator = denominator;
    }

    /// <summary>Creates an integer value.</summary>
    public Rational(BigInteger value)
    {
        Numerator = value;
        _denominator = BigInteger.One;
    }

    public static Rational Zero => default;

    public static Rational One => new Rational(BigInteger.One);

    public static Rational MinusOne => new Rational(BigInteger.MinusOne);

    /// <summary>The reduced numerator; carries the sign.</summary>
    public BigInteger Numerator { get; }

    /// <summary>The reduced denominator; always positive.</summary>
    public BigInteger Denominator => _denominator.IsZero ? BigInteger.One : _denominator;

    public bool IsZero => Numerator.IsZero;

    public bool IsInteger => Denominator.IsOne;

    /// <summary>True when the denominator is a power of two (1, 2, 4, …), as §1.3 requires of A^T and B^T.</summary>
    public bool IsDyadic
    {
        get
        {
            BigInteger denominator = Denominator;
            return (denominator & (denominator - BigInteger.One)).IsZero;
        }
    }

    /// <summary>
    /// True when the value is exactly representable as an IEEE-754 binary32 number (dyadic, at most 24
    /// significant bits, within the finite range including subnormals). This is the assertion of
    /// winograd-spec §1.6 rule 4 for every emitted A^T and B^T constant.
    /// </summary>
    public bool IsExactlyRepresentableAsSingle
    {
        get
        {
            if (IsZero)
            {
                return true;
            }

            if (!IsDyadic)
            {
                return false;
            }

            BigInteger magnitude = BigInteger.Abs(Numerator);
            int trailingZeros = BigIntegerBits.TrailingZeroCount(magnitude);
            int significantBits = BigIntegerBits.BitLength(magnitude) - trailingZeros;
            int denominatorExponent = BigIntegerBits.BitLength(Denominator) - 1;
            int lowestBitExponent = trailingZeros - denominatorExponent;
            int highestBitExponent = BigIntegerBits.BitLength(magnitude) - 1 - denominatorExponent;
            return significantBits <= 24 && lowestBitExponent >= -149 && highestBitExponent <= 127;
        }
    }

    /// <summary>-1, 0 or 1.</summary>
    public int Sign => Numerator.Sign;

    public static Rational FromInt(long value) => new Rational(new BigInteger(value));

    public static implicit operator Rational(int value) => new Rational(new BigInteger(value));

    public Rational Abs() => Numerator.Sign < 0 ? -this : this;

    /// <exception cref="DivideByZeroException">The value is zero.</exception>
    public Rational Reciprocal() => new Rational(Denominator, Numerator);

    /// <summary>Raises the value to an integer power; a negative exponent uses the reciprocal.</summary>
    public Rational Pow(int exponent)
    {
        if (exponent < 0)
        {
            return Reciprocal().Pow(-exponent);
        }

        return new Rational(BigInteger.Pow(Numerator, exponent), BigInteger.Pow(Denominator, exponent));
    }

    public static Rational operator +(Rational left, Rational right) =>
        new Rational(
            (left.Numerator * right.Denominator) + (right.Numerator * left.Denominator),
            left.Denominator * right.Denominator);

    public static Rational operator -(Rational left, Rational right) =>
        new Rational(
            (left.Numerator * right.Denominator) - (right.Numerator * left.Denominator),
            left.Denominator * right.Denominator);

    public static Rational operator *(Rational left, Rational right) =>
        new Rational(left.Numerator * right.Numerator, left.Denominator * right.Denominator);

    /// <exception cref="DivideByZeroException"><paramref name="right"/> is zero.</exception>
    public static Rational operator /(Rational left, Rational right)
    {
        if (right.IsZero)
        {
            throw new DivideByZeroException("Division of a rational number by zero.");
        }

        return new Rational(left.Numerator * right.Denominator, left.Denominator * right.Numerator);
    }

    public static Rational operator -(Rational value) => new Rational(-value.Numerator, value.Denominator);

    public static bool operator ==(Rational left, Rational right) => left.Equals(right);

    public static bool operator !=(Rational left, Rational right) => !left.Equals(right);

    public static bool operator <(Rational left, Rational right) => left.CompareTo(right) < 0;

    public static bool operator >(Rational left, Rational right) => left.CompareTo(right) > 0;

    public static bool operator <=(Rational left, Rational right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Rational left, Rational right) => left.CompareTo(right) >= 0;

    public bool Equals(Rational other) =>
        Numerator.Equals(other.Numerator) && Denominator.Equals(other.Denominator);

    public override bool Equals(object? obj) => obj is Rational other && Equals(other);

    public override int GetHashCode() =>
        unchecked((Numerator.GetHashCode() * 397) ^ Denominator.GetHashCode());

    public int CompareTo(Rational other) =>
        (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <summary>The nearest <see cref="double"/> (round half to even, exact for dyadic values that fit).</summary>
    public double ToDouble() => BinaryFloatRounding.RoundToDouble(this, significandBits: 53, minExponent: -1074, overflowExponent: 1024);

    /// <summary>
    /// The nearest <see cref="float"/>, correctly rounded directly from the exact value (no double
    /// rounding through <see cref="double"/>).
    /// </summary>
    public float ToSingle() => (float)BinaryFloatRounding.RoundToDouble(this, significandBits: 24, minExponent: -149, overflowExponent: 128);

    /// <summary>"3/8", "-2", "0": invariant culture, no spaces.</summary>
    public override string ToString()
    {
        string numerator = Numerator.ToString(CultureInfo.InvariantCulture);
        return IsInteger ? numerator : numerator + "/" + Denominator.ToString(CultureInfo.InvariantCulture);
    }
}
