using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;
using ConvGen.Tests.Reference;
using Xunit;

namespace ConvGen.Generator.Tests.Planning;

/// <summary>
/// The planner's constant tables, decoded the way the emitted kernels walk them, cover every real multiply-add
/// exactly once: forward and backward-weights visit each (filter, tap) once with the right channel; backward-data
/// visits each (filter, tap) reading a channel once per pixel tile row, with the right weight index. Checked over
/// many layers, every pass and every instruction set.
/// </summary>
public sealed class SccPlannerTests
{
    public static TheoryData<int, int, int, int, int, int> Layers()
    {
        var data = new TheoryData<int, int, int, int, int, int>();
        var random = new Random(11);
        foreach ((int cin, int cout, int cg, int ov, int h, int w) in new[]
        {
            (8, 8, 2, 2, 4, 4), (12, 20, 2, 1, 5, 7), (16, 50, 2, 6, 3, 3), (16, 3, 4, 2, 5, 5), (12, 13, 1, 3, 2, 2),
            (10, 14, 1, 0, 3, 3), (10, 14, 1, 10, 3, 3), (12, 10, 2, 6, 1, 1), (7, 9, 7, 0, 3, 3), (128, 128, 2, 32, 8, 8),
        })
        {
            data.Add(cin, cout, cg, ov, h, w);
        }
        for (int i = 0; i < 24; i++)
        {
            int cin = random.Next(1, 40), cg = Enumerable.Range(1, cin).Where(d => cin % d == 0).OrderBy(_ => random.Next()).First();
            int gw = cin / cg;
            data.Add(cin, random.Next(1, 60), cg, random.Next(0, gw + 1), random.Next(1, 6), random.Next(1, 6));
        }
        return data;
    }

    private static SccLayerSpec Layer(int cin, int cout, int cg, int ov, int h, int w, PassKind pass) =>
        new(cin, cout, h, w, cg, ov, null, ActivationKind.None, pass, false);

    private static IEnumerable<SccPath> Paths(SccPlan plan) => new[] { plan.Vector256, plan.Vector128, plan.Scalar }.Where(p => p is not null)!;

