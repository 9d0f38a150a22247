using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;
using Xunit;

namespace ConvGen.Generator.Tests.Planning;

/// <summary>Where depthwise row tiles apply, and the overhanging tiles of rows narrower than a Vector256.</summary>
public sealed class DepthwiseRowTilePlannerTests
{
    private static LayerSpec Depthwise(int channels, int h, int w, int k, int stride = 1, int padding = 0) =>
        new(channels, channels, h, w, k, k, stride, stride, padding, padding, 1, 1, channels, ActivationKind.None, AlgorithmKind.Auto, HasBias: false, PassKind.Forward);

    [Theory]
    [InlineData(7, 7, 1, 1, 7, 1)] // MobileNet's last depthwise layer: 7×7
    [InlineData(14, 14, 2, 1, 7, 1)] // its stride-2 predecessor: 14×14 → 7×7
    [InlineData(9, 8, 1, 0, 6, 2)]
    [InlineData(13, 8, 2, 1, 4, 4)] // OutWidth 4: half a vector
    public void NarrowRowsOverhangOneVector(int h, int w, int stride, int padding, int outWidth, int overhang)
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Depthwise(16, h, w, 3, stride, padding));
        Assert.True(plan.UsesRowTiles);
        Assert.True(plan.PacksInput); // even without padding: the overhang reads past a row
        Assert.False(plan.CompactsOutput);
        RowTilePlan tile = plan.RowTile256!;
        Assert.Equal(1, tile.Vectors);
        Assert.Equal(1, tile.ColumnTiles);
        Assert.Equal(overhang, tile.Overhang);
        Assert.Equal(8 - outWidth, tile.Overhang);
        Assert.Equal(overhang, plan.ReadSlack);
        // A Vector512 row would overhang more than a whole row, spilling past the tile: no Vector512 path.
        Assert.Null(plan.RowTile512);
        Assert.Equal(0, plan.RowTile128!.Overhang);
        Assert.Equal(0, plan.RowTileScalar!.Overhang);
    }

    [Fact]
    public void RowsOfAVectorOrMoreDoNotOverhang()
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Depthwise(16, 14, 14, 3, 1, 1));
        Assert.True(plan.UsesRowTiles);
        Assert.Equal(0, plan.RowTile256!.Overhang);
        // 14-wide rows are narrower than a Vector512: its tile overhangs 2 lanes, and the packing leaves that slack.
        Assert.Equal(2, plan.RowTile512!.Overhang);
        Assert.Equal(2, plan.ReadSlack);
    }

    [Fact]
    public void Vector512TilesUseTheirLargerRegisterFile()
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Depthwise(16, 56, 56, 3, 1, 1));
        RowTilePlan tile = plan.RowTile512!;
        Assert.Equal(16, tile.Lanes);
        Assert.InRange(tile.Accumulators, DirectConvPlanner.MaxAccumulators + 1, DirectConvPlanner.MaxAccumulators512);
        Assert.True(tile.Accumulators + 3 <= DirectConvPlanner.MaxLiveRegisters512);
        Assert.True(plan.RowTile256!.Accumulators <= DirectConvPlanner.MaxAccumulators);
    }

    [Theory]
    [InlineData(5, 5, 1, 0)] // OutWidth 3: under MinRowTileWidth
    [InlineData(9, 2, 1, 1)] // OutWidth 2
    public void RowsNarrowerThanHalfAVectorKeepTheGrid(int h, int w, int stride, int padding)
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Depthwise(16, h, w, 3, stride, padding));
        Assert.False(plan.UsesRowTiles);
        Assert.Equal(0, plan.ReadSlack);
    }

    [Fact]
    public void BackwardWeightsRowPlanTakesNarrowRows()
    {
        LayerSpec layer = Depthwise(16, 7, 7, 3, 1, 1);
        Assert.True(DirectConvPlanner.Plan(layer).UsesRowTiles);
        Assert.Equal(4, BackwardPlanner.DepthwiseRows(layer, DirectConvPlanner.Plan(layer)));
    }
}
