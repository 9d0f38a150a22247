using System.Collections.Generic;

namespace ConvGen.Generator.Planning;

/// <summary>
/// The tile grid of a Winograd kernel and how its input transform walks it. Tile t sits at tile row t / TilesX, column
/// t mod TilesX; the transform reads tiles in vectors of <c>lanes</c> consecutive tiles starting at
/// block·TileBlock + i (i = 0, lanes, … below TileBlock). A vector inside one tile row is one contiguous run of each
/// column-phase plane row; one that crosses rows takes one run per tile row it touches.
/// </summary>
internal sealed record TileGridShape(int TilesY, int TilesX, int TileBlock)
{
    public int Tiles => TilesY * TilesX;

    /// <summary>Tiles in the last block (TileBlock when the blocks divide the grid).</summary>
    public int LastBlockTiles => Tiles - (Tiles - 1) / TileBlock * TileBlock;

    /// <summary>
    /// True when the last block's tiles, rounded up to whole vectors of <paramref name="lanes"/>, leave part of the block
    /// unused: the transforms and GEMMs of that block can stop early. The vector analyses below still walk whole blocks,
    /// a superset of the vectors the transform then reads.
    /// </summary>
    public bool LastBlockStopsEarly(int lanes) => (LastBlockTiles + lanes - 1) / lanes * lanes < TileBlock;

    /// <summary>The most tile rows one vector touches, rows past the last tile included (their lanes are zeroed).</summary>
    public int MaxRowsPerVector(int lanes)
    {
        int most = 1;
        foreach (int t in VectorStarts(lanes))
        {
            most = System.Math.Max(most, (t % TilesX + lanes - 1) / TilesX + 1);
        }
        return most;
    }

    /// <summary>True when some vector holds lanes past the last tile (which the transform fills with zeros).</summary>
    public bool VectorReachesPastEnd(int lanes)
    {
        foreach (int t in VectorStarts(lanes))
        {
            if (t + lanes > Tiles)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>True when every vector lies inside one tile row and before the last tile: the transform never gathers.</summary>
    public bool VectorsStayInRows(int lanes) => MaxRowsPerVector(lanes) == 1 && !VectorReachesPastEnd(lanes);

    private IEnumerable<int> VectorStarts(int lanes)
    {
        int blocks = (Tiles + TileBlock - 1) / TileBlock;
        for (int block = 0; block < blocks; block++)
        {
            for (int i = 0; i < TileBlock; i += lanes)
            {
                yield return block * TileBlock + i;
            }
        }
    }
}
