using System;
using ConvGen.Generator.Helpers;

namespace ConvGen.Generator.Model;

/// <summary>How the taps of one input channel are emitted.</summary>
internal enum TapUnrolling
{
    /// <summary>Every (kh, kw) tap is straight-line code.</summary>
    AllTaps,
    /// <summary>A loop over kernel rows; the kw taps of a row are unrolled (large kernels, to stay under the JIT's limits).</summary>
    RowLoop,
}

/// <summary>
/// A register tile for one instruction set: <see cref="Rows"/> output channels × <see cref="Vectors"/> vectors of
/// <see cref="Lanes"/> output positions. A group whose channel count is not a multiple of Rows ends with a
/// <see cref="RemainderRows"/>-channel tile.
/// </summary>
internal sealed record TilePlan(int Lanes, int Rows, int Vectors, int RemainderRows, int QTiles, double PredictedCycles)
{
    /// <summary>Channel blocks per group: full blocks of <see cref="Rows"/> plus the remainder block.</summary>
    public int Blocks { get; init; }

    /// <summary>
    /// Channel blocks per chunk. Work runs chunk by chunk; within a chunk, position tiles are the outer loop and the
    /// chunk's blocks the inner one, so a tile's input panel is reused from L1 while the chunk's weights stay in L2.
    /// </summary>
    public int ChunkBlocks { get; init; }

    public int Chunks => (Blocks + ChunkBlocks - 1) / ChunkBlocks;
    public int LastChunkBlocks => Blocks - (Chunks - 1) * ChunkBlocks;

    /// <summary>
    /// Reduction channels per pass, or 0 for one pass over all of them. With N &gt; 0 every thread runs its work units
    /// once per run of N reduction channels, continuing the sums it stored in the previous pass, so the weights and
    /// input rows of one run stay in L2 across all the units (a reduction of many channels × taps whose panel and weights
    /// together overflow L2 otherwise streams them from L3 once per channel block). Only planned for grids the tile
    /// width divides, so no two position tiles overlap, and for layers without an activation.
    /// </summary>
    public int ReductionChunk { get; init; }

    /// <summary>
    /// Vectors per output row where the tile is built from row-aligned vectors, else 0. Such a tile's vectors are
    /// whole <see cref="Lanes"/>-wide pieces of output rows (OutWidth = RowVectors · Lanes), numbered row by row; a
    /// position tile is <see cref="Vectors"/> consecutive ones (the last tile shifted back to end at the last), and
    /// <see cref="QTiles"/> counts those. No lane computes a grid row's spare columns, and vector s stores at output
    /// offset s · Lanes. <see cref="PredictedCycles"/> stays the grid-run tile's estimate, against which the Winograd
    /// cost model is calibrated. Only for Vector512 and Vector256 tiles that store into the NCHW output
    /// (<see cref="DirectConvPlan.StoresCompacted512"/>, <see cref="DirectConvPlan.StoresRowAligned256"/>).
    /// </summary>
    public int RowVectors { get; init; }

    /// <summary>
    /// A Winograd GEMM tile with the output channels in the lanes (<see cref="Planning.WinogradPlanner.ChannelLaneGemm"/>):
    /// <see cref="Rows"/> channels (whole vectors) × 8 broadcast tiles, run twice over a block of 16 tiles, its sums
    /// transposed into M's [K][block] rows at the end. A unit is a row block (<see cref="QTiles"/> = 1).
    /// </summary>
    public bool ChannelLanes { get; init; }

    public int Accumulators => Rows * Vectors;
    public int Width => Lanes * Vectors;
    /// <summary>Load the input vectors first, then stream broadcast weights (when vectors ≤ rows), else the reverse.</summary>
    public bool InputsFirst => Vectors <= Rows;
}

/// <summary>
/// A depthwise row tile for one instruction set: <see cref="Rows"/> output rows × <see cref="Vectors"/> vectors of
/// <see cref="Lanes"/> columns, all inside one output row band, so results store straight into the NCHW output.
/// The last tile of each axis is shifted back to end at the edge. On rows narrower than a vector (<see cref="Overhang"/>
/// &gt; 0) one vector holds a whole row plus the first <see cref="Overhang"/> columns of the next: each row's store
/// spills into the next row, which the tile stores right after, and the tile's last row is stored at its exact width.
/// </summary>
internal sealed record RowTilePlan(int Lanes, int Rows, int Vectors, int RowTiles, int ColumnTiles, int Overhang = 0)
{
    public int Accumulators => Rows * Vectors;
    public int Width => Lanes * Vectors;
}

