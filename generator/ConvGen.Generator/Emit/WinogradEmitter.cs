using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the kernel class of a Winograd F(m×m, 3×3) or F(m×m, 5×5) layer (spec §4, the ncnn / oneDNN W_SGD structure): per image the
/// input is packed into zero-padded column-phase planes; then, per block of tiles and in thread-local scratch, the
/// input transform writes V[ξ][C][block], n² register-tiled GEMMs (the direct planner's pointwise tiles) compute
/// M[ξ][K][block] = U[ξ]·V[ξ], and the output transform, fused with bias and activation, writes NCHW. The transforms
/// run 8 (Vector256) or 4 (Vector128) tiles per vector, so the transform code is the scalar algorithm lane by lane
/// and V comes out in exactly the [C][tiles] layout the GEMM reads.
/// </summary>
internal sealed class WinogradEmitter
{
    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly WinogradPlan _plan;
    private readonly DirectConvPlan _gemm;
    private readonly string _className;
    private readonly WinogradTransform _transform;

    /// <summary>
    /// True for a stride-1 backward-data pass run as its rotated forward layer (<see cref="KernelModel.RotatedForward"/>):
    /// the filter transform reads the caller's [OutChannels][InChannels] weights (this class's names) rotated 180°.
    /// </summary>
    private readonly bool _rotatesWeights;

    /// <summary>
    /// For a dilated layer: its phase mosaic, whose undilated layer is <see cref="_layer"/>; <see cref="_dilated"/> is the
    /// dilated forward layer the kernel computes (the declared one, or a backward-data pass's rotated forward layer).
    /// </summary>
    private readonly PhaseMosaicPlan? _mosaic;
    private readonly LayerSpec _dilated;

    public WinogradEmitter(SourceWriter writer, KernelModel model, string className)
    {
        _w = writer;
        _layer = model.PhaseMosaic?.Mosaic ?? model.RotatedForward ?? model.Spec.Layer;
        _mosaic = model.PhaseMosaic;
        _dilated = model.RotatedForward ?? model.Spec.Layer;
        _rotatesWeights = model.RotatedForward is not null;
        _plan = model.Winograd!;
        _gemm = model.Plan;
        _className = className;
        _transform = CookToom.Standard(_plan.OutputTile, _plan.FilterSize);
    }

    public static WinogradTransform TransformFor(WinogradPlan plan) => CookToom.Standard(plan.OutputTile, plan.FilterSize);

    private IEnumerable<(SimdVocabulary Simd, TilePlan Tile)> Paths => GemmPaths(_gemm);

    /// <summary>The instruction-set paths of a Winograd GEMM plan, widest first, the scalar path last.</summary>
    internal static IEnumerable<(SimdVocabulary Simd, TilePlan Tile)> GemmPaths(DirectConvPlan gemm) =>
        SimdVocabulary.Paths(gemm.Vector512Tile, gemm.Vector256Tile, gemm.Vector128Tile, gemm.ScalarTile);

    private int M => _plan.OutputTile;

    /// <summary>
    /// True when the GEMM phase may transform the filters itself, row block by row block: a layer of one tile block (each
    /// image reads all of U once) whose GEMM units are exactly its row blocks on at least one instruction set (a single
    /// position tile). For a single image with weights not yet transformed, writing U out and reading it back costs more
    /// than the transform (9.4 MB at 256 → 256 channels with F(4,3)); see <see cref="EmitRowBlockGemmTask"/>.
    /// </summary>
    private bool TransformsRowBlocks => TransformsRowBlocksFor(_plan, _gemm);

    /// <summary><see cref="TransformsRowBlocks"/> for a plan (the remarks describe it too).</summary>
    internal static bool TransformsRowBlocksFor(WinogradPlan plan, DirectConvPlan gemm) => WinogradPlanner.TransformsRowBlocks(plan, gemm);

    /// <summary>Whether a GEMM plan's units are its row blocks (one position tile), so a slice of units is a range of row blocks (as in <see cref="WinogradPlanner.TransformsRowBlocks"/>).</summary>
    private static bool RowBlockUnits(TilePlan tile) => tile.QTiles == 1;

    /// <summary>Floats between the ξ planes of a row block's U in a slice's buffer: [C][rows] and a cache line, against L1 set conflicts.</summary>
    private int RowBlockStride(TilePlan tile) => tile.Rows * RowBlockChannels(tile) + 16;

    /// <summary>Input channels whose U a slice's buffer holds: all of them, or a run of them for a channel-lane GEMM (<see cref="WinogradChannelLaneGemmEmitter.RunChannels"/>).</summary>
    private int RowBlockChannels(TilePlan tile) =>
        tile.ChannelLanes ? WinogradChannelLaneGemmEmitter.RunChannels(N * N, tile.Rows, _layer.InChannels) : _layer.InChannels;

    /// <summary>
    /// Floats ahead of the first slice's buffer: the GEMM tile reads row block b at b·rows·C of a U plane, so
    /// RowBlockGemms hands it each ξ plane's start as k0·C floats before the buffer's plane; the headroom keeps that
    /// reference inside the allocation (it is never read or written; a later slice's reference lands in the slices
    /// before it). Rounded up to whole cache lines.
    /// </summary>
    private int RowBlockHeadroom(TilePlan tile) => tile.ChannelLanes ? 0 : ((tile.Blocks - 1) * tile.Rows * _layer.InChannels + 15) / 16 * 16;

    /// <summary>
    /// Floats of one slice's buffer: U of one row block with its ξ planes <see cref="RowBlockStride"/> apart (a channel-lane
    /// GEMM, which is handed its panel itself, needs no headroom, and keeps its sums between runs in a stash behind U).
    /// </summary>
    private int RowBlockFloats(TilePlan tile) =>
        N * N * RowBlockStride(tile) + (tile.ChannelLanes ? WinogradChannelLaneGemmEmitter.StashFloats(N * N, tile.Rows) : 0);
    private int N => _plan.InputTile;

    public void Emit(string methodDisplayName, string generatedCodeAttribute)
    {
        _w.WriteLine($"/// <summary>Winograd {_transform.Name} kernel behind <c>{methodDisplayName}</c>; the plan is in that method's remarks.</summary>");
        _w.WriteLine(generatedCodeAttribute);
        using (_w.Block($"file sealed class {_className} : IPinnedKernel, ITransformedWeights"))
        {
            EmitConstants();
            _w.WriteLine();
            EmitRun();
            _w.WriteLine();
            EmitTasks();
            _w.WriteLine();
            new PhasePlanePackingEmitter(_w, M, _layer.Width, _layer.PaddingWidth, _plan.PlaneWidth, gathersMosaicRows: _mosaic is not null).Emit();
            foreach ((SimdVocabulary simd, TilePlan tile) in Paths)
            {
                _w.WriteLine();
                EmitBlock(simd);
                if (TransformPath(simd) == simd)
                {
                    _w.WriteLine();
                    EmitInputTile(simd);
                    _w.WriteLine();
                    EmitOutputTile(simd);
                }
                _w.WriteLine();
                if (tile.ChannelLanes)
                {
                    WinogradChannelLaneGemmEmitter.EmitMembers(_w, simd, tile);
                }
                else
                {
                    new DirectTileEmitter(_w, TileGeometry.Forward(_plan.GemmLayer, _gemm), simd, tile, packedWeights: true).Emit();
                }
                _w.WriteLine();
                EmitGemmTask(_w, simd, tile, "Xi", "g");
                if (WinogradTailGemmEmitter.Applies(Grid, simd, tile))
                {
                    _w.WriteLine();
                    WinogradTailGemmEmitter.EmitMembers(_w, simd, tile, Grid, "Xi", N * N);
                }
                if (TransformsRowBlocks && RowBlockUnits(tile))
                {
                    _w.WriteLine();
                    if (tile.ChannelLanes)
                    {
                        WinogradChannelLaneGemmEmitter.EmitRowBlockGemmTask(_w, simd, tile, RowBlockChannels(tile), RowBlockStride(tile));
                    }
                    else
                    {
                        EmitRowBlockGemmTask(simd, tile);
                    }
                }
            }
            _w.WriteLine();
            EmitWeightTransform();
        }
    }

    private void EmitConstants()
    {
        LayerSpec l = _layer;
        WinogradPlan p = _plan;
        EmitLayerShapeConstants(_w, l);
        _w.WriteLine();
        _w.WriteLine($"// {_transform.Name}, points {_transform.DescribePoints()}: {M}×{M} output tiles from {N}×{N} input tiles, {N * N} transform positions ξ.");
        _w.WriteLine($"private const int M = {M}, N = {N}, Xi = {N * N}, TilesY = {p.TilesY}, TilesX = {p.TilesX}, Tiles = {p.Tiles};");
        EmitBlockConstants(_w, p.Blocks, p.TileBlock, "ξ", l.InChannels, l.OutChannels);
        EmitPlaneConstants(_w, M, p.PlaneHeight, p.PlaneWidth);
        EmitGemmConstants(_w, _gemm, "per-ξ");
        if (_mosaic is not null)
        {
            PhaseMosaicEmitter.EmitConstants(_w, _mosaic, _dilated);
        }
    }

