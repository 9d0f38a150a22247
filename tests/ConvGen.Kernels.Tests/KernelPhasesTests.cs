using System;
using System.Collections.Generic;
using ConvGen.Runtime.CompilerServices;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// <see cref="KernelPhases"/>, the gather and scatter of a dilated layer's phase mosaic, against their element-by-element
/// definitions: every column-phase count 1-4 (2 has its own vector code), row widths short and long, even and odd.
/// Rows and planes are surrounded by NaN guards that must stay untouched, and every output float must hold its mosaic
/// position's value. <see cref="Program"/> runs <see cref="RunAll"/> again where AVX-512 or AVX2 is
/// switched off.
/// </summary>
public sealed class KernelPhasesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void GatheredRowsHoldEachColumnPhaseThenZeros(int phasesX) => CheckGather(phasesX);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void MergedPlanesReachEveryOutput(int seed) => CheckMerge(seed);

    /// <summary>Every case, for the ISA-restricted child process.</summary>
    internal static void RunAll(List<string> failures, ref int passed)
    {
        for (int i = 1; i <= 4; i++)
        {
            foreach ((string name, Action<int> check) in new (string, Action<int>)[] { ("gather, phases", CheckGather), ("merge, seed", CheckMerge) })
            {
                try
                {
                    check(i);
                    passed++;
                }
                catch (Exception e)
                {
                    failures.Add($"phase mosaic {name} {i}: {e.Message}");
                }
            }
        }
    }

    private const int Guard = 8;

    private static void CheckGather(int phasesX)
    {
        for (int width = 1; width <= 70; width++)
        {
            int columns = (width + phasesX - 1) / phasesX;
            for (int extra = 0; extra <= 3; extra++)
            {
                int regionColumns = columns + extra;
                float[] source = new float[width];
                for (int i = 0; i < width; i++)
                {
                    source[i] = i + 1;
                }
                float[] row = new float[phasesX * regionColumns + 2 * Guard];
                Array.Fill(row, float.NaN);
                KernelPhases.GatherRow(ref source[0], width, phasesX, regionColumns, ref row[Guard]);
                for (int i = 0; i < Guard; i++)
                {
                    Assert.True(float.IsNaN(row[i]) && float.IsNaN(row[row.Length - 1 - i]), $"width {width}, {phasesX} phases: a guard float was written");
                }
                for (int qx = 0; qx < phasesX; qx++)
                {
                    for (int j = 0; j < regionColumns; j++)
                    {
                        int x = qx + phasesX * j;
                        float expected = x < width ? x + 1 : 0;
                        Assert.True(row[Guard + qx * regionColumns + j] == expected,
                            $"width {width}, {phasesX} phases, {regionColumns} columns each: phase {qx} column {j} is {row[Guard + qx * regionColumns + j]}, not {expected}");
                    }
                }
            }
        }
    }

    private static void CheckMerge(int seed)
    {
        var random = new Random(seed);
        for (int trial = 0; trial < 200; trial++)
        {
            int phasesY = random.Next(1, 5), phasesX = random.Next(1, 5);
            int outHeight = random.Next(1, 40), outWidth = random.Next(1, 40);
            int regionRows = (outHeight + phasesY - 1) / phasesY + random.Next(0, 3);
            int regionColumns = (outWidth + phasesX - 1) / phasesX + random.Next(0, 3);
            int mosaicHeight = phasesY * regionRows + random.Next(0, 3), mosaicWidth = phasesX * regionColumns + random.Next(0, 3);
            float[] mosaic = new float[mosaicHeight * mosaicWidth];
            for (int i = 0; i < mosaic.Length; i++)
            {
                mosaic[i] = i + 1;
            }
            float[] output = new float[outHeight * outWidth + 2 * Guard];
            Array.Fill(output, float.NaN);
            KernelPhases.MergePlane(ref mosaic[0], ref output[Guard], mosaicWidth, outHeight, outWidth, phasesY, phasesX, regionRows, regionColumns);
            string geometry = $"{outHeight}×{outWidth} output, {phasesY}×{phasesX} phases {regionRows}×{regionColumns} apart, {mosaicHeight}×{mosaicWidth} mosaic";
            for (int i = 0; i < Guard; i++)
            {
                Assert.True(float.IsNaN(output[i]) && float.IsNaN(output[output.Length - 1 - i]), $"{geometry}: a guard float was written");
            }
            for (int oy = 0; oy < outHeight; oy++)
            {
                for (int ox = 0; ox < outWidth; ox++)
                {
                    int r = oy % phasesY * regionRows + oy / phasesY, c = ox % phasesX * regionColumns + ox / phasesX;
                    Assert.True(output[Guard + oy * outWidth + ox] == mosaic[r * mosaicWidth + c],
                        $"{geometry}: output ({oy}, {ox}) is {output[Guard + oy * outWidth + ox]}, not mosaic ({r}, {c})");
                }
            }
        }
    }
}
