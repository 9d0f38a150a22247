using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the file-local kernel class of a direct convolution: layer constants, the driver, the input packing, one
/// register-tiled compute method per instruction set behind a folded dispatch, and the grid compaction.
/// Dense layers run three parallel phases per image (pack all channels, tiles, compact); grouped and depthwise layers
/// run one task per (image, group) that does all three in thread-local scratch.
/// </summary>
internal sealed class DirectConvEmitter
{
    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly DirectConvPlan _plan;
    private readonly string _className;
    private readonly bool _rotatesWeights;

    public DirectConvEmitter(SourceWriter writer, KernelModel model, string className)
        : this(writer, model.Spec.Layer, model.Plan, className, rotatesWeights: false)
    {
    }

    /// <param name="rotatesWeights">
    /// True for a stride-1 depthwise backward-data pass emitted as its rotated forward layer: the row tiles read each
    /// channel's kernel rotated 180° and run on gradOutput; there is no packed-weights API.
    /// </param>
    public DirectConvEmitter(SourceWriter writer, LayerSpec layer, DirectConvPlan plan, string className, bool rotatesWeights)
    {
        _w = writer;
        _layer = layer;
        _plan = plan;
        _className = className;
        _rotatesWeights = rotatesWeights;
    }

    /// <summary>The instruction sets this kernel has a compute method for, widest first.</summary>
    private IEnumerable<SimdVocabulary> Isas => _plan.UsesRowTiles
        ? RowTilePaths.Select(p => p.Simd)
        : Paths.Select(p => p.Simd);

    private RowTilePlan RowTile(SimdVocabulary simd) => RowTilePaths.First(p => p.Simd == simd).Tile;

    private IEnumerable<(SimdVocabulary Simd, RowTilePlan Tile)> RowTilePaths =>
        SimdVocabulary.Paths(_plan.RowTile512, _plan.RowTile256, _plan.RowTile128, _plan.RowTileScalar);

    private IEnumerable<(SimdVocabulary Simd, TilePlan Tile)> Paths =>
        SimdVocabulary.Paths(_plan.Vector512Tile, _plan.Vector256Tile, _plan.Vector128Tile, _plan.ScalarTile);

    private string BiasParameter => _layer.HasBias ? "ref float bias, " : "";

    public void Emit(string methodDisplayName, string generatedCodeAttribute)
    {
        _w.WriteLine($"/// <summary>Direct convolution kernel behind <c>{methodDisplayName}</c>; the plan is in that method's remarks.</summary>");
        _w.WriteLine(generatedCodeAttribute);
        using (_w.Block($"file sealed class {_className} : IPinnedKernel"))
        {
            EmitConstants();
            _w.WriteLine();
            if (_plan.FusesGroups)
            {
                EmitFusedRun();
                _w.WriteLine();
                EmitGroupTasks();
            }
            else
            {
                EmitPhasedRun();
                if (_plan.PacksInput)
                {
                    _w.WriteLine();
                    EmitPackInput();
                }
                _w.WriteLine();
                EmitComputeTiles();
                if (_plan.PacksRowsPerThread)
                {
                    _w.WriteLine();
                    EmitPackedRowTiles();
                }
                if (_plan.CompactsOutput)
                {
                    _w.WriteLine();
                    EmitCompactOutput();
                }
            }
            if (_plan.PacksInput && _plan.FusesGroups)
            {
                // Group tasks pack group after group into the same scratch slot(s): borders once, then pixels only.
                _w.WriteLine();
                EmitPackGroup();
                _w.WriteLine();
                new InputPackingEmitter(_w, _layer, _plan, PackingWrites.Interior).EmitPackChannel();
                if (InputPackingEmitter.HasBorders(_layer, _plan))
                {
                    _w.WriteLine();
                    new InputPackingEmitter(_w, _layer, _plan, PackingWrites.Borders).EmitPackChannel();
                }
            }
            else if (_plan.PacksInput)
            {
                _w.WriteLine();
                new InputPackingEmitter(_w, _layer, _plan, rowBands: _plan.PackBands > 1).EmitPackChannel();
            }
            if (_plan.CompactsOutput)
            {
                _w.WriteLine();
                EmitCompactChannel();
            }
            if (_plan.StoresIntoOutput)
            {
                _w.WriteLine();
                EmitStoresIntoOutput();
            }
            _w.WriteLine();
            EmitDispatch();
            if (_plan.UsesRowTiles)
            {
                foreach (SimdVocabulary simd in Isas)
                {
                    _w.WriteLine();
                    new DepthwiseRowTileEmitter(_w, _layer, _plan, simd, RowTile(simd), _rotatesWeights).Emit();
                }
                if (_plan.SplitTile512 is { } split)
                {
                    _w.WriteLine();
                    new SplitRowTileEmitter(_w, _layer, split).Emit();
                }
                if (_plan.WholeRowTile512 is { } wholeRows)
                {
                    _w.WriteLine();
                    new WholeRowTileEmitter(_w, _layer, wholeRows, _rotatesWeights).Emit();
                }
                if (_plan.InPlaceTile512 is { } inPlace)
                {
                    _w.WriteLine();
                    new InPlaceRowTileEmitter(_w, _layer, inPlace, _rotatesWeights, oneRowTile: _plan.SplitsInPlaceRows512).Emit();
                }
                if (_plan.InPlaceTile256 is { } inPlace256)
                {
                    _w.WriteLine();
                    new InPlaceRowTile256Emitter(_w, _layer, inPlace256, _rotatesWeights, _plan.StreamAheadRows256, oneRowTile: _plan.SplitsInPlaceRows256).Emit();
                }
                if (_plan.SplitTile256)
                {
                    _w.WriteLine();
                    new SplitRowTile256Emitter(_w, _layer, _plan.StreamAheadRows256).Emit();
                }
                if (_plan.WholeRows256)
                {
                    _w.WriteLine();
                    new WholeRowTile256Emitter(_w, _layer, _rotatesWeights).Emit();
                }
                if (_plan.ChannelPairs512)
                {
                    _w.WriteLine();
                    new ChannelPairRowEmitter(_w, _layer, _rotatesWeights).Emit();
                }
            }
            else
            {
                foreach (bool packedWeights in new[] { false, true })
                {
                    foreach ((SimdVocabulary simd, TilePlan tile) in Paths)
                    {
                        _w.WriteLine();
                        new DirectTileEmitter(_w, TileGeometry.Forward(_layer, _plan), simd, tile, packedWeights).Emit();
                    }
                }
                if (_plan.InPlaceTile512 is { } inPlace)
                {
                    _w.WriteLine();
                    new InPlaceRowTileEmitter(_w, _layer, inPlace, rotatesWeights: false, oneRowTile: true).Emit();
                }
                if (_plan.InPlaceTile256 is { } inPlace256)
                {
                    _w.WriteLine();
                    new InPlaceRowTile256Emitter(_w, _layer, inPlace256, rotatesWeights: false, _plan.StreamAheadRows256, oneRowTile: true).Emit();
                }
                if (ReadsPlaneInPlace)
                {
                    _w.WriteLine();
                    EmitChannelTaps();
                }
            }
            if (!_rotatesWeights)
            {
                _w.WriteLine();
                EmitPack();
            }
        }
    }