    /// <summary>The layer's shape, image sizes, padding and FLOP counts as constants (shared with the backward-weights Winograd kernel).</summary>
    internal static void EmitLayerShapeConstants(SourceWriter w, LayerSpec l)
    {
        w.WriteLine("// Layer shape.");
        w.WriteLine($"private const int InChannels = {l.InChannels}, OutChannels = {l.OutChannels}, Height = {l.Height}, Width = {l.Width}, OutHeight = {l.OutHeight}, OutWidth = {l.OutWidth};");
        w.WriteLine($"private const int InputImage = {l.InputImage}, OutputImage = {l.OutputImage}, PadTop = {l.PaddingHeight}, PadLeft = {l.PaddingWidth};");
        w.WriteLine($"private const long Flops = {Literal.Long(l.Flops)}, ParallelFlops = {Literal.Long(DirectConvPlanner.ParallelMinimumFlops)};");
    }

    /// <summary>Floats between consecutive planes of V or M: one cache line more than a plane holds (see <see cref="EmitBlockConstants"/>).</summary>
    private static int PaddedPlaneStride(int floats) => floats + 16;

    /// <summary>
    /// The tile-block constants: V[ξ][C][block] and M[<paramref name="mIndex"/>][K][block] in thread-local scratch, and U's
    /// plane stride. The V and M planes are padded by a cache line: the transforms touch all n² of them at once, and at
    /// power-of-two strides (64 channels × 32 tiles × 4 bytes = 8 KB) they would all map to the same L1 sets (measured: the
    /// ResNet-18 56×56 F(4,3) layer ran 1.5× faster once padded).
    /// </summary>
    internal static void EmitBlockConstants(SourceWriter w, int blocks, int tileBlock, string mIndex, int c, int k)
    {
        w.WriteLine($"// Tiles run in {blocks} block(s) of {tileBlock}; V[ξ][C][block] and M[{mIndex}][K][block] live in thread-local scratch, each plane padded by a cache line.");
        w.WriteLine($"private const int TileBlock = {tileBlock}, TileBlocks = {blocks}, VStride = {PaddedPlaneStride(c * tileBlock)}, MStride = {PaddedPlaneStride(k * tileBlock)}, UStride = {c * k};");
    }

    /// <summary>
    /// The packed-input constants: M column-phase planes per channel, and the slack after the last one that the row-split
    /// loads of the input transform may read (at most a vector's lanes − 1 floats past a plane row's end).
    /// </summary>
    internal static void EmitPlaneConstants(SourceWriter w, int m, int planeHeight, int planeWidth)
    {
        w.WriteLine($"// Packed input: per channel {m} column-phase planes of the zero-padded input, {planeHeight}×{planeWidth} each (column u·M + p is element u of plane p);");
        w.WriteLine("// the input transform's row-split loads may read up to 15 floats past the last plane (never used), hence the slack.");
        w.WriteLine($"private const int PlaneHeight = {planeHeight}, PlaneWidth = {planeWidth}, PlaneSize = {planeHeight * planeWidth}, ChannelPlanes = {m * planeHeight * planeWidth}, PlaneSlack = 16;");
    }

    /// <summary>The GEMM written as a pointwise layer (C → K over TileBlock positions) and its tile counts per instruction set.</summary>
    internal static void EmitGemmConstants(SourceWriter w, DirectConvPlan gemm, string which)
    {
        w.WriteLine($"// The {which} GEMM as a pointwise layer: C input channels → K output channels over TileBlock positions.");
        w.WriteLine("private const int GroupIn = InChannels, GroupOut = OutChannels, Taps = 1, ChannelStride = TileBlock, Grid = TileBlock;");
        foreach ((SimdVocabulary simd, TilePlan tile) in GemmPaths(gemm))
        {
            string s = simd.Suffix;
            w.WriteLine($"// {s}: GEMM tiles of {tile.Rows} channel(s) × {tile.Width} tile(s); {tile.Blocks} channel block(s) in {tile.Chunks} chunk(s) × {tile.QTiles} tile group(s).");
            w.WriteLine($"private const int Blocks{s} = {tile.Blocks}, QTiles{s} = {tile.QTiles}, ChunkBlocks{s} = {tile.ChunkBlocks}, LastChunkBlocks{s} = {tile.LastChunkBlocks};");
        }
    }

    /// <summary>An expression choosing a per-path value with the JIT-folded IsHardwareAccelerated checks.</summary>
    internal static string Pick(DirectConvPlan gemm, System.Func<SimdVocabulary, TilePlan, string> value)
    {
        var paths = GemmPaths(gemm).ToList();
        return SimdVocabulary.Pick(paths.Select(p => p.Simd).ToList(), simd => value(simd, paths.First(p => p.Simd == simd).Tile));
    }

    /// <summary>Calls the widest accelerated path's Block method for one block (the JIT folds the checks).</summary>
    internal static void EmitBlockDispatch(SourceWriter w, DirectConvPlan gemm, bool hasBias, bool rowBlocks, string share)
    {
        string bias = hasBias ? "_bias, " : "";
        string rows = rowBlocks ? ", _rowBuffers, _rowSlices" : "";
        foreach (string line in SimdVocabulary.Dispatch("Block", $"planes, _u, {bias}_output, v, m, block{rows}, {share}", GemmPaths(gemm).Select(p => p.Simd).ToList()))
        {
            w.WriteLine(line);
        }
    }

    private void EmitRun() =>
        EmitRunMembers(_w, _gemm, _className, _layer.WeightCount, "Xi * UStride",
            "transformed U, blocked for this instruction set's GEMM tile",
            _rotatesWeights ? $"the backward-data pass's [OutChannels][InChannels][{_plan.FilterSize}][{_plan.FilterSize}] (this class's channel names)" : "OIHW", "U = G·g·G^T",
            TransformsRowBlocks ? EmitRowBlockMembers : null,
            mergesPhases: _mosaic is not null);

    /// <summary>The per-instruction-set constants of the row-block transform that RunLayer sizes its buffers with.</summary>
    private void EmitRowBlockMembers()
    {
        _w.WriteLine("/// <summary>Whether this instruction set's GEMM units are whole row blocks, which a GEMM slice can transform itself (RowBlockGemms).</summary>");
        _w.WriteLine($"private static bool RowBlockUnits => {Pick(_gemm, (_, tile) => RowBlockUnits(tile) ? "true" : "false")};");
        _w.WriteLine();
        _w.WriteLine("/// <summary>GEMM row blocks, floats of one slice's buffer (U of one row block, [ξ][C][rows] with ξ planes a cache line apart), and the headroom ahead of the first (see RowBlockGemms).</summary>");
        _w.WriteLine($"private static int RowBlocks => {Pick(_gemm, (simd, _) => $"Blocks{simd.Suffix}")};");
        _w.WriteLine($"private static int RowBlockFloats => {Pick(_gemm, (_, tile) => Literal.Int(RowBlockFloats(tile)))};");
        _w.WriteLine($"private static int RowBlockHeadroom => {Pick(_gemm, (_, tile) => Literal.Int(RowBlockHeadroom(tile)))};");
        _w.WriteLine();
    }

    /// <summary>
    /// The entry points shared by the Winograd kernels: the packed layout id, the GEMM tile rows, Run (plain weights),
    /// the nested Packed kernel, and RunLayer (weights transformed or cached, then per image: pack, tile blocks).
    /// </summary>
    internal static void EmitRunMembers(SourceWriter w, DirectConvPlan gemm, string className, int weightCount, string transformedFloats,
        string layoutDescription, string weightLayout, string packedName, System.Action? rowBlockMembers = null, bool mergesPhases = false)
    {
        bool rowBlocks = rowBlockMembers is not null;
        w.WriteLine($"/// <summary>Identifies the packed-weight layout ({layoutDescription}).</summary>");
        w.WriteLine($"public static int Layout => {Pick(gemm, (simd, _) => Literal.Int(simd.Lanes))};");
        w.WriteLine();
        w.WriteLine($"private static int TileRows => {Pick(gemm, (_, tile) => Literal.Int(tile.Rows))};");
        w.WriteLine();
        w.WriteLine("/// <summary>Whether this instruction set's GEMMs can split a tile block between slices by row blocks (output channels).</summary>");
        w.WriteLine($"private static bool SharesRowBlocks => {Pick(gemm, (_, tile) => SharesRowBlocks(tile) ? "true" : "false")};");
        w.WriteLine();
        rowBlockMembers?.Invoke();
        w.WriteLine($"/// <summary>Runs the layer with {weightLayout} weights: the filter transform runs first, into the caller's scratch.</summary>");
        w.WriteLine("public static void Run(nint input, nint weights, nint bias, nint output, int batch) => RunLayer(input, weights, bias, output, batch, packedWeights: false);");
        w.WriteLine();
        w.WriteLine($"/// <summary>The same kernel reading {packedName} packed by <see cref=\"Pack\"/>.</summary>");
        using (w.Block("public sealed class Packed : IPinnedKernel"))
        {
            w.WriteLine("public static void Run(nint input, nint weights, nint bias, nint output, int batch) => RunLayer(input, weights, bias, output, batch, packedWeights: true);");
        }
        w.WriteLine();
        w.WriteLine("/// <summary>");
        w.WriteLine("/// Per image, with several threads and tile blocks: each thread takes a contiguous range of whole tile blocks (and its");
        w.WriteLine("/// share of the output channels of the blocks left over) and packs the plane rows they read into its own scratch.");
        w.WriteLine("/// Otherwise: pack the column-phase planes (parallel over channels), then run the tile blocks, whose phases fork across");
        w.WriteLine("/// the threads themselves.");
        w.WriteLine("/// </summary>");
        w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (w.Block("private static void RunLayer(nint input, nint weights, nint bias, nint output, int batch, bool packedWeights)"))
        {
            w.WriteLine("int slices = KernelParallel.Slices(Flops, ParallelFlops, TileBlocks);");
            w.WriteLine("// Shared planes only where one slice runs the blocks; several slices pack their own rows in their own scratch.");
            w.WriteLine("long planeFloats = slices > 1 ? 0 : (long)InChannels * ChannelPlanes + PlaneSlack;");
            EmitTransformedWeights(w, className, weightCount, transformedFloats, rowBlocks);
            string rowArguments = rowBlocks ? ", rowBuffers, rowSlices" : "";
            if (mergesPhases)
            {
                EmitPhaseMosaicImageLoop(w, rowArguments);
                EmitCacheRelease(w, className);
                return;
            }
            using (w.Block("for (int n = 0; n < batch; n++)"))
            {
                w.WriteLine("nint image = input + (nint)n * (InputImage * sizeof(float)), target = output + (nint)n * (OutputImage * sizeof(float));");
                using (w.Block("if (slices > 1)"))
                {
                    w.WriteLine("// Each thread packs the plane rows of its own tile blocks: no plane is written on one core and read on another.");
                    w.WriteLine($"var ranges = new TileBlockRanges(image, 0, u, bias, target{rowArguments});");
                    w.WriteLine("KernelParallel.For(ref ranges, slices);");
                    w.WriteLine("continue;");
                }
                w.WriteLine("var pack = new PackPlanes(image, planes);");
                w.WriteLine("KernelParallel.For(ref pack, KernelParallel.Slices(Flops, ParallelFlops, InChannels));");
                w.WriteLine($"var blocks = new TileBlockRanges(image, planes, u, bias, target{rowArguments});");
                w.WriteLine("blocks.Execute(0, 1);");
            }
            EmitCacheRelease(w, className);
        }
    }

