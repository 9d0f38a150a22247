using System;
using System.Collections.Generic;
using ConvGen.Generator.Tests.Harness;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// Randomised layers (stride, padding, dilation, groups, depthwise, 1x1, non-square, batch &gt; 1) generated, compiled
/// and run in memory: backward-data, backward-weights and the bias gradient against the fp64 references with the
/// κ·2^-23·Σ|terms| bound (κ = 4). The shapes are drawn from a fixed seed, so a failure is reproducible.
/// </summary>
[Collection(nameof(RandomShapes))]
public sealed class RandomBackwardShapeTests : RandomShapeTests
{
    private static List<RandomConv2DShape> Shapes(int count, int seed)
    {
        var random = new Random(seed);
        var shapes = new List<RandomConv2DShape>();
        while (shapes.Count < count)
        {
            int kind = shapes.Count % 4; // dense, grouped, depthwise (multiplier 1 or 2), 1x1
            int g = kind switch { 0 => 1, 1 => random.Next(2, 4), _ => 0 };
            int c, k;
            if (kind == 2)
            {
                c = random.Next(1, 9);
                g = c;
                k = c * random.Next(1, 3);
            }
            else
            {
                g = kind == 3 ? random.Next(1, 3) : g;
                c = g * random.Next(1, 6);
                k = g * random.Next(1, 6);
            }
            int kh = kind == 3 ? 1 : random.Next(1, 6), kw = kind == 3 ? 1 : random.Next(1, 6);
            int sh = random.Next(1, 4), sw = random.Next(1, 4);
            int dh = random.Next(1, 3), dw = random.Next(1, 3);
            int ph = random.Next(0, kh), pw = random.Next(0, kw);
            int h = random.Next(1, 16), w = random.Next(1, 20);
            var shape = new RandomConv2DShape(c, k, h, w, kh, kw, sh, sw, ph, pw, dh, dw, g, random.Next(1, 4));
            if (dh * (kh - 1) + 1 <= h + 2 * ph && dw * (kw - 1) + 1 <= w + 2 * pw)
            {
                shapes.Add(shape);
            }
        }
        return shapes;
    }

    protected override void CheckSeed(int seed)
    {
        List<RandomConv2DShape> shapes = Shapes(12, seed);
        using InMemoryRunner run = RandomShapes.CompileLayers(shapes.Count, (source, i) => RandomShapes.DeclareBackwardPasses(source, i, shapes[i].Attribute), out _);

        var random = new Random(seed);
        for (int i = 0; i < shapes.Count; i++)
        {
            shapes[i].Check(run, i, seed, random, $"seed {seed}, {shapes[i]}", forward: false);
        }
    }
}
