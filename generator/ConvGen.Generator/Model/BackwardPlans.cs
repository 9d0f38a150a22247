using System.Linq;
using ConvGen.Generator.Helpers;

namespace ConvGen.Generator.Model;

/// <summary>
/// One stride phase (φy, φx) of backward-data: the input pixels at padded position (φy + sh·t, φx + sw·u), for
/// t in [<see cref="RowStart"/>, +<see cref="Rows"/>) and u in [<see cref="ColumnStart"/>, +<see cref="Columns"/>).
/// They receive exactly the taps (kh, kw) with kh·dh ≡ φy (mod sh) and kw·dw ≡ φx (mod sw), each reading the
/// padded gradOutput plane at a constant offset, so the phase is a small dense correlation with no zero-inserted work.
/// </summary>
internal sealed record BackwardDataPhase(
    int RowPhase, int ColumnPhase,
    int RowStart, int Rows, int ColumnStart, int Columns,
    EquatableArray<int> KernelRows, EquatableArray<int> KernelColumns,
    EquatableArray<int> RowOffsets, EquatableArray<int> ColumnOffsets,
    int GridExtent, int WeightOffset, TapUnrolling Unrolling,
    TilePlan? Vector256Tile, TilePlan? Vector128Tile, TilePlan? ScalarTile)
{
    public int Taps => KernelRows.Count * KernelColumns.Count;
    /// <summary>The Vector512 tile (16 lanes, 32 registers), or null where none fits the phase grid.</summary>
    public TilePlan? Vector512Tile { get; init; }
    /// <summary>
    /// True when the phase grid is small (at most 256 positions) and its padded pitch would waste position vectors:
    /// each (channel, tap) run is first gathered into a compact panel of <see cref="GridExtent"/> = Rows·Columns
    /// positions, rounded up to whole vectors of 8 (up to 64 positions) or 16 (the spare ones zero), and the phase runs
    /// as one GEMM over (channel, tap) rows (an im2col), with no spare columns but those.
    /// </summary>
    public bool Gathered { get; init; }
    /// <summary>
    /// Floats between two input channels' rows of the phase's repack: GroupOut·Taps, or one cache line more where rows
    /// of that length would fold a tile's rows onto a few L1 sets (<c>DirectConvPlanner.PaddedWeightPitch</c>).
    /// </summary>
    public int WeightRowPitch { get; init; }
    /// <summary>False when no tap reaches this phase (stride larger than the dilated kernel): its pixels get zero.</summary>
    public bool HasTaps => Taps > 0;
}

/// <summary>
/// Backward-data as per-phase correlations of the zero-padded gradOutput planes (pitch <see cref="PlaneWidth"/>,
/// <see cref="TopPad"/> rows and <see cref="LeftPad"/> columns of zeros in front) with the flipped, transposed weights,
/// repacked per phase as [InChannels][GroupOut][phase taps].
/// </summary>
internal sealed record BackwardDataPlan(
    bool PacksGradOutput, int PlaneHeight, int PlaneWidth, int TopPad, int LeftPad,
    bool WritesInPlace, EquatableArray<BackwardDataPhase> Phases, long ParallelMinimumFlops)
{
    public int PlaneSize => PlaneHeight * PlaneWidth;

    /// <summary>
    /// The tiles read the caller's OIHW weights in place, with no per-call repack: one phase holding every tap in kernel
    /// order (stride 1), one group, not a transposed layer's forward. W[k][c][tap] has tile row c a kernel (Taps floats)
    /// after row c − 1 and reduction channel k InChannels·Taps floats after k − 1, and a phase's taps in the repack's order.
    /// </summary>
    public bool ReadsWeightsInPlace { get; init; }

    /// <summary>Floats of the per-phase repack: every phase's InChannels rows at its <see cref="BackwardDataPhase.WeightRowPitch"/>.</summary>
    public int RepackedFloats { get; init; }

    /// <summary>
    /// Whether several threads split an image by grid rows: each pads the gradOutput rows its grid rows read into its
    /// own scratch, runs every phase on those rows into its own grids and scatters them, so no plane or grid line is
    /// written on one core and read on another. Split by channels and positions instead, the padded planes were read
    /// by both cores and rewritten by one on the next call, which had to take every line back from the other core's
    /// cache: on the Zen 5 VM, DCGAN 32→64's padding took 38 µs at 2 threads against 11 at one, and the layer ran
    /// slower on two threads than on one. Each slice reads every weight, so only layers whose weights are no larger
    /// than their padded planes split by rows (thin layers on large maps: DCGAN's last layer, the stem's backward-data);
    /// plans that gather a phase into a panel or write in place keep the phase-by-phase split.
    /// </summary>
    public bool SlicesByRows { get; init; }

    /// <summary>Grid rows of the tallest phase: the unit a split by rows divides.</summary>
    public int SliceRows => Phases.Max(p => p.Rows);
}