    /// <summary>The layout identifier and the packing routine behind the generated PackWeights method.</summary>
    private void EmitPack()
    {
        string Pick(System.Func<SimdVocabulary, string> value) => SimdVocabulary.Pick(Isas.ToList(), value);
        _w.WriteLine("/// <summary>Identifies the packed-weight layout of the instruction set this process runs on.</summary>");
        _w.WriteLine($"public static int Layout => {Pick(simd => Literal.Int(simd.Lanes))};");
        _w.WriteLine();
        if (_plan.UsesRowTiles)
        {
            _w.WriteLine("/// <summary>Depthwise weights are already one contiguous run per channel: packing is a copy.</summary>");
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block("public static PackedWeights Pack(ReadOnlySpan<float> weights, string kernel)"))
            {
                _w.WriteLine($"PackedWeights packed = KernelWeights.Allocate(weights.Length, kernel, Layout, typeof({_className}));");
                _w.WriteLine("weights.CopyTo(KernelWeights.Contents(packed));");
                _w.WriteLine("return packed;");
            }
            return;
        }
        _w.WriteLine("/// <summary>Packs OIHW weights as [group][channel block][input channel][tap][block row], the order a register tile reads them.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block("public static PackedWeights Pack(ReadOnlySpan<float> weights, string kernel)"))
        {
            _w.WriteLine($"int tileRows = {(ReadsPlaneInPlace ? "PackedTileRows" : PackedTileRows)};");
            _w.WriteLine($"PackedWeights packed = KernelWeights.Allocate(weights.Length, kernel, Layout, typeof({_className}));");
            _w.WriteLine("Span<float> target = KernelWeights.Contents(packed);");
            using (_w.Block("for (int k0 = 0; k0 < OutChannels;)"))
            {
                _w.WriteLine("// A block never crosses a group: the last block of a group has the remainder rows.");
                _w.WriteLine("int rows = Math.Min(tileRows, GroupOut - k0 % GroupOut);");
                _w.WriteLine("int block = k0 * (GroupIn * Taps);");
                using (_w.Block("for (int c = 0; c < GroupIn; c++)"))
                {
                    using (_w.Block("for (int t = 0; t < Taps; t++)"))
                    {
                        using (_w.Block("for (int r = 0; r < rows; r++)"))
                        {
                            _w.WriteLine("target[block + (c * Taps + t) * rows + r] = weights[block + r * (GroupIn * Taps) + c * Taps + t];");
                        }
                    }
                }
                _w.WriteLine("k0 += rows;");
            }
            _w.WriteLine("return packed;");
        }
    }

    private void EmitConstants()
    {
        LayerSpec l = _layer;
        _w.WriteLine("// Layer shape.");
        _w.WriteLine($"private const int InChannels = {l.InChannels}, OutChannels = {l.OutChannels}, Groups = {l.Groups};");
        _w.WriteLine($"private const int GroupIn = {l.GroupInChannels}, GroupOut = {l.GroupOutChannels}, Taps = {l.Taps};");
        _w.WriteLine($"private const int Height = {l.Height}, Width = {l.Width}, OutHeight = {l.OutHeight}, OutWidth = {l.OutWidth};");
        _w.WriteLine($"private const int InputImage = {l.InputImage}, OutputImage = {l.OutputImage};");
        _w.WriteLine($"private const long Flops = {Literal.Long(l.Flops)}, ParallelFlops = {Literal.Long(_plan.ParallelMinimumFlops)};");
        _w.WriteLine();
        if (_plan.PacksInput)
        {
            _w.WriteLine($"// Packed input: per channel {_plan.PhaseCount} zero-padded stride-phase plane(s) of {_plan.PlaneHeight}×{_plan.PlaneWidth}.");
        }
        else
        {
            _w.WriteLine("// Stride 1 and no padding: the taps read the input planes in place.");
        }
        _w.WriteLine($"private const int PlaneWidth = {_plan.PlaneWidth}, PlaneSize = {_plan.PlaneSize}, ChannelStride = {_plan.ChannelStride};");
        if (_plan.PackBands > 1)
        {
            _w.WriteLine($"// Few input channels: each is packed in {_plan.PackBands} bands of its {_plan.PlaneHeight} plane rows, so every thread has packing to do.");
            _w.WriteLine($"private const int PlaneHeight = {_plan.PlaneHeight}, PackBands = {_plan.PackBands};");
        }
        string packedChannels = _plan.FusesGroups ? "GroupIn" : "InChannels";
        string gridChannels = _plan.FusesGroups ? "GroupOut" : "OutChannels";
        if (_plan.ReadSlack > 0)
        {
            _w.WriteLine($"// Overhanging row vectors read up to {_plan.ReadSlack} float(s) past the last plane: the packed buffer has that slack.");
        }
        string slack = _plan.ReadSlack > 0 ? $" + {_plan.ReadSlack}" : "";
        _w.WriteLine($"private const int PackedFloats = {(_plan.PacksInput ? packedChannels + " * ChannelStride" + slack : "0")};");
        if (_plan.UsesRowTiles)
        {
            _w.WriteLine("private const int GridFloats = 0;");
            foreach (SimdVocabulary simd in Isas)
            {
                RowTilePlan tile = RowTile(simd);
                _w.WriteLine($"// {simd.Suffix}: row tiles of {tile.Rows} row(s) × {tile.Width} column(s); {tile.RowTiles} × {tile.ColumnTiles} tiles per channel.");
                _w.WriteLine($"private const int RowTiles{simd.Suffix} = {tile.RowTiles}, ColumnTiles{simd.Suffix} = {tile.ColumnTiles};");
            }
            if (_plan.SplitTile512 is { } split)
            {
                if (split.SplitsInLane)
                {
                    _w.WriteLine($"// 512 without packing: split row tiles of {split.Rows} row(s) × the whole row{(split.PairTiles > 0 ? $" (two vectors, the second at column {split.SecondVector})" : "")}, split in-lane; {split.RowTiles} per channel.");
                    _w.WriteLine($"private const int SplitRowTiles512 = {split.RowTiles};");
                }
                else if (split.PairTiles > 0)
                {
                    EmitPairTileConstants("split", "Split", split.Rows, split.RowTiles, split.PairTiles, split.SingleTail, split.SecondVector, "channel");
                }
                else
                {
                    _w.WriteLine($"// 512 without packing: split row tiles of {split.Rows} row(s) × 16 columns; {split.RowTiles} × {split.ColumnTiles} tiles per channel.");
                    _w.WriteLine($"private const int SplitRowTiles512 = {split.RowTiles}, SplitColumnTiles512 = {split.ColumnTiles};");
                }
            }
            EmitInPlaceConstants();
            return;
        }
        _w.WriteLine("// Grid: output positions q = oy·PlaneWidth + ox computed per output channel; columns ox ≥ OutWidth are dropped.");
        _w.WriteLine($"private const int Grid = {_plan.GridExtent};");
        _w.WriteLine($"private const int GridFloats = {(_plan.CompactsOutput ? gridChannels + " * Grid" : "0")};");
        foreach ((SimdVocabulary simd, TilePlan tile) in Paths)
        {
            string s = simd.Suffix;
            _w.WriteLine($"// {s}: tiles of {tile.Rows} channel(s) × {tile.Width} position(s); per group {tile.Blocks} channel block(s) in {tile.Chunks} chunk(s) × {tile.QTiles} position tile(s).");
            _w.WriteLine($"private const int Blocks{s} = {tile.Blocks}, QTiles{s} = {tile.QTiles}, ChunkBlocks{s} = {tile.ChunkBlocks}, LastChunkBlocks{s} = {tile.LastChunkBlocks};");
            if (tile.RowVectors > 0)
            {
                _w.WriteLine($"// {s}: position tiles of row-aligned vectors, {tile.RowVectors} of {tile.Lanes} outputs per output row, so no lane computes a spare column.");
                _w.WriteLine($"private const int RowVectors{s} = {tile.RowVectors}, OutputVectors{s} = OutHeight * RowVectors{s};");
            }
        }
        if (_plan.InPlaceTile256 is { } inPlace256)
        {
            _w.WriteLine($"// 256 without packing: in-place row tiles of {inPlace256.Rows} row(s) × {inPlace256.Width} columns; {inPlace256.RowTiles} × {inPlace256.ColumnTiles} tiles per plane.");
            _w.WriteLine($"private const int RowTiles256 = {inPlace256.RowTiles}, ColumnTiles256 = {inPlace256.ColumnTiles};");
        }
        EmitInPlaceConstants();
    }

    /// <summary>The constants of the Vector512 in-place row tiles, and the streaming threshold where some tile prefetches.</summary>
    private void EmitInPlaceConstants()
    {
        if (StreamsFromMemory || _plan.StreamAheadRows256 > 0)
        {
            StreamPrefetchEmitter.EmitConstant(_w);
        }
        if (_plan.InPlaceTile512 is { } inPlace)
        {
            string per = _plan.UsesRowTiles ? "channel" : "plane";
            if (inPlace.PairTiles > 0)
            {
                EmitPairTileConstants("in-place", "InPlace", inPlace.Rows, inPlace.RowTiles, inPlace.PairTiles, inPlace.SingleTiles > 0, inPlace.SecondVector, per);
            }
            else
            {
                _w.WriteLine($"// 512 without packing: in-place row tiles of {inPlace.Rows} row(s) × 16 columns; {inPlace.RowTiles} × {inPlace.ColumnTiles} tiles per {per}.");
                _w.WriteLine($"private const int InPlaceRowTiles512 = {inPlace.RowTiles}, InPlaceColumnTiles512 = {inPlace.ColumnTiles};");
            }
        }
    }

