using ConvGen.Generator.Helpers;

namespace ConvGen.Generator.Model;

/// <summary>
/// A pointwise forward or backward-data pass on a small plane with the vector lanes along channels:
/// out[o][p] = Σ_i a[i][o]·x[i][p], where forward a[i][o] is w[o][i] (the OIHW weights transposed; output channels in
/// the lanes) and backward-data a[k][c] is w[k][c] itself (input channels in the lanes). A register tile is 2 vectors of
/// lane channels × <see cref="TilePositions"/> positions; per reduction channel it loads two weight vectors and
/// broadcasts one value per position, so a tile wastes no lanes however few positions a plane has (position-lane tiles
/// compute 64 positions for a 7×7 plane's 49). The reduced tensor is first copied into strips of
/// [tile][channels][TilePositions], the last tile overlapping its neighbour (it starts at <see cref="LastTileStart"/>);
/// each block of lane channels reads its weight panel [reduction][block] (transposed forward into thread scratch once,
/// or the forward packed weights; backward filled by the block's first tile as it reads the OIHW rows) for every image
/// and tile. The tile's lanes are stored
/// transposed into the NCHW output.
/// </summary>
internal sealed record ChannelLanePointwisePlan(int Positions, int TilePositions, int Tiles, long ParallelMinimumFlops)
{
    public int LastTileStart => Positions - TilePositions;

    /// <summary>
    /// Positions per tile on the Vector512 path, whose 32 registers hold 2 × 7 accumulators (the 16 of the other paths
    /// hold 2 × 6); equal to <see cref="TilePositions"/> where the wider tile would compute no fewer positions. The
    /// strips then hold this many positions per tile on that path.
    /// </summary>
    public int WideTilePositions
    {
        get => _wideTilePositions > 0 ? _wideTilePositions : TilePositions;
        init => _wideTilePositions = value;
    }

    private readonly int _wideTilePositions;

    /// <summary>True when the Vector512 path cuts the plane into tiles of its own width.</summary>
    public bool HasWideTile => WideTilePositions != TilePositions;

    public int WideTiles => (Positions + WideTilePositions - 1) / WideTilePositions;

    public int WideLastTileStart => Positions - WideTilePositions;

    /// <summary>
    /// Forward only: set for a convolution other than a plain pointwise one (a kernel of several taps, a stride or
    /// padding) on a small output plane. Its reduction runs over the (input channel, tap) pairs of a group, the OIHW
    /// weight rows read as a [GroupOut][GroupIn·Taps] matrix; there are no strips: each image is packed into the forward
    /// plan's zero-padded stride-phase planes, and a tile broadcasts each position's value of a tap straight from them.
    /// </summary>
    public ChannelLaneGather? Gather { get; init; }

    /// <summary>True for a pointwise layer's plan (strips of the input or gradOutput); false when <see cref="Gather"/> is set.</summary>
    public bool CopiesStrips => Gather is null;

    /// <summary>
    /// Backward-data: how many reduction channels ahead a block's first tile, which reads the OIHW weight rows in
    /// place as it fills the panel, prefetches them (0: none). Rows a page or more apart each start a new page, where
    /// the hardware prefetchers stop, so each row's loads would wait for L3 (<c>ChannelLanePlanner.FillPrefetchRows</c>).
    /// </summary>
    public int FillPrefetchRows { get; init; }

    /// <summary>
    /// Backward-data, the Vector256, Vector128 and scalar paths: how many tiles of a block copy the next block's weight
    /// rows into a second panel, one row per that many reduction channels (0: none; <c>ChannelLanePlanner.NextPanelCopyTiles</c>).
    /// </summary>
    public int NextPanelCopyTiles { get; init; }

    /// <summary>Backward-data: <see cref="NextPanelCopyTiles"/> on the Vector512 path, whose tiles are <see cref="WideTilePositions"/> wide.</summary>
    public int WideNextPanelCopyTiles { get; init; }
}

/// <summary>
/// Where a channel-lane forward tile reads a convolution's input: the planes of <see cref="Packing"/> (the direct
/// plan's zero-padded stride-phase planes, or the NCHW input itself where that plan packs nothing), tap t of output
/// position (oy, ox) at <see cref="TapOffsets"/>[t] + oy·PlaneWidth + ox of its input channel's planes.
/// </summary>
internal sealed record ChannelLaneGather(DirectConvPlan Packing, int OutWidth, EquatableArray<int> TapOffsets)
{
    /// <summary>Floats of one packed input channel (its stride-phase planes; an input plane where nothing is packed).</summary>
    public int ChannelStride => Packing.ChannelStride;

    /// <summary>The offset of output position <paramref name="position"/> (row-major over the output plane) in its channel's planes, before a tap's offset.</summary>
    public int PositionOffset(int position) => position / OutWidth * Packing.PlaneWidth + position % OutWidth;

    /// <summary>
    /// <see cref="PositionOffset"/> as the C# expression the tiles evaluate for a position known at run time, in terms of
    /// the kernel's constants <c>OutWidth</c> and <c>PlaneWidth</c>.
    /// </summary>
    public static string PositionOffsetExpression(string position) => $"{position} / OutWidth * PlaneWidth + {position} % OutWidth";

    /// <summary>Floats of packed planes a call fills at once: 16 MB, so the scratch does not grow with the batch.</summary>
    public const int MaxChunkFloats = 1 << 22;

    /// <summary>Images packed at once: as many as <see cref="MaxChunkFloats"/> holds, at least one.</summary>
    public int ChunkImages(int inChannels) => ImagesPerChunk((long)inChannels * ChannelStride);

