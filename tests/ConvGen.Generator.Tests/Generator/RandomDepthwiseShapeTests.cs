using System;
using System.Collections.Generic;
using ConvGen.Generator.Tests.Harness;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// Randomised depthwise 3×3, padding-1 layers at stride 1 and 2, the shape family with the most specialised kernels
/// (whole-row, split, in-place, channel-pair and interleaved tiles, bands that shrink on planes larger than L1, odd
/// channel counts and last bands of one row), generated, compiled and run in memory on this machine's instruction set:
/// forward (no activation, ReLU and ReLU6 in turn, every other one with a bias; packed weights bit-identical),
/// backward-data, backward-weights and the bias gradient against the fp64 references with the κ·2^-23·Σ|terms| bound
/// (κ = 4). Plane sizes run from 1×1 to past L1 (128×120: 60 KB a channel); the seeds are fixed, so a failure is
/// reproducible. <c>CONVGEN_FUZZ_SEEDS</c> (for example <c>3-60</c>) runs a longer campaign of further seeds locally.
/// </summary>
[Collection(nameof(RandomShapes))]
public sealed class RandomDepthwiseShapeTests : RandomShapeTests
{
    /// <summary>
    /// Shapes for <paramref name="seed"/>: a third small planes (1-20), a third medium (16-64, where rows span one to
    /// four vectors), a third large (96-130 on a side, larger than the 32 KB L1 per channel); strides 2, 1, 2 in blocks
    /// of three; 1-5 channels (1-3 on the large planes), so pairs, odd leftovers and the thread split all occur; batch
    /// 1 or 2.
    /// </summary>
    private static List<RandomConv2DShape> Shapes(int count, int seed)
    {
        var random = new Random(seed);
        var shapes = new List<RandomConv2DShape>();
        for (int i = 0; i < count; i++)
        {
            (int low, int high) = (i % 3) switch { 0 => (1, 21), 1 => (16, 65), _ => (96, 131) };
            int c = (i % 3) == 2 ? random.Next(1, 4) : random.Next(1, 6);
            int h = random.Next(low, high), w = random.Next(low, high);
            // Even planes two times in three (the stride-2 kernels that split or interleave phases need them), and always
            // for the first large plane, which is stride 2: the interleaved backward-data row walk of channels past L1.
            if (i == 2 || random.Next(3) != 0)
            {
                h += h & 1;
                w += w & 1;
            }
            int stride = (i / 3) % 2 == 0 ? 2 : 1;
            shapes.Add(new RandomConv2DShape(c, c, h, w, 3, 3, stride, stride, 1, 1, 1, 1, c, 1 + random.Next(2)));
        }
        return shapes;
    }

    protected override void CheckSeed(int seed)
    {
        List<RandomConv2DShape> shapes = Shapes(9, seed);
        using InMemoryRunner run = RandomShapes.CompileLayers(shapes.Count, (source, i) => RandomShapes.DeclarePasses(source, i, seed, shapes[i].Attribute), out _);

        var random = new Random(seed);
        for (int i = 0; i < shapes.Count; i++)
        {
            shapes[i].Check(run, i, seed, random, $"seed {seed}, {shapes[i]}", forward: true);
        }
    }
}
