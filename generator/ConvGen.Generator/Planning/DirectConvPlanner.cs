using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Planning;

/// <summary>
/// Chooses the direct-convolution plan for a layer: input packing, tap unrolling and, per instruction set, the
/// register tile with the lowest predicted cycle count (perf-guide §3-4).
/// </summary>
internal static class DirectConvPlanner
{
    /// <summary>At most 12 accumulators: more spill under RyuJIT (perf-guide §3.3).</summary>
    internal const int MaxAccumulators = 12;
    /// <summary>Registers available to a tile (16 ymm, one kept for the broadcast/load temporary).</summary>
    internal const int MaxLiveRegisters = 15;
    /// <summary>
    /// The same two limits for the Vector512 path: AVX-512 has 32 vector registers (zmm0-31), which RyuJIT allocates
    /// once EVEX encoding is available, so a 16-lane tile may hold twice the accumulators.
    /// </summary>
    internal const int MaxAccumulators512 = 24, MaxLiveRegisters512 = 31;

    /// <summary>Accumulator and register limits of a tile with <paramref name="lanes"/> lanes.</summary>
    internal static (int Accumulators, int Registers) RegisterBudget(int lanes) =>
        lanes == 16 ? (MaxAccumulators512, MaxLiveRegisters512) : (MaxAccumulators, MaxLiveRegisters);

    /// <summary>
    /// Whether a tile streams more input vectors than it broadcasts weights (vectors &gt; rows) with 16 lanes: each such
    /// vector is a whole cache line of input read from L2 for a few FMAs, and the tile runs out of L2 bandwidth, which
    /// the cycle model does not see. Side by side, 28×28 256→256 pointwise ran at 134 GFLOP/s with 3×112 tiles and 194
    /// with 12×32. Tiles that reduce over several input channels avoid such shapes.
    /// </summary>
    internal static bool StreamsInputFromL2(int lanes, int rows, int vectors) => lanes == 16 && vectors > rows;
    /// <summary>Largest unrolled FMA count in one loop body; far below the JIT's MinOpts cliff (perf-guide §3.5).</summary>
    internal const int MaxUnrolledFmas = 640;
    /// <summary>
    /// Below this many FLOPs per call a fork-join costs more than it saves (perf-guide §6). With the workers spinning
    /// (back-to-back layers) a fork-join costs about 1 µs on the 2-vCPU VM; 0.9 MFLOP depthwise layers (7-12 µs at
    /// one thread) ran 1.3-1.8× faster on two threads, and 0.45 MFLOP (14×14×512 stride 2, 5-6 µs) 1.1-1.3× forward
    /// and 1.3-1.6× backward-weights. Work that would have to wake blocked workers has the runtime's higher
    /// threshold, <c>ConvThreads.WakeMinimumFlops</c>.
    /// </summary>
    internal const long ParallelMinimumFlops = 400_000;
    /// <summary>Bytes of weights a chunk of channel blocks may occupy: about a quarter of the 512 KB L2.</summary>
    internal const int ChunkWeightBytes = 128 * 1024;

    /// <summary>
    /// The same for Vector512 tiles: AVX-512 machines have L2s of 1 MB or more (Zen 4/5, Intel server parts). On the
    /// Zen 5 VM, 28×28 256→256 pointwise (270 KB of weights in one chunk) ran 5-8 % faster than in 128 KB chunks. The
    /// Winograd GEMMs (<c>weightsStreamFromL3</c>), whose U streams from L3 anyway, keep the smaller chunks: side by side
    /// they were the same or up to 3 % slower with the larger ones. Backward-data tiles reading OIHW in place take the
    /// larger ones too: the same pointwise layer's backward-data 516-532 against 548-590 µs in 128 KB chunks (old and
    /// new builds alternating, 1 thread), ResNet-18's 3×3 layers unchanged within the noise.
    /// </summary>
    internal const int ChunkWeightBytes512 = 512 * 1024;

    /// <summary>
    /// Largest packed group (floats) given two packing slots. Side by side at 1 thread: 14×14 depthwise (256 floats per
    /// channel) ran 10 % faster with two slots, 28×28 (900) 2 % and 56×56 (3364) 4 % slower, 112×112 the same.
    /// </summary>
    internal const int MaxDoubleBufferedFloats = 512;

    /// <summary>
    /// Largest scratch (floats) of one (image, group) task whose group has a single input channel: its packed planes
    /// and output grid. Fusing keeps a group's packing, tiles and compaction in one core's L2; one input channel per
    /// group (a filter bank per colour channel, as an RGB Sobel filter) is little arithmetic per float moved, and past
    /// this size the fused task only streams its planes and grid through L3, while the phased plan's tiles store
    /// straight into the output and split every group's positions across threads. Side by side on the Zen 5 VM
    /// (scratch builds of both plans, 720×1280 unless stated): 3 groups of 1 → 2 channels 2.1-2.4 ms fused, 1.6-1.8
    /// phased at 1 thread and 1.4-1.8 against 0.9-1.0 ms at 2; 2 groups of 1 → 2 1.42 / 0.97 and 1.02 / 0.45 ms;
    /// 4 groups 3.2 / 2.4 and 2.1 / 1.3 ms; 2 groups of 1 → 4 at 256×256 0.118 / 0.093 and 0.059 / 0.046 ms. Groups of
    /// several input channels stay fused: 2 groups of 16 at 112×112 and of 32 at 56×56, and 4 groups of 16 at stride 2,
    /// ran as fast at 1 thread and 15-50 % slower at 2 when phased.
    /// </summary>
    internal const long MaxFusedGroupFloats = 128 * 1024;

    /// <summary>The scratch of one (image, group) task: the group's packed input channels (all their stride-phase planes) and its output grid.</summary>
    private static long FusedGroupFloats(LayerSpec layer, int channelStride, int grid) =>
        (long)layer.GroupInChannels * channelStride + (long)layer.GroupOutChannels * grid;

    /// <summary>Fewer input channels than this are packed in row bands, so every thread has packing to do.</summary>
    internal const int MinChannelsPackedWhole = 8;
    /// <summary>Row bands per channel when packing is split: enough for a few threads, each band still many rows.</summary>
    internal const int MaxPackBands = 8;

    /// <summary>
    /// Narrowest output row given depthwise row tiles: a Vector256 row tile on a narrower row (one vector holding the
    /// row plus an overhang into the next) would waste more than half its lanes, and the grid plan does no better.
    /// </summary>
    internal const int MinRowTileWidth = 4;