    /// <summary>How many images of <paramref name="floatsPerImage"/> floats of scratch <see cref="MaxChunkFloats"/> holds, at least one.</summary>
    public static int ImagesPerChunk(long floatsPerImage) => (int)System.Math.Max(1, MaxChunkFloats / floatsPerImage);
}

/// <summary>
/// Backward-weights with the vector lanes along the columns of a weight row: dW[k][j] = Σ_n Σ_p gradOutput[n][k][p]·col[n][p][j],
/// a column j = c·Taps + t being one (input channel, tap) pair of the group, so a row of OIHW gradWeights is
/// <see cref="Columns"/> consecutive floats. Per image the columns are built block by block (two vectors of columns per
/// block) as [position][columns of the block]: for a plain pointwise layer by transposing the input (8×8 register
/// transposes), otherwise by gathering each column's tap window from zero-padded input planes
/// (<see cref="PlaneHeight"/> × <see cref="PlaneWidth"/>, each tap at <see cref="TapOffsets"/>, output position (oy, ox)
/// at oy·sh·PlaneWidth + ox·sw). A register tile is <see cref="TileOutputs"/> output channels (<see cref="WideTileOutputs"/>
/// on the Vector512 path) × 2 vectors of columns;
/// per position it loads the two column vectors and broadcasts the tile's gradOutput values, so no accumulator needs a
/// horizontal sum and a small plane wastes no lanes. The last tile of output channels starts at
/// <see cref="LastTileStart"/>, overlapping its neighbour.
/// </summary>
internal sealed record ChannelLaneWeightsPlan(
    int Positions, int Columns, int TileOutputs, int OutputTiles, int LastTileStart,
    int PlaneHeight, int PlaneWidth, EquatableArray<int> TapOffsets, long ParallelMinimumFlops)
{
    /// <summary>True when the columns are gathered from padded planes; false for a plain pointwise layer (a transpose).</summary>
    public bool Gathers => TapOffsets.Count > 0;

    public int PlaneSize => PlaneHeight * PlaneWidth;

    /// <summary>
    /// Positions per chunk where an image's column block would not stay in L2 while every output tile reads it (0: the
    /// whole plane at once). Tiles then walk the plane chunk by chunk, all of them per chunk, their sums carried in
    /// gradWeights between chunks: the same order of additions, so the same results.
    /// </summary>
    public int PositionChunk { get; init; }

    public bool ChunksPositions => PositionChunk > 0;

    /// <summary>
    /// Whether a group's weight tiles run output tile by output tile, each over every column block (its gradWeights rows
    /// written in address order), rather than column block by column block, each read by every output tile: set where
    /// gradWeights rows are a multiple of 4 KB apart (<c>ChannelLanePlanner.OutputTilesOuter</c>), whose block-outer
    /// stores fold onto a few cache sets. Either way each tile is one unit, so results do not depend on the order.
    /// </summary>
    public bool OutputTilesOuter { get; init; }

    /// <summary>
    /// A plain pointwise layer walked in chunks: each thread transposes the chunks of the column blocks its tiles read
    /// into its own scratch right before they read them (its tiles prefetching the next chunk's rows into L2 as they compute),
    /// instead of one transpose of the whole image before the tiles
    /// (which one thread did alone where the image has one block, and whose blocks went to L3 and back).
    /// </summary>
    public bool TransposesPerChunk => !Gathers && ChunksPositions;

    /// <summary>
    /// Output channels per tile on the Vector512 path (<see cref="TileOutputs"/> on the others, whose 16 registers hold
    /// 2 × 6 accumulators at most); equal to <see cref="TileOutputs"/> where the wider tile does not pay.
    /// </summary>
    public int WideTileOutputs
    {
        get => _wideTileOutputs > 0 ? _wideTileOutputs : TileOutputs;
        init => _wideTileOutputs = value;
    }

    private readonly int _wideTileOutputs;

    /// <summary>Output channels per group (the last tile ends at the group's end).</summary>
    public int GroupOutputs => LastTileStart + TileOutputs;

    public int WideOutputTiles => (GroupOutputs + WideTileOutputs - 1) / WideTileOutputs;

    public int WideLastTileStart => GroupOutputs - WideTileOutputs;
}

/// <summary>
/// Backward-data of a convolution with a small gradOutput plane as a GEMM and a column scatter: the gradient columns
/// col[n][c·Taps + t][p] = Σ_k w[k][c][t]·gradOutput[n][k][p] are the backward-data pass of a pointwise layer
/// (<see cref="ColumnsLayer"/>: GroupIn·Taps "input channels" per group over the gradOutput plane), whose OIHW weights are
/// the layer's own, run with the channel-lane pointwise plan <see cref="Columns"/> (the columns in the vector lanes, so
/// the weight rows are read in place and a small plane wastes no lanes); each gradInput channel is then the sum of its
/// taps' column planes, each added into the pixels it reaches (col2im), tap by tap in kernel order. Images are run
/// <see cref="ChunkImages"/> at a time, so the columns' scratch stays bounded however large the batch.
/// </summary>
internal sealed record ChannelLaneColumnsPlan(LayerSpec ColumnsLayer, ChannelLanePointwisePlan Columns, long ParallelMinimumFlops)
{
    /// <summary>Floats of one image's columns: InChannels·Taps planes of OutHeight·OutWidth.</summary>
    public int ColumnImage => ColumnsLayer.InputImage;

    /// <summary>Images whose columns fit <see cref="ChannelLaneGather.MaxChunkFloats"/> floats, at least one.</summary>
    public int ChunkImages => ChannelLaneGather.ImagesPerChunk(ColumnImage);
}