    /// <summary>
    /// RunLayer's image loop for a dilated layer run on its phase mosaic: the tile blocks (packing gathers the mosaic rows
    /// from the input) write the mosaic's output plane into LayerScratch, then a pass parallel over output channels
    /// scatters each plane to the dilated layer's NCHW rows (<see cref="PhaseMosaicEmitter.EmitMergeTask"/>).
    /// </summary>
    private static void EmitPhaseMosaicImageLoop(SourceWriter w, string rowArguments)
    {
        w.WriteLine("// The mosaic layer's output of one image; the merge pass reads each channel's plane on the thread that scatters it.");
        w.WriteLine("nint mosaicOutput = KernelMemory.LayerScratch(OutputImage);");
        using (w.Block("for (int n = 0; n < batch; n++)"))
        {
            w.WriteLine("nint image = input + (nint)n * (DilatedInputImage * sizeof(float)), target = output + (nint)n * (DilatedOutputImage * sizeof(float));");
            using (w.Block("if (slices > 1)"))
            {
                w.WriteLine("// Each thread packs the plane rows of its own tile blocks, gathered from the input rows they come from.");
                w.WriteLine($"var ranges = new TileBlockRanges(image, 0, u, bias, mosaicOutput{rowArguments});");
                w.WriteLine("KernelParallel.For(ref ranges, slices);");
            }
            using (w.Block("else"))
            {
                w.WriteLine("var pack = new PackPlanes(image, planes);");
                w.WriteLine("KernelParallel.For(ref pack, KernelParallel.Slices(Flops, ParallelFlops, InChannels));");
                w.WriteLine($"var blocks = new TileBlockRanges(image, planes, u, bias, mosaicOutput{rowArguments});");
                w.WriteLine("blocks.Execute(0, 1);");
            }
            w.WriteLine("// Whole planes per thread: the outputs of one channel are written by one core, a row (both its column phases) at a time.");
            w.WriteLine("var merge = new PhaseMerge(mosaicOutput, target);");
            w.WriteLine("KernelParallel.For(ref merge, KernelParallel.Slices(Flops, ParallelFlops, OutChannels));");
        }
    }

    private void EmitTasks()
    {
        EmitTasks(_w, _gemm, _layer.HasBias, "Xi", "input transform, n² GEMMs, output transform", TransformsRowBlocks,
            inputPlane: _mosaic is null ? "Height * Width" : "DilatedHeight * DilatedWidth");
        if (_mosaic is not null)
        {
            _w.WriteLine();
            PhaseMosaicEmitter.EmitMergeTask(_w);
        }
    }

    /// <summary>
    /// The tasks of a Winograd image: PackPlanes over input channels, and TileBlockRanges over tile blocks in
    /// thread-local scratch holding V[ξ][C][block], <paramref name="gemms"/> × M[K][block] and, when it packs its own,
    /// the planes.
    /// </summary>
    internal static void EmitTasks(SourceWriter w, DirectConvPlan gemm, bool hasBias, string gemms, string blockSteps, bool rowBlocks = false,
        string inputPlane = "Height * Width")
    {
        KernelTaskEmitter.TaskHeader(w, "Packs a range of input channels into column-phase planes.", "PackPlanes", "input", "planes");
        using (w.Indent())
        {
            w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (w.Block("public void Execute(int index, int count)"))
            {
                KernelTaskEmitter.SliceRange(w, "InChannels");
                using (w.Block("for (int c = begin; c < end; c++)"))
                {
                    w.WriteLine($"PackChannel(ref Unsafe.Add(ref KernelMemory.AsRef(_input), c * ({inputPlane})), ref Unsafe.Add(ref KernelMemory.AsRef(_planes), c * ChannelPlanes), 0, PlaneHeight);");
                }
            }
        }
        w.WriteLine("}");
        w.WriteLine();
        string summary = $"Runs a range of tile blocks ({blockSteps}) in this thread's scratch: on the planes given, or (planes = 0) on the plane rows their tiles read, packed into that scratch first.";
        if (rowBlocks)
        {
            KernelTaskEmitter.TaskHeader(w, "private", summary + " With rowSlices > 0, u holds the weights and the GEMM slices transform them (RowBlockGemms).",
                "TileBlockRanges", new[] { "input", "planes", "u", "bias", "output", "rowBuffers" }, ("int", "rowSlices"));
        }
        else
        {
            KernelTaskEmitter.TaskHeader(w, summary, "TileBlockRanges", "input", "planes", "u", "bias", "output");
        }
        using (w.Indent())
        {
            w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (w.Block("public void Execute(int index, int count)"))
            {
                w.WriteLine("// Whole tile blocks go to the slices in equal contiguous ranges [begin, end), two or more each. The rest, blocks shared to");
                w.WriteLine("// TileBlocks − 1 (a last block of fewer tiles, whole blocks the slices do not divide evenly; every block where a slice");
                w.WriteLine("// would get fewer than two), run on every slice, each taking its share of the GEMMs' row blocks and their output channels:");
                w.WriteLine("// their input transform is repeated, their GEMMs are not, and no output line is written by two cores.");
                w.WriteLine("int own = Tiles / TileBlock / count;");
                w.WriteLine("int begin, end, shared;");
                using (w.Block("if (!SharesRowBlocks)"))
                {
                    w.WriteLine("begin = (int)((long)TileBlocks * index / count);");
                    w.WriteLine("end = (int)((long)TileBlocks * (index + 1) / count);");
                    w.WriteLine("shared = TileBlocks;");
                }
                using (w.Block("else if (own >= 2)"))
                {
                    w.WriteLine("begin = index * own;");
                    w.WriteLine("end = begin + own;");
                    w.WriteLine("shared = count * own;");
                }
                using (w.Block("else"))
                {
                    w.WriteLine("begin = end = shared = 0;");
                }
                w.WriteLine("long ownPlanes = _planes == 0 ? (long)InChannels * ChannelPlanes + PlaneSlack : 0;");
                w.WriteLine($"nint v = KernelMemory.Scratch((long)Xi * VStride + (long){gemms} * MStride + ownPlanes);");
                w.WriteLine("nint m = v + (nint)((long)Xi * VStride * sizeof(float));");
                w.WriteLine("nint planes = _planes;");
                using (w.Block("if (planes == 0)"))
                {
                    w.WriteLine($"planes = m + (nint)((long){gemms} * MStride * sizeof(float));");
                    w.WriteLine("// Tile rows ty read plane rows ty·M to ty·M + N − 1, and one row more where a load runs past a row's end.");
                    w.WriteLine("int firstRow = begin * TileBlock / TilesX * M, endRow = end > begin ? Math.Min(PlaneHeight, (Math.Min(end * TileBlock, Tiles) - 1) / TilesX * M + N + 1) : firstRow;");
                    w.WriteLine("// The shared blocks read the rows from sharedRow to the last tile row's (those not packed already).");
                    w.WriteLine("int sharedRow = shared < TileBlocks ? Math.Max(endRow, shared * TileBlock / TilesX * M) : PlaneHeight;");
                    using (w.Block("for (int c = 0; c < InChannels; c++)"))
                    {
                        w.WriteLine($"ref float channel = ref Unsafe.Add(ref KernelMemory.AsRef(_input), c * ({inputPlane}));");
                        w.WriteLine("ref float channelPlanes = ref Unsafe.Add(ref KernelMemory.AsRef(planes), c * ChannelPlanes);");
                        w.WriteLine("PackChannel(ref channel, ref channelPlanes, firstRow, endRow);");
                        w.WriteLine("PackChannel(ref channel, ref channelPlanes, sharedRow, Math.Min(PlaneHeight, (Tiles - 1) / TilesX * M + N + 1));");
                        using (w.Block("if ((end == TileBlocks || shared < TileBlocks) && firstRow > 0)"))
                        {
                            w.WriteLine("// Vectors past the last tile read the first rows instead (lanes of tiles never stored): packed too, so they hold finite values.");
                            w.WriteLine("PackChannel(ref channel, ref channelPlanes, 0, Math.Min(N + 1, firstRow));");
                        }
                    }
                }
                using (w.Block("for (int block = begin; block < end; block++)"))
                {
                    EmitBlockDispatch(w, gemm, hasBias, rowBlocks, "0, 1");
                }
                using (w.Block("for (int block = shared; block < TileBlocks; block++)"))
                {
                    EmitBlockDispatch(w, gemm, hasBias, rowBlocks, "index, count");
                }
            }
        }
        w.WriteLine("}");
    }

