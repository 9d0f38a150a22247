using System;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;
using Xunit;

namespace ConvGen.Generator.Tests.Planning;

/// <summary>
/// The tile grid and column-phase planes of <see cref="WinogradPlanner.Plan"/> for 3×3 and 5×5 filters: n = m + r − 1,
/// planes tall enough for the last tile row's n rows and wide enough for the last tile's n columns (element j of tile tx
/// is unit tx + j div m of phase j mod m), and only the tiles each filter size has.
/// </summary>
public sealed class WinogradPlanGeometryTests
{
    private static LayerSpec Layer(int size, int r, int padding, int m) =>
        new LayerSpec(16, 16, size, size, r, r, 1, 1, padding, padding, 1, 1, 1, ActivationKind.None, AlgorithmKind.Winograd, HasBias: false) { WinogradTile = m };

    [Theory]
    // size, r, padding, m: n, tiles per row, plane width, plane height
    [InlineData(28, 3, 1, 4, 6, 7, 8, 30)]
    [InlineData(28, 3, 1, 2, 4, 14, 15, 30)]
    [InlineData(15, 3, 1, 6, 8, 3, 4, 20)]
    [InlineData(28, 5, 2, 2, 6, 14, 16, 32)]  // three units of two phases per tile: TilesX + 2
    [InlineData(28, 5, 2, 4, 8, 7, 8, 32)]
    [InlineData(14, 5, 0, 2, 6, 5, 7, 14)]    // unpadded: 10×10 outputs
    [InlineData(23, 5, 3, 4, 8, 7, 8, 32)]    // padded past half the kernel: 25×25 outputs
    public void PlanesHoldEveryTileElement(int size, int r, int padding, int m, int n, int tilesX, int planeWidth, int planeHeight)
    {
        WinogradPlan plan = WinogradPlanner.Plan(Layer(size, r, padding, m));
        Assert.Equal(r, plan.FilterSize);
        Assert.Equal(n, plan.InputTile);
        Assert.Equal(tilesX, plan.TilesX);
        Assert.Equal(planeWidth, plan.PlaneWidth);
        Assert.Equal(planeHeight, plan.PlaneHeight);
        // The last tile's last column and row lie inside the planes.
        Assert.True(plan.TilesX - 1 + (n - 1) / m < plan.PlaneWidth);
        Assert.True((plan.TilesY - 1) * m + n <= plan.PlaneHeight);
    }

    [Theory]
    [InlineData(5, 6)]
    [InlineData(5, 3)]
    [InlineData(3, 8)]
    public void TilesAFilterSizeDoesNotHaveAreRefused(int r, int m) =>
        Assert.Throws<InvalidOperationException>(() => WinogradPlanner.Plan(Layer(28, r, r / 2, m)));

    [Fact]
    public void OnlyThreeByThreeAndFiveByFiveFiltersAreWinogradKernels()
    {
        Assert.True(WinogradPlanner.IsWinogradKernel(Layer(28, 3, 1, 0)));
        Assert.True(WinogradPlanner.IsWinogradKernel(Layer(28, 5, 2, 0)));
        Assert.False(WinogradPlanner.IsWinogradKernel(Layer(28, 7, 3, 0)));
        Assert.False(WinogradPlanner.IsWinogradKernel(Layer(28, 5, 2, 0) with { DilationHeight = 2, DilationWidth = 2 }));
        Assert.False(WinogradPlanner.IsThreeByThreeUnitStride(Layer(28, 5, 2, 0)));
    }
}