/// <summary>
/// The AVX-512 row tile of a 3×3, stride-2, padding-1 depthwise layer that reads the NCHW input directly instead of
/// its packed stride-phase planes: <see cref="Rows"/> output rows × 16 columns, fed by the 2·Rows + 1 input rows
/// they read, each split in registers into the even and the odd columns of a 32-column run (two-source permutes)
/// and the odd columns shifted by one (kernel column 0). The last tile of each axis is shifted back to end at the edge.
/// On rows of 8 to 15 outputs (<see cref="Overhang"/> &gt; 0) one vector holds a whole row: the second vector of each
/// input row is loaded ending at the row's end, and each output row's store spills into the next row of the tile
/// (stored right after), the tile's last row being stored at its exact width. On rows of 4 to 7 outputs
/// (<see cref="PairsRows"/>) one vector holds two output rows: the single tile covers the whole channel, straight-line.
/// </summary>
internal sealed record SplitRowTilePlan(int Rows, int RowTiles, int ColumnTiles, int Overhang = 0, bool PairsRows = false)
{
    public const int Lanes = 16;

    /// <summary>Input rows a tile reads: 2·Rows + 1, the first of them padding on the first row tile.</summary>
    public int InputRows => 2 * Rows + 1;

    /// <summary>
    /// Tiles of two vectors per output row (rows of 24 or more outputs, <c>DirectConvPlanner.MinSplitPairWidth</c>):
    /// 32 columns, the last shifted back to end at the row's end, or, on rows of 24-31, the whole row as two overlapping
    /// vectors (<see cref="SecondVector"/> = OutWidth − 16); 0 where every tile holds one vector.
    /// </summary>
    public int PairTiles { get; init; }

    /// <summary>The output column of a pair tile's second vector: 16, or OutWidth − 16 on rows of 24-31.</summary>
    public int SecondVector { get; init; } = Lanes;

    /// <summary>Whether a one-vector tile at column OutWidth − 16 ends each row (rows of 32 or more that leave at most 16 columns past the pair tiles).</summary>
    public bool SingleTail { get; init; }

    /// <summary>
    /// Whether a tile covers a whole row, rows of 8-15 outputs (one vector, <see cref="Overhang"/> &gt; 0) or of 24-31
    /// (two overlapping vectors), and so splits its input rows by in-lane shuffles instead of two-source permutes, its
    /// lanes holding the output columns out of order until a row is complete (<c>SplitRowTileEmitter.EmitInLaneRows</c>).
    /// </summary>
    public bool SplitsInLane => !PairsRows && (Overhang > 0 || (PairTiles > 0 && SecondVector != Lanes));

    /// <summary>Accumulators: one per output row, or one per pair of output rows.</summary>
    public int Accumulators => PairsRows ? (Rows + 1) / 2 : Rows;

    /// <summary>
    /// Input rows between a tile's first new row and the first row it prefetches in a call streaming from memory
    /// (<c>DirectConvPlanner.StreamAheadRows</c>); 0 where the channel is a single tile.
    /// </summary>
    public int StreamAheadRows { get; init; }
}

/// <summary>
/// The AVX-512 tile of a 3×3, stride-1, padding-1 depthwise layer with rows of 4-16 outputs that reads the NCHW input
/// directly instead of its packed padded plane: one straight-line tile covers all <see cref="Rows"/> rows of the
/// channel, a vector holding one output row (rows of 8-16) or two (<see cref="RowsPerVector"/> = 2, rows of 4-7, which
/// are contiguous in the output). The input rows a vector reads through one kernel row are contiguous too, so one load
/// (shifted in registers at the channel's edges) gives the middle tap, and two lane shifts, masked to the padding at
/// each row's edge, give the outer taps. Each vector's store spills <see cref="Overhang"/> lanes into the next, stored
/// right after; the last one is stored at its exact width.
/// </summary>
internal sealed record WholeRowTilePlan(int Rows, int RowsPerVector, int Overhang)
{
    /// <summary>Accumulators: one per vector of output rows (a last pair overlapping the one before on odd heights).</summary>
    public int Accumulators => (Rows + RowsPerVector - 1) / RowsPerVector;

    /// <summary>The first output row of vector <paramref name="vector"/>: the last vector of pairs ends at the last row.</summary>
    public int FirstRow(int vector) => System.Math.Min(RowsPerVector * vector, Rows - RowsPerVector);
}