    public static DirectConvPlan Plan(LayerSpec layer)
    {
        int outHeight = layer.OutHeight, outWidth = layer.OutWidth;
        // Unroll every tap unless even the smallest useful tile would make the loop body too large.
        bool allTaps = layer.Taps * 8 <= MaxUnrolledFmas;

        // Depthwise (one input and one output channel per group) with rows of at least MinRowTileWidth: row tiles.
        // Rows narrower than a vector overhang their vector, whose last lanes read past the plane row: such layers are
        // always packed (with slack after the last plane), so those reads stay inside ConvGen's scratch.
        bool rowTiles = layer.GroupInChannels == 1 && layer.GroupOutChannels == 1 && allTaps && outWidth >= MinRowTileWidth;
        bool overhangs = rowTiles && outWidth < 8;
        bool packs = overhangs || layer.StrideHeight != 1 || layer.StrideWidth != 1 || layer.PaddingHeight != 0 || layer.PaddingWidth != 0;
        int planeHeight = packs ? ShapeMath.CeilDiv(layer.Height + 2 * layer.PaddingHeight, layer.StrideHeight) : layer.Height;
        int planeWidth = packs ? ShapeMath.CeilDiv(layer.Width + 2 * layer.PaddingWidth, layer.StrideWidth) : layer.Width;
        int grid = (outHeight - 1) * planeWidth + outWidth;

        TapUnrolling unrolling = allTaps ? TapUnrolling.AllTaps : TapUnrolling.RowLoop;
        int unrolledTaps = allTaps ? layer.Taps : layer.KernelWidth;

        // Row loops compute the row phase from kh at run time, so every row phase is materialised.
        IEnumerable<int> rowPhases = allTaps
            ? Enumerable.Range(0, layer.KernelHeight).Select(kh => kh * layer.DilationHeight % layer.StrideHeight)
            : Enumerable.Range(0, layer.StrideHeight);
        IEnumerable<int> columnPhases = Enumerable.Range(0, layer.KernelWidth).Select(kw => kw * layer.DilationWidth % layer.StrideWidth);

        var plan = new DirectConvPlan(
            packs, planeHeight, planeWidth,
            rowPhases.Distinct().OrderBy(p => p).ToEquatableArray(),
            columnPhases.Distinct().OrderBy(p => p).ToEquatableArray(),
            grid, planeWidth != outWidth, unrolling,
            ChooseTile(layer, 8, grid, unrolledTaps),
            ChooseTile(layer, 4, grid, unrolledTaps),
            ChooseTile(layer, 1, grid, unrolledTaps) ?? throw new InvalidOperationException("No scalar tile fits the layer."),
            ParallelMinimumFlops,
            FusesGroups: false);
        // Groups run as fused (image, group) tasks, but for groups of one input channel too large for them (MaxFusedGroupFloats).
        bool fusesGroups = layer.Groups > 1 && (rowTiles || layer.GroupInChannels > 1 || FusedGroupFloats(layer, plan.ChannelStride, grid) <= MaxFusedGroupFloats);
        plan = plan with
        {
            FusesGroups = fusesGroups,
            PackBands = packs && !fusesGroups && layer.InChannels < MinChannelsPackedWhole ? Math.Min(MaxPackBands, planeHeight) : 1,
            GroupsInUnits = layer.Groups > 1 && !fusesGroups,
        };
        TilePlan? tile512 = ChooseTile(layer, 16, grid, unrolledTaps);
        plan = plan with
        {
            DoubleBuffersPacking = packs && plan.FusesGroups && layer.GroupInChannels * plan.ChannelStride <= MaxDoubleBufferedFloats,
            Vector512Tile = tile512,
            // The stem (224 → 112, stride 2, 7×7): its compaction pass copied 3.3 MB of grid, 6 % of the layer (Zen 5 VM,
            // 1 thread, side by side: 1.20 ms with the pass, 1.13 ms storing through StoreCompacted).
            StoresCompacted512 = plan.CompactsOutput && !plan.FusesGroups && tile512 is { ReductionChunk: 0 } && outWidth >= 16,
        };
        if (!rowTiles)
        {
            return WithPlanesInPlace(layer, WithRowAlignedTiles(plan, outHeight, outWidth));
        }
        // With a split, whole-row or in-place tile, AVX-512 machines never reach the packed row tiles: no packed Vector512 path.
        SplitRowTilePlan? split = plan.FusesGroups ? ChooseSplitRowTile(layer) : null;
        WholeRowTilePlan? wholeRows = plan.FusesGroups ? ChooseWholeRowTile(layer) : null;
        // A single channel (an image filter: row tiles without groups) reads its plane in place too, its row tiles split
        // across threads instead of one task per channel, where there are enough of them to share.
        bool singleChannel = layer.InChannels == 1 && layer.OutChannels == 1;
        InPlaceRowTilePlan? inPlace = plan.FusesGroups && wholeRows is null ? ChooseInPlaceRowTile(layer)
            : singleChannel && ChooseInPlaceRowTile(layer) is { } planeTile && SharesRowTiles(layer, planeTile.RowTiles) ? planeTile : null;
        RowTilePlan rowTile256 = ChooseRowTile(layer, 8);
        // Likewise an AVX2 machine with split tiles never reaches the packed Vector256 row tiles: none are emitted.
        bool splits256 = plan.FusesGroups && SplitsPhasesOnAvx2(layer);
        // A single channel reads its plane in place on AVX2 too, with the packed path's own tile (its row tiles on the
        // image's first and last rows run packed: they would load one float outside the image).
        RowTilePlan? inPlace256 = plan.FusesGroups ? ChooseInPlaceTile256(layer, rowTile256)
            : singleChannel && ChooseInPlaceTile256(layer, rowTile256) == rowTile256 && SharesRowTiles(layer, rowTile256.RowTiles) ? rowTile256 : null;
        // And one whose narrow rows are read whole, one vector per row.
        bool wholeRows256 = plan.FusesGroups && ReadsNarrowRowsWhole256(layer);
        return plan with
        {
            InPlaceTile256 = inPlace256,
            SplitTile256 = splits256,
            WholeRows256 = wholeRows256,
            StreamAheadRows256 = StreamsOnAvx2(layer, inPlace256, splits256) ? StreamAheadRows(layer.Width) : 0,
            CompactsOutput = false,
            StoresCompacted512 = false,
            RowTile512 = outWidth >= 8 && split is null && wholeRows is null && inPlace is null ? ChooseRowTile(layer, 16) : null,
            RowTile256 = splits256 || wholeRows256 ? null : rowTile256,
            RowTile128 = ChooseRowTile(layer, 4),
            RowTileScalar = ChooseRowTile(layer, 1),
            SplitTile512 = split,
            WholeRowTile512 = wholeRows,
            InPlaceTile512 = inPlace,
            ChannelPairs512 = (split is not null || wholeRows is not null) && PairsChannels(layer),
        };
    }

    /// <summary>
    /// Most output channels per group for which the AVX2 path reads the planes in place (<see cref="WithPlanesInPlace"/>).
    /// Its grid tiles (2 channels × 48 positions) share each input load between two channels and ran at 80-90 % of the
    /// AVX2 peak on banks of 4 to 32 filters, where the in-place tiles were 0.65-1.0× as fast (Zen 5 VM,
    /// <c>DOTNET_EnableAVX512=0</c>, 1 thread, both builds in alternation, two runs: 2 groups of 1 → 4 at 256×256
    /// 0.80-0.86×, 1 → 4 at 480×640 0.68-1.02×, 1 → 32 at 128×128 0.80-0.84×); on 3 groups of 1 → 2 in place was
    /// 1.06-1.14× faster at 240×320 and 720×1280.
    /// </summary>
    internal const int MaxInPlaceGroupOut256 = 2;

