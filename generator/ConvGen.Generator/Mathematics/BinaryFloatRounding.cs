using System;
using System.Numerics;

namespace ConvGen.Generator.Mathematics;

/// <summary>
/// Correctly rounded (round half to even) conversion of an exact <see cref="Rational"/> to an IEEE-754
/// binary format, returned as a <see cref="double"/> that holds the rounded value exactly.
/// Used for <see cref="Rational.ToDouble"/> and <see cref="Rational.ToSingle"/> so that a float constant
/// is rounded once from the exact value (winograd-spec §1.6 rule 5: "rounded to float once").
/// </summary>
internal static class BinaryFloatRounding
{
    /// <param name="value">The exact value.</param>
    /// <param name="significandBits">Precision p including the hidden bit: 53 for double, 24 for float.</param>
    /// <param name="minExponent">Exponent of the smallest subnormal: -1074 for double, -149 for float.</param>
    /// <param name="overflowExponent">Values that round to 2^this or more become infinite: 1024 / 128.</param>
    public static double RoundToDouble(Rational value, int significandBits, int minExponent, int overflowExponent)
    {
        if (value.IsZero)
        {
            return 0.0;
        }

        BigInteger numerator = BigInteger.Abs(value.Numerator);
        BigInteger denominator = value.Denominator;

        // floor(log2(|value|)) from the bit lengths, corrected by one comparison.
        int floorLog2 = BigIntegerBits.BitLength(numerator) - BigIntegerBits.BitLength(denominator);
        bool belowPowerOfTwo = floorLog2 >= 0
            ? numerator < (denominator << floorLog2)
            : (numerator << -floorLog2) < denominator;
        if (belowPowerOfTwo)
        {
            floorLog2--;
        }

        // The unit in the last place of the result: p significant bits, or the subnormal step.
        int ulpExponent = Math.Max(floorLog2 - (significandBits - 1), minExponent);
        BigInteger scaledNumerator = ulpExponent >= 0 ? numerator : numerator << -ulpExponent;
        BigInteger scaledDenominator = ulpExponent >= 0 ? denominator << ulpExponent : denominator;
        BigInteger quotient = BigInteger.DivRem(scaledNumerator, scaledDenominator, out BigInteger remainder);
        int half = (remainder * 2).CompareTo(scaledDenominator);
        if (half > 0 || (half == 0 && !quotient.IsEven))
        {
            quotient += BigInteger.One; // may carry to 2^p, which is still exact
        }

        double magnitude;
        if (BigIntegerBits.BitLength(quotient) - 1 + ulpExponent >= overflowExponent)
        {
            magnitude = double.PositiveInfinity;
        }
        else
        {
            magnitude = ScaleByPowerOfTwo((double)quotient, ulpExponent);
        }

        return value.Sign < 0 ? -magnitude : magnitude;
    }

    /// <summary>
    /// <paramref name="x"/>·2^<paramref name="exponent"/>, exact whenever the result is representable:
    /// every intermediate product stays a normal double.
    /// </summary>
    private static double ScaleByPowerOfTwo(double x, int exponent)
    {
        const int Step = 960;
        while (exponent > Step)
        {
            x *= PowerOfTwo(Step);
            exponent -= Step;
        }

        while (exponent < -Step)
        {
            x *= PowerOfTwo(-Step);
            exponent += Step;
        }

        return x * PowerOfTwo(exponent);
    }

    /// <summary>2^<paramref name="exponent"/> for -1022 ≤ exponent ≤ 1023, built from its bit pattern.</summary>
    private static double PowerOfTwo(int exponent) => BitConverter.Int64BitsToDouble((long)(exponent + 1023) << 52);
}
