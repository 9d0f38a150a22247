using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;
using Xunit;

namespace ConvGen.Generator.Tests.Planning;

/// <summary>Which direct plans let their Vector512 tiles store straight into the NCHW output (<see cref="DirectConvPlan.StoresCompacted512"/>).</summary>
public sealed class CompactedStorePlannerTests
{
    private static LayerSpec Layer(int c, int k, int h, int w, int kernel, int stride, int padding, int groups = 1) =>
        new(c, k, h, w, kernel, kernel, stride, stride, padding, padding, 1, 1, groups, ActivationKind.None, AlgorithmKind.Direct, HasBias: false, PassKind.Forward);

    [Theory]
    [InlineData(3, 64, 224, 224, 7, 2, 3, true)] // ResNet-18's stem: rows of 112, 3 spare columns
    [InlineData(3, 6, 9, 20, 5, 1, 2, true)] // 4 spare columns on rows of 20: the most allowed (OutWidth − 16)
    [InlineData(3, 6, 9, 19, 5, 1, 2, false)] // 4 spare columns on rows of 19: a vector's second store would start before the plane
    [InlineData(8, 8, 12, 12, 3, 1, 1, false)] // rows of 12: a vector would span three rows
    [InlineData(16, 16, 20, 20, 1, 1, 0, false)] // no spare columns: the grid is the output
    [InlineData(1, 1, 64, 64, 3, 1, 1, false)] // one channel: depthwise row tiles, which store into the output anyway
    [InlineData(32, 32, 28, 28, 3, 1, 1, false, 8)] // grouped: (image, group) tasks compact from L2 per group
    public void OnlyPhasedGridPlansWithRoomForTheMaskedStores(int c, int k, int h, int w, int kernel, int stride, int padding, bool expected, int groups = 1)
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Layer(c, k, h, w, kernel, stride, padding, groups));
        Assert.Equal(expected, plan.StoresCompacted512);
        if (expected)
        {
            Assert.True(plan.CompactsOutput);
            Assert.Equal(0, plan.Vector512Tile!.ReductionChunk);
        }
    }
}
