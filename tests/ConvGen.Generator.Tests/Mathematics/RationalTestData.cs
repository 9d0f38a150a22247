using System;
using System.Globalization;
using System.Numerics;
using ConvGen.Generator.Mathematics;

namespace ConvGen.Generator.Tests.Mathematics;

/// <summary>Test-only helpers: parse printed matrices, make random rationals, read floats exactly.</summary>
internal static class RationalTestData
{
    /// <summary>"3/8", "-2", "0".</summary>
    public static Rational Parse(string text)
    {
        int slash = text.IndexOf('/');
        if (slash < 0)
        {
            return new Rational(BigInteger.Parse(text, CultureInfo.InvariantCulture));
        }

        return new Rational(
            BigInteger.Parse(text.Substring(0, slash), CultureInfo.InvariantCulture),
            BigInteger.Parse(text.Substring(slash + 1), CultureInfo.InvariantCulture));
    }

    /// <summary>One row per string, entries separated by spaces, as printed in cooktoom_output.txt.</summary>
    public static RationalMatrix Matrix(params string[] rows)
    {
        var parsed = new Rational[rows.Length][];
        for (int i = 0; i < rows.Length; i++)
        {
            string[] tokens = rows[i].Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            parsed[i] = new Rational[tokens.Length];
            for (int j = 0; j < tokens.Length; j++)
            {
                parsed[i][j] = Parse(tokens[j]);
            }
        }

        return RationalMatrix.FromRows(parsed);
    }

    public static Rational[] Points(params string[] points)
    {
        var result = new Rational[points.Length];
        for (int i = 0; i < points.Length; i++)
        {
            result[i] = Parse(points[i]);
        }

        return result;
    }

    /// <summary>A random rational with numerator in [-9, 9] and denominator in [1, 5] (as cooktoom.py).</summary>
    public static Rational NextRational(this Random random) => new Rational(random.Next(-9, 10), random.Next(1, 6));

    public static Rational[] NextRationals(this Random random, int count)
    {
        var result = new Rational[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = random.NextRational();
        }

        return result;
    }

    public static RationalMatrix NextRationalMatrix(this Random random, int rows, int columns) =>
        RationalMatrix.Create(rows, columns, (i, j) => random.NextRational());

    /// <summary>The exact value of a finite double.</summary>
    public static Rational Exact(double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        bool negative = bits < 0;
        int exponentField = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        if (exponentField == 0x7FF)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Not finite.");
        }

        long significand = exponentField == 0 ? fraction : fraction | (1L << 52);
        int exponent = (exponentField == 0 ? 1 : exponentField) - 1075;
        Rational magnitude = exponent >= 0
            ? new Rational(new BigInteger(significand) << exponent)
            : new Rational(new BigInteger(significand), BigInteger.One << -exponent);
        return negative ? -magnitude : magnitude;
    }
}
