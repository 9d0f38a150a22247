using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;
using ConvGen.Runtime.CompilerServices;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The transposed channel-row stores of the channel-lane pointwise tiles against their element-by-element definition:
/// both overloads, every row length they take (8, and exactly 4-7), rows padded apart with guard floats that must stay
/// untouched. <see cref="Program"/> runs <see cref="RunAll"/> again where AVX-512 or AVX2 is switched off (the
/// element-by-element fallbacks).
/// </summary>
public sealed class KernelStoresTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(7)]
    [InlineData(6)]
    [InlineData(5)]
    [InlineData(4)]
    public void Vector512RowsHoldEachLanesPositionsAndNothingElse(int rowFloats) => CheckVector512(rowFloats);

    [Theory]
    [InlineData(8)]
    [InlineData(7)]
    [InlineData(6)]
    [InlineData(5)]
    [InlineData(4)]
    public void Vector256RowsHoldEachLanesPositionsAndNothingElse(int rowFloats) => CheckVector256(rowFloats);

    /// <summary>Every case, for the ISA-restricted child process.</summary>
    internal static void RunAll(List<string> failures, ref int passed)
    {
        for (int rowFloats = 4; rowFloats <= 8; rowFloats++)
        {
            foreach ((string name, Action<int> check) in new (string, Action<int>)[] { ("Vector512", CheckVector512), ("Vector256", CheckVector256) })
            {
                try
                {
                    check(rowFloats);
                    passed++;
                }
                catch (Exception e)
                {
                    failures.Add($"channel-row store, {name}, {rowFloats} floats: {e.Message}");
                }
            }
        }
    }

    /// <summary>Row pitch: a row's 8 floats and 3 guards, so a write past <c>rowFloats</c> lands on a NaN that the check finds.</summary>
    private const int RowStride = 11;

    private static void CheckVector512(int rowFloats) => Check(16, rowFloats, (p, target) =>
        KernelStores.StoreChannelRows(Vector512.Create(p[0]), Vector512.Create(p[1]), Vector512.Create(p[2]), Vector512.Create(p[3]),
            Vector512.Create(p[4]), Vector512.Create(p[5]), Vector512.Create(p[6]), Vector512.Create(p[7]), ref target[1], RowStride, rowFloats));

    private static void CheckVector256(int rowFloats) => Check(8, rowFloats, (p, target) =>
        KernelStores.StoreChannelRows(Vector256.Create(p[0]), Vector256.Create(p[1]), Vector256.Create(p[2]), Vector256.Create(p[3]),
            Vector256.Create(p[4]), Vector256.Create(p[5]), Vector256.Create(p[6]), Vector256.Create(p[7]), ref target[1], RowStride, rowFloats));

    /// <summary>Stores 8 position vectors of <paramref name="lanes"/> channels into a guarded target and checks every float of it.</summary>
    private static void Check(int lanes, int rowFloats, Action<float[][], float[]> store)
    {
        float[][] positions = new float[8][];
        for (int j = 0; j < 8; j++)
        {
            positions[j] = Values(j, lanes);
        }
        float[] target = Guarded(lanes);
        store(positions, target);
        Check(target, lanes, rowFloats);
    }

    /// <summary>Position j's vector: lane l is 100·j + l + 1, so every value names its position and channel.</summary>
    private static float[] Values(int j, int lanes)
    {
        float[] values = new float[lanes];
        for (int l = 0; l < lanes; l++)
        {
            values[l] = 100 * j + l + 1;
        }
        return values;
    }

    /// <summary>The rows, one guard float before them and the guards of a row after the last.</summary>
    private static float[] Guarded(int rows)
    {
        float[] target = new float[1 + rows * RowStride];
        Array.Fill(target, float.NaN);
        return target;
    }

    private static void Check(float[] target, int rows, int rowFloats)
    {
        Assert.True(float.IsNaN(target[0]), "a write before the first row");
        for (int l = 0; l < rows; l++)
        {
            for (int j = 0; j < RowStride; j++)
            {
                float value = target[1 + l * RowStride + j];
                if (j < rowFloats)
                {
                    Assert.True(value == 100 * j + l + 1, $"row {l}, position {j}: {value}, expected {100 * j + l + 1}");
                }
                else
                {
                    Assert.True(float.IsNaN(value), $"row {l}, float {j} (past {rowFloats}) written: {value}");
                }
            }
        }
    }
}