/// <summary>
/// The AVX-512 row tile of a 3×3, stride-1, padding-1 depthwise layer with rows of at least 16 outputs that reads the
/// NCHW input in place instead of its packed padded plane: <see cref="Rows"/> output rows × 16 or 32 columns, fed by
/// the Rows + 2 input rows around them, each loaded once as one vector per 16 columns; the outer taps are those vectors
/// shifted by one lane with the neighbouring column (the next vector's, or the padding at the row's ends) shifted in.
/// Rows of 32 or more outputs run <see cref="PairTiles"/> tiles of two vectors (32 columns), the last shifted back to end
/// at the edge unless a one-vector tile ends the row (<see cref="SingleTiles"/> = 1, at column OutWidth − 16, where
/// fewer than 17 columns are left); rows of 17-31 run one tile of two overlapping vectors, the second at column
/// <see cref="SecondVector"/> = OutWidth − 16; rows of 16 run one one-vector tile. The last row tile is shifted back to
/// end at the edge too.
/// </summary>
internal sealed record InPlaceRowTilePlan(int Rows, int RowTiles, int PairTiles, int SingleTiles, int SecondVector = 16)
{
    /// <summary>Columns a tile of two vectors covers: 32, or the whole row where it is narrower.</summary>
    public int PairColumns => SecondVector + 16;

    /// <summary>Whether the two vectors of a pair tile overlap (rows of 17-31), so neither takes its inner neighbour from the other.</summary>
    public bool PairOverlaps => SecondVector != 16;

    /// <summary>Column tiles per row tile, of either width.</summary>
    public int ColumnTiles => PairTiles + SingleTiles;

    /// <summary>Accumulators of the widest tile: one per output row and vector.</summary>
    public int Accumulators => Rows * (PairTiles > 0 ? 2 : 1);

    /// <summary>
    /// Input rows between a tile's first new row and the first row it prefetches in a call streaming from memory
    /// (<c>DirectConvPlanner.StreamAheadRows</c>).
    /// </summary>
    public int StreamAheadRows { get; init; }
}