    [Theory]
    [MemberData(nameof(Layers))]
    public void ForwardBlocksVisitEveryFilterTapOnce(int cin, int cout, int cg, int ov, int h, int w)
    {
        SccLayerSpec layer = Layer(cin, cout, cg, ov, h, w, PassKind.Forward);
        var reference = new SccParameters(cin, cout, cin / cg, cin / cg - ov);
        SccPlan plan = SccPlanner.Plan(layer);
        foreach (SccPath path in Paths(plan))
        {
            var seen = new int[cout * layer.GroupWidth];
            for (int b = 0; b < path.BlockCount; b++)
            {
                int[] e = Enumerable.Range(b * SccPlan.ForwardBlockWidth, SccPlan.ForwardBlockWidth).Select(i => path.Blocks[i]).ToArray();
                (int o, int rows, int start, int first) = (e[0], e[1], e[2], e[3]);
                Assert.Contains(rows, path.RowVariants);
                Assert.True(rows <= path.Rows);
                for (int r = 0; r < rows; r++)
                {
                    int filter = o + r * plan.CycleLength;
                    for (int j = 0; j < layer.GroupWidth; j++)
                    {
                        int channel = plan.WrappingWindows > 0 && j >= first ? j - first : start + j;
                        Assert.Equal(reference.Channel(filter, j), channel);
                        seen[filter * layer.GroupWidth + j]++;
                    }
                }
            }
            Assert.All(seen, count => Assert.Equal(1, count));
            Assert.True(path.Accumulators <= 12);
        }
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void BackwardDataRangesVisitEveryReaderOnce(int cin, int cout, int cg, int ov, int h, int w)
    {
        SccLayerSpec layer = Layer(cin, cout, cg, ov, h, w, PassKind.BackwardData);
        int gw = layer.GroupWidth;
        var reference = new SccParameters(cin, cout, gw, gw - ov);
        SccPlan plan = SccPlanner.Plan(layer);
        foreach (SccPath path in Paths(plan))
        {
            var seen = new int[cout * gw];
            var channels = new int[cin];
            for (int b = 0; b < path.BlockCount; b++)
            {
                int at = b * SccPlan.DataBlockWidth;
                (int c, int rows, int firstRange, int ranges) = (path.Blocks[at], path.Blocks[at + 1], path.Blocks[at + 2], path.Blocks[at + 3]);
                Assert.Contains(rows, path.RowVariants);
                for (int r = 0; r < rows; r++)
                {
                    channels[c + r]++;
                    for (int k = 0; k < ranges; k++)
                    {
                        int ra = (firstRange + k) * SccPlan.RangeWidth;
                        (int u, int count, int weight) = (path.Ranges[ra], path.Ranges[ra + 1], path.Ranges[ra + 2]);
                        for (int f = 0; f < count; f++)
                        {
                            int filter = u + f * plan.CycleLength;
                            int index = weight + f * plan.CycleLength * gw + r;
                            int tap = index - filter * gw;
                            Assert.InRange(tap, 0, gw - 1);
                            Assert.Equal(c + r, reference.Channel(filter, tap));
                            seen[index]++;
                        }
                    }
                }
            }
            Assert.All(channels, count => Assert.Equal(1, count));
            Assert.All(seen, count => Assert.Equal(1, count));
        }
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void BackwardWeightBlocksVisitEveryFilterTapOnce(int cin, int cout, int cg, int ov, int h, int w)
    {
        SccLayerSpec layer = Layer(cin, cout, cg, ov, h, w, PassKind.BackwardWeights);
        int gw = layer.GroupWidth;
        var reference = new SccParameters(cin, cout, gw, gw - ov);
        SccPlan plan = SccPlanner.Plan(layer);
        foreach (SccPath path in Paths(plan))
        {
            var seen = new int[cout * gw];
            for (int b = 0; b < path.BlockCount; b++)
            {
                int at = b * SccPlan.WeightBlockWidth;
                (int o, int rows, int tap, int taps, int channel) = (path.Blocks[at], path.Blocks[at + 1], path.Blocks[at + 2], path.Blocks[at + 3], path.Blocks[at + 4]);
                Assert.Contains(rows, path.RowVariants);
                Assert.Contains(taps, path.TapVariants);
                for (int r = 0; r < rows; r++)
                {
                    for (int t = 0; t < taps; t++)
                    {
                        int filter = o + r * plan.CycleLength;
                        Assert.Equal(reference.Channel(filter, tap + t), channel + t);
                        seen[filter * gw + tap + t]++;
                    }
                }
            }
            Assert.All(seen, count => Assert.Equal(1, count));
        }
    }

    [Fact]
    public void SpecialCasesAreNamedInThePlan()
    {
        Assert.StartsWith("co = 0: a grouped pointwise convolution (4 groups) with interleaved outputs", SccPlanner.Plan(Layer(16, 24, 4, 0, 2, 2, PassKind.Forward)).Kind);
        Assert.StartsWith("cg = 1 with co ∈ {0, 1}: exactly a dense pointwise convolution", SccPlanner.Plan(Layer(16, 24, 1, 0, 2, 2, PassKind.Forward)).Kind);
        Assert.StartsWith("cg = 1: a dense pointwise convolution whose weight row o is rotated by o·12 channels", SccPlanner.Plan(Layer(16, 24, 1, 4, 2, 2, PassKind.Forward)).Kind);
        Assert.Contains("the last cycle is partial (2 of 4 filters)", SccPlanner.Plan(Layer(16, 50, 4, 0, 2, 2, PassKind.Forward)).Kind);
        // Dense pointwise: one window, all filters in one GEMM with full register tiles.
        SccPlan dense = SccPlanner.Plan(Layer(64, 64, 1, 0, 8, 8, PassKind.Forward));
        Assert.Equal(1, dense.CycleLength);
        Assert.Equal(0, dense.WrappingWindows);
        Assert.True(dense.Vector256!.Accumulators >= 8);
    }
}