    private void EmitBlock(SimdVocabulary simd) =>
        EmitBlock(_w, simd, _gemm, Grid, N, M * M, _layer.HasBias, "Xi",
            "// n² independent GEMMs M[ξ] (K × block) = U[ξ] (K × C) · V[ξ] (C × block), with the direct planner's register tiles.",
            "Output transform fused with bias and activation; tiles overhanging the output edge store only their inside.",
            () => EmitOutputChannel(simd), TransformsRowBlocks, tailGemms: true, filterSize: _plan.FilterSize);

    private TileGridShape Grid => new(_plan.TilesY, _plan.TilesX, _plan.TileBlock);

    /// <summary>The output transform of output channel k for every vector of the block's tiles.</summary>
    private void EmitOutputChannel(SimdVocabulary simd)
    {
        string s = simd.Suffix;
        int lanes = simd.Lanes;
        _w.WriteLine("ref float mk = ref Unsafe.Add(ref m, k * TileBlock);");
        _w.WriteLine("ref float yk = ref Unsafe.Add(ref output, k * (OutHeight * OutWidth));");
        string biasArg = _layer.HasBias ? simd.Broadcast("Unsafe.Add(ref bias, k)") + ", " : "";
        using (_w.Block($"for (int i = 0; i < TileBlock && t0 + i < Tiles; i += {lanes})"))
        {
            _w.WriteLine($"OutputTile{s}(ref Unsafe.Add(ref mk, i), {biasArg}ref y);");
            EmitTileStores(_w, lanes, M, "M");
        }
    }

    /// <summary>
    /// Stores the output tiles of one vector of <paramref name="lanes"/> tiles (from tile t0 + i) held in y as
    /// y[(a·side + b)·lanes + l], tile t covering output rows (t / TilesX)·side.. and columns (t mod TilesX)·side..;
    /// <paramref name="sideName"/> spells the side in the emitted code. With 8 lanes, tiles wholly inside the output
    /// go out a row at a time with a lane transpose: 2×2 tiles 8 along a tile row, 4×4 tiles in two runs of 4 along
    /// a tile row (the same row, or two rows of an image 4 tiles wide); other vectors of 4×4 tiles go through
    /// <c>KernelStores.StoreTiles4x4</c> (one transpose per row, then each tile where it falls). The rest, lane by lane,
    /// only their inside.
    /// The forward kernel stores its m×m tiles with it, the TDC kernel the 4×4 blocks its four F(2, 3) phases fill.
    /// </summary>
    internal static void EmitTileStores(SourceWriter w, int lanes, int side, string sideName)
    {
        string prefix = "";
        if (lanes == 8 && side == 2)
        {
            w.WriteLine("int tv = t0 + i, tyv = tv / TilesX, txv = tv - tyv * TilesX;");
            w.WriteLine($"// 8 tiles along one tile row, all inside the output: each output row of them is {8 * side} contiguous floats, stored with a lane transpose.");
            using (w.Block($"if (tv + 8 <= Tiles && txv + 8 <= TilesX && (tyv + 1) * {sideName} <= OutHeight && (txv + 8) * {sideName} <= OutWidth)"))
            {
                w.WriteLine($"KernelStores.StoreTileRows2x8(ref y, ref Unsafe.Add(ref yk, tyv * {sideName} * OutWidth + txv * {sideName}), OutWidth);");
            }
            prefix = "else";
        }
        else if (lanes == 8 && side == 4)
        {
            w.WriteLine("int tv = t0 + i, ty0 = tv / TilesX, tx0 = tv - ty0 * TilesX, ty1 = (tv + 4) / TilesX, tx1 = tv + 4 - ty1 * TilesX;");
            w.WriteLine("// Tiles 0-3 and 4-7 each 4 along one tile row (the same row, or two rows of an image 4 tiles wide), all inside the output:");
            w.WriteLine("// each of their 4 output rows is 16 contiguous floats.");
            using (w.Block($"if (tv + 8 <= Tiles && tx0 + 4 <= TilesX && tx1 + 4 <= TilesX && (ty1 + 1) * {sideName} <= OutHeight && (Math.Max(tx0, tx1) + 4) * {sideName} <= OutWidth)"))
            {
                w.WriteLine($"KernelStores.StoreTileRows4x4Pair(ref y, ref Unsafe.Add(ref yk, ty0 * {sideName} * OutWidth + tx0 * {sideName}), ref Unsafe.Add(ref yk, ty1 * {sideName} * OutWidth + tx1 * {sideName}), OutWidth);");
            }
            prefix = "else";
        }
        if (prefix.Length > 0)
        {
            using (w.Block(prefix))
            {
                if (side == 4)
                {
                    w.WriteLine("// Tiles crossing a tile row or overhanging the edge: each row of the 8 tiles transposed once, then each tile's rows where they fall.");
                    w.WriteLine("KernelStores.StoreTiles4x4(ref y, ref yk, tv, TilesX, Tiles, OutHeight, OutWidth);");
                }
                else
                {
                    w.WriteLine("// Tiles crossing a tile row or overhanging the edge: lane by lane, only their inside.");
                    EmitLaneStores(w, lanes, sideName);
                }
            }
        }
        else
        {
            EmitLaneStores(w, lanes, sideName);
        }
    }

    /// <summary>
    /// The vocabulary of the transforms that go with a GEMM path: the Vector512 GEMM keeps the Vector256 transforms.
    /// V and M hold tiles contiguously whatever the vector width, so the two mix freely; and 16 tiles along one tile row
    /// rarely exist (56×56 F(4,3) has 14), so 16-lane transforms would gather nearly every vector lane by lane (measured:
    /// that layer ran 17 % slower than on the Vector256 path).
    /// </summary>
    internal static SimdVocabulary TransformPath(SimdVocabulary gemm) => gemm.Lanes == 16 ? SimdVocabulary.Vector256 : gemm;