/// <summary>
/// The direct-convolution plan. Input channels are packed into zero-padded, stride-phase-split planes so that every
/// tap reads a contiguous run: output position q = oy·PlaneWidth + ox of the "grid" reads plane element q + offset(tap).
/// Grid columns ox ≥ OutWidth are computed and dropped when the grid is compacted into the NCHW output.
/// With <see cref="FusesGroups"/>, each (image, group) is one task that packs, computes and compacts its own channels
/// in thread-local scratch (it stays in L2); otherwise packing, tiles and compaction are three parallel phases per image.
/// </summary>
internal sealed record DirectConvPlan(
    bool PacksInput,
    int PlaneHeight,
    int PlaneWidth,
    EquatableArray<int> RowPhases,
    EquatableArray<int> ColumnPhases,
    int GridExtent,
    bool CompactsOutput,
    TapUnrolling Unrolling,
    TilePlan? Vector256Tile,
    TilePlan? Vector128Tile,
    TilePlan ScalarTile,
    long ParallelMinimumFlops,
    bool FusesGroups)
{
    /// <summary>
    /// The Vector512 tile, where AVX-512 pays: 16 lanes and 32 registers. Null where no 16-lane tile fits the grid;
    /// the kernel then has no Vector512 path and AVX-512 machines run the Vector256 one.
    /// </summary>
    public TilePlan? Vector512Tile { get; init; }

    /// <summary>
    /// Depthwise row tiles per instruction set (all set except perhaps <see cref="RowTile512"/>, and
    /// <see cref="RowTile256"/> where <see cref="SplitTile256"/> or <see cref="WholeRows256"/> replaces it; all null when
    /// the grid tiles are used).
    /// A Vector512 row tile needs rows of at least 8 (half its lanes), so that its overhang stays inside the next row
    /// of the tile.
    /// </summary>
    public RowTilePlan? RowTile512 { get; init; }
    public RowTilePlan? RowTile256 { get; init; }
    public RowTilePlan? RowTile128 { get; init; }
    public RowTilePlan? RowTileScalar { get; init; }

    public bool UsesRowTiles => RowTileScalar is not null;

    /// <summary>
    /// Where set, the Vector512 path of a stride-2 depthwise layer skips the packing and splits stride phases in
    /// registers (<see cref="SplitRowTilePlan"/>); the packed row tiles remain for the other instruction sets.
    /// </summary>
    public SplitRowTilePlan? SplitTile512 { get; init; }

    /// <summary>Where set, the Vector512 path of a narrow stride-1 depthwise layer skips the packing (<see cref="WholeRowTilePlan"/>).</summary>
    public WholeRowTilePlan? WholeRowTile512 { get; init; }

    /// <summary>
    /// Where set, the Vector512 path of a wide stride-1 depthwise layer skips the packing (<see cref="InPlaceRowTilePlan"/>);
    /// in a grid plan, of a bank of 3×3 filters per input plane (<see cref="SplitsInPlaceRows512"/>).
    /// </summary>
    public InPlaceRowTilePlan? InPlaceTile512 { get; init; }

    /// <summary>
    /// Where set, the Vector256 path of a wide stride-1 depthwise layer reads the NCHW input in place with this row tile
    /// (<see cref="Emit.InPlaceRowTile256Emitter"/>) instead of packing each channel into a padded plane; the tensor's
    /// first and last channels, and the other instruction sets, still pack. In a grid plan: the in-place tile of a bank
    /// of 3×3 filters per input plane (<see cref="SplitsInPlaceRows256"/>).
    /// </summary>
    public RowTilePlan? InPlaceTile256 { get; init; }

    /// <summary>
    /// Whether the AVX2 path of a stride-2 depthwise layer splits the stride phases in registers
    /// (<see cref="Emit.SplitRowTile256Emitter"/>; which layers: <see cref="Planning.DirectConvPlanner.SplitsPhasesOnAvx2"/>)
    /// instead of packing four stride-phase planes per channel. Such a plan has no packed <see cref="RowTile256"/>: the
    /// AVX2 check (<c>Avx2.IsSupported</c>) holds wherever <c>Vector256.IsHardwareAccelerated</c> does, so the packed
    /// path runs Vector128 or scalar tiles only.
    /// </summary>
    public bool SplitTile256 { get; init; }

    /// <summary>
    /// Whether the AVX2 path of a narrow stride-1 depthwise layer (3×3, padding 1, rows of 4-7 outputs, at least two
    /// rows, groups fused into tasks) reads the NCHW input directly, one vector per row (<see cref="Emit.WholeRowTile256Emitter"/>), instead of packing each channel
    /// into a padded plane. As with <see cref="SplitTile256"/>, such a plan has no packed <see cref="RowTile256"/>.
    /// </summary>
    public bool WholeRows256 { get; init; }

    /// <summary>
    /// Input rows between a tile's first new row and the first row the Vector256 in-place or split tiles
    /// (<see cref="InPlaceTile256"/>, <see cref="SplitTile256"/>) prefetch in a call streaming from memory
    /// (<c>DirectConvPlanner.StreamAheadRows</c>); 0 where they do not prefetch.
    /// </summary>
    public int StreamAheadRows256 { get; init; }

    /// <summary>
    /// Where set (with a split or whole-row tile), the Vector512 path computes channels two at a time, one per 256-bit
    /// half of every vector (<see cref="Emit.ChannelPairRowEmitter"/>): on planes with rows of at most 8 a channel's
    /// fixed work (weight set-up, masks, the call) weighs as much as its FMAs, and a pair does it once.
    /// </summary>
    public bool ChannelPairs512 { get; init; }

    /// <summary>
    /// Whether the Vector512 tiles of a phased plan that compacts its output store straight into the NCHW output instead
    /// of the grid, so the compaction pass has nothing to do on AVX-512 machines. Tiles of row-aligned vectors
    /// (<see cref="TilePlan.RowVectors"/>, where rows are a whole number of vectors) store each vector plainly; grid-run
    /// tiles store a vector of 16 grid positions inside one output row with one store, and one that reaches the row's
    /// spare columns with two masked stores (its lanes of this row, and those of the next row shifted back by the spare
    /// columns). Needs rows of at least 16 outputs (a vector then spans at most two rows; the second store, made only
    /// when the vector starts past column PlaneWidth − 16, has its base at or after column OutWidth − 15 of the row,
    /// inside the plane) and no reduction split (it reloads stored sums). Vector256 tiles may store into the output too
    /// (<see cref="StoresRowAligned256"/>); Vector128 and scalar tiles keep the pass.
    /// </summary>
    public bool StoresCompacted512 { get; init; }

    /// <summary>
    /// Whether the Vector256 tiles of a phased plan that compacts its output are made of row-aligned vectors
    /// (<see cref="TilePlan.RowVectors"/>: rows a whole number of 8-lane vectors) and store straight into the NCHW output,
    /// so AVX2 machines skip the compaction pass too. The planner makes them row-aligned only then
    /// (<c>DirectConvPlanner.WithRowAlignedTiles</c>).
    /// </summary>
    public bool StoresRowAligned256 => Vector256Tile is { RowVectors: > 0 };

    /// <summary>Whether some instruction set's tiles store into the NCHW output, skipping the compaction pass.</summary>
    public bool StoresIntoOutput => StoresCompacted512 || StoresRowAligned256;

    /// <summary>
    /// Whether the tiles of <paramref name="lanes"/> lanes store into the NCHW output: the one rule the tiles' stores and
    /// the kernel's choice to skip the compaction pass both follow.
    /// </summary>
    public bool StoresIntoOutputOn(int lanes) => lanes == 16 ? StoresCompacted512 : lanes == 8 && StoresRowAligned256;

    /// <summary>Whether AVX-512 machines read the NCHW input directly, with no packing (a split, whole-row or in-place tile).</summary>
    public bool SkipsPacking512 => SplitTile512 is not null || WholeRowTile512 is not null || InPlaceTile512 is not null;

    /// <summary>
    /// Whether AVX-512 machines read the input planes in place in the phased run, with no packing phase: a single-channel
    /// layer (a 3×3 image filter), or groups of one input channel through banks of 3×3 filters too large to fuse (an RGB
    /// image's edge filters per colour plane; <see cref="Planning.DirectConvPlanner.WithPlanesInPlace"/>), whose output
    /// channels each run the depthwise in-place row tiles. The threads take ranges of (group, row tile) units, and a unit
    /// computes its row tile for the group's output channels one after the other. Depthwise layers of several channels
    /// run the same tiles per (image, channel) task instead (<see cref="FusesGroups"/>).
    /// </summary>
    public bool SplitsInPlaceRows512 => InPlaceTile512 is not null && !FusesGroups;

    /// <summary>
    /// The AVX2 counterpart of <see cref="SplitsInPlaceRows512"/>, whose threads take ranges of the (group, row tile)
    /// units of the in-place tile <see cref="InPlaceTile256"/> (for a single channel the packed path's own tile; filter
    /// banks of at most <see cref="Planning.DirectConvPlanner.MaxInPlaceGroupOut256"/> channels a plane). A row tile
    /// whose input rows include a plane's first or last row would load one float before or after the plane: it copies
    /// those rows into a band in the thread's scratch, between zero vectors, and runs the same tile there.
    /// </summary>
    public bool SplitsInPlaceRows256 => InPlaceTile256 is not null && !FusesGroups;

    /// <summary>
    /// Whether (image, group) tasks pack into two alternating scratch slots, the next group packed before this one is
    /// computed. It pays on small planes, where the tiles would otherwise load floats stored a moment before (such a
    /// load waits for the stores to retire); on large ones a single slot stays in L1 and is a little faster.
    /// </summary>
    public bool DoubleBuffersPacking { get; init; }

    /// <summary>
    /// Row bands each channel's packing is split into in the phased run (1: whole channels). Layers with few input
    /// channels, such as a one-channel image filter, would otherwise pack on one thread while the others wait.
    /// </summary>
    public int PackBands { get; init; } = 1;

    /// <summary>
    /// A grouped layer run phased (not <see cref="FusesGroups"/>): the group is part of the work unit, so a range of units
    /// may span groups, and threads cannot pack just the rows of their own position tiles (<see cref="PacksRowsPerThread"/>).
    /// </summary>
    public bool GroupsInUnits { get; init; }

    /// <summary>
    /// Whether several threads each pack the plane rows their own position tiles read, into their own scratch, instead of
    /// sharing planes packed in a phase of their own (which each core would write and then read partly from the other's
    /// cache, call after call). Where the planes are packed in row bands (few input channels, so a thread's rows are
    /// cheap to pack) and every path runs its units position tiles outer (one chunk), so a thread's units cover a band
    /// of grid rows. Not in a plan whose AVX-512 or AVX2 path reads the planes in place (<see cref="SplitsInPlaceRows512"/>,
    /// <see cref="SplitsInPlaceRows256"/>): its run has the packing phase for the other paths.
    /// </summary>
    public bool PacksRowsPerThread =>
        PacksInput && PackBands > 1 && !UsesRowTiles && !SkipsPacking512 && InPlaceTile256 is null && !FusesGroups && !GroupsInUnits
        && (Vector512Tile?.Chunks ?? 1) == 1 && (Vector256Tile?.Chunks ?? 1) == 1 && (Vector128Tile?.Chunks ?? 1) == 1 && ScalarTile.Chunks == 1;

    /// <summary>Floats an overhanging row tile may read past the last packed plane; the packed buffer ends with that much slack.</summary>
    public int ReadSlack => Math.Max(RowTile512?.Overhang ?? 0, Math.Max(RowTile256?.Overhang ?? 0, RowTile128?.Overhang ?? 0));

    public int PlaneSize => PlaneHeight * PlaneWidth;
    public int PhaseCount => RowPhases.Count * ColumnPhases.Count;
    public int ChannelStride => PhaseCount * PlaneSize;
}

