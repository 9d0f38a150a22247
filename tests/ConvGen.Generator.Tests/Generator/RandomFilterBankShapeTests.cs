using System;
using System.Collections.Generic;
using ConvGen.Generator.Tests.Harness;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// Randomised banks of 3×3, stride-1, padding-1 filters per input plane (groups of one input channel and several output
/// channels: colour planes each through an edge or Gabor bank, or a bank on one grey plane), whose phased plans read
/// the planes in place on AVX-512 and, up to two filters a plane, AVX2 (<c>DirectConvPlanner.WithPlanesInPlace</c>),
/// generated, compiled and run in memory on this machine's instruction set: forward (no activation, ReLU and ReLU6 in
/// turn, every other one with a bias; packed weights, which the in-place tiles gather per channel, bit-identical),
/// backward-data, backward-weights and the bias gradient against the fp64 references with the κ·2^-23·Σ|terms| bound
/// (κ = 4). The seeds are fixed, so a failure is reproducible. <c>CONVGEN_FUZZ_SEEDS</c> runs a longer campaign locally.
/// </summary>
[Collection(nameof(RandomShapes))]
public sealed class RandomFilterBankShapeTests : RandomShapeTests
{
    /// <summary>
    /// Shapes for <paramref name="seed"/>: one grey plane through 2-5 filters (<see cref="Filters"/>) on small planes (1-40 a side: a single row
    /// tile that is both the first and the last, rows narrower than a vector) and on medium ones (40-140: several row
    /// tiles, last column tiles shifted back), and 2-3 planes through 2-3 filters each on planes too large for the fused
    /// (image, group) tasks (180-220 × 300-340); batch 1 or 2.
    /// </summary>
    private static List<RandomConv2DShape> Shapes(int count, int seed)
    {
        var random = new Random(seed);
        var shapes = new List<RandomConv2DShape>();
        for (int i = 0; i < count; i++)
        {
            (int groups, int perGroup, int h, int w) = (i % 3) switch
            {
                0 => (1, Filters(random), random.Next(1, 41), random.Next(1, 41)),
                1 => (1, Filters(random), random.Next(40, 141), random.Next(40, 141)),
                _ => (random.Next(2, 4), random.Next(2, 4), random.Next(180, 221), random.Next(300, 341)),
            };
            shapes.Add(new RandomConv2DShape(groups, groups * perGroup, h, w, 3, 3, 1, 1, 1, 1, 1, 1, groups, 1 + random.Next(2)));
        }
        return shapes;
    }

    /// <summary>Filters a grey plane's bank has: two (an edge pair, the most an AVX2 plan reads in place) two times in three, else 3-5.</summary>
    private static int Filters(Random random) => random.Next(3) == 0 ? random.Next(3, 6) : 2;

    protected override void CheckSeed(int seed)
    {
        List<RandomConv2DShape> shapes = Shapes(6, seed);
        using InMemoryRunner run = RandomShapes.CompileLayers(shapes.Count, (source, i) => RandomShapes.DeclarePasses(source, i, seed, shapes[i].Attribute), out _);

        var random = new Random(seed);
        for (int i = 0; i < shapes.Count; i++)
        {
            shapes[i].Check(run, i, seed, random, $"seed {seed}, {shapes[i]}", forward: true);
        }
    }
}