    /// <summary>
    /// <paramref name="plan"/>, a phased grid plan, with in-place row tiles (<see cref="DirectConvPlan.SplitsInPlaceRows512"/>,
    /// <see cref="DirectConvPlan.SplitsInPlaceRows256"/>) where the layer's groups each read one input plane too large to
    /// fuse (<see cref="MaxFusedGroupFloats"/>) through a bank of 3×3 filters (stride 1, padding 1): an RGB image's
    /// Sobel or Gabor filters per colour channel, or a bank of them on one grey plane. Such a layer does little arithmetic
    /// per float its phased plan moves (the whole input packed, then read back): the threads take (group, row tile) units
    /// instead, each computing the tile's rows of the group's output channels one after the other from the NCHW input,
    /// whose rows the later channels read again from cache. Side by side on the Zen 5 VM (AVX-512, 1 thread, both builds
    /// in alternation, two to seven runs, 2026-12-07): 3 groups of 1 → 2 at 240×320 1.37-1.81× faster, at 720×1280 1.23-1.52×
    /// (there at the speed of a plain copy of its 11 MB in and 22 MB out); 2 groups of 1 → 4 at 256×256 1.20-1.49×;
    /// 1 → 4 at 480×640 1.45-1.66×, 1 → 6 at 240×320 1.49-1.84×, 1 → 8 at 480×640 1.56-2.24×, 3 groups of 1 → 8 at
    /// 200×300 1.56-1.66×, 1 → 16 at 28×28 (the training sample's stem, batch 64) 1.21-1.24×; 1 → 16 at 64×64 and
    /// 1 → 32 at 128×128 0.95-1.45×. Slower: 1 → 8 at 128×128 and 240×320, 0.79-0.97×, and 1 → 16 at 240×320,
    /// 0.82-1.12×, where the grid tiles (4 channels × 96 positions, sharing each input load between four channels) run
    /// at 150-170 GFLOP/s from L2. AVX2 reads in place only up to <see cref="MaxInPlaceGroupOut256"/> channels a group.
    /// </summary>
    internal static DirectConvPlan WithPlanesInPlace(LayerSpec layer, DirectConvPlan plan)
    {
        if (layer.GroupInChannels != 1 || plan.FusesGroups)
        {
            return plan;
        }
        InPlaceRowTilePlan? inPlace = ChooseInPlaceRowTile(layer) is { } tile && SharesRowTiles(layer, layer.Groups * tile.RowTiles) ? tile : null;
        RowTilePlan rowTile256 = ChooseRowTile(layer, 8);
        RowTilePlan? inPlace256 = layer.GroupOutChannels <= MaxInPlaceGroupOut256 && ChooseInPlaceTile256(layer, rowTile256) == rowTile256
            && SharesRowTiles(layer, layer.Groups * rowTile256.RowTiles) ? rowTile256 : null;
        return plan with
        {
            InPlaceTile512 = inPlace,
            // AVX-512 machines always take the in-place tiles then: no Vector512 grid tile to emit.
            Vector512Tile = inPlace is null ? plan.Vector512Tile : null,
            StoresCompacted512 = inPlace is null && plan.StoresCompacted512,
            InPlaceTile256 = inPlace256,
            StreamAheadRows256 = StreamsOnAvx2(layer, inPlace256, splits256: false) ? StreamAheadRows(layer.Width) : 0,
        };
    }

    /// <summary>
    /// Fewest row tiles a single-channel plane read in place needs when its call runs on several threads, which take
    /// whole row tiles: enough for 8 threads. A shorter plane (a few wide rows) keeps the packed tiles, which the threads
    /// share by row and column tile.
    /// </summary>
    internal const int MinSharedRowTiles = 8;

    /// <summary>Whether a single-channel layer's row tiles can be shared out (<see cref="MinSharedRowTiles"/>), or its call runs on one thread anyway.</summary>
    private static bool SharesRowTiles(LayerSpec layer, int rowTiles) => rowTiles >= MinSharedRowTiles || layer.Flops < ParallelMinimumFlops;

    /// <summary>
    /// Whether the unpacked AVX-512 depthwise forward computes channels in pairs (<see cref="DirectConvPlan.ChannelPairs512"/>):
    /// the planes the channel-pair geometry fits (<see cref="FitsChannelPairs"/>) at stride 1 or 2.
    /// </summary>
    internal static bool PairsChannels(LayerSpec layer) => layer.StrideHeight is 1 or 2 && FitsChannelPairs(layer);

    /// <summary>
    /// Whether a 3×3, padding-1 depthwise layer's planes fit the channel-pair kernels (forward and backward-weights):
    /// at least two channels, output rows of 4 to 8 (a pair's rows share a vector, one per 256-bit half), at most
    /// <see cref="MaxPairedRows"/> of them (one accumulator or gradOutput row each, next to the tap vectors), input rows of
    /// at most 16 (one load holds a row) and input planes of at least 16 floats (channel c + 1's rows near the pair's end
    /// are loaded ending there).
    /// </summary>
    internal static bool FitsChannelPairs(LayerSpec layer) =>
        layer.InChannels >= 2
        && layer.OutWidth >= MinRowTileWidth && layer.OutWidth <= SplitRowTilePlan.Lanes / 2
        && layer.OutHeight <= MaxPairedRows
        && layer.Width <= SplitRowTilePlan.Lanes && layer.Height * layer.Width >= SplitRowTilePlan.Lanes;

    /// <summary>
    /// Whether a layer is the depthwise 3×3 convolution with padding 1 and dilation 1 at <paramref name="stride"/> in
    /// both axes that the unpacked AVX-512 depthwise kernels (split, whole-row, in-place and interleaved backward-data)
    /// are written for; each adds its own conditions on the plane's shape.
    /// </summary>
    internal static bool IsDepthwise3x3Padding1(LayerSpec layer, int stride) =>
        layer.GroupOutChannels == 1 && ReadsOnePlane3x3Padding1(layer, stride);

    /// <summary>
    /// Whether each group of a layer reads one input plane through 3×3 filters with padding 1 and dilation 1 at
    /// <paramref name="stride"/> in both axes: the depthwise layers (<see cref="IsDepthwise3x3Padding1"/>) and banks of
    /// such filters per plane, whose output channels each run the depthwise in-place tiles (<see cref="WithPlanesInPlace"/>).
    /// </summary>
    internal static bool ReadsOnePlane3x3Padding1(LayerSpec layer, int stride) =>
        layer.GroupInChannels == 1
        && layer.KernelHeight == 3 && layer.KernelWidth == 3
        && layer.StrideHeight == stride && layer.StrideWidth == stride
        && layer.PaddingHeight == 1 && layer.PaddingWidth == 1
        && layer.DilationHeight == 1 && layer.DilationWidth == 1;

    /// <summary>
    /// A depthwise 3×3, stride-2, padding-1 layer on an even input plane: output (oy, ox) reads input rows
    /// [2oy − 1, 2oy + 1] and columns [2ox − 1, 2ox + 1], so only row and column −1 are padding. The layers whose
    /// stride phases the AVX-512 and AVX2 paths split or interleave in registers.
    /// </summary>
    internal static bool IsEvenPlaneStride2Depthwise3x3(LayerSpec layer) =>
        IsDepthwise3x3Padding1(layer, stride: 2) && layer.Height % 2 == 0 && layer.Width % 2 == 0;

    /// <summary>Most output rows of a split row tile: 8 accumulators beside the 9 weights, 2 permute indices and 6 temporaries.</summary>
    internal const int MaxSplitRows = 8;

    /// <summary>
    /// The whole-row tile for a depthwise 3×3 layer with stride 1, padding 1 and dilation 1 whose rows have 4-16
    /// outputs: two rows per vector on rows of 4-7 (2 to <see cref="MaxPairedRows"/> rows), one on rows of 8-16 (up to
    /// <see cref="MaxWholeRows"/> rows), with at least 16 floats per channel (every load stays inside the channel);
    /// null for any other layer.
    /// </summary>
    internal static WholeRowTilePlan? ChooseWholeRowTile(LayerSpec layer)
    {
        int w = layer.Width, h = layer.Height;
        bool direct = IsDepthwise3x3Padding1(layer, stride: 1)
            && w >= MinRowTileWidth && w <= SplitRowTilePlan.Lanes
            && h * w >= SplitRowTilePlan.Lanes;
        if (!direct)
        {
            return null;
        }
        return w < SplitRowTilePlan.Lanes / 2
            ? h >= 2 && h <= MaxPairedRows ? new WholeRowTilePlan(h, 2, SplitRowTilePlan.Lanes - 2 * w) : null
            : h <= MaxWholeRows ? new WholeRowTilePlan(h, 1, SplitRowTilePlan.Lanes - w) : null;
    }

    /// <summary>Most output rows of an in-place row tile: 12 accumulators beside the 9 weights and 5 temporaries.</summary>
    internal const int MaxInPlaceRows = 12;