/// <summary>
/// Backward-data of a stride-2 depthwise layer as interleaved phase row tiles. Padded gradInput row Y = 2t + φ receives
/// the kernel rows kh with kh·d ≡ φ (mod 2) from gradOutput row t − (kh·d − φ)/2, and likewise for columns, so each
/// vector of phase positions u is a stride-1 correlation of gradOutput; the two column phases of a row are computed side
/// by side and stored interleaved. Bands of <see cref="BandRows"/> padded rows from <see cref="FirstRow"/> (even), each
/// <see cref="Columns"/> padded columns wide from <see cref="FirstColumn"/> (even), are built in a stack buffer and the
/// gradInput part copied out. gradOutput is packed per channel into a zero-padded plane holding rows
/// [<see cref="PlaneTop"/>, PlaneTop + PlaneHeight) and columns [<see cref="PlaneLeft"/>, PlaneLeft + PlaneWidth).
/// </summary>
internal sealed record StridedDepthwiseDataPlan(
    int BandRows, int FirstRow, int Bands, int FirstColumn, int Columns,
    int PlaneTop, int PlaneLeft, int PlaneHeight, int PlaneWidth, long ParallelMinimumFlops)
{
    public int PlaneSize => PlaneHeight * PlaneWidth;

    /// <summary>
    /// Column tiles of 16 gradOutput columns (32 gradInput columns) of the AVX-512 path that packs nothing, or 0 where
    /// there is none. It applies to 3×3 layers with padding 1 on even planes with at least 4 gradOutput columns and 2
    /// rows (rows of 8-15 take one vector each, loaded from the row's start except the channel's last row, and spill into
    /// the next gradInput row, stored next; rows of 4-7 build a pair of gradInput rows per vector, see
    /// <c>InterleavedDepthwiseDataEmitter</c>; the channel's last gradInput row is stored at its exact width):
    /// gradInput row 2m takes kernel row 1 of gradOutput row m, row 2m + 1 kernel rows 2 and 0 of rows m and m + 1;
    /// column 2n kernel column 1 of column n, column 2n + 1 kernel columns 2 and 0 of columns n and n + 1. So each
    /// gradOutput row is loaded once per column tile (and shifted by one lane for column n + 1), and a gradInput row's
    /// even and odd columns are interleaved in registers (two two-source permutes) and stored straight into NCHW.
    /// </summary>
    public int InterleavedColumnTiles512 { get; init; }

    /// <summary>
    /// How the AVX2 path walks a channel when it, too, builds gradInput in registers from gradOutput read in place
    /// (the 3×3, padding-1, even-plane layers of <see cref="InterleavedColumnTiles512"/>: column tiles on rows of at least
    /// 8 gradOutput columns, whole rows on rows of 4-7), or <see cref="InterleavedWalk.None"/> where it packs. See
    /// <c>InterleavedDepthwiseData256Emitter</c>.
    /// </summary>
    public InterleavedWalk Walk256 { get; init; }

    /// <summary>
    /// How the AVX-512 path walks a channel whose gradOutput rows hold whole 16-column tiles: column strips where the
    /// channel fits the L1 data cache, rows where it is larger (gradInput then written in address order, as on AVX2);
    /// <see cref="InterleavedWalk.None"/> where the AVX-512 path takes whole rows or row pairs, or does not interleave.
    /// </summary>
    public InterleavedWalk Walk512 { get; init; }
}