/// <summary>
/// A kernel ready to emit: the parsed spec and its plan. <see cref="Plan"/> is the forward plan (backward-weights reuses
/// its input packing); backward passes carry their own plan as well.
/// </summary>
internal sealed record KernelModel(KernelSpec Spec, DirectConvPlan Plan, BackwardDataPlan? DataPlan = null, BackwardWeightsPlan? WeightsPlan = null)
{
    /// <summary>The Winograd plan when the layer runs as Winograd; <see cref="Plan"/> is then its per-ξ GEMM's plan.</summary>
    public WinogradPlan? Winograd { get; init; }

    /// <summary>For a dilated layer run as Winograd: the undilated layer over its phase mosaic, which <see cref="Winograd"/> plans.</summary>
    public PhaseMosaicPlan? PhaseMosaic { get; init; }

    /// <summary>The plan of a transposed layer that runs Winograd on its TDC phases; <see cref="Plan"/> is then its GEMM's plan.</summary>
    public TransposedWinogradPlan? TransposedWinograd { get; init; }

    /// <summary>
    /// For the backward-data pass of a stride-1 depthwise layer: the forward depthwise layer it equals (gradOutput as
    /// input, the kernel rotated 180°, padding d·(k − 1) − p); <see cref="Plan"/> is then that layer's row-tile plan.
    /// </summary>
    public LayerSpec? RotatedForward { get; init; }