    /// <summary>
    /// Most output rows of an in-place tile of two vectors (32 columns): 14 accumulators beside the 9 weights and the 6
    /// temporaries of an input row's two vectors. On 56×56×128 (MobileNet's dw3) tiles of 7 × 32 ran 1.12-1.16× as
    /// fast as the 8 × 16 tiles, bit for bit the same (each tile's shifts take the neighbouring column from the other
    /// vector instead of a broadcast, and a channel has half as many tiles to set up), 8 × 32 1.13-1.14× and 6 × 32
    /// 1.08-1.11×; on 112×112×32 (dw1) 7 × 32 1.03-1.13× and 8 × 32 1.00-1.08×; on 28×28×256 (dw5), whose rows take one
    /// tile of two vectors overlapping by 4 columns (each vector's inner neighbour broadcast, as in the one-vector tiles),
    /// 7 × 28 1.13-1.15× against two column tiles of 7 × 16 (a scratch harness, 1 thread, 2026-12-07).
    /// </summary>
    internal const int MaxInPlacePairRows = 7;

    /// <summary>Fewest output rows of an in-place row tile, where the layer has that many.</summary>
    internal const int MinInPlaceRows = 6;

    /// <summary>
    /// The in-place row tile for a 3×3 layer with stride 1, padding 1 and dilation 1 that reads one input plane per group
    /// (<see cref="ReadsOnePlane3x3Padding1"/>: depthwise, or a bank of filters per plane) whose rows have at least
    /// 16 outputs; null for any other layer. Columns: rows of 32 or more outputs in tiles of two vectors, where at most
    /// 16 columns are left a last tile of one; rows of 17-31 in one tile of two overlapping vectors; rows of 16 in one
    /// tile of one. Rows: the tile height from
    /// <see cref="MinInPlaceRows"/> to <see cref="MaxInPlaceRows"/> (<see cref="MaxInPlacePairRows"/> for tiles of two
    /// vectors) that computes and loads the fewest rows in all (a shifted last tile recomputes some).
    /// </summary>
    internal static InPlaceRowTilePlan? ChooseInPlaceRowTile(LayerSpec layer)
    {
        bool inPlace = ReadsOnePlane3x3Padding1(layer, stride: 1) && layer.Width >= SplitRowTilePlan.Lanes;
        if (!inPlace)
        {
            return null;
        }
        // Rows of exactly 16: one tile of one vector; wider rows: tiles of two.
        (int pairTiles, bool tail, int second) = layer.OutWidth > SplitRowTilePlan.Lanes ? TwoVectorColumnTiles(layer.OutWidth) : (0, false, SplitRowTilePlan.Lanes);
        int singleTiles = pairTiles == 0 || tail ? 1 : 0;
        // A tile of R rows loads R + 2 input rows: the fewest rows computed plus loaded, over R from MinInPlaceRows up.
        int maxRows = pairTiles > 0 ? MaxInPlacePairRows : MaxInPlaceRows;
        int rows = Enumerable.Range(System.Math.Min(MinInPlaceRows, layer.OutHeight), System.Math.Max(System.Math.Min(maxRows, layer.OutHeight) - MinInPlaceRows + 1, 1))
            .OrderBy(r => ShapeMath.CeilDiv(layer.OutHeight, r) * (2 * r + 2))
            .ThenByDescending(r => r)
            .First();
        return new InPlaceRowTilePlan(rows, ShapeMath.CeilDiv(layer.OutHeight, rows), pairTiles, singleTiles, second)
        {
            StreamAheadRows = StreamsInPlace(layer) ? StreamAheadRows(layer.Width) : 0,
        };
    }

    /// <summary>
    /// The column tiles of two vectors (16 output columns each) that cover a row of more than 16 outputs, for the
    /// in-place and the split depthwise tiles: on rows of 32 or more, <c>Pairs</c> tiles of 32 columns, the last shifted
    /// back to end at the row's end unless a one-vector tile at column outWidth − 16 ends it (<c>Tail</c>, where at most
    /// 16 columns are left past the whole pairs); on rows of 17-31, one tile of two overlapping vectors. <c>Second</c>:
    /// the column of a pair's second vector, 16, or outWidth − 16 where the vectors overlap.
    /// </summary>
    internal static (int Pairs, bool Tail, int Second) TwoVectorColumnTiles(int outWidth)
    {
        const int lanes = SplitRowTilePlan.Lanes, pair = 2 * lanes;
        if (outWidth < pair)
        {
            return (1, false, outWidth - lanes);
        }
        int left = outWidth % pair;
        return (outWidth / pair + (left > lanes ? 1 : 0), left is > 0 and <= lanes, lanes);
    }

    /// <summary>
    /// Fewest column tiles per row for which the in-place tiles prefetch in a call streaming from memory: a tile walks
    /// its column tiles down Rows + 2 input rows each, so on wide rows consecutive loads lie a row apart. Counted in
    /// tiles of 16 columns, whatever the tiles' width since 2026-12-07: rows of more than 32 outputs. On rows of 28
    /// outputs (then two tiles of 16) the hardware prefetchers kept up and the prefetch was slower: 28×28×256 at batch 32, 1 thread,
    /// 1.49 / 1.49 / 1.71 / 1.51 ms with it against 1.38 / 1.34 / 1.50 / 1.30 without (four runs), and with the order of
    /// the two alternated each round 1.26 / 1.23 against 1.14 / 1.17 (AVX2 path: 1.80 / 1.73 against 1.75 / 1.63), while 56×56×128 (4
    /// tiles) went from 4.27 / 4.39 to 3.05 / 3.45 ms with the input and output rows prefetched (4.39 / 4.54 against 4.48 /
    /// 4.42 with the input rows only) and 112×112×32 (7 tiles) from 4.37 / 5.63 to 3.89 / 4.49 (input only 4.44 / 4.58
    /// against 5.47 / 5.42).
    /// </summary>
    internal const int MinStreamedInPlaceColumnTiles = 3;

    /// <summary>Whether tiles that read a stride-1 layer's rows in place prefetch in a streaming call: rows of at least <see cref="MinStreamedInPlaceColumnTiles"/> tiles of 16.</summary>
    private static bool StreamsInPlace(LayerSpec layer) => ShapeMath.CeilDiv(layer.OutWidth, SplitRowTilePlan.Lanes) >= MinStreamedInPlaceColumnTiles;

    /// <summary>
    /// Bytes of input ahead of the row tile being computed that the AVX-512 in-place and split depthwise tiles prefetch
    /// in a call that streams from memory (<see cref="StreamingFloats"/>): at the start of each row tile, the rows a
    /// tile that far ahead reads first, one instruction per cache line. Their tasks are the channels of each image in
    /// order, so the input is one forward stream and the rows ahead of a channel's last tiles are the next channel's
    /// first. Measured on the Zen 5 VM at batch 32, 1 thread, the generated kernels with and without in one process
    /// (112×112×64 stride 2, medians, ms; the VM's speed drifted 20 % between runs, so compare within a line): a hand-
    /// edited kernel 7.48 without, 4.21 / 3.57 / 3.42 with 5 / 11 / 21 KB ahead; the rows of each tile at its columns
    /// (spread over its column tiles) 13 KB ahead 4.98, all of them at the row tile's start 4.38; at the row tile's start,
    /// 5 / 8 / 13 / 21 / 32 KB ahead: 4.88 / 5.09 / 5.29 / 5.45 / 5.38 against 7.66 / 7.97 / 7.86 / 7.66 / 7.48 without
    /// in one run, 3.58 and 3.61 (8 KB) against 6.59 and 6.31 in another; the output prefetched too, 4.50 and 4.46.
    /// </summary>
    internal const int StreamPrefetchBytes = 8 * 1024;