/// <summary>The order in which an interleaved stride-2 depthwise backward-data path visits a channel's column tiles.</summary>
internal enum InterleavedWalk
{
    /// <summary>
    /// No walk of 16- or 8-column tiles: for Walk256 the channel is packed into a plane and built in bands; for Walk512
    /// the AVX-512 path takes whole rows or row pairs, or the layer does not interleave.
    /// </summary>
    None,

    /// <summary>
    /// Column tile by column tile, each walking down all gradOutput rows with the row it shares with the next gradInput
    /// row pair kept in registers: for channels that fit the L1 data cache.
    /// </summary>
    ColumnStrips,

    /// <summary>
    /// gradOutput row by row, every column tile of the row in turn, each loading the two gradOutput rows it reads: for
    /// channels larger than the L1 data cache, where gradInput is then written in address order.
    /// </summary>
    Rows,

    /// <summary>
    /// AVX2 only, rows of 4-7 gradOutput columns: one vector per gradOutput row (the lanes past it hold the next row's
    /// first columns and build only gradInput columns past the row's end, which the next row's store overwrites), down
    /// the channel with the row shared by consecutive gradInput row pairs kept in registers.
    /// </summary>
    WholeRows,
}

/// <summary>
/// A backward-weights register tile: <see cref="Rows"/> output channels × <see cref="TapCount"/> columns, a column
/// being one (input channel, tap) pair of the group, each accumulator a vector of <see cref="Lanes"/> partial sums over
/// output positions. For a 1x1 layer the columns are input channels (a GEMM tile); for depthwise, the taps.
/// </summary>
internal sealed record WeightTilePlan(int Lanes, int Rows, int TapCount, int RemainderRows, int RemainderTaps, double PredictedCycles)
{
    public int Accumulators => Rows * TapCount;
    /// <summary>Load the input vectors of every tap first, then stream gradOutput rows (when taps ≤ rows), else the reverse.</summary>
    public bool InputsFirst => TapCount <= Rows;
}

