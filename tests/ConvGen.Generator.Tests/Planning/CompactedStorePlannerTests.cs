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
    [InlineData(3, 6, 9, 20, 5, 1, 2, true)] // 4 spare columns on rows of 20
    [InlineData(2, 4, 8, 16, 17, 1, 8, true)] // rows of 16 (the narrowest) and 16 spare columns: a vector can start among them
    [InlineData(8, 8, 12, 15, 3, 1, 1, false)] // rows of 15: a vector could span three rows
    [InlineData(16, 16, 20, 20, 1, 1, 0, false)] // no spare columns: the grid is the output
    [InlineData(1, 1, 64, 64, 3, 1, 1, false)] // one channel: depthwise row tiles, which store into the output anyway
    [InlineData(32, 32, 28, 28, 3, 1, 1, false, 8)] // grouped: (image, group) tasks compact from L2 per group
    public void OnlyPhasedGridPlansWithRowsOfAVector(int c, int k, int h, int w, int kernel, int stride, int padding, bool expected, int groups = 1)
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Layer(c, k, h, w, kernel, stride, padding, groups));
        Assert.Equal(expected, plan.StoresCompacted512);
        if (expected)
        {
            Assert.True(plan.CompactsOutput);
            Assert.Equal(0, plan.Vector512Tile!.ReductionChunk);
        }
    }

    [Theory]
    [InlineData(3, 64, 224, 224, 7, 2, 3, 7)] // ResNet-18's stem: rows of 112 = 7 vectors
    [InlineData(2, 4, 8, 16, 17, 1, 8, 1)] // rows of one vector, fewer than the tile's
    [InlineData(3, 6, 9, 20, 5, 1, 2, 0)] // rows of 20: not a whole number of vectors, masked stores instead
    [InlineData(5, 9, 17, 37, 3, 1, 1, 0)]
    public void RowAlignedVectorsWhereRowsAreAWholeNumberOfVectors(int c, int k, int h, int w, int kernel, int stride, int padding, int rowVectors)
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Layer(c, k, h, w, kernel, stride, padding));
        TilePlan tile = plan.Vector512Tile!;
        Assert.True(plan.StoresCompacted512);
        Assert.Equal(rowVectors, tile.RowVectors);
        int outHeight = (h + 2 * padding - kernel) / stride + 1, outWidth = (w + 2 * padding - kernel) / stride + 1;
        // Position tiles count the tile's vectors over every output row (the last shifted back), else grid runs.
        int expectedTiles = rowVectors > 0
            ? (outHeight * outWidth / 16 + tile.Vectors - 1) / tile.Vectors
            : (plan.GridExtent + tile.Width - 1) / tile.Width;
        Assert.Equal(expectedTiles, tile.QTiles);
        // Vector256 tiles the same way where rows are a whole number of 8-lane vectors, so AVX2 machines skip the
        // compaction pass too; Vector128 and scalar tiles keep their grid runs and the pass.
        TilePlan tile256 = plan.Vector256Tile!;
        int rowVectors256 = outWidth % 8 == 0 && tile256.Vectors <= DirectConvPlanner.MaxRowAlignedVectors ? outWidth / 8 : 0;
        Assert.Equal(rowVectors256, tile256.RowVectors);
        Assert.Equal(rowVectors256 > 0, plan.StoresRowAligned256);
        Assert.Equal(0, plan.Vector128Tile!.RowVectors);
        Assert.Equal(0, plan.ScalarTile.RowVectors);
    }

    [Fact]
    public void TheStemRunsRowAlignedOnAvx2Too()
    {
        // 112 outputs per row = 14 vectors of 8 for its 2 × 6-vector Vector256 tile.
        DirectConvPlan plan = DirectConvPlanner.Plan(Layer(3, 64, 224, 224, 7, 2, 3));
        Assert.True(plan.StoresRowAligned256);
        Assert.Equal(14, plan.Vector256Tile!.RowVectors);
        Assert.True(plan.StoresIntoOutput);
    }

    [Fact]
    public void Avx2AloneCanStoreIntoTheOutput()
    {
        // Rows of 8: too narrow for a Vector512 tile to store compacted, a whole vector for Vector256.
        DirectConvPlan plan = DirectConvPlanner.Plan(Layer(4, 8, 10, 8, 3, 1, 1));
        Assert.False(plan.StoresCompacted512);
        Assert.True(plan.StoresRowAligned256, $"tile {plan.Vector256Tile}");
        Assert.True(plan.StoresIntoOutput);
    }

    [Fact]
    public void RowAlignedTilesKeepAFewVectors()
    {
        // Each vector of a row-aligned tile reads through a reference of its own: wider tiles keep grid runs.
        TilePlan wide = new(16, 1, DirectConvPlanner.MaxRowAlignedVectors + 1, 0, 10, 0);
        Assert.Same(wide, DirectConvPlanner.WithRowVectors(wide, 8, 160));
        TilePlan narrow = wide with { Vectors = DirectConvPlanner.MaxRowAlignedVectors };
        Assert.Equal(10, DirectConvPlanner.WithRowVectors(narrow, 8, 160).RowVectors);
        // Fewer vectors in the whole output than in one tile: grid runs.
        Assert.Same(narrow, DirectConvPlanner.WithRowVectors(narrow, 1, 48));
    }

    [Fact]
    public void TheKernelTestsCoverARemainderTile()
    {
        // ForwardLayers.CompactedStoresRemainder: its Vector512 tile leaves a remainder of output channels, whose
        // epilogue stores through StoreCompacted too.
        DirectConvPlan plan = DirectConvPlanner.Plan(Layer(3, 26, 12, 24, 3, 1, 1));
        Assert.True(plan.StoresCompacted512);
        Assert.True(plan.Vector512Tile!.RemainderRows > 0, $"tile {plan.Vector512Tile}");
    }
}