    /// <summary>
    /// Floats of input and output in one call (all images) above which the AVX-512 in-place and split depthwise tiles
    /// prefetch the input ahead (<see cref="StreamPrefetchBytes"/>): 16 MB, half the 32 MB L3 of the Zen 5 VM's core
    /// complex, which the other core shares. Below it a call's tensors stay in cache from one call to the next (or from
    /// the layer before), the hardware prefetchers keep up and the prefetches only cost issue slots. Side by side at 1
    /// thread (hand-edited kernels, with and without): 112×112×64 stride 2 at batch 2 (8 MB) 0.147 ms without against
    /// 0.160 with, at batch 4 (16 MB) 0.307 against 0.244, at batch 8 1.57 against 0.59; 112×112×32 stride 1 at batch 4
    /// (12.8 MB) 0.219 against 0.233, at batch 8 (25.7 MB) 0.663 against 0.577-0.604.
    /// </summary>
    internal const long StreamingFloats = 4L * 1024 * 1024;

    /// <summary>
    /// Whether the Vector256 tiles that read the NCHW input directly prefetch in a call streaming from memory, by the
    /// AVX-512 tiles' rules: in-place tiles on rows of at least <see cref="MinStreamedInPlaceColumnTiles"/> tiles of 16
    /// (not the row-spanning tile of rows of 9-15), split tiles on rows of at least 8 outputs. The AVX2 path
    /// (<c>DOTNET_EnableAVX512=0</c> on the Zen 5 VM), batch 32, 1 thread, hand-edited kernels with and without,
    /// two runs: 112×112×32 3.46 / 3.46 ms against 3.95 / 3.99; 112×112×64 stride 2 3.70 / 3.79 against 5.30 / 5.41.
    /// </summary>
    private static bool StreamsOnAvx2(LayerSpec layer, RowTilePlan? inPlace256, bool splits256) =>
        inPlace256 is { } tile ? tile.Width <= layer.OutWidth && StreamsInPlace(layer)
        : splits256 && layer.OutWidth >= 8;

    /// <summary>Input rows of <paramref name="width"/> floats that cover <see cref="StreamPrefetchBytes"/>.</summary>
    internal static int StreamAheadRows(int width) => ShapeMath.CeilDiv(StreamPrefetchBytes, width * sizeof(float));

    /// <summary>
    /// The Vector256 row tile read in place (<see cref="DirectConvPlan.InPlaceTile256"/>), for a 3×3 layer with stride 1,
    /// padding 1 and dilation 1 that reads one input plane per group (<see cref="ReadsOnePlane3x3Padding1"/>) whose rows
    /// hold whole tiles; null for any other layer. Packing such a
    /// channel copies it once more than the tiles read it: 112×112×32 on the Zen 3 VM (Vector256, 1 thread, one process)
    /// spent 0.046 of 0.145 ms packing. The tile is the packed path's, or on rows of 9-15 outputs a row-spanning tile
    /// (<see cref="ChooseRowSpanningTile256"/>) where the cycle model rates it faster.
    /// </summary>
    internal static RowTilePlan? ChooseInPlaceTile256(LayerSpec layer, RowTilePlan tile)
    {
        if (!ReadsOnePlane3x3Padding1(layer, stride: 1) || tile.Overhang != 0 || tile.Width > layer.OutWidth || tile.Rows > layer.OutHeight)
        {
            return null;
        }
        RowTilePlan? spanning = ChooseRowSpanningTile256(layer);
        return spanning is not null && RowTileCycles(layer, spanning.Rows, spanning.Vectors) * spanning.RowTiles < RowTileCycles(layer, tile.Rows, tile.Vectors) * tile.RowTiles * tile.ColumnTiles
            ? spanning
            : tile;
    }

    /// <summary>
    /// A row-spanning in-place tile for rows of 9-15 outputs: two vectors of 8 per output row, the second at column
    /// OutWidth − 8 overlapping the first (the shared columns are computed twice, identically), so a tile of R rows has
    /// 2R accumulators and one tile covers the row. Rows of 14 take tiles of 5 rows (10 accumulators, 3 tiles)
    /// instead of 7 × 8 tiles (7 accumulators, 2 × 2 tiles), whose 7 accumulator chains of 9 dependent FMAs outlast
    /// the tile's 63 FMAs. Hand-written and generated kernels side by side on the Zen 3 VM (14×14×512, 1 thread, 400
    /// alternating calls, bit-identical): 25-28 against 28-30 µs, faster in 84-97 % of the calls.
    /// </summary>
    internal static RowTilePlan? ChooseRowSpanningTile256(LayerSpec layer)
    {
        if (layer.OutWidth <= 8 || layer.OutWidth >= 16)
        {
            return null;
        }
        RowTilePlan? best = null;
        double bestCycles = double.MaxValue;
        for (int rows = 1; rows <= Math.Min(layer.OutHeight, MaxAccumulators / 2); rows++)
        {
            if (2 * rows + layer.KernelHeight + ActivationRegisters(layer) > MaxLiveRegisters)
            {
                continue;
            }
            int rowTiles = ShapeMath.CeilDiv(layer.OutHeight, rows);
            double cycles = RowTileCycles(layer, rows, 2) * rowTiles;
            if (cycles < bestCycles * 0.999)
            {
                best = new RowTilePlan(8, rows, 2, rowTiles, 1);
                bestCycles = cycles;
            }
        }
        return best;
    }

    /// <summary>
    /// The L1 data cache the depthwise plans assume: on AVX2 a channel that fits it packs cheaply (its packed copy read
    /// back from L1); on both paths a larger channel streams, and the plans keep few rows in flight.
    /// </summary>
    internal const int L1DataBytes = 32 * 1024;

    /// <summary>
    /// Whether one channel of the layer's input plane (Height × Width) is larger than <see cref="L1DataBytes"/>: the
    /// input of forward and backward-weights, gradInput (the tensor written) for backward-data.
    /// </summary>
    internal static bool ChannelExceedsL1(LayerSpec layer) => ChannelBytes(layer) > L1DataBytes;

    /// <summary>Bytes of one input channel of the layer.</summary>
    internal static int ChannelBytes(LayerSpec layer) => layer.Height * layer.Width * sizeof(float);

    /// <summary>
    /// Whether the AVX2 path splits a stride-2 depthwise layer's phases in registers (<see cref="DirectConvPlan.SplitTile256"/>):
    /// 3×3, padding 1, even planes (so the last output column and row read no padding), rows of at least 8 outputs
    /// and at least 3 output rows, or rows of 5-7 outputs. Channels larger than the 32 KB L1 data cache split in tiles
    /// of 3 × 8: hand-written, they measured 0.125-0.135 ms on 112×112×64 against 0.164 ms for the packed kernel.
    /// Smaller channels split in taller tiles (<see cref="Emit.SplitRowTile256Emitter.TileRowsOf"/>), which beat
    /// their packing too, although 3 × 8 tiles had not: a probe of the packed 28×28 × 256 kernel with its tiles cut out
    /// left 120 of its 198 ns per channel in packing.
    /// </summary>
    internal static bool SplitsPhasesOnAvx2(LayerSpec layer) => HasSplittablePhases256(layer) || HasNarrowSplittablePhases256(layer);

    /// <summary>
    /// Whether a depthwise 3×3, stride-1, padding-1 layer's rows are read whole on AVX2, one vector per row
    /// (<see cref="DirectConvPlan.WholeRows256"/>, <see cref="BackwardWeightsPlan.WholeRows256"/>): rows of 4-7 outputs
    /// over at least two rows, so that every row's 8-float load stays inside the channel but the last row's, which is
    /// loaded ending at the channel's end (<see cref="Emit.NarrowRow256"/>).
    /// </summary>
    internal static bool ReadsNarrowRowsWhole256(LayerSpec layer) =>
        IsDepthwise3x3Padding1(layer, stride: 1)
        && layer.OutWidth >= 4 && layer.OutWidth < Emit.NarrowRow256.Lanes && layer.Width == layer.OutWidth && layer.OutHeight >= 2;