/// <summary>
/// Backward-weights: the input is packed exactly as the forward pass packs it (<see cref="Packing"/>) and gradOutput
/// is laid on the same grid with zeros in the spare columns, so dW[k][c][tap] = Σ_q grid[k][q]·packed[c][q + offset(tap)].
/// <see cref="ColumnOffsets"/> holds c·ChannelStride + offset(tap) for every (c, tap) of a group, in weight order.
/// Work units are weight tiles, each reduced over the whole batch in a fixed order by one thread.
/// </summary>
internal sealed record BackwardWeightsPlan(
    DirectConvPlan Packing, EquatableArray<int> ColumnOffsets,
    WeightTilePlan? Vector256Tile, WeightTilePlan? Vector128Tile, WeightTilePlan ScalarTile, long ParallelMinimumFlops)
{
    /// <summary>The Vector512 weight tile (16 lanes, 32 registers), or null where the grid is narrower than a vector.</summary>
    public WeightTilePlan? Vector512Tile { get; init; }

    /// <summary>
    /// Output rows per step of the depthwise row plan, or 0 when the weight tiles above are used. With it, each channel
    /// is one task that packs its input plane per image (into L1/L2-resident scratch) and reduces every tap straight from
    /// the NCHW gradOutput: a step loads Rows gradOutput vectors and each input row vector once per kernel column, and
    /// multiplies them into one accumulator per tap (and one for the bias).
    /// </summary>
    public int DepthwiseRows { get; init; }

    public bool UsesDepthwiseRows => DepthwiseRows > 0;

    /// <summary>
    /// The AVX-512 path of the depthwise row plan that packs nothing, or null where there is none: a 3×3, stride-1,
    /// padding-1 layer with rows of 4-16 outputs, laid out as the forward pass's whole-row tile (one or two output rows
    /// per vector). Per image, each gradOutput vector is one load (masked to the rows it has not yet counted) and each
    /// input row one load, shifted by one lane either way for the outer taps, so the channel is read straight from NCHW.
    /// </summary>
    public WholeRowTilePlan? WholeRows512 { get; init; }

    /// <summary>
    /// The AVX-512 path of the depthwise row plan for rows of at least 16 outputs that packs nothing, or null where there
    /// is none: a 3×3, stride-1, padding-1 layer walked in bands of rows × 16 columns straight from NCHW.
    /// </summary>
    public InPlaceWeightsPlan? InPlaceRows512 { get; init; }

    /// <summary>
    /// Whether the AVX2 path of the depthwise row plan reads the NCHW input in place instead of packing each (image,
    /// channel) (<see cref="Emit.InPlaceDepthwiseWeights256Emitter"/>): 3×3, stride-1, padding-1 layers with rows of at
    /// least 8 outputs, whatever the channel's size. Until 2026-12-06 only channels larger than the 32 KB L1 data cache
    /// read in place: on the Zen 3 VM (both kernels in one process, Vector256, 1 thread, 4 rounds, packed against in
    /// place) 112×112×32 0.138 against 0.109 ms, 56×56×128 0.120 against 0.118, 28×28×256 0.069 against 0.087, 14×14×512
    /// 0.048 against 0.074. On the Zen 5 VM (AVX-512 turned off, the generated kernels of both plans in one process, 1
    /// thread, medians of 9 rounds, two runs) in place is faster on every one of them: 56×56×128 1.26-1.36×,
    /// 28×28×256 1.18-1.28×, 14×14×512 1.12-1.15×. The project's test machine decides.
    /// </summary>
    public bool InPlaceRows256 => InPlaceBandRows256 > 0;

    /// <summary>
    /// gradOutput rows per band of the in-place AVX2 plan (<see cref="InPlaceRows256"/>), 0 where it does not apply:
    /// <see cref="Planning.BackwardPlanner.InPlaceBandRows256"/> or fewer.
    /// </summary>
    public int InPlaceBandRows256 { get; init; }

    /// <summary>
    /// Whether the AVX2 path of the depthwise row plan splits a stride-2 layer's input phases in registers, reading NCHW
    /// in place (<see cref="Emit.SplitWeights256Emitter"/>): 3×3, padding 1, even planes, rows of at least 8 outputs
    /// (<see cref="Planning.DirectConvPlanner.HasSplittablePhases256"/>) or of 5-7 (<see cref="Planning.BackwardPlanner.SplitsWeightsOnAvx2"/>).
    /// Hand-written bands of 2 gradOutput rows × 8 columns against the packed kernel, one process, 1 thread (Zen 3,
    /// 2026-12-03): 112×112×64 0.147-0.156 against 0.196-0.241 ms (4 rounds); 56×56×128 faster in 15 of 20 rounds (best
    /// 0.056 against 0.073 ms); 28×28×256 slower in most rounds then, so small channels kept packing until the
    /// generated bands, with the shifted pair of every row but the first loaded at column −1 and masked, measured
    /// 98-112 against 150-160 ns per channel on 28×28×256 and 37 against 49-52 on 16×16×512 (three runs each).
    /// </summary>
    public bool Split256 { get; init; }

    /// <summary>
    /// Whether the AVX2 path of the depthwise row plan reads input and gradOutput rows narrower than a vector straight
    /// from NCHW, one vector per row, instead of packing each (image, channel) (<see cref="Emit.WholeRowWeights256Emitter"/>):
    /// 3×3, stride-1, padding-1 layers with rows of 4-7 outputs (narrower rows take no depthwise row plan) in channels of at
    /// least 8 floats.
    /// </summary>
    public bool WholeRows256 { get; init; }

    /// <summary>
    /// Input rows past a band's new rows that the AVX2 channel methods reading NCHW (<see cref="InPlaceRows256"/>,
    /// <see cref="Split256"/>) prefetch in a call streaming from memory, into the next image's plane past the plane's end
    /// (<c>BackwardPlanner.StreamAheadRows</c>); 0 where they do not prefetch.
    /// </summary>
    public int StreamAheadRows256 { get; init; }

    /// <summary>
    /// The AVX-512 path of the depthwise row plan for 3×3, stride-2, padding-1 layers on even planes that packs nothing,
    /// or null where there is none: input rows split into their stride phases in registers, as the forward split tile does.
    /// </summary>
    public SplitWeightsPlan? Split512 { get; init; }

    /// <summary>
    /// Whether AVX-512 reduces channels two at a time, side by side in the halves of each vector (rows of 4-8 outputs
    /// on small planes, where one channel leaves half a vector idle and the horizontal sums dominate); a range of
    /// channels with an odd count ends with the single-channel method (<see cref="WholeRows512"/> or <see cref="Split512"/>).
    /// </summary>
    public bool ChannelPairs512 { get; init; }

    /// <summary>Whether the AVX-512 path reads NCHW without packing (<see cref="WholeRows512"/>, <see cref="InPlaceRows512"/> or <see cref="Split512"/>).</summary>
    public bool SkipsPacking512 => WholeRows512 is not null || InPlaceRows512 is not null || Split512 is not null;

    /// <summary>Whether the AVX2 path reads NCHW without packing (<see cref="InPlaceRows256"/>, <see cref="WholeRows256"/> or <see cref="Split256"/>).</summary>
    public bool SkipsPacking256 => InPlaceRows256 || WholeRows256 || Split256;
}

