using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the kernel class of a backward-weights pass with the channel-lane plan (<see cref="ChannelLaneWeightsPlan"/>):
/// any layer whose weight rows (input channels × taps of a group) are whole vectors, pointwise or not.
/// Per image, parallel phases: each block of columns ((input channel, tap) pairs) is built as [position][columns of the
/// block], by transposing the input of a plain pointwise layer (16×16 register transposes on AVX-512, 8×8 on AVX) or by gathering tap windows
/// from zero-padded input planes; then each (output-channel tile, column block) adds the image into TileOutputs × 2
/// vector accumulators: per position it loads the block's two column vectors and broadcasts the tile's gradOutput
/// values. The accumulators are runs of gradWeights rows, stored without a horizontal sum. Every gradient
/// is one tile's fixed-order sum, so results do not depend on the threads.
/// </summary>
internal sealed class ChannelLaneWeightsEmitter
{
    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly ChannelLaneWeightsPlan _plan;
    private readonly string _className;

    public ChannelLaneWeightsEmitter(SourceWriter writer, KernelModel model, string className)
    {
        _w = writer;
        _layer = model.Spec.Layer;
        _plan = model.ChannelLaneWeights!;
        _className = className;
    }

    /// <summary>Whether the Vector512 path tiles the output channels more widely than the other paths.</summary>
    private bool Wide => Paths.Contains(SimdVocabulary.Vector512) && _plan.WideTileOutputs != _plan.TileOutputs;

    private bool IsWide(SimdVocabulary simd) => Wide && simd == SimdVocabulary.Vector512;

    /// <summary>Output channels per tile on <paramref name="simd"/>'s path.</summary>
    private int TileOutputs(SimdVocabulary simd) => IsWide(simd) ? _plan.WideTileOutputs : _plan.TileOutputs;

    /// <summary>Rows of the group's last output tile that its neighbour owns on <paramref name="simd"/>'s path (0 when the tiles divide the group).</summary>
    private int Overlap(SimdVocabulary simd) => IsWide(simd)
        ? _plan.WideOutputTiles * _plan.WideTileOutputs - _layer.GroupOutChannels
        : _plan.OutputTiles * _plan.TileOutputs - _layer.GroupOutChannels;

    /// <summary>Whether any path's last tile overlaps its neighbour (the tiles then take the rows to skip).</summary>
    private bool Overlaps => Paths.Any(s => Overlap(s) > 0);

    private string Skip => Overlaps ? "skip, " : "";

    private string SkipParameter => Overlaps ? "int skip, " : "";

    /// <summary>
    /// The names the generated code uses for the tiling of the path it runs on: the constants themselves, or (where the
    /// Vector512 path tiles differently) properties selecting them.
    /// </summary>
    private string ActiveTileOutputs => Wide ? "ActiveTileOutputs" : "TileOutputs";

    private string ActiveOutputTiles => Wide ? "ActiveOutputTiles" : "OutputTiles";

    private string ActiveLastTileStart => Wide ? "ActiveLastTileStart" : "LastTileStart";

    private string ActiveOverlap => Wide ? "ActiveOverlap" : "Overlap";

    private bool TransposesPerChunk => _plan.TransposesPerChunk;

    /// <summary>The chunk's first position and count, where the plan walks the plane in chunks, and the next chunk's prefetch.</summary>
    private string ChunkParameters => _plan.ChunksPositions ? "int p0, int positions, " + NextChunkParameters : "";

    /// <summary>The tile's parameters for the next chunk's prefetch, where chunks are transposed per slice.</summary>
    private string NextChunkParameters => TransposesPerChunk ? "ref float chunk, nint next, int nextRows, int nextPositions, " : "";

    /// <summary>The arguments passing <see cref="NextChunkParameters"/> on.</summary>
    private string NextChunkArguments => TransposesPerChunk ? "ref chunk, next, nextRows, nextPositions, " : "";

    private int RemainderVectors(SimdVocabulary simd) => ChannelLaneBlocks.RemainderVectors(_plan.Columns, simd);

