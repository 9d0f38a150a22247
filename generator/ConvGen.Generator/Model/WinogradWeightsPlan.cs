namespace ConvGen.Generator.Model;

/// <summary>
/// Backward-weights of a 3×3 (or 5×5), stride-1 dense layer as Winograd F(m×m, r×r) in its weight-gradient form
/// (<see cref="Mathematics.WinogradWeightsTransform"/>): per image the input is cut into <see cref="TilesY"/>×<see cref="TilesX"/>
/// overlapping n×n tiles and gradOutput into the matching m×m tiles; both are transformed with the vector lanes along the
/// channels (V[ξ][tile][C], Z[ξ][tile][K]), each transform position ξ reduces over the tiles as one GEMM
/// M[ξ][K][C] += Z[ξ]^T·V[ξ], and after the batch M becomes the r×r gradients.
/// </summary>
/// <param name="OutputTile">m: each tile covers m×m output positions.</param>
/// <param name="InChannelsPadded">C rounded up to a whole GEMM tile of columns (32): the row length of V[ξ][tile][C] and M[ξ][K][C]; channels past C are zero.</param>
/// <param name="OutChannelsPadded">K rounded up to a whole vector of 16: the row length of Z[ξ][tile][K]; channels past K are zero.</param>
/// <param name="FilterSize">r: 3, or 5 for F(m×m, 5×5) (behind AllowLowPrecisionWinograd).</param>
internal sealed record WinogradWeightsPlan(int OutputTile, int TilesY, int TilesX, int InChannelsPadded, int OutChannelsPadded, int FilterSize = 3)
{
    /// <summary>Columns (input channels) of every path's GEMM tile: a multiple of each path's lanes × 2.</summary>
    public const int ColumnQuantum = 32;

    /// <summary>
    /// Most tiles one floating-point sum of M runs over, and most tiles of a block. With data of one sign the rounding
    /// errors of a sum do not cancel and grow with its length, so the sums run over groups of <see cref="BlocksPerSum"/>
    /// blocks, each group apart, and the groups are added: a group's extra pass over M is paid once per group. Blocks
    /// also bound V and Z (36 × block × channels) on large images.
    /// </summary>
    public const int MaxTilesPerSum = 256;

    /// <summary>Tiles per block: the whole image up to <see cref="MaxTilesPerSum"/>, else the image's tiles cut into near-equal blocks of at most that many (the last up to <see cref="TileBlocks"/> − 1 tiles shorter).</summary>
    public int TileBlock => (Tiles + TileBlocks - 1) / TileBlocks;

    /// <summary>Blocks per image.</summary>
    public int TileBlocks => (Tiles + MaxTilesPerSum - 1) / MaxTilesPerSum;

    /// <summary>Blocks (of consecutive images, when an image is one block) per group of the sums, at least one.</summary>
    public int BlocksPerSum => TileBlocks > 1 ? 1 : System.Math.Max(1, MaxTilesPerSum / Tiles);

    public int InputTile => OutputTile + FilterSize - 1;
    public int Tiles => TilesY * TilesX;
    /// <summary>Rows of the channel-last padded input: every tile row reads n rows.</summary>
    public int PlaneHeight => TilesY * OutputTile + FilterSize - 1;
    public int PlaneWidth => TilesX * OutputTile + FilterSize - 1;
    /// <summary>Rows and columns of the channel-last gradOutput, zero past the output's edge.</summary>
    public int GradientHeight => TilesY * OutputTile;
    public int GradientWidth => TilesX * OutputTile;

    /// <summary>Output channels per GEMM tile on a path of <paramref name="lanes"/> lanes: 12 on Vector512 (24 accumulators of 32), else 6 (4 on scalar code).</summary>
    public static int TileRows(int lanes) => lanes == 16 ? 12 : lanes == 1 ? 4 : 6;
}