/// <summary>
/// Backward-weights of a 3×3, stride-2, padding-1 depthwise layer on an even plane on AVX-512, read in place. Output
/// column ox reads input columns 2ox − 1, 2ox and 2ox + 1, so each input row is loaded as two vectors and split by two
/// two-source permutes (even and odd columns) and one lane shift (the odd columns moved up, column 2ox − 1 shifted in),
/// exactly as the forward split tile does, and multiplied with the gradOutput rows that read it through each kernel
/// row. Three layouts: rows of 16 or more outputs in bands of <see cref="Rows"/> rows (and a last band of
/// <see cref="RemainderRows"/>) × <see cref="ColumnTiles"/> column tiles of 16, the last shifted back with its counted
/// lanes masked off in gradOutput; rows of 8-15 (<see cref="WholeRow"/>) one vector per row, its lanes past the row
/// masked off; rows of 4-7 (<see cref="PairsRows"/>) two rows per vector in one straight-line pass over the channel.
/// </summary>
internal sealed record SplitWeightsPlan(int Rows, int FullBands, int RemainderRows, int ColumnTiles, bool WholeRow, bool PairsRows)
{
    /// <summary>
    /// Input rows past a band's new rows that each band prefetches in a call streaming from memory (gradOutput: half as
    /// many past its own), continuing into the next image's plane of the channel (<c>BackwardPlanner.StreamAheadRows</c>);
    /// 0 where the bands do not prefetch.
    /// </summary>
    public int StreamAheadRows { get; init; }
}

/// <summary>
/// Backward-weights of a 3×3, stride-1, padding-1 depthwise layer with rows of at least 16 outputs on AVX-512, read in
/// place: per image, bands of <see cref="Rows"/> gradOutput rows (and a last band of <see cref="RemainderRows"/>) ×
/// <see cref="ColumnTiles"/> column tiles of 16, the last shifted back to end at the row's end with its already-counted
/// lanes masked off in gradOutput. The Rows + 2 input rows around a band are each loaded once per column tile, and the
/// outer taps are that vector shifted by one lane with the neighbouring column (or the padding) shifted in, as the
/// forward in-place tile does; each gradOutput vector is multiplied into the three taps of each kernel row that
/// reads it.
/// </summary>
internal sealed record InPlaceWeightsPlan(int Rows, int FullBands, int RemainderRows, int ColumnTiles)
{
    /// <summary>
    /// Rows past a band's new rows (input and gradOutput alike) that each band prefetches in a call streaming from
    /// memory, continuing into the next image's plane of the channel (<c>BackwardPlanner.StreamAheadRows</c>); 0 where the
    /// bands do not prefetch.
    /// </summary>
    public int StreamAheadRows { get; init; }

    /// <summary>
    /// Whether each band of the loop prefetches the next band's rows at its columns (planes of at least
    /// <c>BackwardPlanner.MinPrefetchedPlane</c> floats, whose rows are too far apart for the hardware prefetchers).
    /// </summary>
    public bool PrefetchesBands { get; init; }
}