    /// <summary>
    /// The constants of AVX-512 depthwise row tiles of two vectors per row (<see cref="Planning.DirectConvPlanner.TwoVectorColumnTiles"/>):
    /// <c>{prefix}RowTiles512</c> and <c>{prefix}PairTiles512</c>, after a comment describing the tiles.
    /// </summary>
    private void EmitPairTileConstants(string kind, string prefix, int rows, int rowTiles, int pairTiles, bool tail, int second, string per)
    {
        _w.WriteLine(second != SplitRowTilePlan.Lanes
            ? $"// 512 without packing: {kind} row tiles of {rows} row(s) × {second + 16} columns (two vectors, the second at column {second}); {rowTiles} per {per}."
            : $"// 512 without packing: {kind} row tiles of {rows} row(s) × 32 columns, {rowTiles} × {pairTiles} per {per}{(tail ? ", and one of 16 columns ending each row tile" : "")}.");
        _w.WriteLine($"private const int {prefix}RowTiles512 = {rowTiles}, {prefix}PairTiles512 = {pairTiles};");
    }

    /// <summary>The two entry points: OIHW weights, and weights packed by <c>Pack</c>.</summary>
    private void EmitEntryPoints()
    {
        if (_rotatesWeights)
        {
            _w.WriteLine("/// <summary>Backward-data as the rotated forward layer: the forward row tiles on gradOutput, reading each channel's kernel rotated 180°.</summary>");
            _w.WriteLine("public static void Run(nint input, nint weights, nint bias, nint output, int batch) => RunLayer(input, weights, bias, output, batch, packedWeights: false);");
            _w.WriteLine();
            return;
        }
        _w.WriteLine("/// <summary>Runs the layer with OIHW weights.</summary>");
        _w.WriteLine("public static void Run(nint input, nint weights, nint bias, nint output, int batch) => RunLayer(input, weights, bias, output, batch, packedWeights: false);");
        _w.WriteLine();
        _w.WriteLine("/// <summary>The same kernel reading weights packed by <see cref=\"Pack\"/>.</summary>");
        using (_w.Block("public sealed class Packed : IPinnedKernel"))
        {
            _w.WriteLine("public static void Run(nint input, nint weights, nint bias, nint output, int batch) => RunLayer(input, weights, bias, output, batch, packedWeights: true);");
        }
        _w.WriteLine();
    }