    /// <summary>
    /// Whether a stride-2 depthwise layer's rows of 5-7 outputs (input rows of 10-14 floats) split in AVX2 registers,
    /// one overlapping column tile per row (<see cref="Emit.SplitRowTile256Emitter"/>): packing such a row into its
    /// phase planes takes two overlapping vector steps per input row, and on 14×14 × 512 (MobileNet's dw8, 1 thread) a
    /// probe with the tiles cut out left 43 of the layer's 51-63 ns per channel.
    /// </summary>
    internal static bool HasNarrowSplittablePhases256(LayerSpec layer) =>
        IsEvenPlaneStride2Depthwise3x3(layer) && layer.OutWidth is >= 5 and < 8;

    /// <summary>
    /// Whether a layer's stride phases can be split in AVX2 registers: 3×3, stride 2, padding 1 depthwise on even
    /// planes (so the last output column and row read no padding), rows of at least 8 outputs, at least 3 output rows.
    /// </summary>
    internal static bool HasSplittablePhases256(LayerSpec layer) =>
        IsEvenPlaneStride2Depthwise3x3(layer) && layer.OutWidth >= 8 && layer.OutHeight >= Emit.SplitRowTile256Emitter.Rows;

    /// <summary>Most output rows of a whole-row tile with one row per vector: 16 accumulators beside the 9 weights, a mask and 3 temporaries.</summary>
    internal const int MaxWholeRows = 16;

    /// <summary>
    /// Most output rows of a split row tile on a channel larger than the L1 data cache, which the layer streams from L3:
    /// a tile walks its column tiles reading 2R + 1 input rows and writing R output rows at once, each row a separate
    /// stream for the hardware prefetchers, as on the AVX2 path (<see cref="Emit.SplitRowTile256Emitter.Rows"/>).
    /// Side by side on the Zen 5 VM (the generated kernels in one process, 1 thread, medians of 21 rounds), 112×112×64:
    /// 3 rows 56.3 µs against 62.9 for 8 (4 rows 60.4, 5 rows 64.3); a noisier second run 78.2 against 88.2. On
    /// 56×56×128 (12.5 KB channels) 3-5 rows were within 1 µs of 7 (4 rows 29.5 against 30.5, not repeated in a second
    /// run), and on 28×28×256 slower, so smaller channels keep
    /// <see cref="MaxSplitRows"/>.
    /// </summary>
    internal const int LargeChannelSplitRows = 3;

    /// <summary>Most output rows of a channel whose rows are split in pairs (rows of 4-7 outputs): 6 accumulators, one straight-line tile.</summary>
    internal const int MaxPairedRows = 12;

    /// <summary>
    /// The register-split row tile for a depthwise 3×3 layer with stride 2, padding 1 and dilation 1 on an even input
    /// (so every output reads input columns [2ox − 1, 2ox + 1] and rows [2oy − 1, 2oy + 1], of which only column and
    /// row −1 are padding), at least 8 output columns wide, or 4-7 wide on 2 to <see cref="MaxPairedRows"/> rows
    /// (two rows per vector); null for any other layer. Rows: as many tiles as <see cref="MaxSplitRows"/> (on channels
    /// larger than L1, <see cref="LargeChannelSplitRows"/>) needs, spread evenly, so a shifted last tile recomputes as
    /// few rows as possible.
    /// </summary>
    internal static SplitRowTilePlan? ChooseSplitRowTile(LayerSpec layer)
    {
        bool splits = IsEvenPlaneStride2Depthwise3x3(layer) && layer.OutWidth >= MinRowTileWidth;
        if (!splits || (layer.OutWidth < SplitRowTilePlan.Lanes / 2 && (layer.OutHeight < 2 || layer.OutHeight > MaxPairedRows)))
        {
            return null;
        }
        if (layer.OutWidth < SplitRowTilePlan.Lanes / 2)
        {
            // Two output rows per vector, the whole channel in one straight-line tile.
            return new SplitRowTilePlan(layer.OutHeight, 1, 1, SplitRowTilePlan.Lanes - 2 * layer.OutWidth, PairsRows: true);
        }
        if (layer.OutWidth >= MinSplitPairWidth)
        {
            int pairRowTiles = ShapeMath.CeilDiv(layer.OutHeight, MaxSplitPairRows);
            (int pairs, bool tail, int second) = TwoVectorColumnTiles(layer.OutWidth);
            return new SplitRowTilePlan(ShapeMath.CeilDiv(layer.OutHeight, pairRowTiles), pairRowTiles, pairs + (tail ? 1 : 0))
            {
                PairTiles = pairs,
                SingleTail = tail,
                SecondVector = second,
                StreamAheadRows = StreamAheadRows(layer.Width),
            };
        }
        int rowTiles = ShapeMath.CeilDiv(layer.OutHeight, ChannelExceedsL1(layer) ? LargeChannelSplitRows : MaxSplitRows);
        int rows = ShapeMath.CeilDiv(layer.OutHeight, rowTiles);
        return new SplitRowTilePlan(rows, rowTiles, ShapeMath.CeilDiv(layer.OutWidth, SplitRowTilePlan.Lanes),
            Math.Max(SplitRowTilePlan.Lanes - layer.OutWidth, 0))
        {
            StreamAheadRows = StreamAheadRows(layer.Width),
        };
    }

    /// <summary>
    /// Most output rows of a split row tile of two vectors per row (<see cref="SplitRowTilePlan.PairTiles"/>, rows of at
    /// least <see cref="MinSplitPairWidth"/> outputs): 8
    /// accumulators beside the 9 weights, 2 permute indices and 10 temporaries (rows of 24-31, split in-lane since
    /// 2026-12-07, keep 16 accumulators of which the rows in progress, at most 8, are live). A probe of the generated tile against
    /// variants (1 thread, bit-identical, 2026-12-07): on 56×56×128 → 28×28 (MobileNet's dw4, one tile of two vectors
    /// overlapping by 4) 4 × 28 ran 1.22-1.24× the 8 × 16 tiles, 6 × 28 1.12-1.14×, 8 × 28 1.00-1.02×; on 112×112×64
    /// → 56×56 (dw2) 4 × 32 1.05-1.07× the 3 × 16 tiles, 3 × 32 0.98-0.99×.
    /// </summary>
    internal const int MaxSplitPairRows = 4;

    /// <summary>
    /// Narrowest output rows that take split tiles of two vectors: on rows of 18 (36×36 → 18×18, two vectors overlapping
    /// by 14) they ran 0.90-0.97× the one-vector tiles, on rows of 28 1.10-1.26× (old and new builds alternating, 1
    /// thread, four runs, 2026-12-07).
    /// </summary>
    internal const int MinSplitPairWidth = 24;

    /// <summary>
    /// Predicted cycles of one depthwise row tile of <paramref name="rows"/> × <paramref name="vectors"/>: its FMAs at two
    /// per cycle, its loads (per kernel column, (rows + kh − 1)·vectors input vectors and kh weight broadcasts) at two per
    /// cycle, or its accumulators' chains of one FMA per tap at 4 cycles each, whichever is longest, plus its stores
    /// and set-up.
    /// </summary>
    internal static double RowTileCycles(LayerSpec layer, int rows, int vectors)
    {
        double fmas = rows * vectors * layer.Taps;
        double loads = layer.KernelWidth * ((rows + layer.KernelHeight - 1) * vectors + layer.KernelHeight);
        return Math.Max(Math.Max(fmas / 2, loads / 2), 4.0 * layer.Taps) + rows * vectors + 16;
    }