    /// <summary>For the backward-data pass of a stride-2 depthwise layer: its interleaved phase row-tile plan.</summary>
    public StridedDepthwiseDataPlan? StridedDepthwiseData { get; init; }

    /// <summary>For the forward or backward-data pass of a pointwise layer on a small plane: its channel-lane plan.</summary>
    public ChannelLanePointwisePlan? ChannelLanePointwise { get; init; }

    /// <summary>For the backward-data pass of a convolution with a small gradOutput plane: its columns GEMM and column scatter.</summary>
    public ChannelLaneColumnsPlan? ChannelLaneColumns { get; init; }

    /// <summary>For a backward-weights pass whose weight rows (input channels × taps of a group) are whole vectors: its channel-lane plan.</summary>
    public ChannelLaneWeightsPlan? ChannelLaneWeights { get; init; }

    /// <summary>For a backward-weights pass planned as Winograd in its weight-gradient form.</summary>
    public WinogradWeightsPlan? WinogradWeights { get; init; }
}

/// <summary>
/// A Winograd F(m×m, r×r) plan (r = <see cref="FilterSize"/>, 3 or 5). The padded input is cut into
/// <see cref="TilesY"/>×<see cref="TilesX"/> overlapping n×n tiles (n = m + r − 1); tiles are processed in blocks of
/// <see cref="TileBlock"/> (a multiple of 16) so that V[ξ][C][block] and M[ξ][K][block] stay in L2.
/// <see cref="GemmLayer"/> is the per-ξ GEMM written as a pointwise layer (C → K over TileBlock positions), planned by
/// the direct planner and emitted by its tile emitter.
/// </summary>
internal sealed record WinogradPlan(int OutputTile, int TilesY, int TilesX, int TileBlock, LayerSpec GemmLayer, int FilterSize = 3)
{
    public int InputTile => OutputTile + FilterSize - 1;
    public int Tiles => TilesY * TilesX;
    public int Blocks => (Tiles + TileBlock - 1) / TileBlock;
    /// <summary>Rows of each column-phase plane of the padded input: every tile row reads n rows.</summary>
    public int PlaneHeight => TilesY * OutputTile + FilterSize - 1;
    /// <summary>
    /// Columns of each column-phase plane: column x = u·m + p of the padded input is element u of phase p, and the last
    /// tile's element n − 1 is unit TilesX − 1 + (n − 1) div m.
    /// </summary>
    public int PlaneWidth => TilesX + (InputTile - 1) / OutputTile;
}
