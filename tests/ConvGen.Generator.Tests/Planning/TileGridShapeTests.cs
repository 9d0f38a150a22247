using ConvGen.Generator.Planning;
using Xunit;

namespace ConvGen.Generator.Tests.Planning;

/// <summary>Where the Winograd input transform's vectors of consecutive tiles fall on the tile grid.</summary>
public sealed class TileGridShapeTests
{
    [Theory]
    [InlineData(14, 14, 32, 8, 2)] // ResNet-18 56×56 F(4,3): vectors at tx 0, 8, 2, 10, … cross at most one row boundary
    [InlineData(7, 7, 16, 8, 2)] // 28×28 F(4,3): the vector at tile 48 (tx 6) runs on into row 7, past the grid
    [InlineData(7, 5, 16, 8, 3)] // rows of 5: the vector at tile 8 (tx 3) covers tx 3-4, a whole row and one more tile
    [InlineData(4, 4, 16, 8, 2)] // 8×8 DCGAN, 14×14 F(4,3): two whole tile rows per vector
    [InlineData(4, 4, 16, 16, 4)] // the same with 16 lanes: four rows
    [InlineData(8, 8, 16, 8, 1)] // 16×16 DCGAN: every vector is one tile row
    [InlineData(1, 1, 8, 8, 8)] // one tile: the other seven lanes each sit on a row of their own past the grid
    public void CountsTheTileRowsTheWidestVectorTouches(int tilesY, int tilesX, int tileBlock, int lanes, int rows) =>
        Assert.Equal(rows, new TileGridShape(tilesY, tilesX, tileBlock).MaxRowsPerVector(lanes));

    [Theory]
    [InlineData(14, 14, 32, 8, true)] // 196 tiles in blocks of 32: the last block runs to 224
    [InlineData(4, 4, 16, 8, false)] // 16 tiles, two vectors of 8
    [InlineData(3, 5, 8, 4, true)] // 15 tiles: the last vector holds 3
    public void SeesVectorsReachingPastTheLastTile(int tilesY, int tilesX, int tileBlock, int lanes, bool pastEnd) =>
        Assert.Equal(pastEnd, new TileGridShape(tilesY, tilesX, tileBlock).VectorReachesPastEnd(lanes));

    [Theory]
    [InlineData(14, 14, 32, 16, 4, true)] // ResNet-18 56×56: 196 tiles, the seventh block holds 4 (one vector of 16 of its 32)
    [InlineData(14, 14, 32, 32, 4, false)] // the same with a vector spanning the block: nothing to skip
    [InlineData(7, 7, 16, 16, 1, false)] // 28×28: 49 tiles, the last block's one tile still fills its only vector
    [InlineData(7, 7, 16, 8, 1, true)] // … but only one of its two vectors of 8
    [InlineData(8, 8, 16, 8, 16, false)] // blocks divide the grid
    public void KnowsWhenTheLastBlockStopsEarly(int tilesY, int tilesX, int tileBlock, int lanes, int lastBlockTiles, bool stopsEarly)
    {
        var grid = new TileGridShape(tilesY, tilesX, tileBlock);
        Assert.Equal(lastBlockTiles, grid.LastBlockTiles);
        Assert.Equal(stopsEarly, grid.LastBlockStopsEarly(lanes));
    }

    [Theory]
    [InlineData(8, 8, 16, 8, true)] // whole rows, nothing past the end: no gather is emitted
    [InlineData(8, 8, 16, 16, false)] // 16 lanes over rows of 8 cross a row boundary
    [InlineData(2, 8, 8, 4, true)]
    [InlineData(3, 8, 16, 8, false)] // 24 tiles in blocks of 16: the second block reaches tile 32
    public void KnowsWhenNoVectorNeedsGathering(int tilesY, int tilesX, int tileBlock, int lanes, bool inRows) =>
        Assert.Equal(inRows, new TileGridShape(tilesY, tilesX, tileBlock).VectorsStayInRows(lanes));
}