    /// <summary>
    /// The depthwise row tile with the fewest predicted cycles: accumulators within <see cref="RegisterBudget"/>, and
    /// accumulators + the kh weights of one kernel column + one input temporary within its registers. Per kernel
    /// column, (Rows + kernel rows − 1)·Vectors input loads feed Rows·Vectors·kernel-rows FMAs.
    /// </summary>
    internal static RowTilePlan ChooseRowTile(LayerSpec layer, int lanes)
    {
        RowTilePlan? best = null;
        double bestCycles = double.MaxValue;
        int outHeight = layer.OutHeight, outWidth = layer.OutWidth, kh = layer.KernelHeight, kw = layer.KernelWidth;
        // A row narrower than the vector: one vector per row, overhanging into the next row.
        int overhang = Math.Max(lanes - outWidth, 0);
        (int maxAccumulators, int registers) = RegisterBudget(lanes);
        for (int vectors = 1; (vectors * lanes <= outWidth || vectors == 1) && vectors <= maxAccumulators; vectors++)
        {
            for (int rows = 1; rows <= outHeight && rows * vectors <= maxAccumulators; rows++)
            {
                if (rows * vectors + kh + ActivationRegisters(layer) > registers || rows * vectors * layer.Taps > MaxUnrolledFmas)
                {
                    continue;
                }
                int rowTiles = ShapeMath.CeilDiv(outHeight, rows), columnTiles = ShapeMath.CeilDiv(outWidth, vectors * lanes);
                double cycles = RowTileCycles(layer, rows, vectors) * rowTiles * columnTiles;
                if (cycles < bestCycles * 0.999)
                {
                    best = new RowTilePlan(lanes, rows, vectors, rowTiles, columnTiles, overhang);
                    bestCycles = cycles;
                }
            }
        }
        return best ?? new RowTilePlan(lanes, 1, 1, outHeight, ShapeMath.CeilDiv(outWidth, lanes), overhang);
    }

    /// <summary>
    /// <paramref name="plan"/> with row-aligned Vector512 and Vector256 tiles (<see cref="WithRowVectors"/>) where they
    /// can store into the NCHW output: the Vector512 tiles of a plan that already does (<see cref="DirectConvPlan.StoresCompacted512"/>),
    /// and the Vector256 tiles of any phased grid plan that compacts its output, whose AVX2 machines then skip the
    /// compaction pass (<see cref="DirectConvPlan.StoresRowAligned256"/>).
    /// </summary>
    internal static DirectConvPlan WithRowAlignedTiles(DirectConvPlan plan, int outHeight, int outWidth)
    {
        return plan with
        {
            Vector512Tile = plan.StoresCompacted512 ? WithRowVectors(plan.Vector512Tile!, outHeight, outWidth) : plan.Vector512Tile,
            Vector256Tile = plan.CompactsOutput && !plan.FusesGroups && plan.Vector256Tile is { ReductionChunk: 0 } tile
                ? WithRowVectors(tile, outHeight, outWidth)
                : plan.Vector256Tile,
        };
    }

    /// <summary>
    /// Most vectors of a tile built from row-aligned vectors (<see cref="TilePlan.RowVectors"/>): each vector reads
    /// through a reference of its own, one general-purpose register per vector (six: the stem's Vector256 tile).
    /// </summary>
    internal const int MaxRowAlignedVectors = 6;

    /// <summary>
    /// <paramref name="tile"/> (a tile that stores into the NCHW output) made of row-aligned vectors where
    /// every output row is a whole number of them, else unchanged. On the stem (112 = 7 × 16 outputs per row, 115-float
    /// grid rows) grid runs of 48 computed 2.9 % spare columns and paid a division and a branch per store; row-aligned
    /// tiles ran 1.037× faster (Zen 5 VM, 1 thread, hand-edited kernel side by side, medians of 9 rounds).
    /// </summary>
    internal static TilePlan WithRowVectors(TilePlan tile, int outHeight, int outWidth)
    {
        int slots = outHeight * (outWidth / tile.Lanes);
        return outWidth % tile.Lanes != 0 || tile.Vectors > MaxRowAlignedVectors || slots < tile.Vectors
            ? tile
            : tile with { RowVectors = outWidth / tile.Lanes, QTiles = ShapeMath.CeilDiv(slots, tile.Vectors) };
    }

    /// <summary>
    /// The tile (rows × vectors) with the fewest predicted cycles for the whole layer, or null when no vector of
    /// <paramref name="lanes"/> fits in the grid.
    /// </summary>
    internal static TilePlan? ChooseTile(LayerSpec layer, int lanes, int grid, int unrolledTaps) =>
        ChooseTile(layer.Groups, layer.GroupOutChannels, layer.GroupInChannels, layer.Taps, lanes, grid, unrolledTaps, ActivationRegisters(layer));

    /// <summary>
    /// The tile for a direct-convolution-shaped problem: <paramref name="groups"/> × <paramref name="groupOut"/> tile
    /// rows, each reducing over <paramref name="groupIn"/> channels × <paramref name="taps"/> taps on a grid of
    /// <paramref name="grid"/> positions. Forward and backward-data (per stride phase) share it.
    /// </summary>
    /// <param name="packedWeightsOnly">
    /// The tile's rows are contiguous per tap: packed weights, as the Winograd GEMM reads, or OIHW read in place by a
    /// backward-data tile (whose rows are input channels). OIHW rows mapping onto one L1 set
    /// (<see cref="MaxWeightRowsPerL1Set"/>) do not limit it.
    /// </param>
    /// <param name="weightRowFloats">Floats between two tile rows' weights, where a repack pads them apart (default GroupIn·Taps).</param>
    /// <param name="weightsStreamFromL3">
    /// The weights stream from L3 whatever the chunk (a Winograd GEMM's U): the Vector512 tile keeps the
    /// <see cref="ChunkWeightBytes"/> chunks measured best for them instead of <see cref="ChunkWeightBytes512"/>.
    /// </param>
    internal static TilePlan? ChooseTile(int groups, int groupOut, int groupIn, int taps, int lanes, int grid, int unrolledTaps, int activationRegisters, bool packedWeightsOnly = false,
        int? weightRowFloats = null, bool weightsStreamFromL3 = false)
    {
        TilePlan? best = null;
        (int maxAccumulators, int maxLive) = RegisterBudget(lanes);
        int registers = maxLive - activationRegisters;
        for (int rows = 1; rows <= Math.Min(groupOut, maxAccumulators); rows++)
        {
            for (int vectors = 1; rows * vectors <= maxAccumulators; vectors++)
            {
                int accumulators = rows * vectors;
                int live = accumulators + Math.Min(rows, vectors) + 1;
                int remainder = groupOut % rows;
                int bodyFmas = unrolledTaps * (accumulators + remainder * vectors);
                if (vectors * lanes > grid || (groupIn > 1 && StreamsInputFromL2(lanes, rows, vectors)) || live > registers || bodyFmas > MaxUnrolledFmas || (!packedWeightsOnly && WeightRowsPerL1Set(weightRowFloats ?? groupIn * taps, rows) > MaxWeightRowsPerL1Set))
                {
                    continue;
                }
                int qTiles = ShapeMath.CeilDiv(grid, vectors * lanes);
                double perStep = (groupOut / rows) * CyclesPerStep(rows, vectors, lanes, groupIn * taps) + (remainder > 0 ? CyclesPerStep(remainder, vectors, lanes, groupIn * taps) : 0);
                double epilogue = (groupOut / rows) * (accumulators + 12) + (remainder > 0 ? remainder * vectors + 12 : 0);
                double cycles = (double)groups * qTiles * (perStep * groupIn * taps + epilogue);
                int blocks = groupOut / rows + (remainder > 0 ? 1 : 0);
                int blockWeightBytes = rows * groupIn * taps * sizeof(float);
                var candidate = new TilePlan(lanes, rows, vectors, remainder, qTiles, cycles)
                {
                    Blocks = blocks,
                    ChunkBlocks = Math.Max(1, Math.Min(blocks, (lanes == 16 && !weightsStreamFromL3 ? ChunkWeightBytes512 : ChunkWeightBytes) / blockWeightBytes)),
                };
                if (best is null || cycles < best.PredictedCycles * 0.999 ||
                    (cycles <= best.PredictedCycles * 1.001 && accumulators > best.Accumulators))
                {
                    best = candidate;
                }
            }
        }
        return best;
    }