    /// <summary>
    /// One tile block of a Winograd kernel as three parallel phases: the input transform over input channels
    /// (<c>InputTransforms{s}</c>), the GEMMs, and the output transform over output channels (<c>OutputTransforms{s}</c>,
    /// whose per-channel body <paramref name="outputChannel"/> emits with the locals k, m, output, bias, t0 and y). A layer
    /// with a single tile block (14×14 and 7×7 planes) thus spreads its transforms over every thread as well as its GEMMs;
    /// inside an already parallel block loop the nested phases run inline. The transforms are those of
    /// <see cref="TransformPath"/>; a path that borrows them emits only its Block method.
    /// </summary>
    /// <param name="grid">The tile grid and block size (where the input transform's vectors fall).</param>
    /// <param name="tileOutputs">Outputs per tile the output transform's buffer y holds: m·m, or (2m)² for TDC's four phases.</param>
    /// <param name="tailGemms">
    /// Whether a last block of few tiles may run the tail GEMMs over the n² GEMMs (<see cref="WinogradTailGemmEmitter"/>,
    /// whose members the caller emits); false keeps the register tiles everywhere.
    /// </param>
    internal static void EmitBlock(SourceWriter w, SimdVocabulary simd, DirectConvPlan gemm, TileGridShape grid, int n, int tileOutputs, bool hasBias, string gemms,
        string gemmComment, string outputComment, System.Action outputChannel, bool rowBlocks = false, bool tailGemms = false, int filterSize = 3)
    {
        SimdVocabulary transforms = TransformPath(simd);
        string s = simd.Suffix, ts = transforms.Suffix;
        int lanes = transforms.Lanes;
        TilePlan tile = GemmPaths(gemm).First(p => p.Simd == simd).Tile;
        string biasParam = hasBias ? "nint bias, " : "";
        w.WriteLine(transforms == simd
            ? $"/// <summary>{s}: one block of {grid.TileBlock} tiles, {lanes} tile(s) per vector.</summary>"
            : $"/// <summary>{s}: one block of {grid.TileBlock} tiles; the GEMMs hold {simd.Lanes} tiles per vector, the transforms are the {ts} path's ({lanes} per vector).</summary>");
        w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        string rowParams = rowBlocks ? ", nint rowBuffers, int rowSlices" : "";
        using (w.Block($"private static void Block{s}(nint planes, nint u, {biasParam}nint output, nint vAddress, nint mAddress, int block{rowParams}, int share, int shares)"))
        {
            w.WriteLine("int t0 = block * TileBlock;");
            bool tail = tailGemms && WinogradTailGemmEmitter.Applies(grid, simd, tile);
            if (tail && grid.LastBlockStopsEarly(lanes))
            {
                w.WriteLine($"// The last block holds fewer tiles: its input transform stops after them (rounded up to a vector of {lanes}), as its tail GEMMs read only those.");
                w.WriteLine($"int tiles = {BlockTiles(lanes)};");
            }
            else if (grid.LastBlockStopsEarly(simd.Lanes))
            {
                w.WriteLine($"// The last block holds fewer tiles: its input transform stops after them (rounded up to a GEMM vector of {simd.Lanes}), its GEMMs after their position tiles.");
                w.WriteLine($"int tiles = {BlockTiles(simd.Lanes)};");
            }
            else
            {
                w.WriteLine("const int tiles = TileBlock;");
            }
            w.WriteLine("// Input transform: V[ξ][c][t] for every channel and tile of the block, parallel over channels.");
            w.WriteLine($"var inputs = new InputTransforms{ts}(planes, vAddress, t0, tiles);");
            w.WriteLine("KernelParallel.For(ref inputs, KernelParallel.Slices(Flops, ParallelFlops, InChannels));");
            if (SharesRowBlocks(tile))
            {
                EmitSharedBlock(w, simd, tile, hasBias, tail);
            }
            w.WriteLine(gemmComment);
            System.Action gemmPhase = tail
                ? () => WinogradTailGemmEmitter.EmitPhase(w, simd, tile, grid, gemms, n * n, () => EmitGemmPhase(w, simd, tile, gemms))
                : () => EmitGemmPhase(w, simd, tile, gemms);
            if (rowBlocks && RowBlockUnits(tile))
            {
                using (w.Block("if (rowSlices > 0)"))
                {
                    w.WriteLine("// u holds the weights: each slice transforms the filters of its row blocks, then runs their GEMMs.");
                    w.WriteLine($"var rowGemms = new RowBlockGemms{s}(vAddress, u, rowBuffers, mAddress);");
                    w.WriteLine("KernelParallel.For(ref rowGemms, rowSlices);");
                }
                using (w.Block("else"))
                {
                    gemmPhase();
                }
            }
            else
            {
                gemmPhase();
            }
            w.WriteLine($"// {outputComment} Parallel over output channels.");
            w.WriteLine($"var outputs = new OutputTransforms{ts}(mAddress, {(hasBias ? "bias, " : "")}output, t0);");
            w.WriteLine("KernelParallel.For(ref outputs, KernelParallel.Slices(Flops, ParallelFlops, OutChannels));");
        }
        if (transforms != simd)
        {
            return;
        }
        w.WriteLine();
        KernelTaskEmitter.RangeTask(w, $"{s}: the input transform of a range of input channels for the block's first tiles.", $"InputTransforms{s}",
            new[] { "planes", "v" }, new[] { ("int", "t0"), ("int", "tiles") }, "InChannels", "c",
            () =>
            {
                w.WriteLine("ref float planes = ref KernelMemory.AsRef(_planes), v = ref KernelMemory.AsRef(_v);");
                w.WriteLine("int t0 = _t0, tiles = _tiles;");
                if (!grid.VectorsStayInRows(lanes) && !SplitsRows(grid, transforms))
                {
                    w.WriteLine($"Span<float> gatherBuffer = stackalloc float[{n * n * lanes}];");
                    w.WriteLine("ref float gather = ref MemoryMarshal.GetReference(gatherBuffer);");
                }
            },
            () => EmitInputTransformChannel(w, simd, n, n - filterSize + 1, grid));
        w.WriteLine();
        KernelTaskEmitter.RangeTask(w, $"{s}: the output transform of a range of output channels for the block's tiles.", $"OutputTransforms{s}",
            hasBias ? new[] { "m", "bias", "output" } : new[] { "m", "output" }, new[] { ("int", "t0") }, "OutChannels", "k",
            () =>
            {
                w.WriteLine("ref float m = ref KernelMemory.AsRef(_m), output = ref KernelMemory.AsRef(_output);");
                if (hasBias)
                {
                    w.WriteLine("ref float bias = ref KernelMemory.AsRef(_bias);");
                }
                w.WriteLine("int t0 = _t0;");
                w.WriteLine($"Span<float> tileBuffer = stackalloc float[{tileOutputs * lanes}];");
                w.WriteLine("ref float y = ref MemoryMarshal.GetReference(tileBuffer);");
            },
            outputChannel, rangeEntry: true);
    }

    /// <summary>The tiles of block t0 rounded up to a vector of <paramref name="lanes"/>, at most TileBlock.</summary>
    private static string BlockTiles(int lanes) =>
        lanes == 1 ? "Math.Min(TileBlock, Tiles - t0)" : $"Math.Min(TileBlock, (Tiles - t0 + {lanes - 1}) / {lanes} * {lanes})";

    /// <summary>
    /// Whether a path's GEMMs can split one tile block between slices by row blocks (their output channels): two or
    /// more row blocks, in one chunk, so that within each position tile a range of row blocks is a range of units.
    /// </summary>
    internal static bool SharesRowBlocks(TilePlan tile) => tile.Blocks >= 2 && tile.Chunks == 1;

    /// <summary>
    /// The lines of a block method for a block every slice runs (shares &gt; 1): after the input transform, which each
    /// slice does whole, the slice runs its contiguous share of the GEMMs' row blocks, then the output transform of
    /// their channels, all on its own core.
    /// </summary>
    private static void EmitSharedBlock(SourceWriter w, SimdVocabulary simd, TilePlan tile, bool hasBias, bool tail)
    {
        string s = simd.Suffix;
        using (w.Block("if (shares > 1)"))
        {
            w.WriteLine("// A block every slice runs: this slice's share of the GEMMs' row blocks, then the output transform of their channels.");
            w.WriteLine($"int rowBegin = Blocks{s} * share / shares, rowEnd = Blocks{s} * (share + 1) / shares;");
            string registerTiles = $"new Gemms{s}(vAddress, u, mAddress, {DirectTileEmitter.LeadingUnits(tile, s, "tiles")}).RunRows(rowBegin, rowEnd);";
            if (tail)
            {
                using (w.Block("if (block == TileBlocks - 1)"))
                {
                    w.WriteLine($"new TailGemms{s}(vAddress, u, mAddress).RunRows(rowBegin, rowEnd);");
                }
                using (w.Block("else"))
                {
                    w.WriteLine(registerTiles);
                }
            }
            else
            {
                w.WriteLine(registerTiles);
            }
            w.WriteLine($"new OutputTransforms{TransformPath(simd).Suffix}(mAddress, {(hasBias ? "bias, " : "")}output, t0).Run(Math.Min(OutChannels, rowBegin * {tile.Rows}), Math.Min(OutChannels, rowEnd * {tile.Rows}));");
            w.WriteLine("return;");
        }
    }

    /// <summary>
    /// Runs the block's GEMMs as one parallel phase over (GEMM, channel block × tile group) units: a layer with a single
    /// tile block spreads them over every thread, and inside an already parallel block loop the call runs inline.
    /// </summary>
    private static void EmitGemmPhase(SourceWriter w, SimdVocabulary simd, TilePlan tile, string gemms)
    {
        string s = simd.Suffix;
        string units = DirectTileEmitter.LeadingUnits(tile, s, "tiles");
        w.WriteLine($"var gemms = new Gemms{s}(vAddress, u, mAddress, {units});");
        w.WriteLine($"KernelParallel.For(ref gemms, KernelParallel.Slices(Flops, ParallelFlops, {gemms} * {units}));");
    }

    /// <summary>
    /// The GEMM task of one instruction set: unit j is GEMM g = j / units (reading V at <paramref name="vIndex"/>, U and M
    /// at g) and its register-tile unit j mod units; each slice runs its contiguous units GEMM by GEMM.
    /// </summary>
    internal static void EmitGemmTask(SourceWriter w, SimdVocabulary simd, TilePlan tile, string gemms, string vIndex)
    {
        string s = simd.Suffix;
        KernelTaskEmitter.TaskHeader(w, "private", $"{s}: a contiguous range of the block's GEMM units (the first <c>units</c> of each GEMM).", $"Gemms{s}", new[] { "v", "u", "m" }, ("int", "units"));
        using (w.Indent())
        {
            w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (w.Block("public void Execute(int index, int count)"))
            {
                w.WriteLine("int units = _units;");
                KernelTaskEmitter.SliceRange(w, $"{gemms} * units");
                using (w.Block("for (int j = begin; j < end;)"))
                {
                    w.WriteLine("int g = j / units, first = j - g * units, last = Math.Min(units, first + (end - j));");
                    w.WriteLine($"{DirectTileEmitter.MethodName(simd, true)}(ref Unsafe.Add(ref KernelMemory.AsRef(_v), {vIndex} * VStride), ref Unsafe.Add(ref KernelMemory.AsRef(_u), g * UStride), ref Unsafe.Add(ref KernelMemory.AsRef(_m), g * MStride), first, last);");
                    w.WriteLine("j += last - first;");
                }
            }
            if (SharesRowBlocks(tile))
            {
                w.WriteLine();
                w.WriteLine($"/// <summary>Row blocks [rowBegin, rowEnd) of every GEMM, for each of the <c>units</c>' position tiles (unit = position tile · Blocks{s} + row block).</summary>");
                w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                using (w.Block("public void RunRows(int rowBegin, int rowEnd)"))
                {
                    using (w.Block($"for (int g = 0; g < {gemms}; g++)"))
                    {
                        using (w.Block($"for (int first = rowBegin; first < _units; first += Blocks{s})"))
                        {
                            w.WriteLine($"{DirectTileEmitter.MethodName(simd, true)}(ref Unsafe.Add(ref KernelMemory.AsRef(_v), {vIndex} * VStride), ref Unsafe.Add(ref KernelMemory.AsRef(_u), g * UStride), ref Unsafe.Add(ref KernelMemory.AsRef(_m), g * MStride), first, first + (rowEnd - rowBegin));");
                        }
                    }
                }
            }
        }
        w.WriteLine("}");
    }

