using System;
using System.Collections.Generic;
using ConvGen.Generator.Tests.Harness;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// Randomised mid-sized layers, the shapes whose plans the small random shapes of
/// <see cref="RandomBackwardShapeTests"/> never reach: 3×3 stride-1 layers with enough channels for Winograd, 1×1
/// layers with enough channels and positions for the GEMM tiles and their channel and position remainders, few-channel
/// 7×7 stride-2 stems, and grouped layers with several channels per group; of the stride-1 Winograd candidates half dilated 3×3 layers (the phase mosaic) and a sixth 5×5 layers with AllowLowPrecisionWinograd (F(m×m,5×5)). Generated, compiled and run in memory on
/// this machine's instruction set: forward (no activation, ReLU and ReLU6 in turn, every other one with a bias; packed
/// weights bit-identical), backward-data, backward-weights and the bias gradient against the fp64 references with the
/// κ·2^-23·Σ|terms| bound (κ = 4 for direct plans; a Winograd plan, in any pass, is held to the κ its generated remarks
/// state). The seeds are fixed, so a failure is reproducible. <c>CONVGEN_FUZZ_SEEDS</c> (for example <c>3-40</c>) runs a
/// longer campaign of further seeds locally.
/// </summary>
[Collection(nameof(RandomShapes))]
public sealed class RandomLayerShapeTests : RandomShapeTests
{
    /// <summary>A square kernel with the same stride and padding on both axes, no dilation.</summary>
    private static RandomConv2DShape Shape(int c, int k, int h, int w, int kernel, int stride, int padding, int g, int batch) =>
        new(c, k, h, w, kernel, kernel, stride, stride, padding, padding, 1, 1, g, batch);

    /// <summary>Shapes for <paramref name="seed"/>, cycling through the four families the summary names.</summary>
    private static List<RandomConv2DShape> Shapes(int count, int seed)
    {
        var random = new Random(seed);
        var shapes = new List<RandomConv2DShape>();
        for (int i = 0; i < count; i++)
        {
            int h = random.Next(4, 33), w = random.Next(4, 33), batch = 1 + random.Next(2);
            shapes.Add((i % 4) switch
            {
                // 3×3, stride 1, padding 0 or 1, 16-80 channels: the Winograd candidates; one in two dilated 1-3 per axis (not both
                // 1): the phase mosaic's; one in six 5×5 with the lower-precision opt-in: F(m×m,5×5)'s.
                0 => random.Next(2) == 0
                    ? random.Next(3) == 0
                        ? Shape(random.Next(24, 73), random.Next(24, 73), h + 4, w + 4, 5, 1, random.Next(3), 1, batch) with { LowPrecision = true }
                        : Shape(random.Next(16, 81), random.Next(16, 81), h, w, 3, 1, random.Next(2), 1, batch)
                    : Dilated(random, h, w, batch),
                // 1×1 with 8-100 channels each way: GEMM tiles with remainders in both channels and positions.
                1 => Shape(random.Next(8, 101), random.Next(8, 101), h, w, 1, 1, 0, 1, batch),
                // A stem: 1-4 input channels, 7×7 stride 2 padding 3, 8-40 output channels, planes up to 64.
                2 => Shape(random.Next(1, 5), random.Next(8, 41), 2 * h, 2 * w, 7, 2, 3, 1, batch),
                // Grouped: 2-8 groups of 2-12 input and output channels, 1×1 or 3×3, stride 1 or 2.
                _ => Grouped(random, h, w, batch),
            });
        }
        return shapes;
    }

    private static RandomConv2DShape Dilated(Random random, int h, int w, int batch)
    {
        int dh = random.Next(1, 4), dw = dh == 1 ? random.Next(2, 4) : random.Next(1, 4);
        // Padded by the dilation two times in three (the "same" atrous layer), else unpadded; 32-80 channels and planes of
        // 16-48, where Auto's cost model may take Winograd on the mosaic.
        int padded = random.Next(3) == 0 ? 0 : 1;
        return new(random.Next(32, 81), random.Next(32, 81), h + 12 + random.Next(5), w + 12 + random.Next(5), 3, 3, 1, 1, dh * padded, dw * padded, dh, dw, 1, batch);
    }

    private static RandomConv2DShape Grouped(Random random, int h, int w, int batch)
    {
        int g = random.Next(2, 9), k = random.Next(2) == 0 ? 1 : 3;
        return Shape(g * random.Next(2, 13), g * random.Next(2, 13), h, w, k, 1 + random.Next(2), k / 2, g, batch);
    }

    protected override void CheckSeed(int seed)
    {
        List<RandomConv2DShape> shapes = Shapes(8, seed);
        using InMemoryRunner run = RandomShapes.CompileLayers(shapes.Count, (source, i) => RandomShapes.DeclarePasses(source, i, seed, shapes[i].Attribute), out GeneratorTestResult result);

        var random = new Random(seed);
        for (int i = 0; i < shapes.Count; i++)
        {
            shapes[i].Check(run, i, seed, random, $"seed {seed}, {shapes[i]}", forward: true,
                WinogradKappa(result, "Forward" + i), WinogradKappa(result, "Data" + i), WinogradKappa(result, "Weights" + i));
        }
    }

    /// <summary>
    /// κ for the plan the generator chose for <paramref name="method"/>: the Winograd plan F(m,r) its remarks name
    /// ("Plan: Winograd F(4,3)", or for backward-data "The forward kernel: Winograd F(4,3)"), mapped to winograd-spec §2.4's κ for n = m + r − 1 points (16 for n ≤ 4, 128 for 6, 512
    /// for 8), or 4 for a direct plan. The bound comes from the spec, not from the number the remarks print, so a plan
    /// that claimed a looser bound than its tile's would still be held to the tile's.
    /// </summary>
    private static double WinogradKappa(GeneratorTestResult result, string method)
    {
        string text = result.SourceOf(method);
        const string Marker = "Winograd F(";
        int at = text.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return 4;
        }
        int start = at + Marker.Length, comma = text.IndexOf(',', start), end = text.IndexOf(')', comma);
        int tile = int.Parse(text.AsSpan(start, comma - start), System.Globalization.CultureInfo.InvariantCulture);
        int filter = int.Parse(text.AsSpan(comma + 1, end - comma - 1), System.Globalization.CultureInfo.InvariantCulture);
        return (tile + filter - 1) switch
        {
            4 => 16,
            6 => 128,
            8 => 512,
            _ => throw new InvalidOperationException($"{method}: an unexpected Winograd plan F({tile},{filter})"),
        };
    }
}