    private void EmitPhasedRun()
    {
        bool scratch = _plan.PacksInput || _plan.CompactsOutput;
        bool rowsPerThread = _plan.PacksRowsPerThread;
        EmitEntryPoints();
        _w.WriteLine(rowsPerThread
            ? "/// <summary>Runs the layer one image at a time: packing and tiles (on several threads, each packing the rows of its own tiles), then compaction.</summary>"
            : "/// <summary>Runs the layer one image at a time: packing, tiles and compaction, each split across threads.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block("private static void RunLayer(nint input, nint weights, nint bias, nint output, int batch, bool packedWeights)"))
        {
            if (rowsPerThread)
            {
                EmitRowsPerThreadScratch();
            }
            else if (scratch && ReadsPlaneInPlace)
            {
                string who = PlanDescription.InPlacePlaneIsas(_plan) + (_plan.SplitsInPlaceRows512 && _plan.SplitsInPlaceRows256 ? " read" : " reads");
                _w.WriteLine(_layer.OutChannels == 1
                    ? $"// {who} the input plane in place, their threads taking ranges of row tiles: no packing phase, no shared scratch."
                    : $"// {who} each group's input plane in place, their threads taking ranges of (group, row tile) units: no packing phase, no shared scratch.");
                _w.WriteLine($"bool inPlace = {InPlaceCondition};");
                _w.WriteLine($"nint packed = inPlace ? 0 : KernelMemory.Scratch({ScratchFloats});");
                if (_plan.CompactsOutput)
                {
                    _w.WriteLine("nint grid = packed + PackedFloats * sizeof(float);");
                }
                if (InPlacePrefetches)
                {
                    _w.WriteLine("// A call whose tensors outgrow the cache streams them from memory: the in-place tiles then prefetch ahead.");
                    _w.WriteLine("bool prefetch = (long)batch * (InputImage + OutputImage) > StreamingFloats;");
                }
            }
            else if (scratch)
            {
                _w.WriteLine($"nint scratch = KernelMemory.Scratch({ScratchFloats});{(_plan.StoresIntoOutput ? " // no grid where the tiles store into the output" : "")}");
                if (_plan.PacksInput)
                {
                    _w.WriteLine("nint packed = scratch;");
                }
                if (_plan.CompactsOutput)
                {
                    _w.WriteLine("nint grid = scratch + PackedFloats * sizeof(float);");
                }
            }
            if (!rowsPerThread)
            {
                _w.WriteLine(ReadsPlaneInPlace ? $"int units = Groups * (inPlace ? {InPlaceRowTiles} : UnitsPerGroup);" : "int units = Groups * UnitsPerGroup;");
            }
            using (_w.Block("for (int n = 0; n < batch; n++)"))
            {
                _w.WriteLine("nint image = input + (nint)n * (InputImage * sizeof(float));");
                _w.WriteLine("nint result = output + (nint)n * (OutputImage * sizeof(float));");
                string target = !_plan.CompactsOutput ? "result" : LeavesNoGrid is { } noGrid ? $"{noGrid} ? result : grid" : "grid";
                if (rowsPerThread)
                {
                    using (_w.Block("if (slices > 1)"))
                    {
                        _w.WriteLine($"var rows = new PackedRowTiles(image, weights, bias, {target}, packedWeights);");
                        _w.WriteLine("KernelParallel.For(ref rows, slices);");
                    }
                }
                using (rowsPerThread ? _w.Block("else") : (IDisposable?)null)
                {
                    if (_plan.PacksInput)
                    {
                        using (ReadsPlaneInPlace ? _w.Block("if (!inPlace)") : (IDisposable?)null)
                        {
                            _w.WriteLine("var pack = new PackInput(image, packed);");
                            _w.WriteLine(_plan.PackBands > 1
                                ? "KernelParallel.For(ref pack, KernelParallel.Slices(Flops, ParallelFlops, InChannels * PackBands));"
                                : "KernelParallel.For(ref pack, KernelParallel.Slices(Flops, ParallelFlops, InChannels));");
                        }
                    }
                    string source = ReadsPlaneInPlace ? "inPlace ? image : packed" : _plan.PacksInput ? "packed" : "image";
                    _w.WriteLine($"var tiles = new ComputeTiles({source}, weights, bias, {target}, packedWeights{(InPlacePrefetches ? ", prefetch" : "")});");
                    _w.WriteLine(rowsPerThread ? "tiles.Execute(0, 1);" : "KernelParallel.For(ref tiles, KernelParallel.Slices(Flops, ParallelFlops, units));");
                }
                if (_plan.CompactsOutput)
                {
                    using (LeavesNoGrid is { } written ? _w.Block(written.Contains(" ") ? $"if (!({written}))" : $"if (!{written})") : (IDisposable?)null)
                    {
                        _w.WriteLine("var compact = new CompactOutput(grid, result);");
                        _w.WriteLine("KernelParallel.For(ref compact, KernelParallel.Slices(Flops, ParallelFlops, OutChannels));");
                    }
                }
            }
        }
    }

    /// <summary>
    /// RunLayer's test for the calls whose tiles write the NCHW output themselves, leaving no grid to compact: the tiles
    /// that read the planes in place, and those that store into the output; null where every path compacts.
    /// </summary>
    private string? LeavesNoGrid => (ReadsPlaneInPlace, _plan.StoresIntoOutput) switch
    {
        (true, true) => "inPlace || StoresIntoOutput",
        (true, false) => "inPlace",
        (false, true) => "StoresIntoOutput",
        _ => null,
    };

    /// <summary>Floats of the grid in RunLayer's scratch: none where the running path's tiles store straight into the output (GridFloats is 0 where the output is not compacted).</summary>
    private string GridScratchFloats => _plan.StoresIntoOutput ? "StoresIntoOutput ? 0 : GridFloats" : "GridFloats";

    /// <summary>Floats of RunLayer's scratch: the packed planes, then the grid.</summary>
    private string ScratchFloats => $"(long)PackedFloats + {(_plan.StoresIntoOutput ? $"({GridScratchFloats})" : GridScratchFloats)}";

    /// <summary>RunLayer's slices and buffers where threads pack their own rows (<see cref="DirectConvPlan.PacksRowsPerThread"/>).</summary>
    private void EmitRowsPerThreadScratch()
    {
        _w.WriteLine("int slices = KernelParallel.Slices(Flops, ParallelFlops, Groups * UnitsPerGroup);");
        _w.WriteLine("// One slice packs the planes in its scratch, then runs the tiles. Several each pack the plane rows their own position tiles");
        _w.WriteLine("// read into their own scratch (PackedRowTiles), so no plane is written on one core and read on another; the grid they");
        _w.WriteLine("// share then lives in the caller's scratch.");
        _w.WriteLine($"nint scratch = slices > 1 ? KernelMemory.CallerScratch({GridScratchFloats}) : KernelMemory.Scratch({ScratchFloats});");
        _w.WriteLine("nint packed = scratch;");
        if (_plan.CompactsOutput)
        {
            _w.WriteLine("nint grid = slices > 1 ? scratch : scratch + PackedFloats * sizeof(float);");
        }
    }

    /// <summary>
    /// The task of <see cref="DirectConvPlan.PacksRowsPerThread"/>: a slice of the units packs the plane rows its position tiles read
    /// (from the first tile's grid row to the last one's, the taps' rows below and one more for a run past a row's end)
    /// into this thread's scratch, then computes them.
    /// </summary>
    private void EmitPackedRowTiles()
    {
        int tapRows = (_layer.KernelHeight - 1) * _layer.DilationHeight / _layer.StrideHeight;
        var paths = Paths.Select(p => p.Simd).ToList();
        TilePlan Tile(SimdVocabulary simd) => Paths.First(p => p.Simd == simd).Tile;
        _w.WriteLine("/// <summary>Positions per register tile, and units per position tile, on the instruction set this process runs on.</summary>");
        _w.WriteLine($"private static int TileWidth => {SimdVocabulary.Pick(paths, simd => Literal.Int(Tile(simd).Width))};");
        _w.WriteLine($"private static int UnitsPerPositionTile => {SimdVocabulary.Pick(paths, simd => Tile(simd).Blocks > 1 ? $"Blocks{simd.Suffix}" : "1")};");
        _w.WriteLine();
        EmitTileRows();
        _w.WriteLine();
        KernelTaskEmitter.TaskHeader(_w, "private", "Packs the plane rows a contiguous range of units reads into this thread's scratch, then computes the units.", "PackedRowTiles",
            new[] { "input", "weights", "bias", "output" }, ("bool", "packedWeights"));
        using (_w.Indent())
        {
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block("public void Execute(int index, int count)"))
            {
                KernelTaskEmitter.SliceRange(_w, "Groups * UnitsPerGroup");
                _w.WriteLine("(int rowBegin, int lastRow) = TileRows(begin / UnitsPerPositionTile, (end - 1) / UnitsPerPositionTile);");
                _w.WriteLine($"// Their plane rows: each grid row the tiles compute reads {tapRows} row(s) below it for the taps, and one more where a grid run passes a row's end.");
                _w.WriteLine($"int rowEnd = Math.Min(PlaneHeight, lastRow + {tapRows + 2});");
                _w.WriteLine("nint packed = KernelMemory.Scratch(PackedFloats);");
                using (_w.Block("for (int c = 0; c < InChannels; c++)"))
                {
                    _w.WriteLine("PackChannelRows(ref Unsafe.Add(ref KernelMemory.AsRef(_input), c * (Height * Width)), ref Unsafe.Add(ref KernelMemory.AsRef(packed), c * ChannelStride), rowBegin, rowEnd);");
                }
                _w.WriteLine(TilesCall("packed"));
            }
        }
        _w.WriteLine("}");
    }

    /// <summary>
    /// <c>TileRows</c>: the first and last grid rows position tiles [firstTile, lastTile] compute on the instruction set
    /// this process runs on (the last tile of the grid shifted back to end at its edge). Where some path has row-aligned
    /// tiles it picks <c>AlignedTileRows</c> for those paths and <c>GridTileRows</c> for the paths that run over the grid.
    /// </summary>
    private void EmitTileRows()
    {
        const string summary = "/// <summary>The first and last grid rows position tiles [firstTile, lastTile] compute (the last tile of the grid ends at its edge).</summary>";
        void GridRows(string name, string summaryLine)
        {
            _w.WriteLine(summaryLine);
            using (_w.Block($"private static (int First, int Last) {name}(int firstTile, int lastTile)"))
            {
                _w.WriteLine("int first = Math.Min(firstTile * TileWidth, Grid - TileWidth), last = Math.Min(lastTile * TileWidth, Grid - TileWidth) + TileWidth - 1;");
                _w.WriteLine("return (first / PlaneWidth, last / PlaneWidth);");
            }
        }
        if (!Paths.Any(p => p.Tile.RowVectors > 0))
        {
            GridRows("TileRows", summary);
            return;
        }
        string Rows(SimdVocabulary simd) => Paths.First(p => p.Simd == simd).Tile is { RowVectors: > 0 } tile
            ? $"AlignedTileRows(firstTile, lastTile, {tile.Vectors}, RowVectors{simd.Suffix}, OutputVectors{simd.Suffix})"
            : "GridTileRows(firstTile, lastTile)";
        _w.WriteLine(summary);
        _w.WriteLine("private static (int First, int Last) TileRows(int firstTile, int lastTile) =>");
        _w.WriteLine($"    {SimdVocabulary.Pick(Paths.Select(p => p.Simd).ToList(), Rows)};");
        _w.WriteLine();
        GridRows("GridTileRows", "/// <summary>TileRows of tiles that run over the grid: TileWidth positions each.</summary>");
        _w.WriteLine();
        _w.WriteLine("/// <summary>TileRows of tiles of <paramref name=\"vectors\"/> row-aligned vectors, <paramref name=\"rowVectors\"/> per row (<paramref name=\"outputVectors\"/> in all): vector s lies in grid row s / rowVectors.</summary>");
        using (_w.Block("private static (int First, int Last) AlignedTileRows(int firstTile, int lastTile, int vectors, int rowVectors, int outputVectors)"))
        {
            _w.WriteLine("return (Math.Min(firstTile * vectors, outputVectors - vectors) / rowVectors, (Math.Min(lastTile * vectors, outputVectors - vectors) + vectors - 1) / rowVectors);");
        }
    }

    private void EmitFusedRun()
    {
        EmitEntryPoints();
        _w.WriteLine("/// <summary>Runs the layer as one parallel phase over (image, group) tasks.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block("private static void RunLayer(nint input, nint weights, nint bias, nint output, int batch, bool packedWeights)"))
        {
            _w.WriteLine("var tasks = new GroupTasks(input, weights, bias, output, batch, packedWeights);");
            _w.WriteLine("KernelParallel.For(ref tasks, KernelParallel.Slices(Flops * batch, ParallelFlops, batch * Groups));");
        }
    }

    private void EmitPackInput()
    {
        bool bands = _plan.PackBands > 1;
        KernelTaskEmitter.RangeTask(_w, bands ? "Packs a range of (input channel, row band) units." : "Packs a range of input channels.", "PackInput",
            new[] { "input", "packed" }, System.Array.Empty<(string, string)>(), bands ? "InChannels * PackBands" : "InChannels", bands ? "unit" : "c",
            prologue: () =>
            {
                _w.WriteLine("ref float input = ref KernelMemory.AsRef(_input);");
                _w.WriteLine("ref float packed = ref KernelMemory.AsRef(_packed);");
            },
            body: () =>
            {
                if (bands)
                {
                    _w.WriteLine("int c = unit / PackBands, band = unit % PackBands;");
                    _w.WriteLine("PackChannelRows(ref Unsafe.Add(ref input, c * (Height * Width)), ref Unsafe.Add(ref packed, c * ChannelStride), band * PlaneHeight / PackBands, (band + 1) * PlaneHeight / PackBands);");
                }
                else
                {
                    _w.WriteLine("PackChannel(ref Unsafe.Add(ref input, c * (Height * Width)), ref Unsafe.Add(ref packed, c * ChannelStride));");
                }
            });
    }

    /// <summary>A task's call of Tiles for its units [begin, end), reading the packed planes (or input) at <paramref name="input"/>.</summary>
    private string TilesCall(string input) =>
        $"Tiles(ref KernelMemory.AsRef({input}), ref KernelMemory.AsRef(_weights), {(_layer.HasBias ? "ref KernelMemory.AsRef(_bias), " : "")}ref KernelMemory.AsRef(_output), begin, end, _packedWeights);";

    private void EmitComputeTiles()
    {
        string summary = ReadsPlaneInPlace
            ? "Computes a contiguous range of work units: (group, row tile) of the planes read in place, or (group, chunk, position tile, channel block) on the packed paths."
            : "Computes a contiguous range of work units (group, chunk, position tile, channel block).";
        var values = new List<(string, string)> { ("bool", "packedWeights") };
        if (InPlacePrefetches)
        {
            values.Add(("bool", "prefetch"));
        }
        KernelTaskEmitter.TaskHeader(_w, "private", summary, "ComputeTiles", new[] { "input", "weights", "bias", "output" }, values.ToArray());
        using (_w.Indent())
        {
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block("public void Execute(int index, int count)"))
            {
                if (_plan.SplitsInPlaceRows512)
                {
                    EmitInPlaceRowRange();
                }
                if (_plan.SplitsInPlaceRows256)
                {
                    EmitInPlaceRowRange256();
                }
                KernelTaskEmitter.SliceRange(_w, "Groups * UnitsPerGroup");
                _w.WriteLine(TilesCall("_input"));
            }
        }
        _w.WriteLine("}");
    }

    /// <summary>
    /// The AVX-512 branch of the tiles phase of a layer that reads its planes in place
    /// (<see cref="DirectConvPlan.SplitsInPlaceRows512"/>): this thread's range of (group, row tile) units, reading the
    /// image's NCHW planes.
    /// </summary>
    private void EmitInPlaceRowRange()
    {
        using (_w.Block($"if ({SimdVocabulary.Avx512Condition})"))
        {
            _w.WriteLine("// AVX-512 reads the image's planes in place: this thread's range of (group, row tile) units.");
            KernelTaskEmitter.SliceRange(_w, "Groups * InPlaceRowTiles512", "unitBegin", "unitEnd");
            EmitInPlaceReferences();
            using (PlaneUnitLoop("InPlaceRowTiles512"))
            {
                EmitGroupChannelCalls(k => $"{InPlaceRowTileEmitter.MethodName}(ref plane, {ChannelWeights(k)}, {ChannelBias(k)}{ChannelOutput(k)}, rowTile{(_plan.InPlaceTile512!.StreamAheadRows > 0 ? ", _prefetch" : "")});");
            }
            _w.WriteLine("return;");
        }
    }

    /// <summary>
    /// The loop over this thread's (group, row tile) units [unitBegin, unitEnd) of planes of <paramref name="rowTiles"/>
    /// row tiles, opening with the unit's group g, its row tile and the group's input plane.
    /// </summary>
    private System.IDisposable PlaneUnitLoop(string rowTiles)
    {
        System.IDisposable loop = _w.Block("for (int unit = unitBegin; unit < unitEnd; unit++)");
        _w.WriteLine($"int g = unit / {rowTiles}, rowTile = unit % {rowTiles};");
        _w.WriteLine("ref float plane = ref Unsafe.Add(ref input, g * (Height * Width));");
        return loop;
    }

    /// <summary>The task's tensors as references, and where the weights are blocked, the buffer a channel's taps are gathered into (<see cref="EmitChannelTaps"/>).</summary>
    private void EmitInPlaceReferences()
    {
        _w.WriteLine("ref float input = ref KernelMemory.AsRef(_input);");
        _w.WriteLine("ref float weights = ref KernelMemory.AsRef(_weights);");
        if (_layer.HasBias)
        {
            _w.WriteLine("ref float bias = ref KernelMemory.AsRef(_bias);");
        }
        _w.WriteLine("ref float output = ref KernelMemory.AsRef(_output);");
        if (!_plan.UsesRowTiles)
        {
            _w.WriteLine("Span<float> taps = stackalloc float[Taps];");
        }
    }

    /// <summary>
    /// The calls for the row tile of group g's output channels, one after the other: the channels after the first read
    /// the tile's input rows again from cache.
    /// </summary>
    private void EmitGroupChannelCalls(System.Func<string, string> call)
    {
        if (_layer.GroupOutChannels == 1)
        {
            _w.WriteLine(call("g"));
            return;
        }
        _w.WriteLine("// The row tile of each of the group's output channels in turn: after the first, its input rows come from cache.");
        using (_w.Block("for (int k = g * GroupOut; k < (g + 1) * GroupOut; k++)"))
        {
            _w.WriteLine(call("k"));
        }
    }

    /// <summary>The weights argument for output channel <paramref name="k"/>: its run of OIHW (or depthwise packed, the same) weights, or its gathered taps.</summary>
    private string ChannelWeights(string k) => _plan.UsesRowTiles
        ? $"ref Unsafe.Add(ref weights, {k} * Taps)"
        : $"ref ChannelTaps(ref weights, {k}, _packedWeights, taps)";

    private string ChannelBias(string k) => _layer.HasBias ? $"ref Unsafe.Add(ref bias, {k}), " : "";

    private static string ChannelOutput(string k) => $"ref Unsafe.Add(ref output, {k} * (OutHeight * OutWidth))";

    /// <summary>The tile rows a packed channel block has on the instruction set this process runs on: <c>Pack</c>'s blocking.</summary>
    private string PackedTileRows => SimdVocabulary.Pick(Isas.ToList(), simd => Literal.Int(Paths.First(p => p.Simd == simd).Tile.Rows));

    /// <summary>
    /// The helper that hands the in-place tiles of a grid plan (which read a channel's 9 taps as one run) an output
    /// channel's taps: OIHW in place, or gathered from the blocked layout <c>Pack</c> writes.
    /// </summary>
    private void EmitChannelTaps()
    {
        _w.WriteLine("/// <summary>The tile rows of a packed channel block on the instruction set this process runs on.</summary>");
        _w.WriteLine($"private static int PackedTileRows => {PackedTileRows};");
        _w.WriteLine();
        _w.WriteLine("/// <summary>");
        _w.WriteLine("/// Output channel k's taps as one run, which the in-place tiles read: in place at k·Taps of OIHW weights, or gathered");
        _w.WriteLine("/// into <paramref name=\"taps\"/> from the packed layout (blocks of PackedTileRows channels, [tap][block row], never across a group).");
        _w.WriteLine("/// </summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block("private static ref float ChannelTaps(ref float weights, int k, bool packedWeights, Span<float> taps)"))
        {
            using (_w.Block("if (!packedWeights)"))
            {
                _w.WriteLine("return ref Unsafe.Add(ref weights, k * Taps);");
            }
            _w.WriteLine("// Channel k is row `row` of the block starting at channel `first`, which has `rows` rows.");
            _w.WriteLine("int row = k % GroupOut % PackedTileRows, first = k - row;");
            _w.WriteLine("int rows = Math.Min(PackedTileRows, GroupOut - first % GroupOut);");
            using (_w.Block("for (int t = 0; t < Taps; t++)"))
            {
                _w.WriteLine("taps[t] = Unsafe.Add(ref weights, first * Taps + t * rows + row);");
            }
            _w.WriteLine("return ref MemoryMarshal.GetReference(taps);");
        }
    }

    /// <summary>Whether some path of a phased plan reads the planes in place (a single channel, or filter banks per plane), so RunLayer skips packing there.</summary>
    private bool ReadsPlaneInPlace => _plan.SplitsInPlaceRows512 || _plan.SplitsInPlaceRows256;

    /// <summary>Whether those in-place tiles take the streaming prefetch flag, which RunLayer sets per call from the batch.</summary>
    private bool InPlacePrefetches =>
        _plan.SplitsInPlaceRows512 && _plan.InPlaceTile512!.StreamAheadRows > 0 || _plan.SplitsInPlaceRows256 && _plan.StreamAheadRows256 > 0;

    /// <summary>
    /// The test of an AVX2 branch that reads NCHW directly: AVX2 machines, and AVX-512 ones too unless the layer has a
    /// packed Vector512 tile (a row tile, or a grid plan's tile), which those take instead.
    /// </summary>
    private string Avx2Branch => SimdVocabulary.Avx2Condition + (_plan.RowTile512 is not null || !_plan.UsesRowTiles && _plan.Vector512Tile is not null ? " && !Vector512.IsHardwareAccelerated" : "");

    /// <summary>RunLayer's test for the paths that read the plane in place.</summary>
    private string InPlaceCondition =>
        _plan.SplitsInPlaceRows512 && _plan.SplitsInPlaceRows256 ? $"({SimdVocabulary.Avx512Condition}) || {SimdVocabulary.Avx2Condition}"
        : _plan.SplitsInPlaceRows512 ? SimdVocabulary.Avx512Condition
        : Avx2Branch;

    /// <summary>The in-place paths' row tiles, which their threads share out.</summary>
    private string InPlaceRowTiles =>
        _plan.SplitsInPlaceRows512 && _plan.SplitsInPlaceRows256 ? $"({SimdVocabulary.Avx512Condition} ? InPlaceRowTiles512 : RowTiles256)"
        : _plan.SplitsInPlaceRows512 ? "InPlaceRowTiles512" : "RowTiles256";

    /// <summary>
    /// The AVX2 branch of the tiles phase of a layer that reads its planes in place
    /// (<see cref="DirectConvPlan.SplitsInPlaceRows256"/>): this thread's range of (group, row tile) units. A row tile
    /// whose input rows include a plane's first or last row would load one float before or after the plane (masked off,
    /// but outside the tensor on its first and last plane): it copies those rows into a band in the thread's scratch,
    /// between zero vectors, and reads them there with the same tile code.
    /// </summary>
    private void EmitInPlaceRowRange256()
    {
        RowTilePlan tile = _plan.InPlaceTile256!;
        int rows = tile.Rows, edgeFloats = InPlaceRowTile256Emitter.EdgeFloats(tile.Width);
        using (_w.Block($"if ({Avx2Branch})"))
        {
            _w.WriteLine("// AVX2 reads the image's planes in place: this thread's range of (group, row tile) units.");
            KernelTaskEmitter.SliceRange(_w, "Groups * RowTiles256", "unitBegin", "unitEnd");
            _w.WriteLine($"// This thread's scratch: the edge masks and zero row, then a band of {rows + 2} input rows between two zero vectors.");
            _w.WriteLine($"ref float edges = ref KernelMemory.AsRef(KernelMemory.Scratch({edgeFloats + 16}L + {rows + 2} * Width));");
            _w.WriteLine($"ref float band = ref Unsafe.Add(ref edges, {edgeFloats + 8});");
            InPlaceRowTile256Emitter.EmitEdgeScratch(_w, tile.Width);
            _w.WriteLine($"Vector256<float>.Zero.StoreUnsafe(ref Unsafe.Subtract(ref band, 8)); Vector256<float>.Zero.StoreUnsafe(ref band, {rows + 2} * Width);");
            EmitInPlaceReferences();
            using (PlaneUnitLoop("RowTiles256"))
            {
                _w.WriteLine($"int oy = Math.Min(rowTile * {rows}, OutHeight - {rows});");
                _w.WriteLine("// Where the tile reads its input rows: the plane, from its row 0, or the band.");
                _w.WriteLine("ref float source = ref plane;");
                _w.WriteLine("int rowOrigin = 0;");
                using (_w.Block($"if (oy <= 1 || oy + {rows} >= OutHeight - 1)"))
                {
                    _w.WriteLine($"// Input rows oy − 1 .. oy + {rows} include the plane's first or last row: copy them into the band (the rows outside the image");
                    _w.WriteLine("// zero) and read them there.");
                    using (_w.Block($"for (int j = 0; j < {rows + 2}; j++)"))
                    {
                        _w.WriteLine("int row = oy - 1 + j;");
                        _w.WriteLine("ref byte bandRow = ref Unsafe.As<float, byte>(ref Unsafe.Add(ref band, j * Width));");
                        using (_w.Block("if ((uint)row < Height)"))
                        {
                            _w.WriteLine("Unsafe.CopyBlockUnaligned(ref bandRow, ref Unsafe.As<float, byte>(ref Unsafe.Add(ref plane, row * Width)), Width * sizeof(float));");
                        }
                        using (_w.Block("else"))
                        {
                            _w.WriteLine("Unsafe.InitBlockUnaligned(ref bandRow, 0, Width * sizeof(float));");
                        }
                    }
                    _w.WriteLine("source = ref band;");
                    _w.WriteLine("rowOrigin = oy - 1;");
                }
                string prefetch = _plan.StreamAheadRows256 > 0 ? ", _prefetch && rowOrigin == 0" : "";
                EmitGroupChannelCalls(k => $"{InPlaceRowTile256Emitter.MethodName}(ref source, {ChannelWeights(k)}, {ChannelBias(k)}{ChannelOutput(k)}, ref edges, rowTile, rowOrigin{prefetch});");
            }
            _w.WriteLine("return;");
        }
    }

    private void EmitPackGroup()
    {
        _w.WriteLine("/// <summary>Copies the input pixels of work unit (image, group) into a packing slot whose borders are already zero.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block("private static void PackGroup(ref float input, ref float packed, int unit)"))
        {
            _w.WriteLine("int n = unit / Groups, g = unit % Groups;");
            _w.WriteLine("ref float source = ref Unsafe.Add(ref input, n * InputImage + g * (GroupIn * Height * Width));");
            using (_w.Block("for (int c = 0; c < GroupIn; c++)"))
            {
                _w.WriteLine("PackInterior(ref Unsafe.Add(ref source, c * (Height * Width)), ref Unsafe.Add(ref packed, c * ChannelStride));");
            }
        }
    }

    private void EmitCompactOutput()
    {
        KernelTaskEmitter.RangeTask(_w, "Copies a range of output channels from the grid to the NCHW output.", "CompactOutput",
            new[] { "grid", "output" }, System.Array.Empty<(string, string)>(), "OutChannels", "k",
            prologue: () =>
            {
                _w.WriteLine("ref float grid = ref KernelMemory.AsRef(_grid);");
                _w.WriteLine("ref float output = ref KernelMemory.AsRef(_output);");
            },
            body: () => _w.WriteLine("CompactChannel(ref Unsafe.Add(ref grid, k * Grid), ref Unsafe.Add(ref output, k * (OutHeight * OutWidth)));"));
    }

    private void EmitGroupTasks()
    {
        KernelTaskEmitter.TaskHeader(_w, "private", "Packs, computes and compacts whole groups of whole images, in this thread's scratch.", "GroupTasks",
            new[] { "input", "weights", "bias", "output" }, ("int", "batch"), ("bool", "packedWeights"));
        using (_w.Indent())
        {
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block("public void Execute(int index, int count)"))
            {
                KernelTaskEmitter.SliceRange(_w, "_batch * Groups");
                _w.WriteLine("ref float input = ref KernelMemory.AsRef(_input);");
                _w.WriteLine("ref float weights = ref KernelMemory.AsRef(_weights);");
                if (_layer.HasBias)
                {
                    _w.WriteLine("ref float bias = ref KernelMemory.AsRef(_bias);");
                }
                _w.WriteLine("ref float output = ref KernelMemory.AsRef(_output);");
                if (_plan.SkipsPacking512)
                {
                    EmitUnpackedTasks();
                }
                if (_plan.InPlaceTile256 is not null)
                {
                    EmitInPlace256Tasks();
                }
                if (_plan.SplitTile256)
                {
                    EmitUnpacked256Tasks(SplitRowTile256Emitter.MethodName, "// AVX2 splits the stride phases in registers too, reading the NCHW input directly: nothing to pack.", _plan.StreamAheadRows256 > 0);
                }
                if (_plan.WholeRows256)
                {
                    EmitUnpacked256Tasks(WholeRowTile256Emitter.MethodName, "// AVX2 reads the NCHW input directly too, one vector per row: nothing to pack.", prefetches: false);
                }
                string slots = !_plan.PacksInput ? "0L" : _plan.DoubleBuffersPacking ? "2L * PackedFloats" : "(long)PackedFloats";
                string slotCount = _plan.DoubleBuffersPacking ? "2 * " : "";
                if (_plan.PacksInput || _plan.CompactsOutput)
                {
                    _w.WriteLine($"ref float packed = ref KernelMemory.AsRef(KernelMemory.Scratch({slots} + GridFloats));");
                }
                if (_plan.CompactsOutput)
                {
                    _w.WriteLine($"ref float grid = ref Unsafe.Add(ref packed, {(_plan.PacksInput ? slotCount + "PackedFloats" : "0")});");
                }
                if (_plan.PacksInput)
                {
                    if (_plan.DoubleBuffersPacking)
                    {
                        _w.WriteLine("// Two packing slots: the next group is packed while this one is computed, so the tiles never load floats");
                        _w.WriteLine("// stored a moment before (a load spanning fresh stores waits for them to retire).");
                    }
                    if (InputPackingEmitter.HasBorders(_layer, _plan))
                    {
                        _w.WriteLine("// The zero borders are the same for every channel: written once per task.");
                        using (_w.Block($"for (int c = 0; c < {slotCount}GroupIn; c++)"))
                        {
                            _w.WriteLine(_plan.DoubleBuffersPacking
                                ? "ZeroBorders(ref Unsafe.Add(ref packed, c / GroupIn * PackedFloats + c % GroupIn * ChannelStride));"
                                : "ZeroBorders(ref Unsafe.Add(ref packed, c * ChannelStride));");
                        }
                    }
                    if (_plan.DoubleBuffersPacking)
                    {
                        using (_w.Block("if (begin < end)"))
                        {
                            _w.WriteLine("PackGroup(ref input, ref packed, begin);");
                        }
                    }
                }
                using (_w.Block("for (int unit = begin; unit < end; unit++)"))
                {
                    _w.WriteLine("int n = unit / Groups, g = unit % Groups;");
                    if (!_plan.PacksInput)
                    {
                        _w.WriteLine("ref float source = ref Unsafe.Add(ref input, n * InputImage + g * (GroupIn * Height * Width));");
                    }
                    _w.WriteLine("ref float target = ref Unsafe.Add(ref output, n * OutputImage + g * (GroupOut * OutHeight * OutWidth));");
                    if (_plan.DoubleBuffersPacking)
                    {
                        _w.WriteLine("ref float current = ref Unsafe.Add(ref packed, ((unit - begin) & 1) * PackedFloats);");
                        _w.WriteLine("// Pack the next group into the other slot.");
                        using (_w.Block("if (unit + 1 < end)"))
                        {
                            _w.WriteLine("PackGroup(ref input, ref Unsafe.Add(ref packed, ((unit + 1 - begin) & 1) * PackedFloats), unit + 1);");
                        }
                    }
                    else if (_plan.PacksInput)
                    {
                        _w.WriteLine("// Pack this group's input channels.");
                        _w.WriteLine("ref float current = ref packed;");
                        _w.WriteLine("PackGroup(ref input, ref packed, unit);");
                    }
                    string bias = _layer.HasBias ? "ref Unsafe.Add(ref bias, g * GroupOut), " : "";
                    _w.WriteLine("// Every tile of this group.");
                    _w.WriteLine($"Tiles(ref {(_plan.PacksInput ? "current" : "source")}, ref Unsafe.Add(ref weights, g * (GroupOut * GroupIn * Taps)), {bias}ref {(_plan.CompactsOutput ? "grid" : "target")}, 0, UnitsPerGroup, _packedWeights);");
                    if (_plan.CompactsOutput)
                    {
                        _w.WriteLine("// Drop the grid's spare columns.");
                        using (_w.Block("for (int k = 0; k < GroupOut; k++)"))
                        {
                            _w.WriteLine("CompactChannel(ref Unsafe.Add(ref grid, k * Grid), ref Unsafe.Add(ref target, k * (OutHeight * OutWidth)));");
                        }
                    }
                }
            }
        }
        _w.WriteLine("}");
    }

    /// <summary>
    /// The Vector256 branch of a layer with an in-place tile (<see cref="DirectConvPlan.InPlaceTile256"/>): every
    /// (image, channel) straight from the NCHW input, except the tensor's first and last channels, whose outer taps
    /// would load one float before or after the input; those two are packed as on the other paths.
    /// </summary>
    private void EmitInPlace256Tasks()
    {
        string condition = _plan.RowTile512 is not null ? "Vector256.IsHardwareAccelerated && !Vector512.IsHardwareAccelerated" : "Vector256.IsHardwareAccelerated";
        using (_w.Block($"if ({condition})"))
        {
            _w.WriteLine("// Vector256 reads the NCHW input in place; only the tensor's first and last channels are packed.");
            int edgeFloats = InPlaceRowTile256Emitter.EdgeFloats(_plan.InPlaceTile256!.Width);
            _w.WriteLine($"ref float edges = ref KernelMemory.AsRef(KernelMemory.Scratch({edgeFloats}L + PackedFloats));");
            _w.WriteLine($"ref float edgeChannel = ref Unsafe.Add(ref edges, {edgeFloats});");
            InPlaceRowTile256Emitter.EmitEdgeScratch(_w, _plan.InPlaceTile256.Width);
            string prefetch = StreamPrefetchEmitter.EmitCheck(_w, _plan.StreamAheadRows256 > 0);
            using (_w.Block("for (int unit = begin; unit < end; unit++)"))
            {
                _w.WriteLine("int n = unit / Groups, g = unit % Groups;");
                _w.WriteLine("ref float target = ref Unsafe.Add(ref output, n * OutputImage + g * (OutHeight * OutWidth));");
                string bias = _layer.HasBias ? "ref Unsafe.Add(ref bias, g), " : "";
                using (_w.Block("if (unit == 0 || unit == _batch * Groups - 1)"))
                {
                    _w.WriteLine("// The tensor's first or last channel: its outer taps would read one float before or after the input.");
                    _w.WriteLine("ZeroBorders(ref edgeChannel);");
                    _w.WriteLine("PackGroup(ref input, ref edgeChannel, unit);");
                    _w.WriteLine($"Tiles256(ref edgeChannel, ref Unsafe.Add(ref weights, g * Taps), {bias}ref target, 0, RowTiles256 * ColumnTiles256);");
                    _w.WriteLine("continue;");
                }
                _w.WriteLine($"{InPlaceRowTile256Emitter.MethodName}({UnpackedChannelArguments("ref target")}, ref edges{prefetch});");
            }
            _w.WriteLine("return;");
        }
    }

    /// <summary>
    /// The arguments of a method that computes channel g of image n straight from the NCHW input: the channel's input,
    /// its weights, its bias (where the layer has one) and <paramref name="output"/>.
    /// </summary>
    private string UnpackedChannelArguments(string output) =>
        $"ref Unsafe.Add(ref input, n * InputImage + g * (Height * Width)), ref Unsafe.Add(ref weights, g * Taps), {(_layer.HasBias ? "ref Unsafe.Add(ref bias, g), " : "")}{output}";

    /// <summary>
    /// The AVX2 branch of a layer with split or whole-row tiles (<see cref="DirectConvPlan.SplitTile256"/>,
    /// <see cref="DirectConvPlan.WholeRows256"/>): every (image, channel) straight from the NCHW input through
    /// <paramref name="method"/>.
    /// </summary>
    private void EmitUnpacked256Tasks(string method, string comment, bool prefetches)
    {
        string condition = Avx2Branch;
        using (_w.Block($"if ({condition})"))
        {
            _w.WriteLine(comment);
            string prefetch = StreamPrefetchEmitter.EmitCheck(_w, prefetches);
            using (_w.Block("for (int unit = begin; unit < end; unit++)"))
            {
                _w.WriteLine("int n = unit / Groups, g = unit % Groups;");
                _w.WriteLine($"{method}({UnpackedChannelArguments("ref Unsafe.Add(ref output, n * OutputImage + g * (OutHeight * OutWidth))")}{prefetch});");
            }
            _w.WriteLine("return;");
        }
    }

    /// <summary>The AVX-512 branch of a split-, whole-row or in-place-tile layer's task: every (image, channel) straight from the NCHW input.</summary>
    private void EmitUnpackedTasks()
    {
        using (_w.Block($"if ({SimdVocabulary.Avx512Condition})"))
        {
            _w.WriteLine(_plan.SplitTile512 is not null
                ? "// AVX-512 splits the stride phases in registers, reading the NCHW input directly: nothing to pack."
                : _plan.WholeRowTile512 is not null
                ? "// AVX-512 reads the NCHW input directly, whole rows per vector: nothing to pack."
                : "// AVX-512 reads the NCHW input in place, the padding shifted in at the rows' ends: nothing to pack.");
            string prefetch = StreamPrefetchEmitter.EmitCheck(_w, StreamsFromMemory);
            using (_w.Block("for (int unit = begin; unit < end; unit++)"))
            {
                _w.WriteLine("int n = unit / Groups, g = unit % Groups;");
                string arguments = UnpackedChannelArguments("ref Unsafe.Add(ref output, n * OutputImage + g * (OutHeight * OutWidth))");
                if (_plan.ChannelPairs512)
                {
                    using (_w.Block("if (unit + 1 < end && g + 1 < Groups)"))
                    {
                        _w.WriteLine("// Channels g and g + 1 of image n together; a range's or image's odd channel out runs alone.");
                        _w.WriteLine($"{ChannelPairRowEmitter.MethodName}({arguments});");
                        _w.WriteLine("unit++;");
                        _w.WriteLine("continue;");
                    }
                }
                string method = _plan.SplitTile512 is not null ? SplitRowTileEmitter.MethodName
                    : _plan.WholeRowTile512 is not null ? WholeRowTileEmitter.MethodName
                    : InPlaceRowTileEmitter.MethodName;
                _w.WriteLine($"{method}({arguments}{prefetch});");
            }
            _w.WriteLine("return;");
        }
    }

    /// <summary>Whether the AVX-512 tiles prefetch the input ahead in calls that stream from memory: the in-place and split row tiles (not the single-tile paired rows).</summary>
    private bool StreamsFromMemory => _plan.SplitTile512 is { } split ? !split.PairsRows : _plan.WholeRowTile512 is null && _plan.InPlaceTile512 is { StreamAheadRows: > 0 };

    private void EmitCompactChannel()
    {
        _w.WriteLine("/// <summary>Copies one channel's grid rows without their spare columns.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block("private static void CompactChannel(ref float grid, ref float output)"))
        {
            using (_w.Block("for (int oy = 0; oy < OutHeight; oy++)"))
            {
                _w.WriteLine("MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref grid, oy * PlaneWidth), OutWidth)");
                _w.WriteLine("    .CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref output, oy * OutWidth), OutWidth));");
            }
        }
    }

    /// <summary>
    /// <c>StoresIntoOutput</c> (the tiles of the path taken store into the output, so there is no compaction pass) and,
    /// where the Vector512 tiles run over the grid, <c>StoreCompacted</c>, their store of 16 grid positions
    /// (<see cref="DirectConvPlan.StoresCompacted512"/>). Row-aligned tiles store with plain stores.
    /// </summary>
    private void EmitStoresIntoOutput()
    {
        int spare = _plan.PlaneWidth - _layer.OutWidth;
        var paths = Paths.Select(p => p.Simd).ToList();
        var storing = paths.Where(simd => _plan.StoresIntoOutputOn(simd.Lanes)).ToList();
        string names = string.Join(" and ", storing.Select(simd => simd.VectorName));
        // The process takes a path when its check holds and no wider path's does; a wider path that stores too needs no
        // negation, since the property is then true either way.
        string condition = string.Join(" || ", storing.Select(simd =>
            string.Concat(paths.TakeWhile(wider => wider != simd).Where(wider => !storing.Contains(wider)).Select(wider => $"!{wider.IsAccelerated} && ")) + simd.IsAccelerated));
        _w.WriteLine($"/// <summary>Whether the tiles store into the NCHW output themselves (the {names} path{(storing.Count > 1 ? "s" : "")}, when taken).</summary>");
        _w.WriteLine($"private static bool StoresIntoOutput => {condition};");
        if (!_plan.StoresCompacted512 || _plan.Vector512Tile!.RowVectors > 0)
        {
            return; // row-aligned vectors store with plain stores
        }
        _w.WriteLine();
        _w.WriteLine($"/// <summary>Stores grid positions p … p + 15 of one channel into its NCHW plane, dropping the {spare} spare column(s) of each grid row.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block("private static void StoreCompacted(ref float channel, int p, Vector512<float> value)"))
        {
            _w.WriteLine($"// Output index of grid position p: p − oy·{spare}.");
            _w.WriteLine($"int oy = p / PlaneWidth, ox = p - oy * PlaneWidth, at = p - oy * {spare};");
            using (_w.Block("if (ox <= OutWidth - 16)"))
            {
                _w.WriteLine("// Inside one output row: a plain store.");
                _w.WriteLine("value.StoreUnsafe(ref channel, (nuint)at);");
                _w.WriteLine("return;");
            }
            _w.WriteLine("// Reaching the spare columns: the lanes left of them in this row (none if the vector starts among them), then any");
            _w.WriteLine($"// past the grid row's end, which belong to the next output row and go {spare} float(s) further back (the vector starts");
            _w.WriteLine("// past column PlaneWidth − 16, so that store's base is at or after column OutWidth − 15 of this row).");
            _w.WriteLine("Vector512<int> lane = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);");
            using (_w.Block("if (ox < OutWidth)"))
            {
                _w.WriteLine("KernelStores.MaskStore(ref Unsafe.Add(ref channel, at), Vector512.LessThan(lane, Vector512.Create(OutWidth - ox)).AsSingle(), value);");
            }
            using (_w.Block("if (ox > PlaneWidth - 16)"))
            {
                _w.WriteLine($"KernelStores.MaskStore(ref Unsafe.Add(ref channel, at - {spare}), Vector512.GreaterThanOrEqual(lane, Vector512.Create(PlaneWidth - ox)).AsSingle(), value);");
            }
        }
    }

    /// <summary>The per-instruction-set dispatch; the JIT folds the IsHardwareAccelerated checks.</summary>
    private void EmitDispatch()
    {
        string Units(SimdVocabulary simd) => _plan.UsesRowTiles
            ? $"RowTiles{simd.Suffix} * ColumnTiles{simd.Suffix}"
            : $"Blocks{simd.Suffix} * QTiles{simd.Suffix}";
        _w.WriteLine("/// <summary>Work units per group on the instruction set this process runs on.</summary>");
        _w.WriteLine($"private static int UnitsPerGroup => {SimdVocabulary.Pick(Isas.ToList(), Units)};");
        _w.WriteLine();
        _w.WriteLine("/// <summary>Computes work units [begin, end) with the widest accelerated path.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void Tiles(ref float input, ref float weights, {BiasParameter}ref float output, int begin, int end, bool packedWeights)"))
        {
            string bias = _layer.HasBias ? "ref bias, " : "";
            if (_plan.UsesRowTiles)
            {
                _w.WriteLine("// Depthwise weights have the same layout packed or not.");
            }
            string args = $"(ref input, ref weights, {bias}ref output, begin, end);";
            string Call(SimdVocabulary simd) => _plan.UsesRowTiles
                ? $"Tiles{simd.Suffix}{args}"
                : $"if (packedWeights) {DirectTileEmitter.MethodName(simd, true)}{args} else {DirectTileEmitter.MethodName(simd, false)}{args}";
            foreach (string line in SimdVocabulary.DispatchLines(Isas, Call, braces: true))
            {
                _w.WriteLine(line);
            }
        }
    }
}