    /// <summary>The instruction-set paths, widest first: Vector512 where a weight row's columns are whole 16-lane vectors.</summary>
    private IReadOnlyList<SimdVocabulary> Paths => ChannelLaneBlocks.Paths(_plan.Columns);

    public void Emit(string methodDisplayName, string generatedCodeAttribute)
    {
        _w.WriteLine($"/// <summary>Backward-weights kernel behind <c>{methodDisplayName}</c>; the plan is in that method's remarks.</summary>");
        _w.WriteLine(generatedCodeAttribute);
        using (_w.Block($"file sealed class {_className} : IPinnedKernel"))
        {
            EmitConstants();
            _w.WriteLine();
            _w.WriteLine(TransposesPerChunk
                ? "/// <summary>Per image: add the image into every weight tile, each slice transposing the chunks of the input its tiles read; the gradients are overwritten.</summary>"
                : $"/// <summary>Per image: build the column blocks ({(_plan.Gathers ? "pad the input planes, gather the tap windows" : "transpose the input")}), then add the image into every weight tile; the gradients are overwritten.</summary>");
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block("public static void Run(nint input, nint gradOutput, nint gradBias, nint gradWeights, int batch)"))
            {
                if (_plan.Gathers)
                {
                    _w.WriteLine("nint columns = KernelMemory.CallerScratch(ColumnImage + InChannels * PlaneSize);");
                    _w.WriteLine("nint planes = columns + ColumnImage * sizeof(float);");
                }
                else if (!TransposesPerChunk)
                {
                    _w.WriteLine("nint columns = KernelMemory.CallerScratch(ColumnImage);");
                }
                using (_w.Block("for (int n = 0; n < batch; n++)"))
                {
                    _w.WriteLine("nint image = input + (nint)n * (InputImage * sizeof(float));");
                    if (TransposesPerChunk)
                    {
                        _w.WriteLine("// Each slice transposes the chunks of the column blocks its tiles read (WeightTiles), so no transpose task runs first.");
                    }
                    else if (_plan.Gathers)
                    {
                        _w.WriteLine("var pads = new PlanePads(image, planes);");
                        _w.WriteLine("KernelParallel.For(ref pads, KernelParallel.Slices(Flops, ParallelFlops, InChannels));");
                        _w.WriteLine("var gathers = new ColumnGathers(planes, columns);");
                        _w.WriteLine("KernelParallel.For(ref gathers, KernelParallel.Slices(Flops, ParallelFlops, Groups * Blocks));");
                    }
                    else
                    {
                        _w.WriteLine("var transposes = new BlockTransposes(image, columns);");
                        _w.WriteLine("KernelParallel.For(ref transposes, KernelParallel.Slices(Flops, ParallelFlops, Groups * Blocks));");
                    }
                    _w.WriteLine($"var tiles = new WeightTiles({(TransposesPerChunk ? "image" : "columns")}, gradOutput + (nint)n * (OutputImage * sizeof(float)), gradBias, gradWeights, n > 0);");
                    _w.WriteLine($"KernelParallel.For(ref tiles, KernelParallel.Slices(Flops, ParallelFlops, Groups * {ActiveOutputTiles} * Blocks));");
                }
            }
            _w.WriteLine();
            _w.WriteLine("/// <summary>Column blocks per group on the instruction set this process runs on (the JIT folds the checks).</summary>");
            _w.WriteLine(ChannelLaneBlocks.BlocksProperty(Paths));
            _w.WriteLine();
            _w.WriteLine("/// <summary>Columns per full block on that instruction set.</summary>");
            _w.WriteLine(ChannelLaneBlocks.BlockChannelsProperty(Paths));
            _w.WriteLine();
            if (Wide)
            {
                _w.WriteLine("/// <summary>The output-channel tiling of that instruction set: Vector512's or the others'.</summary>");
                _w.WriteLine($"private static int ActiveTileOutputs => {SimdVocabulary.Vector512.IsAccelerated} ? TileOutputs512 : TileOutputs;");
                _w.WriteLine($"private static int ActiveOutputTiles => {SimdVocabulary.Vector512.IsAccelerated} ? OutputTiles512 : OutputTiles;");
                _w.WriteLine($"private static int ActiveLastTileStart => {SimdVocabulary.Vector512.IsAccelerated} ? LastTileStart512 : LastTileStart;");
                if (Overlaps)
                {
                    _w.WriteLine($"private static int ActiveOverlap => {SimdVocabulary.Vector512.IsAccelerated} ? {Overlap(SimdVocabulary.Vector512)} : {Overlap(SimdVocabulary.Vector256)};");
                }
                _w.WriteLine();
            }
            if (_plan.Gathers)
            {
                EmitPlanePads();
                _w.WriteLine();
                EmitColumnGathers();
                _w.WriteLine();
            }
            else if (!TransposesPerChunk)
            {
                EmitBlockTransposes();
                _w.WriteLine();
            }
            EmitWeightTiles();
            foreach (SimdVocabulary simd in Paths)
            {
                _w.WriteLine();
                EmitUnit(simd);
                for (int vectors = 2; vectors >= 1; vectors--)
                {
                    if (vectors == 2 || RemainderVectors(simd) == 1)
                    {
                        _w.WriteLine();
                        EmitTile(simd, vectors);
                    }
                }
            }
            if (_layer.HasBias)
            {
                _w.WriteLine();
                EmitBiasSums();
            }
        }
    }

    private void EmitConstants()
    {
        LayerSpec l = _layer;
        ChannelLaneWeightsPlan p = _plan;
        _w.WriteLine("// Layer shape (input has InChannels planes of Height × Width, gradOutput OutChannels of Positions = OutHeight × OutWidth).");
        _w.WriteLine($"private const int InChannels = {l.InChannels}, OutChannels = {l.OutChannels}, Groups = {l.Groups}, GroupIn = {l.GroupInChannels}, GroupOut = {l.GroupOutChannels};");
        _w.WriteLine($"private const int Height = {l.Height}, Width = {l.Width}, OutHeight = {l.OutHeight}, OutWidth = {l.OutWidth}, Positions = {p.Positions};");
        _w.WriteLine($"private const int InputImage = {l.InputImage}, OutputImage = {l.OutputImage};");
        _w.WriteLine($"// Columns of a weight row: (input channel, tap) pairs c·Taps + t of the group; an image's column blocks take ColumnImage floats.");
        _w.WriteLine($"private const int Taps = {l.Taps}, Columns = {p.Columns}, ColumnImage = Groups * Columns * Positions;");
        if (p.Gathers)
        {
            _w.WriteLine($"// Zero-padded input planes; output position (oy, ox) reads its window from oy·{l.StrideHeight}·PlaneWidth + ox·{l.StrideWidth}, each tap at its offset.");
            _w.WriteLine($"private const int PlaneHeight = {p.PlaneHeight}, PlaneWidth = {p.PlaneWidth}, PlaneSize = {p.PlaneSize}, StrideHeight = {l.StrideHeight}, StrideWidth = {l.StrideWidth};");
            _w.WriteLine($"private static ReadOnlySpan<int> TapOffsets => new int[] {{ {string.Join(", ", p.TapOffsets)} }};");
        }
        _w.WriteLine($"private const long Flops = {Literal.Long(l.Flops)}, ParallelFlops = {Literal.Long(p.ParallelMinimumFlops)};");
        SimdVocabulary narrow = SimdVocabulary.Vector256;
        _w.WriteLine($"// Tiles of {p.TileOutputs} output channels per group{(Wide ? " (Vector256, Vector128, scalar)" : "")}; " + TileNote(p.TileOutputs, p.LastTileStart, Overlap(narrow)));
        _w.WriteLine($"private const int TileOutputs = {p.TileOutputs}, OutputTiles = {p.OutputTiles}, LastTileStart = {p.LastTileStart}" + (Overlaps && !Wide ? $", Overlap = {Overlap(narrow)};" : ";"));
        if (Wide)
        {
            SimdVocabulary wide = SimdVocabulary.Vector512;
            _w.WriteLine($"// Vector512 tiles of {p.WideTileOutputs} (2 × {p.WideTileOutputs} accumulators of its 32 registers); " + TileNote(p.WideTileOutputs, p.WideLastTileStart, Overlap(wide)));
            _w.WriteLine($"private const int TileOutputs512 = {p.WideTileOutputs}, OutputTiles512 = {p.WideOutputTiles}, LastTileStart512 = {p.WideLastTileStart};");
        }
        if (p.ChunksPositions)
        {
            _w.WriteLine($"// Positions in chunks of {p.PositionChunk} ({Literal.Int(p.PositionChunk * ChannelLanePlanner.WidestBlockColumns * sizeof(float) / 1024)} KB of the widest column block): a chunk stays in L2 while every tile reads it.");
            _w.WriteLine($"private const int PositionChunk = {p.PositionChunk};");
        }
        foreach (string line in ChannelLaneBlocks.Constants(p.Columns, "columns", Paths))
        {
            _w.WriteLine(line);
        }
    }

    private string TileNote(int outputs, int lastTileStart, int overlap) => _layer.GroupOutChannels % outputs == 0
        ? "they divide the group."
        : $"the last starts at {lastTileStart}, overlapping its neighbour, and adds into only its last {_layer.GroupOutChannels - lastTileStart - overlap} row(s).";

    private void EmitPlanePads() =>
        KernelTaskEmitter.RangeTask(_w, "Copies a range of input channels of one image into their zero-padded planes.", "PlanePads",
            new[] { "input", "planes" }, System.Array.Empty<(string, string)>(), "InChannels", "c", null, () =>
            {
                _w.WriteLine("ref float source = ref Unsafe.Add(ref KernelMemory.AsRef(_input), c * (Height * Width));");
                _w.WriteLine("ref float plane = ref Unsafe.Add(ref KernelMemory.AsRef(_planes), c * PlaneSize);");
                int top = _layer.PaddingHeight, left = _layer.PaddingWidth;
                PaddedPlaneEmitter.EmitCopy(_w, "source", "plane", _layer.Height, _layer.Width, top, left, _plan.PlaneWidth - left - _layer.Width, _plan.PlaneHeight - top - _layer.Height, "Height", "Width");
            });

    private void EmitColumnGathers() =>
        KernelTaskEmitter.RangeTask(_w, "Builds a range of (group, column block) blocks of one image as [position][columns of the block] from the padded planes.", "ColumnGathers",
            new[] { "planes", "columns" }, System.Array.Empty<(string, string)>(), "Groups * Blocks", "unit",
            () => _w.WriteLine($"Span<int> sources = stackalloc int[{ChannelLaneBlocks.MaxChannels(Paths)}];"),
            () =>
            {
                _w.WriteLine("int g = unit / Blocks, b = unit % Blocks;");
                _w.WriteLine("int width = Math.Min(BlockChannels, Columns - b * BlockChannels);");
                _w.WriteLine("// Column j = c·Taps + t reads plane c of the group at tap t's offset.");
                using (_w.Block("for (int lane = 0; lane < width; lane++)"))
                {
                    _w.WriteLine("int j = b * BlockChannels + lane;");
                    _w.WriteLine("sources[lane] = (g * GroupIn + j / Taps) * PlaneSize + TapOffsets[j % Taps];");
                }
                _w.WriteLine("ref float planes = ref KernelMemory.AsRef(_planes);");
                _w.WriteLine("ref float column = ref Unsafe.Add(ref KernelMemory.AsRef(_columns), (g * Columns + b * BlockChannels) * Positions);");
                if (_layer.StrideWidth == 1)
                {
                    using (_w.Block("if (width % 8 == 0)"))
                    {
                        _w.WriteLine("// Stride 1 along rows: each lane's window row is a run of OutWidth floats; eight runs at a time are transposed in registers.");
                        using (_w.Block("for (int oy = 0; oy < OutHeight; oy++)"))
                        {
                            using (_w.Block("for (int l = 0; l < width; l += 8)"))
                            {
                                _w.WriteLine("KernelTranspose.TransposeRuns8(ref Unsafe.Add(ref planes, oy * StrideHeight * PlaneWidth), sources.Slice(l, 8), OutWidth, ref Unsafe.Add(ref column, oy * OutWidth * width + l), width);");
                            }
                        }
                        _w.WriteLine("continue;");
                    }
                }
                using (_w.Block("for (int oy = 0; oy < OutHeight; oy++)"))
                {
                    using (_w.Block("for (int ox = 0; ox < OutWidth; ox++)"))
                    {
                        _w.WriteLine("ref float window = ref Unsafe.Add(ref planes, oy * StrideHeight * PlaneWidth + ox * StrideWidth);");
                        using (_w.Block("for (int lane = 0; lane < width; lane++)"))
                        {
                            _w.WriteLine("Unsafe.Add(ref column, lane) = Unsafe.Add(ref window, sources[lane]);");
                        }
                        _w.WriteLine("column = ref Unsafe.Add(ref column, width);");
                    }
                }
            });

    private void EmitBlockTransposes() =>
        KernelTaskEmitter.RangeTask(_w, "Transposes a range of (group, channel block) input blocks of one image into [position][channels of the block], at the same offset in the column scratch.", "BlockTransposes",
            new[] { "input", "columns" }, System.Array.Empty<(string, string)>(), "Groups * Blocks", "unit", null, () =>
            {
                _w.WriteLine("int g = unit / Blocks, b = unit % Blocks;");
                _w.WriteLine("int width = Math.Min(BlockChannels, GroupIn - b * BlockChannels);");
                _w.WriteLine("int offset = (g * GroupIn + b * BlockChannels) * Positions;");
                _w.WriteLine("KernelTranspose.Transpose(ref Unsafe.Add(ref KernelMemory.AsRef(_input), offset), width, Positions, ref Unsafe.Add(ref KernelMemory.AsRef(_columns), offset));");
            });

    private void EmitWeightTiles()
    {
        const string summary = "Adds one image into a range of (group, column block, output-channel tile) weight tiles (the first image overwrites them).";
        string[] addresses = { "columns", "gradOutput", "gradBias", "gradWeights" };
        string total = $"Groups * {ActiveOutputTiles} * Blocks";
        if (!_plan.ChunksPositions)
        {
            KernelTaskEmitter.RangeTask(_w, summary, "WeightTiles", addresses, new[] { ("bool", "accumulate") }, total, "unit", null, () =>
            {
                _w.WriteLine(_plan.OutputTilesOuter
                    ? "// Column blocks inner: gradWeights rows, a multiple of 4 KB apart, are written in address order (block-outer, each block's stores would fold onto a few cache sets)."
                    : "// Output tiles inner: a column block is read from L3 once per image and then from L1/L2 by every tile.");
                EmitTileUnit("_accumulate");
                EmitBiasUnit();
            });
            return;
        }
        if (TransposesPerChunk)
        {
            addresses[0] = "input";
        }
        KernelTaskEmitter.TaskHeader(_w, "private", summary, "WeightTiles", addresses, ("bool", "accumulate"));
        using (_w.Indent())
        {
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block("public void Execute(int index, int count)"))
            {
                KernelTaskEmitter.SliceRange(_w, total);
                if (TransposesPerChunk)
                {
                    _w.WriteLine("// This slice's own chunk of a column block: each chunk is transposed into it right before the slice's tiles read it from");
                    _w.WriteLine("// L2, so no block crosses between cores and none makes the round trip through L3.");
                    _w.WriteLine($"nint columns = KernelMemory.Scratch(PositionChunk * {ChannelLanePlanner.WidestBlockColumns});");
                }
                _w.WriteLine("// Chunks of positions outer, this slice's tiles inner: a chunk of a column block is read from L3 once and then from L2 by");
                _w.WriteLine("// every tile; the tiles' sums carry over in gradWeights from chunk to chunk, in the same order as in registers.");
                using (_w.Block("for (int p0 = 0; p0 < Positions; p0 += PositionChunk)"))
                {
                    _w.WriteLine("int positions = Math.Min(PositionChunk, Positions - p0);");
                    _w.WriteLine("bool accumulate = _accumulate || p0 > 0;");
                    if (TransposesPerChunk)
                    {
                        _w.WriteLine("int transposed = -1;");
                    }
                    using (_w.Block("for (int unit = begin; unit < end; unit++)"))
                    {
                        if (TransposesPerChunk)
                        {
                            EmitUnitIndices();
                            _w.WriteLine("int width = Math.Min(BlockChannels, GroupIn - b * BlockChannels), offset = (g * GroupIn + b * BlockChannels) * Positions;");
                            using (_w.Block("if (g * Blocks + b != transposed)"))
                            {
                                _w.WriteLine("// The chunk of this (group, block): positions p0 ≤ p < p0 + positions of its input rows become rows of its [position][channel] columns.");
                                _w.WriteLine("transposed = g * Blocks + b;");
                                _w.WriteLine("KernelTranspose.TransposeStrided(ref Unsafe.Add(ref KernelMemory.AsRef(_input), offset + p0), width, Positions, positions, ref KernelMemory.AsRef(columns), width);");
                            }
                            _w.WriteLine("// The block's next chunk goes into L2 while the tiles compute, so its transpose reads L2, not L3: each of the slice's");
                            _w.WriteLine("// tiles of the block prefetches its share of the rows (at most 16: a tile alone with a wider block leaves the rest to the");
                            _w.WriteLine("// transpose), the last chunk none.");
                            _w.WriteLine($"int first = Math.Max(begin, unit - t), share = Math.Min(end, unit - t + {ActiveOutputTiles}) - first, rowsEach = (width + share - 1) / share;");
                            _w.WriteLine("int nextRow = Math.Min(width, (unit - first) * rowsEach), nextRows = Math.Min(16, Math.Min(rowsEach, width - nextRow));");
                            _w.WriteLine("int nextPositions = nextRows > 0 && p0 + PositionChunk < Positions ? Math.Min(PositionChunk, Positions - p0 - PositionChunk) : 0;");
                            _w.WriteLine("// The rows' next chunk as an offset from this chunk's first row: no reference past the input is formed.");
                            _w.WriteLine("ref float chunk = ref Unsafe.Add(ref KernelMemory.AsRef(_input), offset + p0);");
                            _w.WriteLine("nint next = (nint)nextRow * Positions + PositionChunk;");
                            EmitTileCall("columns", "p0, positions, " + NextChunkArguments + "accumulate");
                        }
                        else
                        {
                            EmitTileUnit("p0, positions, accumulate");
                        }
                    }
                }
                if (_layer.HasBias)
                {
                    using (_w.Block("for (int unit = begin; unit < end; unit++)"))
                    {
                        EmitUnitIndices();
                        EmitBiasUnit();
                    }
                }
            }
        }
        _w.WriteLine("}");
    }

    /// <summary>The (group, block, tile) of <c>unit</c>: g, b, t, the tile's first output channel k0 and the rows it skips.</summary>
    private void EmitUnitIndices()
    {
        string tiles = ActiveOutputTiles;
        _w.WriteLine(_plan.OutputTilesOuter
            ? $"int g = unit / ({tiles} * Blocks), t = unit / Blocks % {tiles}, b = unit % Blocks;"
            : $"int g = unit / ({tiles} * Blocks), b = unit / {tiles} % Blocks, t = unit % {tiles};");
        _w.WriteLine($"int k0 = g * GroupOut + Math.Min(t * {ActiveTileOutputs}, {ActiveLastTileStart});");
        if (Overlaps)
        {
            _w.WriteLine($"// The last tile's first {ActiveOverlap} rows belong to its neighbour: computed, not stored.");
            _w.WriteLine($"int skip = t == {tiles} - 1 ? {ActiveOverlap} : 0;");
        }
    }

    /// <summary>One unit's tile; <paramref name="range"/> ends its arguments: (first position, count,) accumulate.</summary>
    private void EmitTileUnit(string range)
    {
        EmitUnitIndices();
        EmitTileCall("_columns", range);
    }

    /// <summary>The call of the unit's tile on the path this process runs, reading the column blocks at <paramref name="columns"/>.</summary>
    private void EmitTileCall(string columns, string range)
    {
        string arguments = $"ref KernelMemory.AsRef({columns}), ref KernelMemory.AsRef(_gradOutput), ref KernelMemory.AsRef(_gradWeights), g, k0, b, " + Skip + range;
        foreach (string line in SimdVocabulary.Dispatch("Unit", arguments, Paths))
        {
            _w.WriteLine(line);
        }
    }

    private void EmitBiasUnit()
    {
        if (_layer.HasBias)
        {
            using (_w.Block("if (b == 0)"))
            {
                _w.WriteLine("BiasSums(ref KernelMemory.AsRef(_gradOutput), ref KernelMemory.AsRef(_gradBias), k0, " + Skip + "_accumulate);");
            }
        }
    }

    private void EmitUnit(SimdVocabulary simd)
    {
        int channels = ChannelLaneBlocks.Channels(simd);
        bool remainder = RemainderVectors(simd) == 1;
        _w.WriteLine($"/// <summary>{simd.PathName}: output channels k0..k0 + {TileOutputs(simd) - 1} × the {channels} columns{(remainder ? $" ({simd.Lanes} in the group's last block)" : "")} of block b of group g.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void Unit{simd.Suffix}(ref float columns, ref float gradOutput, ref float gradWeights, int g, int k0, int b, " + SkipParameter + ChunkParameters + "bool accumulate)"))
        {
            _w.WriteLine(TransposesPerChunk
                ? "// The chunk of block b (positions p0..p0 + positions - 1) is all the slice's column scratch holds."
                : $"ref float block = ref Unsafe.Add(ref columns, (g * Columns + b * {channels}) * Positions);");
            _w.WriteLine($"ref float rows = ref Unsafe.Add(ref gradOutput, k0 * Positions{(_plan.ChunksPositions ? " + p0" : "")});");
            _w.WriteLine($"ref float target = ref Unsafe.Add(ref gradWeights, k0 * Columns + b * {channels});");
            string call(int vectors)
            {
                // The block holds its positions as rows of vectors · lanes floats: the chunk starts p0 rows in.
                string x = TransposesPerChunk ? "ref columns" : _plan.ChunksPositions ? $"ref Unsafe.Add(ref block, p0 * {vectors * simd.Lanes})" : "ref block";
                return $"Tile{simd.Suffix}x{vectors}({x}, ref rows, ref target, " + Skip + (_plan.ChunksPositions ? "positions, " : "") + NextChunkArguments + "accumulate);";
            }
            if (remainder)
            {
                _w.WriteLine($"if (b == Blocks{simd.Suffix} - 1) {call(1)} else {call(2)}");
            }
            else
            {
                _w.WriteLine(call(2));
            }
        }
    }

    private static string Acc(int output, int vector) => $"a{output}_{vector}";

    private void EmitTile(SimdVocabulary simd, int vectors)
    {
        int lanes = simd.Lanes, outputs = TileOutputs(simd), width = vectors * lanes, overlap = Overlap(simd);
        _w.WriteLine($"/// <summary>{simd.PathName}: {outputs} output channels × {width} column(s) = {vectors * outputs} accumulators; per position {vectors} column load(s) and {outputs} gradOutput broadcasts.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void Tile{simd.Suffix}x{vectors}(ref float x, ref float y, ref float target, " + SkipParameter + (_plan.ChunksPositions ? "int positions, " : "") + NextChunkParameters + "bool accumulate)"))
        {
            var accumulators = Enumerable.Range(0, outputs).SelectMany(j => Enumerable.Range(0, vectors).Select(v => Acc(j, v))).ToList();
            _w.WriteLine($"{simd.Type} {string.Join(", ", accumulators)};");
            _w.WriteLine($"{simd.Type} {string.Join(", ", Enumerable.Range(0, vectors).Select(v => "x" + v))}, g;");
            _w.WriteLine("// The sums of the images before this one continue (the same chain as if they stayed in registers), or start at zero.");
            using (_w.Block("if (accumulate)"))
            {
                for (int j = 0; j < outputs; j++)
                {
                    _w.WriteLine(string.Join(" ", Enumerable.Range(0, vectors).Select(v => $"{Acc(j, v)} = {simd.Load("target", j * _plan.Columns + v * lanes)};")));
                }
            }
            using (_w.Block("else"))
            {
                _w.WriteLine($"{accumulators[0]} = {simd.Zero};{string.Concat(accumulators.Skip(1).Select(a => $" {a} = {accumulators[0]};"))}");
            }
            if (TransposesPerChunk)
            {
                _w.WriteLine("// Rows of the next chunk per 16 positions: 16 >> shift, each the line at p & ~15 of its row (fewer rows than that repeat the last).");
                _w.WriteLine("int shift = nextRows > 8 ? 0 : nextRows > 4 ? 1 : nextRows > 2 ? 2 : nextRows > 1 ? 3 : 4;");
            }
            _w.WriteLine($"// x: the block's columns ({width} floats per position); y: the tile's first gradOutput row, at the same position.");
            using (_w.Block(_plan.ChunksPositions ? "for (int p = 0; p < positions; p++)" : "for (int p = 0; p < Positions; p++)"))
            {
                if (TransposesPerChunk)
                {
                    _w.WriteLine("// Into L2 for the next chunk's transpose: row (p mod 16) >> shift, spread over the FMAs.");
                    _w.WriteLine("if (p < nextPositions) KernelMemory.PrefetchToL2(ref chunk, next + Math.Min((p & 15) >> shift, nextRows - 1) * Positions + (p & ~15));");
                }
                _w.WriteLine($"// Position p: the block's {vectors} column vector(s), then each output channel's gradOutput broadcast into its accumulators.");
                _w.WriteLine(string.Join(" ", Enumerable.Range(0, vectors).Select(v => $"x{v} = {simd.Load("x", v * lanes)};")));
                for (int j = 0; j < outputs; j++)
                {
                    string fmas = string.Join(" ", Enumerable.Range(0, vectors).Select(v => $"{Acc(j, v)} = {simd.MultiplyAdd("x" + v, "g", Acc(j, v))};"));
                    _w.WriteLine($"g = {simd.Broadcast(j == 0 ? "y" : $"Unsafe.Add(ref y, {j * _plan.Positions})")}; {fmas}");
                }
                _w.WriteLine($"x = ref Unsafe.Add(ref x, {width});");
                _w.WriteLine("y = ref Unsafe.Add(ref y, 1);");
            }
            _w.WriteLine("// Each accumulator is a run of one gradWeights row.");
            for (int j = 0; j < outputs; j++)
            {
                string stores = string.Join(" ", Enumerable.Range(0, vectors).Select(v => simd.Store(Acc(j, v), "target", j * _plan.Columns + v * lanes)));
                _w.WriteLine(overlap > 0 && j < overlap ? $"if ({(j == 0 ? "skip == 0" : $"skip <= {j}")}) {{ {stores} }}" : stores);
            }
        }
    }

    private void EmitBiasSums()
    {
        _w.WriteLine($"/// <summary>Adds one image's gradOutput rows k0{(Overlaps ? " + skip" : "")} ≤ k &lt; k0 + {ActiveTileOutputs} into gradBias (the first image overwrites it), each row summed in a fixed order by KernelReductions.Sum.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block("private static void BiasSums(ref float gradOutput, ref float gradBias, int k0, " + SkipParameter + "bool accumulate)"))
        {
            using (_w.Block($"for (int k = k0{(Overlaps ? " + skip" : "")}; k < k0 + {ActiveTileOutputs}; k++)"))
            {
                _w.WriteLine("float sum = KernelReductions.Sum(ref Unsafe.Add(ref gradOutput, k * Positions), Positions);");
                _w.WriteLine("Unsafe.Add(ref gradBias, k) = accumulate ? Unsafe.Add(ref gradBias, k) + sum : sum;");
            }
        }
    }
}
