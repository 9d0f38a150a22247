using ConvGen.Generator.Emit;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;
using Xunit;

namespace ConvGen.Generator.Tests.Emit;

/// <summary>
/// When a Winograd kernel's last tile block runs the tail GEMMs (<see cref="WinogradTailGemmEmitter"/>): eight lanes
/// only where they tile every row block, the remainder block included, else four, and only for a block of few tiles. Their numbers are
/// checked by the kernel tests (the suite's 28×28×128 and 56×56×64 layers, and a one-tile layer on every path).
/// </summary>
public sealed class WinogradTailGemmEmitterTests
{
    private static TilePlan Tile(int rows, int remainder) => new(16, rows, 1, remainder, 1, 0);

    [Theory]
    [InlineData(24, 8, 8)]   // 128 channels on Vector512: five blocks of 24 and one of 8
    [InlineData(24, 0, 8)]   // no remainder block
    [InlineData(12, 4, 4)]   // 64 channels in blocks of 12: the remainder of 4 takes Vector128
    [InlineData(24, 4, 4)]
    [InlineData(6, 4, 4)]    // Vector256's 6-row blocks: rows 0-3 and 2-5
    [InlineData(6, 2, 4)]    // and a remainder of 2 in one zero-padded vector
    [InlineData(8, 2, 4)]
    public void LanesFollowTheRowBlocks(int rows, int remainder, int lanes) =>
        Assert.Equal(lanes, WinogradTailGemmEmitter.Lanes(SimdVocabulary.Vector512, Tile(rows, remainder)));

    [Fact]
    public void NarrowPathsUseNarrowVectorsAndScalarNone()
    {
        Assert.Equal(4, WinogradTailGemmEmitter.Lanes(SimdVocabulary.Vector128, Tile(24, 8)));
        Assert.Equal(8, WinogradTailGemmEmitter.Lanes(SimdVocabulary.Vector256, Tile(24, 8)));
        Assert.Equal(0, WinogradTailGemmEmitter.Lanes(SimdVocabulary.Scalar, Tile(24, 8)));
    }

    [Theory]
    [InlineData(7, 7, 16, true)]    // 49 tiles in blocks of 16: the last holds 1
    [InlineData(14, 14, 32, true)]  // 196 in blocks of 32: the last holds 4
    [InlineData(4, 4, 16, false)]   // one full block
    [InlineData(7, 9, 16, false)]   // 63: the last holds 15
    [InlineData(5, 5, 16, false)]   // 25: the last holds 9, more than the tail's 4
    public void OnlyALastBlockOfFewTilesRunsTheTail(int tilesY, int tilesX, int tileBlock, bool applies) =>
        Assert.Equal(applies, WinogradTailGemmEmitter.Applies(new TileGridShape(tilesY, tilesX, tileBlock), SimdVocabulary.Vector512, Tile(24, 8)));

    [Fact]
    public void NarrowPathsTakeTheTailForFewerTiles()
    {
        // A quarter of the path's vector of tiles at most: 2 on Vector256, 1 on Vector128.
        Assert.True(WinogradTailGemmEmitter.Applies(new TileGridShape(7, 7, 16), SimdVocabulary.Vector256, Tile(6, 2)));
        Assert.False(WinogradTailGemmEmitter.Applies(new TileGridShape(14, 14, 32), SimdVocabulary.Vector256, Tile(6, 4)));
        Assert.True(WinogradTailGemmEmitter.Applies(new TileGridShape(7, 7, 16), SimdVocabulary.Vector128, Tile(6, 2)));
        Assert.False(WinogradTailGemmEmitter.Applies(new TileGridShape(1, 2, 8), SimdVocabulary.Vector128, Tile(6, 2)));
    }
}
