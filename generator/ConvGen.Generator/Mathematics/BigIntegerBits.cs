using System;
using System.Numerics;

namespace ConvGen.Generator.Mathematics;

/// <summary>
/// Bit-level helpers for non-negative <see cref="BigInteger"/> values that netstandard2.0 lacks
/// (<c>GetBitLength</c> and friends arrived in .NET 5).
/// </summary>
internal static class BigIntegerBits
{
    /// <summary>Number of bits needed to write <paramref name="value"/> in binary; 0 for 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public static int BitLength(BigInteger value)
    {
        RequireNonNegative(value);
        if (value.IsZero)
        {
            return 0;
        }

        byte[] bytes = value.ToByteArray(); // little-endian two's complement
        int top = bytes.Length - 1;
        while (bytes[top] == 0)
        {
            top--; // the sign byte of a positive value whose top bit is set
        }

        int bits = top * 8;
        for (int highByte = bytes[top]; highByte != 0; highByte >>= 1)
        {
            bits++;
        }

        return bits;
    }

    /// <summary>Number of trailing zero bits of a positive value (the exponent of 2 dividing it).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not positive.</exception>
    public static int TrailingZeroCount(BigInteger value)
    {
        if (value.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "The value must be positive.");
        }

        byte[] bytes = value.ToByteArray();
        int index = 0;
        while (bytes[index] == 0)
        {
            index++;
        }

        int count = index * 8;
        for (int lowByte = bytes[index]; (lowByte & 1) == 0; lowByte >>= 1)
        {
            count++;
        }

        return count;
    }

    /// <summary><paramref name="value"/> with every factor of two removed (the odd part); requires a positive value.</summary>
    public static BigInteger OddPart(BigInteger value) => value >> TrailingZeroCount(value);

    private static void RequireNonNegative(BigInteger value)
    {
        if (value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "The value must not be negative.");
        }
    }
}
