using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;
using Xunit;

namespace ConvGen.Generator.Tests.Planning;

/// <summary>
/// <see cref="WinogradPlanner.ChannelLaneGemm"/>: the Vector512 GEMM tile with the output channels in the lanes, taken only
/// where the layer is one tile block of exactly 16 tiles and its output channels are whole vectors, at least one row
/// block; its units are row blocks of 48 (one position tile), with the remainder block a whole number of vectors.
/// </summary>
public sealed class WinogradChannelLaneGemmTests
{
    private static LayerSpec Layer(int c, int k, int size, int m) =>
        new LayerSpec(c, k, size, size, 3, 3, 1, 1, 1, 1, 1, 1, 1, ActivationKind.None, AlgorithmKind.Winograd, HasBias: false) { WinogradTile = m };

    [Theory]
    // c, k, size, m: row blocks, remainder rows
    [InlineData(512, 512, 7, 2, 11, 32)]   // ResNet-18 7×7: 16 tiles of F(2,3)
    [InlineData(256, 256, 14, 4, 6, 16)]   // ResNet-18 14×14: 16 tiles of F(4,3)
    [InlineData(384, 384, 7, 2, 8, 0)]
    [InlineData(7, 48, 8, 2, 1, 0)]        // 8×8 with F(2,3): 16 tiles; few input channels do not matter
    public void OneBlockOfSixteenTilesTakesChannelLanes(int c, int k, int size, int m, int blocks, int remainder)
    {
        DirectConvPlan gemm = WinogradPlanner.GemmPlan(WinogradPlanner.Plan(Layer(c, k, size, m)));
        TilePlan tile = Assert.IsType<TilePlan>(gemm.Vector512Tile);
        Assert.True(tile.ChannelLanes);
        Assert.Equal(WinogradPlanner.ChannelLaneRows, tile.Rows);
        Assert.Equal(blocks, tile.Blocks);
        Assert.Equal(remainder, tile.RemainderRows);
        Assert.Equal(1, tile.QTiles);
        Assert.Equal(1, tile.Chunks);
        // The narrower paths keep their position-lane tiles.
        Assert.False(gemm.Vector256Tile!.ChannelLanes);
    }

    [Theory]
    [InlineData(512, 40, 7, 2, false)]    // output channels not whole vectors
    [InlineData(512, 32, 7, 2, false)]    // fewer than a row block
    [InlineData(128, 128, 28, 4, false)]  // 49 tiles: four tile blocks
    [InlineData(64, 64, 56, 4, false)]    // 196 tiles
    [InlineData(64, 64, 6, 2, true)]      // 9 tiles, rounded up to one block of 16
    public void OnlyOneBlockOfSixteenTilesTakesChannelLanes(int c, int k, int size, int m, bool lanes)
    {
        WinogradPlan plan = WinogradPlanner.Plan(Layer(c, k, size, m));
        Assert.Equal(lanes, WinogradPlanner.GemmPlan(plan).Vector512Tile?.ChannelLanes ?? false);
        // The cost model prices the plan without it.
        Assert.False(WinogradPlanner.GemmPlan(plan.GemmLayer, plan.TileBlock).Vector512Tile?.ChannelLanes ?? false);
    }
}