    /// <summary>
    /// Bytes one run of reduction channels may touch (its weights for every tile row plus its input rows) when the
    /// reduction is split: a fifth of a 512 KB L2. On 7×7 512 → 512 backward-data (Vector256, 1 thread), runs of 4, 12,
    /// 24 and 48 channels (81, 240, 480 and 960 KB) took 3.7, 3.8, 4.0 and 4.4 ms against 6.4 ms unsplit.
    /// </summary>
    internal const int ReductionChunkBytes = 96 * 1024;

    /// <summary>
    /// Input bytes (all reduction channels) above which the reduction is split: the tiles re-read the whole input once
    /// per channel block, which stays in L2 (512 KB, less a chunk of weights) below it, where a split would only add
    /// the stores and reloads of the sums. ResNet-18's 7×7 backward-data (903 KB of panel) ran 1.7-1.9× faster split
    /// (Vector256, 1 thread, side by side).
    /// </summary>
    internal const int SplitInputBytes = 384 * 1024;

    /// <summary>
    /// <paramref name="tile"/> with <see cref="TilePlan.ReductionChunk"/> set where a split pays: a reduction of
    /// <paramref name="reductionChannels"/> channels of <paramref name="taps"/> taps each, feeding
    /// <paramref name="tileRows"/> output rows from an input of <paramref name="channelStride"/> floats per channel
    /// that exceeds <see cref="SplitInputBytes"/> in all, on a grid of <paramref name="grid"/> positions the tile width
    /// divides (the runs continue stored sums, which overlapping position tiles would count twice). Otherwise the tile
    /// unchanged.
    /// </summary>
    internal static TilePlan? WithReductionChunk(TilePlan? tile, int tileRows, int reductionChannels, int taps, int channelStride, int grid)
    {
        if (tile is null || reductionChannels < 2 || grid % tile.Width != 0 || (long)reductionChannels * channelStride * sizeof(float) <= SplitInputBytes)
        {
            return tile;
        }
        long bytesPerChannel = ((long)tileRows * taps + channelStride) * sizeof(float);
        int chunk = (int)Math.Max(1, ReductionChunkBytes / bytesPerChannel);
        return chunk >= reductionChannels ? tile : tile with { ReductionChunk = chunk };
    }

    /// <summary>
    /// At most this many of a tile's weight rows may map to one L1 set (32 KB, 8-way, 64 sets of 64-byte lines). OIHW
    /// weight rows are GroupIn·Taps floats apart; at multiples of 4 KB (e.g. 1024 input channels) every row of a
    /// 12-row tile hits the same set and the broadcasts thrash L1 (measured: 14 instead of 90 GFLOP/s).
    /// </summary>
    internal const int MaxWeightRowsPerL1Set = 4;

    /// <summary>
    /// The pitch a weight repack gives rows of <paramref name="rowFloats"/> floats: the rows themselves where they are
    /// shorter than a cache line (rows sharing a line share its set, which costs nothing) or the widest tile's rows
    /// already spread over the L1 sets, else one cache line (16 floats) more, which puts row r in set s + r. Rows a multiple of 4 KB long (1024 reduction floats: DCGAN's 4×4 → 8×8, 1024 → 512, phase panels of
    /// 512 channels × 4 taps...) otherwise cap every tile at <see cref="MaxWeightRowsPerL1Set"/> rows.
    /// </summary>
    internal static int PaddedWeightPitch(int rowFloats) =>
        rowFloats < 16 || WeightRowsPerL1Set(rowFloats, MaxAccumulators512) <= MaxWeightRowsPerL1Set ? rowFloats : rowFloats + 16;

    internal static int WeightRowsPerL1Set(int weightRowFloats, int rows)
    {
        long stride = (long)weightRowFloats * sizeof(float);
        var counts = new Dictionary<long, int>();
        int worst = 0;
        for (int r = 0; r < rows; r++)
        {
            long set = r * stride / 64 % 64;
            counts[set] = counts.TryGetValue(set, out int n) ? n + 1 : 1;
            worst = Math.Max(worst, counts[set]);
        }
        return worst;
    }

    /// <summary>
    /// Registers the fused activation's constants occupy across the tile loop (the JIT hoists them): 0 for none (and
    /// for the sigmoid, tanh, SiLU and GELU, which run as a pass over the output), 1 for ReLU (zero) and the leaky ReLU
    /// (its slope), 2 for ReLU6 (zero and six), 3 for the hard sigmoid and hard swish (three, six and a sixth).
    /// </summary>
    internal static int ActivationRegisters(LayerSpec layer) => layer.FusedActivation.Kind switch
    {
        ActivationKind.None => 0,
        ActivationKind.Relu or ActivationKind.LeakyRelu => 1,
        ActivationKind.Relu6 => 2,
        _ => 3,
    };

    /// <summary>
    /// Cycles for one tap of one input channel: two FMAs per cycle, about two loads (vector loads and broadcasts)
    /// per cycle, and at least <see cref="MinCyclesPerStep"/>, since each accumulator is updated once per step.
    /// </summary>
    /// <param name="lanes">The tile's vector lanes: <see cref="MinCyclesPerStep"/> applies up to 8 (AVX2, SSE, scalar).</param>
    /// <param name="reductionSteps">
    /// Steps one accumulator block runs before its stores. Below <see cref="LongReductionSteps"/> a block's chains are
    /// short enough for the out-of-order window to start the next block's independent ones under them, and the plain
    /// 4-cycle latency is the bound.
    /// </param>
    internal static double CyclesPerStep(int rows, int vectors, int lanes, int reductionSteps) =>
        Math.Max(Math.Max(rows * vectors / 2.0, (rows + vectors) / 2.0), lanes <= 8 && reductionSteps >= LongReductionSteps ? MinCyclesPerStep : 4.0);

    /// <summary>
    /// Reduction steps from which a block's accumulator chains hold <see cref="MinCyclesPerStep"/>. A grouped 1×1 layer
    /// of 8 input channels per group (16 → 32 in 2 groups, 28×28, batch 64) ran 10 % slower when 4.5 moved it from
    /// 6×16 (with a 4-channel remainder tile) to 2×48 tiles (faster in 100 of 400 alternating calls).
    /// </summary>
    internal const int LongReductionSteps = 32;

    /// <summary>
    /// The shortest step a tile's accumulator chains allow: the 4-cycle FMA latency, plus half a cycle of scheduling
    /// slack. At exactly 4, a tile of 8 accumulators sits on both the latency and the issue bound and was rated equal
    /// to one of 10-12, which it is not: perf-guide §3.3 measured 2×32 and 4×16 tiles at 89-94 % of peak against
    /// 97-99 % for 6×16. With 4.5, tiles of 8 rate 89 %. Old (4.0) and new generated kernels in one process on the
    /// Zen 3 VM, 1 thread, alternating calls: ResNet-18 stem backward-weights 3.0 against 3.9 ms (6×2 → 2×6 weight tile),
    /// pointwise 56×56 backward-data 1.15-1.20 against 1.35-1.39 ms (2×32 → 2×48), DCGAN 4→8 transposed 3.1-3.2 against
    /// 3.3-3.4 ms (4×16 → 6×16), ResNet-18 7×7 forward 1.80-1.84 against 1.88-2.01 ms (4×16 → 6×16), ResNet-18 28×28
    /// backward-data faster in 75 % of the calls, the training sample's 16 → 32 28×28 pointwise backward-data (batch 64,
    /// 6×16 → 2×40) in 87 %; ResNet-18 28×28 forward (4×16 → 5×16) and DCGAN 16→32 unchanged within 1 %. Not measured
    /// on AVX-512, so the Vector512 tiles keep the bound of 4 they were measured with on the Zen 5 VM.
    /// </summary>
    internal const double MinCyclesPerStep = 4.5;
}
