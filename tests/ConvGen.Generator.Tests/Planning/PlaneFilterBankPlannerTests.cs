using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;
using Xunit;

namespace ConvGen.Generator.Tests.Planning;

/// <summary>
/// Banks of 3×3 filters per input plane (groups of one input channel and several output channels) outside fused
/// tasks: <see cref="DirectConvPlanner.WithPlanesInPlace"/>.
/// </summary>
public class PlaneFilterBankPlannerTests
{
    private static LayerSpec Bank(int groups, int perGroup, int h, int w, int k = 3, int stride = 1, int padding = 1, int dilation = 1, int groupIn = 1) =>
        new(groups * groupIn, groups * perGroup, h, w, k, k, stride, stride, padding, padding, dilation, dilation, groups, ActivationKind.None, AlgorithmKind.Auto, HasBias: false, PassKind.Forward);

    [Fact]
    public void RgbEdgeFilterReadsItsPlanesInPlaceOnAvx512AndAvx2()
    {
        // The quickstart's Sobel x and y per colour plane of a 720×1280 image: too large to fuse, so phased.
        DirectConvPlan plan = DirectConvPlanner.Plan(Bank(3, 2, 720, 1280));
        Assert.False(plan.UsesRowTiles);
        Assert.False(plan.FusesGroups);
        Assert.True(plan.SplitsInPlaceRows512);
        Assert.True(plan.SplitsInPlaceRows256);
        InPlaceRowTilePlan tile = plan.InPlaceTile512!;
        Assert.Equal((40, 0), (tile.PairTiles, tile.SingleTiles)); // 1280 columns: 40 tiles of 32
        Assert.Equal((720 + tile.Rows - 1) / tile.Rows, tile.RowTiles);
        // The AVX2 tile is the depthwise cost model's row tile, whole vectors along the row.
        Assert.Equal(DirectConvPlanner.ChooseRowTile(Bank(3, 2, 720, 1280), 8), plan.InPlaceTile256);
        // Vector128 and scalar keep the grid tiles on packed planes.
        Assert.True(plan.PacksInput);
        Assert.NotNull(plan.Vector128Tile);
    }

    [Theory]
    [InlineData(1, 4, 480, 640)]
    [InlineData(1, 32, 128, 128)]
    [InlineData(2, 4, 256, 256)]
    public void AVX2KeepsItsGridTilesPastTwoFiltersAPlane(int groups, int perGroup, int h, int w)
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Bank(groups, perGroup, h, w));
        Assert.True(perGroup > DirectConvPlanner.MaxInPlaceGroupOut256);
        Assert.True(plan.SplitsInPlaceRows512);
        Assert.Null(plan.InPlaceTile256);
        Assert.False(plan.SplitsInPlaceRows256);
        Assert.Equal(0, plan.StreamAheadRows256);
    }

    [Theory]
    [InlineData(3, 2, 24, 40, 3, 1, 1, 1, 1)] // small planes: fused (image, group) tasks, which pack in L2
    [InlineData(2, 2, 200, 300, 3, 1, 1, 1, 2)] // two input channels a group
    [InlineData(3, 2, 200, 330, 5, 1, 2, 1, 1)] // 5×5
    [InlineData(3, 2, 200, 330, 3, 2, 1, 1, 1)] // stride 2
    [InlineData(3, 2, 200, 330, 3, 1, 2, 2, 1)] // dilation 2
    [InlineData(3, 2, 200, 12, 3, 1, 1, 1, 1)] // rows narrower than a Vector512
    public void OtherLayersKeepTheirPlans(int groups, int perGroup, int h, int w, int k, int stride, int padding, int dilation, int groupIn)
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Bank(groups, perGroup, h, w, k, stride, padding, dilation, groupIn));
        Assert.Null(plan.InPlaceTile512);
        Assert.False(plan.SplitsInPlaceRows512);
    }

    [Theory]
    [InlineData(1, 2, 40, 512)] // too few Vector512 row tiles to share (6 of 7 rows): AVX2 alone in place
    [InlineData(1, 2, 40, 12)] // rows of 12: no Vector512 row tile
    [InlineData(1, 2, 200, 8)]
    [InlineData(1, 3, 200, 200)]
    [InlineData(3, 2, 720, 1280)]
    public void ThreadsPackTheirOwnRowsOnlyWhereNoPathReadsInPlace(int groups, int perGroup, int h, int w)
    {
        // RunLayer has either the in-place test or the per-thread packing, not both.
        DirectConvPlan plan = DirectConvPlanner.Plan(Bank(groups, perGroup, h, w));
        Assert.True(plan.SplitsInPlaceRows512 || plan.SplitsInPlaceRows256);
        Assert.False(plan.PacksRowsPerThread);
        // Where AVX-512 reads in place it runs no Vector512 grid tile, and none is emitted.
        Assert.True(plan.InPlaceTile512 is null || plan.Vector512Tile is null);
    }

    [Fact]
    public void OneWideRowOnSeveralThreadsKeepsThePackedTiles()
    {
        // 6 rows of 4096 in 1 group of 1 → 2 (0.9 MFLOP, threaded): one row tile, which threads could not share.
        DirectConvPlan plan = DirectConvPlanner.Plan(Bank(1, 2, 6, 4096));
        Assert.False(plan.SplitsInPlaceRows512);
        Assert.False(plan.SplitsInPlaceRows256);
        // Planes of 12 rows (two row tiles of 6 each, as the two-vector tiles take at most 7 rows; too large to fuse):
        // two of them give four (group, row tile) units, fewer than DirectConvPlanner.MinSharedRowTiles; eight give 16.
        Assert.Equal(2, DirectConvPlanner.ChooseInPlaceRowTile(Bank(2, 2, 12, 4096))!.RowTiles);
        Assert.False(DirectConvPlanner.Plan(Bank(2, 2, 12, 4096)).SplitsInPlaceRows512);
        DirectConvPlan eight = DirectConvPlanner.Plan(Bank(8, 2, 12, 4096));
        Assert.False(eight.FusesGroups);
        Assert.True(eight.SplitsInPlaceRows512);
    }
}