    /// <summary>
    /// The GEMM task that transforms its own filters (<see cref="TransformsRowBlocks"/>): a slice takes a contiguous range
    /// of row blocks; per row block it writes U of the block's filters for every ξ into its own buffer ([ξ][C][rows], about
    /// 220 KB for 6 rows × 256 channels with F(4,3), so it stays in L2), then runs the block's n² GEMMs from there.
    /// </summary>
    private void EmitRowBlockGemmTask(SimdVocabulary simd, TilePlan tile)
    {
        string s = simd.Suffix;
        int stride = RowBlockStride(tile);
        KernelTaskEmitter.TaskHeader(_w, "private", $"{s}: a contiguous range of GEMM row blocks, each transforming its own filters first (u = the weights).",
            $"RowBlockGemms{s}", new[] { "v", "weights", "buffers", "m" });
        using (_w.Indent())
        {
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block("public void Execute(int index, int count)"))
            {
                KernelTaskEmitter.SliceRange(_w, $"Blocks{s}");
                int headroom = RowBlockHeadroom(tile);
                _w.WriteLine(headroom == 0
                    ? "// This slice's buffer (one row block: the GEMM reads each ξ plane from its start)."
                    : $"// This slice's buffer; the first sits behind {Literal.Int(headroom)} floats of headroom, so the GEMM's plane starts, k0·InChannels before each ξ plane, stay inside the allocation.");
                _w.WriteLine($"ref float buffer = ref Unsafe.Add(ref KernelMemory.AsRef(_buffers), {(headroom == 0 ? "" : Literal.Int(headroom) + " + ")}(nint)index * {Literal.Int(RowBlockFloats(tile))});");
                using (_w.Block("for (int block = begin; block < end; block++)"))
                {
                    _w.WriteLine($"int k0 = block * {tile.Rows}, rows = Math.Min({tile.Rows}, OutChannels - k0);");
                    _w.WriteLine($"// U of the row block's filters, ξ planes {Literal.Int(stride)} floats apart.");
                    _w.WriteLine($"TransformPairs(ref KernelMemory.AsRef(_weights), k0, rows, 0, InChannels, ref buffer, {Literal.Int(stride)});");
                    _w.WriteLine("// Its n² GEMMs: the tile reads row block `block` at k0·InChannels of a U plane, so each plane starts that far before the buffer's.");
                    using (_w.Block("for (int g = 0; g < Xi; g++)"))
                    {
                        _w.WriteLine($"{DirectTileEmitter.MethodName(simd, true)}(ref Unsafe.Add(ref KernelMemory.AsRef(_v), g * VStride), ref Unsafe.Subtract(ref Unsafe.Add(ref buffer, g * {Literal.Int(stride)}), k0 * InChannels), ref Unsafe.Add(ref KernelMemory.AsRef(_m), g * MStride), block, block + 1);");
                    }
                }
            }
        }
        _w.WriteLine("}");
    }

    /// <summary>Stores the vector of output tiles in y lane by lane, each tile's inside only.</summary>
    private static void EmitLaneStores(SourceWriter w, int lanes, string side)
    {
        using (w.Block($"for (int l = 0; l < {lanes} && t0 + i + l < Tiles; l++)"))
        {
            w.WriteLine("int t = t0 + i + l, ty = t / TilesX, tx = t - ty * TilesX;");
            w.WriteLine($"int oy = ty * {side}, ox = tx * {side}, rows = Math.Min({side}, OutHeight - oy), columns = Math.Min({side}, OutWidth - ox);");
            using (w.Block("for (int a = 0; a < rows; a++)"))
            {
                using (w.Block("for (int b = 0; b < columns; b++)"))
                {
                    w.WriteLine($"Unsafe.Add(ref yk, (oy + a) * OutWidth + ox + b) = Unsafe.Add(ref y, (a * {side} + b) * {lanes} + l);");
                }
            }
        }
    }

    /// <summary>
    /// The start of a RunLayer whose plain-weights overload transforms the weights: the transform of the last call's
    /// weights is reused when the contents are equal (<c>TransformedWeightsCache</c>), else it runs into the caller's
    /// scratch behind <c>planeFloats</c>; leaves <c>u</c> pointing at the transformed weights and <c>planes</c> at the scratch.
    /// </summary>
    internal static void EmitTransformedWeights(SourceWriter w, string className, int weightCount, string transformedFloats, bool rowBlocks = false)
    {
        w.WriteLine("// Plain weights: reuse their transform when they equal the previous call's, else transform them now (PackWeights does it once).");
        string lookup = $"TransformedWeightsCache<{className}>.Lookup(MemoryMarshal.CreateReadOnlySpan(ref KernelMemory.AsRef(weights), {weightCount}))";
        if (rowBlocks && SkipsCacheForRowBlocks(weightCount))
        {
            w.WriteLine($"// {weightCount * (long)sizeof(float) / 1024} KB of weights: one image's GEMM slices transform them row block by row block in L2, reading them");
            w.WriteLine("// once, where a cache hit would read them and their copy to compare, then U (larger still) from beyond L2.");
            w.WriteLine($"float[]? cached = packedWeights || (batch == 1 && RowBlockUnits) ? null : {lookup};");
        }
        else
        {
            w.WriteLine($"float[]? cached = packedWeights ? null : {lookup};");
        }
        w.WriteLine("bool transform = !packedWeights && cached is null;");
        if (rowBlocks)
        {
            w.WriteLine("// One image reads U once: instead of writing all of U to memory and reading it back, each GEMM slice transforms the");
            w.WriteLine("// filters of its row blocks into a buffer of its own, one row block at a time, just before their GEMMs (u stays the weights).");
            w.WriteLine("int rowSlices = transform && batch == 1 && RowBlockUnits ? KernelParallel.Slices(Flops, ParallelFlops, RowBlocks) : 0;");
            w.WriteLine("transform &= rowSlices == 0;");
            w.WriteLine($"nint planes = KernelMemory.CallerScratch(planeFloats + (transform ? (long){transformedFloats} : rowSlices > 0 ? RowBlockHeadroom + (long)rowSlices * RowBlockFloats : 0));");
            w.WriteLine("nint rowBuffers = rowSlices > 0 ? planes + (nint)(planeFloats * sizeof(float)) : 0;");
        }
        else
        {
            w.WriteLine($"nint planes = KernelMemory.CallerScratch(planeFloats + (transform ? (long){transformedFloats} : 0));");
        }
        w.WriteLine($"nint u = cached is null ? weights : TransformedWeightsCache<{className}>.AddressOf(cached);");
        using (w.Block("if (transform)"))
        {
            w.WriteLine("u = planes + (nint)(planeFloats * sizeof(float));");
            w.WriteLine("// Their output-channel blocks are independent: split across the worker pool.");
            w.WriteLine("var transformTask = new WeightTransformTask(weights, u);");
            w.WriteLine("// Its work, for the slicing rule: about 64 operations per filter and transform position set (the transforms' own sizes vary).");
            w.WriteLine("KernelParallel.For(ref transformTask, KernelParallel.Slices((long)OutChannels * InChannels * 64, ParallelFlops, (OutChannels + TileRows - 1) / TileRows));");
        }
    }

    /// <summary>
    /// The end of a RunLayer that looked its weights up in <c>TransformedWeightsCache</c> (<see cref="EmitTransformedWeights"/>,
    /// and the transposed kernels' repack): the release of <c>cached</c>, so the cache may reuse the array.
    /// </summary>
    internal static void EmitCacheRelease(SourceWriter w, string className)
    {
        w.WriteLine("// The call no longer reads the cached transform: the cache may reuse its array. Not in a finally: after an exception a");
        w.WriteLine("// worker may still be reading it, and a release never made only keeps the array from reuse.");
        w.WriteLine($"TransformedWeightsCache<{className}>.Release(cached);");
    }

    /// <summary>
    /// Whether a single image's call skips <c>TransformedWeightsCache</c> where its GEMM slices transform the filters row
    /// block by row block: for weights larger than <see cref="RowBlocksOverCacheBytes"/>, whose comparison with the
    /// cached copy (both read from L3 or memory) and the cached U (16, 36 or 64 floats per 9-float filter, read back from
    /// there too) cost more than transforming the weights as they are read once. ResNet-18's 3×3 layers with the same
    /// weights on every call, side by side (2026-12-05, after the cache compared bytes instead of floats): 512 → 512 at
    /// 7×7 (9.4 MB, F(2,3)) 1.03-1.12× faster at 1 thread and 1.17-1.43× at 2 transforming per call; 256 → 256 at 14×14
    /// (2.4 MB, F(4,3), whose transform is in double) 1.19-1.24× and 1.11-1.28× faster through the cache.
    /// </summary>
    internal static bool SkipsCacheForRowBlocks(int weightCount) => (long)weightCount * sizeof(float) > RowBlocksOverCacheBytes;

    /// <summary>Weights above this many bytes are transformed per call rather than looked up (<see cref="SkipsCacheForRowBlocks"/>).</summary>
    internal const int RowBlocksOverCacheBytes = 4 * 1024 * 1024;

    /// <summary>
    /// The kernel class's weight transform as a worker-pool task: each slice runs <c>TransformBlocks</c> over its share
    /// of U's output-channel blocks, for the plain overload's changed weights.
    /// </summary>
    internal static void EmitWeightTransformTask(SourceWriter w) =>
        KernelTaskEmitter.PartTask(w, "The weight transform of a share of U's output-channel blocks (<see cref=\"TransformBlocks\"/>), on the worker pool.",
            "WeightTransformTask", "weights", "u", "TransformBlocks");

    /// <summary>
    /// <c>Pack</c>, <c>TransformedFloats</c> and <c>TransformWeights</c> of a kernel class whose transformed weights are
    /// <paramref name="planes"/> planes of UStride floats built by its <c>TransformBlocks(ref weights, ref target, part,
    /// parts)</c>: <c>TransformWeights</c> checks both lengths and runs every block.
    /// </summary>
    /// <param name="transformSummary">The lines of <c>TransformWeights</c>' summary.</param>
    internal static void EmitWeightTransformEntry(SourceWriter w, string className, string planes, int weightCount, string packSummary, IReadOnlyList<string> transformSummary)
    {
        w.WriteLine($"/// <summary>{packSummary}</summary>");
        w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (w.Block("public static PackedWeights Pack(ReadOnlySpan<float> weights, string kernel)"))
        {
            w.WriteLine($"PackedWeights packed = KernelWeights.Allocate({planes} * UStride, kernel, Layout, typeof({className}));");
            w.WriteLine("TransformWeights(weights, KernelWeights.Contents(packed));");
            w.WriteLine("return packed;");
        }
        w.WriteLine();
        w.WriteLine("/// <summary>Floats of U: the transformed weights the plain overload caches.</summary>");
        w.WriteLine($"public static int TransformedFloats => {planes} * UStride;");
        w.WriteLine();
        if (transformSummary.Count == 1)
        {
            w.WriteLine($"/// <summary>{transformSummary[0]}</summary>");
        }
        else
        {
            w.WriteLine("/// <summary>");
            foreach (string line in transformSummary)
            {
                w.WriteLine("/// " + line);
            }
            w.WriteLine("/// </summary>");
        }
        w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (w.Block("public static void TransformWeights(ReadOnlySpan<float> weights, Span<float> target)"))
        {
            string count = Literal.Int(weightCount);
            using (w.Block($"if (weights.Length < {count} || target.Length < {planes} * UStride)"))
            {
                w.WriteLine($"throw new ArgumentException($\"TransformWeights needs {count} weights and {{{planes} * UStride}} floats of U; got {{weights.Length}} and {{target.Length}}.\");");
            }
            w.WriteLine("TransformBlocks(ref MemoryMarshal.GetReference(weights), ref MemoryMarshal.GetReference(target), 0, 1);");
        }
    }

    /// <summary>
    /// Opens the loop over output-channel blocks [part·blocks/parts, (part + 1)·blocks/parts) of a <c>TransformBlocks</c>
    /// method, with <c>k0</c> and <c>rows</c> (the block's first output channel and size) set.
    /// </summary>
    internal static System.IDisposable OpenTransformBlockLoop(SourceWriter w)
    {
        w.WriteLine("// This part's share of U's row blocks: output channels k0 .. k0 + rows − 1 each.");
        w.WriteLine("int tileRows = TileRows, blocks = (OutChannels + tileRows - 1) / tileRows;");
        System.IDisposable loop = w.Block("for (int rowBlock = (int)((long)blocks * part / parts), end = (int)((long)blocks * (part + 1) / parts); rowBlock < end; rowBlock++)");
        w.WriteLine("int k0 = rowBlock * tileRows, rows = Math.Min(tileRows, OutChannels - k0);");
        return loop;
    }

    /// <summary>Most tile rows one vector may span for the row-split loads; wider spans (tiny grids) gather lane by lane.</summary>
    internal const int MaxSplitRows = 4;

    /// <summary>
    /// Emits the input transform of channel c, V[ξ][c][t] for every tile of the block: vectors of tiles along one tile row
    /// read contiguous runs of the column-phase planes. A vector crossing tile rows (or past the last tile) is first
    /// assembled in <c>gather</c> as [r][j][lane]: on vector paths one load per tile row it touches, blended by lane; on
    /// the scalar path, or for a span of more than <see cref="MaxSplitRows"/> rows, lane by lane. A grid whose vectors all
    /// lie inside one tile row gets no gather at all. Uses the constants M, N, TileBlock, TilesY, TilesX, Tiles,
    /// PlaneWidth, PlaneSize, ChannelPlanes and the locals c, planes, v, t0, gather.
    /// </summary>
    private static void EmitInputTransformChannel(SourceWriter w, SimdVocabulary simd, int n, int m, TileGridShape grid) // n = m + r − 1
    {
        int lanes = simd.Lanes, rows = grid.MaxRowsPerVector(lanes);
        bool pastEnd = grid.VectorReachesPastEnd(lanes);
        string wholeRun = $"InputTile{simd.Suffix}(ref Unsafe.Add(ref plane, ty * (M * PlaneWidth) + tx), PlaneWidth, PlaneSize, 1, ref Unsafe.Add(ref vc, i));";
        w.WriteLine("ref float plane = ref Unsafe.Add(ref planes, c * ChannelPlanes);");
        w.WriteLine("ref float vc = ref Unsafe.Add(ref v, c * TileBlock);");
        using (w.Block($"for (int i = 0; i < tiles; i += {lanes})"))
        {
            w.WriteLine("int t = t0 + i, ty = t / TilesX, tx = t - ty * TilesX;");
            if (grid.VectorsStayInRows(lanes))
            {
                w.WriteLine($"// {lanes} tile(s) along one tile row (every vector of this grid is): element (r, j) of each is one contiguous run of its column-phase plane.");
                w.WriteLine(wholeRun);
                return;
            }
            using (w.Block($"if (tx + {lanes} <= TilesX && t + {lanes} <= Tiles)"))
            {
                w.WriteLine($"// {lanes} tile(s) along one tile row: element (r, j) of each is one contiguous run of its column-phase plane.");
                w.WriteLine(wholeRun);
            }
            using (w.Block("else"))
            {
                if (SplitsRows(grid, simd))
                {
                    EmitRowSplitCall(w, simd, rows, pastEnd);
                }
                else
                {
                    EmitLaneGather(w, lanes);
                    w.WriteLine($"InputTile{simd.Suffix}(ref gather, {n * lanes}, {lanes}, {m * lanes}, ref Unsafe.Add(ref vc, i));");
                }
            }
        }
    }

    /// <summary>Whether the vectors of this grid that cross tile rows load one run per row and select by lane (InputTileRows), rather than gather lane by lane.</summary>
    internal static bool SplitsRows(TileGridShape grid, SimdVocabulary simd) =>
        simd.Lanes > 1 && !grid.VectorsStayInRows(simd.Lanes) && grid.MaxRowsPerVector(simd.Lanes) <= MaxSplitRows;

    /// <summary>
    /// A vector of tiles spanning up to <paramref name="rows"/> tile rows: lane l of element (r, j) is column tx + l − q·TilesX
    /// of tile row ty + q, for the q whose run holds it, so InputTileRows loads each element once per tile row (row q's
    /// start offset by −q·TilesX so lanes keep their place) and selects by lane. With <paramref name="pastEnd"/>, rows
    /// past the last tile row read the channel's first rows instead: in bounds, finite, and only in lanes of tiles that
    /// are never stored.
    /// </summary>
    private static void EmitRowSplitCall(SourceWriter w, SimdVocabulary simd, int rows, bool pastEnd)
    {
        string vector = simd.VectorName!;
        // Row q's runs start q·TilesX lanes early, so its first tile lands in lane q·TilesX − tx.
        string Shift(int q) => q == 1 ? "TilesX" : $"{q} * TilesX";
        w.WriteLine($"// Tiles crossing a tile row{(pastEnd ? " or past the last tile" : "")}: element (r, j) of the tiles of tile row ty + q is one run of its plane row,");
        w.WriteLine($"// loaded once per tile row and selected by lane{(pastEnd ? " (rows past the last read the first, for tiles never stored)" : "")}.");
        for (int q = 0; q < rows; q++)
        {
            string offset = q == 0 ? "ty * (M * PlaneWidth) + tx" : $"(ty + {q}) * (M * PlaneWidth) + tx - {Shift(q)}";
            string row = q == 0 ? "ty" : $"ty + {q}";
            w.WriteLine(pastEnd ? $"int row{q} = {row} < TilesY ? {offset} : 0;" : $"int row{q} = {offset};");
        }
        for (int q = 1; q < rows; q++)
        {
            w.WriteLine($"var fromRow{q} = {vector}.GreaterThanOrEqual({vector}<int>.Indices, {vector}.Create({Shift(q)} - tx)).AsSingle();");
        }
        string runs = string.Join(", ", Enumerable.Range(0, rows).Select(q => $"ref Unsafe.Add(ref plane, row{q})"));
        string masks = string.Join("", Enumerable.Range(1, rows - 1).Select(q => $"fromRow{q}, "));
        w.WriteLine($"InputTileRows{simd.Suffix}({runs}, {masks}ref Unsafe.Add(ref vc, i));");
    }

    /// <summary>Gathers a vector of tiles lane by lane into [r][j][lane], zeros past the last tile.</summary>
    private static void EmitLaneGather(SourceWriter w, int lanes)
    {
        w.WriteLine("// Tiles crossing tile rows or past the last tile: gather them (zeros past the end) into [r][j][lane].");
        using (w.Block($"for (int l = 0; l < {lanes}; l++)"))
        {
            w.WriteLine("int tl = t + l, tyl = tl / TilesX, txl = tl - tyl * TilesX;");
            using (w.Block("for (int r = 0; r < N; r++)"))
            {
                using (w.Block("for (int j = 0; j < N; j++)"))
                {
                    w.WriteLine($"Unsafe.Add(ref gather, (r * N + j) * {lanes} + l) = tl < Tiles ? Unsafe.Add(ref plane, j % M * PlaneSize + (tyl * M + r) * PlaneWidth + txl + j / M) : 0f;");
                }
            }
        }
    }

    private void EmitInputTile(SimdVocabulary simd) => EmitInputTiles(_w, simd, _transform, Grid);

    /// <summary>
    /// The straight-line input transform V = B^T·d·B of one vector of tiles (<c>InputTile{s}</c>), and where vectors of
    /// the grid cross tile rows (<see cref="SplitsRows"/>) its twin <c>InputTileRows{s}</c>, which loads each element once
    /// per tile row the vector touches and selects by lane, straight into the transform with no gather buffer.
    /// </summary>
    internal static void EmitInputTiles(SourceWriter w, SimdVocabulary simd, WinogradTransform transform, TileGridShape grid)
    {
        string s = simd.Suffix;
        int m = transform.OutputTileSize;
        w.WriteLine($"/// <summary>{s} input transform V = B^T·d·B of {simd.Lanes} tile(s): d(r, j) is at r·rowStride + (j mod M)·phaseStride + (j div M)·unitStride; V[ξ] is stored ξ·VStride apart.</summary>");
        w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]");
        using (w.Block($"private static void InputTile{s}(ref float src, nint rowStride, nint phaseStride, nint unitStride, ref float vt)"))
        {
            foreach (string line in InputTransformLines(simd, transform, (r, j) =>
                simd.Load(r == 0 ? $"c{j}" : $"Unsafe.Add(ref c{j}, {r} * rowStride)", 0),
                j => $"ref float c{j} = ref Unsafe.Add(ref src, {j % m} * phaseStride + {j / m} * unitStride);"))
            {
                w.WriteLine(line);
            }
        }
        if (!SplitsRows(grid, simd))
        {
            return;
        }
        int rows = grid.MaxRowsPerVector(simd.Lanes);
        string vector = simd.VectorName!;
        w.WriteLine();
        w.WriteLine($"/// <summary>{s} input transform of {simd.Lanes} tile(s) spanning up to {rows} tile rows: d(r, j) of the tiles of row q is at (j mod M)·PlaneSize + r·PlaneWidth + j div M from run q, lanes chosen by the fromRow masks; V[ξ] is stored ξ·VStride apart.</summary>");
        w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        string runs = string.Join(", ", Enumerable.Range(0, rows).Select(q => $"ref float run{q}"));
        string masks = string.Join("", Enumerable.Range(1, rows - 1).Select(q => $"{simd.Type} fromRow{q}, "));
        using (w.Block($"private static void InputTileRows{s}({runs}, {masks}ref float vt)"))
        {
            string Element(int r, int j)
            {
                var terms = new List<string>();
                if (j % m != 0)
                {
                    terms.Add(j % m == 1 ? "PlaneSize" : $"{j % m} * PlaneSize");
                }
                if (r != 0)
                {
                    terms.Add(r == 1 ? "PlaneWidth" : $"{r} * PlaneWidth");
                }
                if (j / m != 0)
                {
                    terms.Add(Literal.Int(j / m));
                }
                string Load(string run) => terms.Count == 0 ? simd.Load(run, 0) : simd.Load(run, string.Join(" + ", terms));
                string d = Load("run0");
                for (int q = 1; q < rows; q++)
                {
                    d = $"{vector}.ConditionalSelect(fromRow{q}, {Load($"run{q}")}, {d})";
                }
                return d;
            }
            foreach (string line in InputTransformLines(simd, transform, Element, null))
            {
                w.WriteLine(line);
            }
        }
    }

    /// <summary>
    /// The lines of V = B^T·d·B for one vector of tiles: <paramref name="element"/>(r, j) loads d(r, j), after the line
    /// <paramref name="columnStart"/>(j) (if any) at the top of column j.
    /// </summary>
    internal static List<string> InputTransformLines(SimdVocabulary simd, WinogradTransform transform, System.Func<int, int, string> element, System.Func<int, string>? columnStart)
    {
        int n = transform.InputTileSize;
        var lines = new List<string>();
        var emitter = new WinogradTransformEmitter(simd);
        var columns = new string[n][];
        for (int j = 0; j < n; j++)
        {
            lines.Add($"// Column {j}: B^T·d[·][{j}].");
            if (columnStart is not null)
            {
                lines.Add(columnStart(j));
            }
            var d = new string[n];
            for (int r = 0; r < n; r++)
            {
                d[r] = $"d{r}_{j}";
                lines.Add($"var {d[r]} = {element(r, j)};");
            }
            columns[j] = emitter.Apply(lines, transform.BT, d, $"t{j}_", PointPairing.Rows, "B^T");
        }
        for (int a = 0; a < n; a++)
        {
            lines.Add($"// Row {a}: (B^T·d)[{a}][·]·B, stored to V[ξ = {a}·{n} + b].");
            string[] row = Enumerable.Range(0, n).Select(j => columns[j][a]).ToArray();
            string[] v = emitter.Apply(lines, transform.BT, row, $"v{a}_", PointPairing.Rows, "B^T");
            for (int b = 0; b < n; b++)
            {
                lines.Add(simd.Store(v[b], "vt", $"{a * n + b} * VStride"));
            }
        }
        return lines;
    }

    /// <summary>The straight-line output transform Y = A^T·M·A (+ bias, activation) of one vector of tiles.</summary>
    private void EmitOutputTile(SimdVocabulary simd)
    {
        string s = simd.Suffix;
        string bias = _layer.HasBias ? $"{simd.Type} bias, " : "";
        _w.WriteLine($"/// <summary>{s} output transform Y = A^T·M·A of {simd.Lanes} tile(s) (M[ξ] is ξ·MStride apart){(_layer.HasBias ? " plus bias" : "")}{(!_layer.FusedActivation.IsNone ? ", then the activation" : "")}; Y[a][b] goes to y[(a·M + b)·lanes].</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void OutputTile{s}(ref float mt, {bias}ref float y)"))
        {
            foreach (string line in OutputTransformLines(simd, _transform, _layer.HasBias, _layer.FusedActivation))
            {
                _w.WriteLine(line);
            }
        }
    }

    internal static List<string> OutputTransformLines(SimdVocabulary simd, WinogradTransform transform, bool hasBias, FusedActivation activation)
    {
        int m = transform.OutputTileSize, n = transform.InputTileSize;
        return new WinogradTransformEmitter(simd).ApplySeparable(transform.AT, PointPairing.Columns, "A^T",
            (a, b) => $"m{a}_{b}",
            (a, b) => $"var m{a}_{b} = {simd.Load("mt", $"{a * n + b} * MStride")};",
            b => $"// Column {b}: A^T·M[·][{b}].", "s",
            p => $"// Row {p}: (A^T·M)[{p}][·]·A{(hasBias ? " + bias" : "")}.", "y",
            (p, q, y) => simd.Store(simd.Activate(hasBias ? $"({y} + bias)" : y, activation), "y", (p * m + q) * simd.Lanes));
    }

    private void EmitWeightTransform()
    {
        EmitWeightTransformEntry(_w, _className, "Xi", _layer.WeightCount,
            "Packs OIHW weights as U = G·g·G^T, [ξ][K block][C][block row], the order the GEMM tiles read them.",
            new[] { $"U[ξ] = (G·g·G^T)[ξ] per (k, c) {(_transform.HasSingleExactG ? "in float (G is dyadic)" : "in double, rounded once to float")}, in the layout the GEMM tiles read." });
        int maxRows = Paths.Max(p => p.Tile.Rows);
        // The staged filters of one step: 16 input channels of a row block, at most 384 pairs (8 channels of a channel-lane GEMM's
        // 48-channel row block), so that its stack buffer stays within 16 × 24 floats per ξ.
        const int StagedPairs = 16 * 24;
        _w.WriteLine();
        _w.WriteLine("/// <summary>U of U's output-channel blocks [part·blocks/parts, (part + 1)·blocks/parts): disjoint runs of every ξ plane.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block("private static void TransformBlocks(ref float weight, ref float target, int part, int parts)"))
        {
            _w.WriteLine($"// U of one row block × up to 16 input channels (at most {StagedPairs} filters), as [ξ][pair]; each ξ is then copied as one contiguous run. The N² target");
            _w.WriteLine("// planes are UStride apart (often a multiple of 4 KB): single floats scattered into all of them at once thrash the caches.");
            _w.WriteLine($"Span<float> staged = stackalloc float[{System.Math.Min(16 * maxRows, StagedPairs)} * N * N];");
            _w.WriteLine($"int stageChannels = Math.Min(16, {StagedPairs} / TileRows);");
            using (OpenTransformBlockLoop(_w))
            {
                using (_w.Block("for (int c0 = 0; c0 < InChannels; c0 += stageChannels)"))
                {
                    _w.WriteLine("int channels = Math.Min(stageChannels, InChannels - c0), count = channels * rows;");
                    _w.WriteLine("TransformPairs(ref weight, k0, rows, c0, channels, ref MemoryMarshal.GetReference(staged), count);");
                    _w.WriteLine("// Pair p of the block sits at k0·InChannels + c0·rows + p of every ξ plane: one run per ξ.");
                    _w.WriteLine("int at = k0 * InChannels + c0 * rows;");
                    using (_w.Block("for (int xi = 0; xi < N * N; xi++)"))
                    {
                        _w.WriteLine("staged.Slice(xi * count, count).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref target, xi * UStride + at), count));");
                    }
                }
            }
        }
        _w.WriteLine();
        EmitWeightTransformTask(_w);
        _w.WriteLine();
        new WinogradFilterTransformEmitter(_w, _transform, _rotatesWeights).Emit();
    }
}
