using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the kernel class of a pointwise forward or backward-data pass with the channel-lane plan
/// (<see cref="ChannelLanePointwisePlan"/>), or of a forward convolution with a small output plane whose reduction runs
/// over (input channel, tap) pairs (<see cref="ChannelLaneGather"/>). Two parallel phases: the reduced tensor (input
/// forward, gradOutput backward) is copied into per-tile strips, or for a convolution packed into the direct plan's
/// stride-phase planes (read in place where that plan packs nothing), a chunk of images at a time; then each block of
/// two vectors of lane channels reads its weight panel (forward: transposed into thread scratch, or the packed weights
/// as they are; backward: filled in thread scratch by the block's first tile, which reads the OIHW rows in place so
/// that the loads overlap its FMAs) and runs every (image, position tile) over it. A tile holds 2 × TilePositions
/// accumulators whose lanes are channels; per reduction channel (or input channel and tap) it loads the two panel
/// vectors and broadcasts each of the tile's strip values (or the tap's values in the planes), then adds the bias,
/// applies the activation and stores its lanes transposed into the NCHW output. Every output is one tile's fixed-order
/// sum, so results do not depend on the threads.
/// </summary>
internal sealed class ChannelLanePointwiseEmitter
{
    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly ChannelLanePointwisePlan _plan;
    private readonly string _className;
    private readonly bool _forward;
    private readonly ChannelLaneGather? _gather;

    public ChannelLanePointwiseEmitter(SourceWriter writer, KernelModel model, string className)
    {
        _w = writer;
        _layer = model.Spec.Layer;
        _plan = model.ChannelLanePointwise!;
        _className = className;
        _forward = _layer.Pass == PassKind.Forward;
        _gather = _plan.Gather;
    }

    /// <summary>The constant naming the floats of one OIHW weight row of a group: GroupIn, or for a convolution Reduction (GroupIn × Taps).</summary>
    private string WeightRow => _gather is null ? "GroupIn" : "Reduction";

    /// <summary>
    /// Whether the kernel copies its source before the tiles read it (strips, or a convolution's packed planes), so a
    /// single image on several threads has each thread copy its own (the OwnStripBlocks / OwnPlaneBlocks task); false for a
    /// convolution whose tiles read the input planes in place.
    /// </summary>
    private bool CopiesSource => _gather is null || _gather.Packing.PacksInput;

    /// <summary>What the tiles read their broadcast values from: the strips, or a convolution's packed planes.</summary>
    private string Sources => _gather is null ? "strips" : "planes";

    private static int BlockChannels(SimdVocabulary simd) => ChannelLaneBlocks.Channels(simd);

    private int LaneChannels => _forward ? _layer.GroupOutChannels : _layer.GroupInChannels;

    /// <summary>The instruction-set paths, widest first: Vector512 where the lane channels are whole 16-lane vectors.</summary>
    private IReadOnlyList<SimdVocabulary> Paths => ChannelLaneBlocks.Paths(LaneChannels);

    private int RemainderVectors(SimdVocabulary simd) => ChannelLaneBlocks.RemainderVectors(LaneChannels, simd);

    /// <summary>The tensor copied into strips and the one written (forward: input → output; backward: gradOutput → gradInput).</summary>
    private string Source => _forward ? "input" : "gradOutput";

    private string Target => _forward ? "output" : "gradInput";

    private bool HasBias => _forward && _layer.HasBias;

    private string BiasParameter => HasBias ? "ref float bias, " : "";

    private string BiasArgument => HasBias ? "ref bias, " : "";

    public void Emit(string methodDisplayName, string generatedCodeAttribute)
    {
        _w.WriteLine($"/// <summary>{(_forward ? "Direct convolution" : "Backward-data")} kernel behind <c>{methodDisplayName}</c>; the plan is in that method's remarks.</summary>");
        _w.WriteLine(generatedCodeAttribute);
        using (_w.Block($"file sealed class {_className} : IPinnedKernel"))
        {
            EmitConstants();
            _w.WriteLine();
            EmitRun();
            _w.WriteLine();
            _w.WriteLine("/// <summary>Channel blocks per group on the instruction set this process runs on (the JIT folds the checks).</summary>");
            _w.WriteLine(ChannelLaneBlocks.BlocksProperty(Paths));
            _w.WriteLine();
            _w.WriteLine("/// <summary>Channels per full block on that instruction set.</summary>");
            _w.WriteLine(ChannelLaneBlocks.BlockChannelsProperty(Paths));
            EmitTileProperties();
            if (Paths.Any(StoresChannelRows))
            {
                _w.WriteLine();
                _w.WriteLine($"/// <summary>Floats per channel row a Vector512 or Vector256 tile at plane position <paramref name=\"start\"/> stores: {ChannelRowFloats} where they fit in the plane (those past the tile are the next tile's, which overwrites them), else exactly the tile's positions.</summary>");
                _w.WriteLine($"private static int RowFloats(int start) => Positions - start >= {ChannelRowFloats} ? {ChannelRowFloats} : TilePositions;");
            }
            _w.WriteLine();
            EmitOwnStripBlocks();
            if (_gather is null)
            {
                _w.WriteLine();
                EmitStripCopies();
            }
            else if (_gather.Packing.PacksInput)
            {
                _w.WriteLine();
                EmitImagePacking();
                _w.WriteLine();
                new InputPackingEmitter(_w, _layer, _gather.Packing).EmitPackChannel();
            }
            _w.WriteLine();
            EmitChannelBlocks();
            foreach (SimdVocabulary simd in Paths)
            {
                _w.WriteLine();
                EmitBlock(simd);
                for (int vectors = 2; vectors >= 1; vectors--)
                {
                    if (vectors == 2 || RemainderVectors(simd) == 1)
                    {
                        _w.WriteLine();
                        EmitTile(simd, vectors, TileKind.Panel);
                        if (!_forward)
                        {
                            _w.WriteLine();
                            EmitTile(simd, vectors, TileKind.FillingPanel);
                            if (vectors == 2 && CopyTiles(simd) > 0)
                            {
                                _w.WriteLine();
                                EmitTile(simd, vectors, TileKind.CopyingNextPanel);
                            }
                        }
                    }
                }
            }
            if (_forward)
            {
                _w.WriteLine();
                EmitPack();
            }
        }
    }

    private void EmitConstants()
    {
        LayerSpec l = _layer;
        ChannelLanePointwisePlan p = _plan;
        _w.WriteLine(_gather is null
            ? "// Layer shape (input has InChannels planes, output OutChannels, each of Positions = Height × Width)."
            : "// Layer shape (input has InChannels planes of Height × Width, output OutChannels of Positions = OutHeight × OutWidth).");
        _w.WriteLine($"private const int InChannels = {l.InChannels}, OutChannels = {l.OutChannels}, Groups = {l.Groups}, GroupIn = {l.GroupInChannels}, GroupOut = {l.GroupOutChannels};");
        _w.WriteLine($"private const int Positions = {p.Positions}, InputImage = {l.InputImage}, OutputImage = {l.OutputImage};");
        _w.WriteLine($"private const long Flops = {Literal.Long(l.Flops)}, ParallelFlops = {Literal.Long(p.ParallelMinimumFlops)};");
        _w.WriteLine(_forward
            ? $"// Per group: the output channels run along the vector lanes, the input channels{(_gather is null ? "" : " and taps")} are summed."
            : "// Per group: the input channels (of the layer) run along the vector lanes, the output channels are summed.");
        _w.WriteLine(_forward
            ? $"private const int LaneChannels = GroupOut, Reduction = GroupIn{(_gather is null ? "" : " * Taps")}, SourceChannels = InChannels, SourceImage = InputImage, TargetImage = OutputImage;"
            : "private const int LaneChannels = GroupIn, Reduction = GroupOut, SourceChannels = OutChannels, SourceImage = OutputImage, TargetImage = InputImage;");
        if (_gather is { } gather)
        {
            DirectConvPlan packing = gather.Packing;
            _w.WriteLine($"// A {l.KernelHeight}×{l.KernelWidth} convolution (stride {l.StrideHeight}×{l.StrideWidth}, padding {l.PaddingHeight}×{l.PaddingWidth}, dilation {l.DilationHeight}×{l.DilationWidth}), {l.Height}×{l.Width} → {l.OutHeight}×{l.OutWidth}: the reduction runs over (input channel, tap) pairs,");
            _w.WriteLine("// the OIHW weight rows [GroupIn·Taps] of a group's output channels being its rows.");
            _w.WriteLine($"private const int Taps = {l.Taps}, Height = {l.Height}, Width = {l.Width}, OutWidth = {l.OutWidth};");
            _w.WriteLine(packing.PacksInput
                ? $"// Each input channel packed into {packing.PhaseCount} zero-padded stride-phase plane(s) of {packing.PlaneHeight}×{packing.PlaneWidth}; output position (oy, ox) reads tap t at oy·PlaneWidth + ox + its offset."
                : "// The input planes are read in place; output position (oy, ox) reads tap t at oy·PlaneWidth + ox + its offset.");
            _w.WriteLine($"private const int PlaneWidth = {packing.PlaneWidth}, PlaneSize = {packing.PlaneSize}, ChannelStride = {gather.ChannelStride}, PackedImage = InChannels * ChannelStride;");
            if (packing.PacksInput)
            {
                _w.WriteLine($"// Images packed at once: planes of at most {ChannelLaneGather.MaxChunkFloats} floats (one image where it takes more).");
                _w.WriteLine($"private const int ChunkImages = {gather.ChunkImages(l.InChannels)};");
            }
        }
        if (p.HasWideTile)
        {
            _w.WriteLine($"// Position tiles of {p.WideTilePositions} on the Vector512 path (2 × {p.WideTilePositions} accumulators of its 32 registers; {TileLayout(p.WideTilePositions, p.WideLastTileStart)}),");
            _w.WriteLine($"// of {p.TilePositions} on the others ({TileLayout(p.TilePositions, p.LastTileStart)}).");
            _w.WriteLine($"private const int WideTilePositions = {p.WideTilePositions}, WideTiles = {p.WideTiles}, WideLastTileStart = {p.WideLastTileStart};");
            _w.WriteLine($"private const int NarrowTilePositions = {p.TilePositions}, NarrowTiles = {p.Tiles}, NarrowLastTileStart = {p.LastTileStart};");
        }
        else
        {
            _w.WriteLine($"// Position tiles of {p.TilePositions}; {TileLayout(p.TilePositions, p.LastTileStart)}.");
            _w.WriteLine($"private const int TilePositions = {p.TilePositions}, Tiles = {p.Tiles}, LastTileStart = {p.LastTileStart};");
            if (_gather is null)
            {
                _w.WriteLine($"// {Source} strips of one image: [tile][SourceChannels][TilePositions].");
                _w.WriteLine("private const int StripImage = Tiles * SourceChannels * TilePositions;");
            }
        }
        foreach (string line in ChannelLaneBlocks.Constants(LaneChannels, _forward ? "output channels" : "input channels", Paths))
        {
            _w.WriteLine(line);
        }
    }

    private string TileLayout(int tilePositions, int lastTileStart) => _plan.Positions % tilePositions == 0
        ? "they divide the plane"
        : $"the last starts at {lastTileStart}, overlapping its neighbour; both store the same values";

    /// <summary>Where the Vector512 path has tiles of its own width: the properties picking this process's tiles and strip size (the JIT folds the checks).</summary>
    private void EmitTileProperties()
    {
        if (!_plan.HasWideTile)
        {
            return;
        }
        _w.WriteLine();
        _w.WriteLine("/// <summary>Positions per tile, tiles per plane and the last tile's first position on the instruction set this process runs on.</summary>");
        _w.WriteLine("private static int TilePositions => Vector512.IsHardwareAccelerated ? WideTilePositions : NarrowTilePositions;");
        _w.WriteLine();
        _w.WriteLine("private static int Tiles => Vector512.IsHardwareAccelerated ? WideTiles : NarrowTiles;");
        _w.WriteLine();
        _w.WriteLine("private static int LastTileStart => Vector512.IsHardwareAccelerated ? WideLastTileStart : NarrowLastTileStart;");
        if (_gather is null)
        {
            _w.WriteLine();
            _w.WriteLine($"/// <summary>Floats of one image's {Source} strips: [tile][SourceChannels][TilePositions].</summary>");
            _w.WriteLine("private static int StripImage => Tiles * SourceChannels * TilePositions;");
        }
    }

    /// <summary>Floats per channel row of <c>KernelStores.StoreChannelRows</c>: one Vector256 of positions.</summary>
    private const int ChannelRowFloats = 8;

    /// <summary>
    /// Whether a path's tiles store through <c>KernelStores.StoreChannelRows</c> (a register transpose and one store per
    /// channel row) rather than an element extract and scalar store per value: the Vector512 and Vector256 paths, whose
    /// tiles of 4 to 8 positions fill a row of <see cref="ChannelRowFloats"/> and leave the next tile (of 4 or more) to
    /// overwrite the rest. Pointwise 14×14 512 → 512 forward side by side at 1 thread (Zen 5, bit-identical results):
    /// 1.012-1.019× with the 224 scalar stores of a Vector512 tile replaced by 32 row stores (Vector256: 1.012×).
    /// </summary>
    private bool StoresChannelRows(SimdVocabulary simd) =>
        (simd == SimdVocabulary.Vector512 || simd == SimdVocabulary.Vector256) && TilePositionsOn(simd) is >= 4 and <= ChannelRowFloats;

    /// <summary>Positions per tile on a path: the plan's wide tile on Vector512.</summary>
    private int TilePositionsOn(SimdVocabulary simd) => simd == SimdVocabulary.Vector512 ? _plan.WideTilePositions : _plan.TilePositions;

    /// <summary>
    /// Backward-data: the tiles of image 0 after the first that copy the next block's weight rows into the second panel,
    /// each one row per that many reduction channels (<see cref="ChannelLanePointwisePlan.NextPanelCopyTiles"/>); 0 forward.
    /// </summary>
    private int CopyTiles(SimdVocabulary simd) => simd == SimdVocabulary.Vector512 ? _plan.WideNextPanelCopyTiles : _plan.NextPanelCopyTiles;

    /// <summary>Whether any path's blocks copy the next block's panel, so the thread's scratch holds two panels.</summary>
    private bool CopiesNextPanel => Paths.Any(simd => CopyTiles(simd) > 0);

    private void EmitRun()
    {
        string packed = _forward ? ", packedWeights" : "";
        if (_forward)
        {
            _w.WriteLine("/// <summary>Runs the layer with OIHW weights.</summary>");
            _w.WriteLine("public static void Run(nint input, nint weights, nint bias, nint output, int batch) => RunLayer(input, weights, bias, output, batch, packedWeights: false);");
            _w.WriteLine();
            _w.WriteLine("/// <summary>The same kernel reading weights packed by <see cref=\"Pack\"/> (the panels the OIHW path transposes per call).</summary>");
            using (_w.Block("public sealed class Packed : IPinnedKernel"))
            {
                _w.WriteLine("public static void Run(nint input, nint weights, nint bias, nint output, int batch) => RunLayer(input, weights, bias, output, batch, packedWeights: true);");
            }
            _w.WriteLine();
        }
        _w.WriteLine(_gather is null
            ? $"/// <summary>Copies {Source} into strips, then builds {Target} block by block; {Target} is overwritten.</summary>"
            : _gather.Packing.PacksInput
                ? $"/// <summary>Packs {Source} into stride-phase planes, then builds {Target} block by block; {Target} is overwritten.</summary>"
                : $"/// <summary>Builds {Target} block by block from the {Source} planes in place; {Target} is overwritten.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block(_forward
            ? "private static void RunLayer(nint input, nint weights, nint bias, nint output, int batch, bool packedWeights)"
            : "public static void Run(nint gradOutput, nint weights, nint unused, nint gradInput, int batch)"))
        {
            _w.WriteLine("int blockSlices = KernelParallel.Slices(Flops * batch, ParallelFlops, Groups * Blocks);");
            if (CopiesSource)
            {
                using (_w.Block("if (batch == 1 && blockSlices > 1)"))
                {
                    _w.WriteLine(_gather is null
                        ? "// One image on several threads: each copies every strip into its own scratch and builds its blocks from them, so no strip"
                        : "// One image on several threads: each packs the whole image into its own scratch and builds its blocks from it, so no plane");
                    _w.WriteLine("// is written on one core and read on the other (which would take the lines back from the other core on the next call).");
                    _w.WriteLine($"var own = new {OwnBlocksTask}({Source}, weights, {(HasBias ? "bias, " : "")}{Target}{packed});");
                    _w.WriteLine("KernelParallel.For(ref own, blockSlices);");
                    _w.WriteLine("return;");
                }
            }
            if (_gather is null)
            {
                _w.WriteLine("nint strips = KernelMemory.CallerScratch((long)batch * StripImage);");
                _w.WriteLine($"var copies = new StripCopies({Source}, strips, batch);");
                _w.WriteLine("// Copies split across threads only where the blocks are: with one slice of blocks, strips copied on another core would be read from there.");
                _w.WriteLine("KernelParallel.For(ref copies, blockSlices == 1 ? 1 : KernelParallel.Slices(Flops * batch, ParallelFlops, batch * Tiles));");
            }
            else if (_gather.Packing.PacksInput)
            {
                _w.WriteLine("// ChunkImages images at a time, so the planes' scratch does not grow with the batch.");
                using (_w.Block("for (int n0 = 0; n0 < batch; n0 += ChunkImages)"))
                {
                    _w.WriteLine("int images = Math.Min(ChunkImages, batch - n0);");
                    _w.WriteLine("nint planes = KernelMemory.CallerScratch((long)images * PackedImage);");
                    _w.WriteLine($"var packing = new ImagePacking({Source} + (nint)n0 * InputImage * sizeof(float), planes, images);");
                    _w.WriteLine("// Packing split across threads only where the blocks are: with one slice of blocks, planes packed on another core would be read from there.");
                    _w.WriteLine("KernelParallel.For(ref packing, blockSlices == 1 ? 1 : KernelParallel.Slices(Flops * images, ParallelFlops, images * InChannels));");
                    _w.WriteLine($"var blocks = new ChannelBlocks(planes, weights, {(HasBias ? "bias, " : "")}{Target} + (nint)n0 * OutputImage * sizeof(float), images{packed});");
                    _w.WriteLine("KernelParallel.For(ref blocks, blockSlices);");
                }
                return;
            }
            if (_gather is not null)
            {
                _w.WriteLine($"nint planes = {Source};");
            }
            _w.WriteLine($"var blocks = new ChannelBlocks({Sources}, weights, {(HasBias ? "bias, " : "")}{Target}, batch{packed});");
            _w.WriteLine("KernelParallel.For(ref blocks, blockSlices);");
        }
    }

    /// <summary>
    /// The single-image task of several threads: every slice copies all of the image's strips (a convolution: packs all
    /// of its planes) into its own CallerScratch (the copy is a few per cent of the layer; reading strips another core
    /// wrote cost more) and builds its range of channel blocks from them. Pointwise 14×14 512 → 512 on the Zen 5 VM, 2
    /// threads: 296-323 µs against 328-361 with the strips copied once, half by each thread. A convolution whose planes
    /// are its input, read in place, has no such task.
    /// </summary>
    private void EmitOwnStripBlocks()
    {
        if (!CopiesSource)
        {
            return;
        }
        string[] addresses = HasBias ? new[] { "source", "weights", "bias", "target" } : new[] { "source", "weights", "target" };
        string summary = _gather is null
            ? $"One image: copies every strip into this thread's scratch, then builds a range of {Target} channel blocks from them."
            : $"One image: packs all of it into this thread's scratch, then builds a range of {Target} channel blocks from the planes.";
        KernelTaskEmitter.TaskHeader(_w, "private", summary, OwnBlocksTask, addresses, _forward ? new[] { ("bool", "packedWeights") } : new (string, string)[0]);
        using (_w.Indent())
        {
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block("public void Execute(int index, int count)"))
            {
                if (_gather is null)
                {
                    _w.WriteLine("nint strips = KernelMemory.CallerScratch(StripImage);");
                    _w.WriteLine("new StripCopies(_source, strips, 1).Execute(0, 1);");
                }
                else
                {
                    _w.WriteLine("nint planes = KernelMemory.CallerScratch(PackedImage);");
                    _w.WriteLine("new ImagePacking(_source, planes, 1).Execute(0, 1);");
                }
                _w.WriteLine($"new ChannelBlocks({Sources}, _weights, {(HasBias ? "_bias, " : "")}_target, 1{(_forward ? ", _packedWeights" : "")}).Execute(index, count);");
            }
        }
        _w.WriteLine("}");
    }

    /// <summary>The single-image task of several threads: OwnStripBlocks, or for a convolution OwnPlaneBlocks.</summary>
    private string OwnBlocksTask => _gather is null ? "OwnStripBlocks" : "OwnPlaneBlocks";

    /// <summary>A convolution's packing phase: each (image, input channel) unit packed into its stride-phase planes.</summary>
    private void EmitImagePacking() =>
        KernelTaskEmitter.RangeTask(_w, "Packs a range of (image, input channel) units into their zero-padded stride-phase planes.", "ImagePacking",
            new[] { "source", "planes" }, new[] { ("int", "batch") }, "_batch * InChannels", "unit", null, () =>
            {
                _w.WriteLine("int n = unit / InChannels, c = unit % InChannels;");
                _w.WriteLine("PackChannel(ref Unsafe.Add(ref KernelMemory.AsRef(_source), n * InputImage + c * (Height * Width)), ref Unsafe.Add(ref KernelMemory.AsRef(_planes), n * PackedImage + c * ChannelStride));");
            });

    private void EmitStripCopies() =>
        KernelTaskEmitter.RangeTask(_w, $"Copies the {Source} values of a range of (image, position tile) pairs into their strips.", "StripCopies",
            new[] { "source", "strips" }, new[] { ("int", "batch") }, "_batch * Tiles", "unit", null, () =>
            {
                _w.WriteLine("int n = unit / Tiles, t = unit % Tiles;");
                _w.WriteLine("ref float source = ref Unsafe.Add(ref KernelMemory.AsRef(_source), n * SourceImage + Math.Min(t * TilePositions, LastTileStart));");
                _w.WriteLine("ref float strip = ref Unsafe.Add(ref KernelMemory.AsRef(_strips), unit * (SourceChannels * TilePositions));");
                _w.WriteLine("int i = 0;");
                if (System.Math.Max(_plan.WideTilePositions, _plan.TilePositions) <= StripVectorFloats)
                {
                    _w.WriteLine($"// Every channel but the last as one Vector256: {StripVectorFloats} floats of the plane (past the tile, the next tile's or the next channel's) stored over");
                    _w.WriteLine("// the strip row, whose spare floats the next channel's row overwrites; the last channel value by value, so nothing past the tensor or the strip is touched.");
                    using (_w.Block("if (Vector256.IsHardwareAccelerated)"))
                    {
                        using (_w.Block("for (; i < SourceChannels - 1; i++)"))
                        {
                            _w.WriteLine("Vector256.LoadUnsafe(ref source).StoreUnsafe(ref strip);");
                            _w.WriteLine("source = ref Unsafe.Add(ref source, Positions);");
                            _w.WriteLine("strip = ref Unsafe.Add(ref strip, TilePositions);");
                        }
                    }
                }
                using (_w.Block("for (; i < SourceChannels; i++)"))
                {
                    if (_plan.HasWideTile)
                    {
                        _w.WriteLine($"// {_plan.WideTilePositions} values per channel on the Vector512 path, {_plan.TilePositions} on the others.");
                        using (_w.Block("if (Vector512.IsHardwareAccelerated)"))
                        {
                            _w.WriteLine(StripCopy(_plan.WideTilePositions));
                        }
                        using (_w.Block("else"))
                        {
                            _w.WriteLine(StripCopy(_plan.TilePositions));
                        }
                    }
                    else
                    {
                        _w.WriteLine(StripCopy(_plan.TilePositions));
                    }
                    _w.WriteLine("source = ref Unsafe.Add(ref source, Positions);");
                    _w.WriteLine("strip = ref Unsafe.Add(ref strip, TilePositions);");
                }
            });

    /// <summary>
    /// Floats of the vector a strip row is copied with: a Vector256, since tiles hold at most 8 positions. The rows had
    /// been copied float by float; side by side in processes of their own at 1 thread, pointwise 14×14 512 → 512
    /// backward-data 1.01-1.03× (medians 503-508 µs against 504-523), 7×7 1024 → 1024 within the noise.
    /// </summary>
    private const int StripVectorFloats = 8;

    private static string StripCopy(int tilePositions) =>
        string.Join(" ", Enumerable.Range(0, tilePositions).Select(j => $"Unsafe.Add(ref strip, {j}) = Unsafe.Add(ref source, {j});"));

    private void EmitChannelBlocks()
    {
        int panelFloats = ChannelLaneBlocks.MaxChannels(Paths);
        KernelTaskEmitter.RangeTask(_w, CopiesNextPanel
                ? $"Builds {Target} for a range of (group, channel block) units over the whole batch, two weight panels in this thread's scratch: a block's own, and the next block's, which its tiles copy."
                : $"Builds {Target} for a range of (group, channel block) units over the whole batch, the weight panel in this thread's scratch.", "ChannelBlocks",
            HasBias ? new[] { Sources, "weights", "bias", "target" } : new[] { Sources, "weights", "target" },
            _forward ? new[] { ("int", "batch"), ("bool", "packedWeights") } : new[] { ("int", "batch") }, "Groups * Blocks", "unit",
            () => _w.WriteLine(CopiesNextPanel
                ? $"ref float panels = ref KernelMemory.AsRef(KernelMemory.Scratch(2 * Reduction * {panelFloats}));"
                : $"ref float panel = ref KernelMemory.AsRef(KernelMemory.Scratch(Reduction * {panelFloats}));"),
            () =>
            {
                string panels = "ref panel";
                if (CopiesNextPanel)
                {
                    _w.WriteLine("// The units alternate between the two panels.");
                    _w.WriteLine($"ref float panel = ref Unsafe.Add(ref panels, ((unit - begin) & 1) * (Reduction * {panelFloats}));");
                    _w.WriteLine($"ref float nextPanel = ref Unsafe.Add(ref panels, ((unit - begin + 1) & 1) * (Reduction * {panelFloats}));");
                    panels = "ref panel, ref nextPanel, unit > begin, unit + 1 < end";
                }
                string arguments = $"ref KernelMemory.AsRef(_{Sources}), ref KernelMemory.AsRef(_weights), " + (HasBias ? "ref KernelMemory.AsRef(_bias), " : "") +
                    $"ref KernelMemory.AsRef(_target), {panels}, unit / Blocks, unit % Blocks, _batch" + (_forward ? ", _packedWeights" : "");
                foreach (string line in SimdVocabulary.Dispatch("Block", arguments, Paths))
                {
                    _w.WriteLine(line);
                }
            });
    }

    private void EmitBlock(SimdVocabulary simd)
    {
        int channels = BlockChannels(simd), lanes = simd.Lanes;
        bool remainder = RemainderVectors(simd) == 1;
        string noun = _forward ? "output channels" : "input channels";
        _w.WriteLine($"/// <summary>{simd.PathName}: one block of {channels} {noun}{(remainder ? $" ({lanes} in the group's last block)" : "")} of group g, every image and position tile.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        string panels = CopiesNextPanel ? "ref float panel, ref float nextPanel, bool previous, bool next" : "ref float panel";
        using (_w.Block($"private static void Block{simd.Suffix}(ref float {Sources}, ref float weights, {BiasParameter}ref float target, {panels}, int g, int b, int batch{(_forward ? ", bool packedWeights" : "")})"))
        {
            _w.WriteLine($"int c0 = b * {channels};");
            if (HasBias)
            {
                _w.WriteLine("ref float blockBias = ref Unsafe.Add(ref bias, g * GroupOut + c0);");
            }
            if (remainder)
            {
                using (_w.Block($"if (b == Blocks{simd.Suffix} - 1)"))
                {
                    EmitPanelAndTiles(simd, 1);
                }
                using (_w.Block("else"))
                {
                    EmitPanelAndTiles(simd, 2);
                }
            }
            else
            {
                EmitPanelAndTiles(simd, 2);
            }
        }
    }

    private void EmitPanelAndTiles(SimdVocabulary simd, int vectors)
    {
        int width = vectors * simd.Lanes;
        string block = "panel";
        if (_forward)
        {
            _w.WriteLine($"// The panel [{WeightRow}][{width}]: weight rows c0..c0 + {width - 1} of the group transposed, as packed or once per call.");
            _w.WriteLine($"ref float rows = ref Unsafe.Add(ref weights, (g * GroupOut + c0) * {WeightRow});");
            _w.WriteLine("ref float block = ref panel;");
            using (_w.Block("if (packedWeights)"))
            {
                _w.WriteLine("block = ref rows;");
            }
            using (_w.Block("else"))
            {
                _w.WriteLine($"KernelTranspose.Transpose(ref rows, {width}, {WeightRow}, ref panel);");
            }
            block = "block";
        }
        else
        {
            EmitBackwardPanel(simd, vectors);
        }
        int copying = vectors == 2 ? CopyTiles(simd) : 0;
        using (_w.Block("for (int n = 0; n < batch; n++)"))
        {
            _w.WriteLine("ref float image = ref Unsafe.Add(ref target, n * TargetImage + (g * LaneChannels + c0) * Positions);");
            using (_w.Block(_forward ? "for (int t = 0; t < Tiles; t++)" : "for (int t = n == 0 ? 1 : 0; t < Tiles; t++)"))
            {
                _w.WriteLine("int start = Math.Min(t * TilePositions, LastTileStart);");
                string source = _gather is null
                    ? "ref Unsafe.Add(ref strips, (n * Tiles + t) * (SourceChannels * TilePositions) + g * (Reduction * TilePositions))"
                    : "ref Unsafe.Add(ref planes, n * PackedImage + g * (GroupIn * ChannelStride))";
                string arguments = $"{source}, {(HasBias ? "ref blockBias, " : "")}ref Unsafe.Add(ref image, start){(_gather is null ? "" : ", start")}{(StoresChannelRows(simd) ? ", RowFloats(start)" : "")}";
                if (copying > 0)
                {
                    _w.WriteLine($"// Image 0's tiles 1 to {copying} each copy Reduction / {copying} rows of the next block.");
                    _w.WriteLine($"if (copiesNext && n == 0 && t <= {copying}) Tile{simd.Suffix}x{vectors}CopyingNextPanel(ref {block}, {arguments}, " +
                        $"ref Unsafe.Add(ref nextRows, (t - 1) * (Reduction / {copying}) * GroupIn), ref Unsafe.Add(ref nextPanel, (t - 1) * (Reduction / {copying}) * {width}));");
                    _w.WriteLine($"else Tile{simd.Suffix}x{vectors}(ref {block}, {arguments});");
                }
                else
                {
                    _w.WriteLine($"Tile{simd.Suffix}x{vectors}(ref {block}, {arguments});");
                }
            }
        }
    }

    /// <summary>
    /// Backward-data: a block's panel, [GroupOut][width] of the group's OIHW rows. Where the block before it on this thread
    /// copied it (both full blocks of a path that copies), the first tile reads it like the others; else the first tile
    /// reads the rows in place and fills it. A full block whose successor on the thread is one too finds that block's
    /// rows, which its tiles copy into the other panel.
    /// </summary>
    private void EmitBackwardPanel(SimdVocabulary simd, int vectors)
    {
        int width = vectors * simd.Lanes, copying = vectors == 2 ? CopyTiles(simd) : 0;
        bool remainder = RemainderVectors(simd) == 1;
        string blocks = "Blocks" + simd.Suffix;
        _w.WriteLine($"// The panel [GroupOut][{width}]: the group's weight rows k, channels c0..c0 + {width - 1}, GroupIn apart in the OIHW weights.");
        _w.WriteLine("ref float source = ref Unsafe.Add(ref weights, g * (GroupOut * GroupIn) + c0);");
        _w.WriteLine("ref float image0 = ref Unsafe.Add(ref target, (g * LaneChannels + c0) * Positions);");
        _w.WriteLine("ref float strip0 = ref Unsafe.Add(ref strips, g * (Reduction * TilePositions));");
        string rowFloats = StoresChannelRows(simd) ? ", RowFloats(0)" : "";
        string fill = $"Tile{simd.Suffix}x{vectors}FillingPanel(ref source, ref panel, ref strip0, ref image0{rowFloats});";
        if (copying == 0)
        {
            _w.WriteLine("// The first tile reads the rows in place and fills the panel as it goes, so its loads overlap its FMAs instead of a copy loop running first.");
            _w.WriteLine(fill);
            return;
        }
        // A remainder path's last block of a group has one vector: it neither copies nor is copied.
        _w.WriteLine(remainder
            ? "// The block before this one on the thread copied the panel while its tiles ran, unless it was a group's last, narrower block;"
            : "// The block before this one on the thread copied the panel while its tiles ran;");
        _w.WriteLine("// else the first tile reads the rows in place and fills the panel as it goes (rows read a page apart wait for L3 on every load).");
        using (_w.Block(remainder ? "if (previous && b > 0)" : "if (previous)"))
        {
            _w.WriteLine($"Tile{simd.Suffix}x{vectors}(ref panel, ref strip0, ref image0{rowFloats});");
        }
        using (_w.Block("else"))
        {
            _w.WriteLine(fill);
        }
        _w.WriteLine($"// The next unit's rows (the next group's first block after a group's last), copied into nextPanel by image 0's tiles 1 to {copying}.");
        _w.WriteLine(remainder
            ? $"bool copiesNext = next && b + 1 != {blocks} - 1;"
            : "bool copiesNext = next;");
        _w.WriteLine($"int nextUnit = g * {blocks} + b + 1;");
        _w.WriteLine($"ref float nextRows = ref Unsafe.Add(ref weights, nextUnit / {blocks} * (GroupOut * GroupIn) + nextUnit % {blocks} * {width});");
    }

    private static string Acc(int vector, int position) => $"a{vector}_{position}";

    /// <summary>Floats in a 64-byte cache line: one prefetch instruction per line of a row's block.</summary>
    private const int FloatsPerCacheLine = 16;

    /// <summary>
    /// The kinds of register tile: over the block's panel; (backward-data, a block's first tile) reading the OIHW rows
    /// and filling the panel; or over the panel while copying the next block's rows into the second panel.
    /// </summary>
    private enum TileKind
    {
        Panel,
        FillingPanel,
        CopyingNextPanel,
    }

    /// <summary>
    /// Where a tile reads its weight vectors: the method's name suffix and leading parameters, the reference it starts
    /// from, the floats between two reduction channels' vectors, whether it stores them into the panel as it goes, and
    /// how many reduction channels its loop unrolls, copying one row of the next block's panel per iteration (0: none).
    /// </summary>
    private sealed record TileWeights(string NameSuffix, string Parameters, string Start, string Pitch, bool FillsPanel, int CopyUnroll);

    private TileWeights Weights(TileKind kind, SimdVocabulary simd, int width) => kind switch
    {
        TileKind.FillingPanel => new TileWeights("FillingPanel", "ref float rows, ref float panel, ref float strip, ", "rows", "GroupIn", FillsPanel: true, CopyUnroll: 0),
        TileKind.CopyingNextPanel => new TileWeights("CopyingNextPanel", "ref float panel, ref float strip, ", "panel", Literal.Int(width), FillsPanel: false, CopyUnroll: CopyTiles(simd)),
        _ => new TileWeights("", $"ref float panel, ref float {(_gather is null ? "strip" : "planes")}, {BiasParameter}", "panel", Literal.Int(width), FillsPanel: false, CopyUnroll: 0),
    };

    /// <summary>
    /// One register tile. A <see cref="TileKind.FillingPanel"/> tile (backward-data, the block's first) reads the weight
    /// vectors from the OIHW rows, GroupIn apart, and stores them into the panel as they are used; a
    /// <see cref="TileKind.CopyingNextPanel"/> tile also copies one OIHW row of the next block into its panel per
    /// unrolled iteration, loads that no FMA waits for.
    /// </summary>
    private void EmitTile(SimdVocabulary simd, int vectors, TileKind kind)
    {
        int lanes = simd.Lanes, positions = TilePositionsOn(simd), width = vectors * lanes;
        TileWeights weights = Weights(kind, simd, width);
        string noun = _forward ? "output" : "input";
        _w.WriteLine($"/// <summary>{simd.PathName}: {width} {noun} channel(s) × {positions} positions = {vectors * positions} accumulators; per {(_gather is null ? "reduction channel" : "input channel and tap")} {vectors} weight load(s) and {positions} broadcasts" +
            (weights.FillsPanel ? $"; the weights are read from the OIHW rows and stored into the panel [GroupOut][{width}] as they are used.</summary>"
            : weights.CopyUnroll > 0 ? $"; per {weights.CopyUnroll} reduction channels one row of the next block's weights is copied into its panel.</summary>"
            : ".</summary>"));
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void Tile{simd.Suffix}x{vectors}{weights.NameSuffix}({weights.Parameters}ref float target{(_gather is null ? "" : ", int start")}{(StoresChannelRows(simd) ? ", int rowFloats" : "")}{(weights.CopyUnroll > 0 ? ", ref float nextRows, ref float nextPanel" : "")})"))
        {
            var accumulators = Enumerable.Range(0, vectors).SelectMany(v => Enumerable.Range(0, positions).Select(j => Acc(v, j))).ToList();
            _w.WriteLine($"{simd.Type} {accumulators[0]} = {simd.Zero}{string.Concat(accumulators.Skip(1).Select(a => $", {a} = {accumulators[0]}"))};");
            _w.WriteLine($"{simd.Type} {string.Join(", ", Enumerable.Range(0, vectors).Select(v => "w" + v))}, g;");
            _w.WriteLine($"ref float w = ref {weights.Start};");
            if (_gather is { } gather)
            {
                EmitGatherReduction(simd, vectors, positions, gather);
            }
            else
            {
                EmitStripReduction(simd, vectors, positions, weights, width);
            }
            EmitEpilogue(simd, vectors, positions);
        }
    }

    /// <summary>
    /// A convolution tile's reduction: per input channel of the group, every tap unrolled, each loading its two weight
    /// vectors (panel row c·Taps + t) and broadcasting the tap's value at each of the tile's positions from the planes.
    /// </summary>
    private void EmitGatherReduction(SimdVocabulary simd, int vectors, int positions, ChannelLaneGather gather)
    {
        int lanes = simd.Lanes, width = vectors * lanes;
        _w.WriteLine("// Where the tile's positions start + j read in their channel's planes: (p / OutWidth)·PlaneWidth + p % OutWidth.");
        _w.WriteLine($"nint {string.Join(", ", Enumerable.Range(0, positions).Select(j => $"b{j} = {ChannelLaneGather.PositionOffsetExpression(j == 0 ? "start" : $"(start + {j})")}"))};");
        _w.WriteLine("ref float x = ref planes;");
        using (_w.Block("for (int c = 0; c < GroupIn; c++)"))
        {
            for (int t = 0; t < gather.TapOffsets.Count; t++)
            {
                int kh = t / _layer.KernelWidth, kw = t % _layer.KernelWidth;
                _w.WriteLine($"// Tap ({kh},{kw}): weight row c·Taps + {t}, input at offset {gather.TapOffsets[t]} of the channel's planes.");
                _w.WriteLine(string.Join(" ", Enumerable.Range(0, vectors).Select(v => $"w{v} = {simd.Load("w", t * width + v * lanes)};")));
                _w.WriteLine($"ref float x{t} = ref Unsafe.Add(ref x, {gather.TapOffsets[t]});");
                for (int j = 0; j < positions; j++)
                {
                    string fmas = string.Join(" ", Enumerable.Range(0, vectors).Select(v => $"{Acc(v, j)} = {simd.MultiplyAdd("w" + v, "g", Acc(v, j))};"));
                    _w.WriteLine($"g = {simd.Broadcast($"Unsafe.Add(ref x{t}, b{j})")}; {fmas}");
                }
            }
            _w.WriteLine($"w = ref Unsafe.Add(ref w, Taps * {width});");
            _w.WriteLine("x = ref Unsafe.Add(ref x, ChannelStride);");
        }
    }

    /// <summary>A pointwise tile's reduction: per reduction channel, the weight vectors and each position's strip value broadcast.</summary>
    private void EmitStripReduction(SimdVocabulary simd, int vectors, int positions, TileWeights weights, int width)
    {
        if (weights.CopyUnroll > 0)
        {
            EmitCopyingStripReduction(simd, vectors, positions, weights.CopyUnroll, width);
            return;
        }
        int lanes = simd.Lanes;
        _w.WriteLine("ref float x = ref strip;");
        using (_w.Block("for (int i = 0; i < Reduction; i++)"))
        {
            _w.WriteLine($"// Reduction channel i: {vectors} weight vector(s){(weights.FillsPanel ? " (also stored into the panel)" : "")}, then each position's value broadcast into its accumulators.");
            _w.WriteLine(string.Join(" ", Enumerable.Range(0, vectors).Select(v => $"w{v} = {simd.Load("w", v * lanes)};")));
            if (weights.FillsPanel)
            {
                _w.WriteLine(string.Join(" ", Enumerable.Range(0, vectors).Select(v => simd.Store("w" + v, "panel", v * lanes))));
            }
            EmitStripFmas(simd, vectors, positions, 0);
            if (weights.FillsPanel && _plan.FillPrefetchRows > 0)
            {
                _w.WriteLine($"// The rows are a page or more apart, past what the hardware prefetchers follow: prefetch the row {_plan.FillPrefetchRows} output channels ahead.");
                _w.WriteLine(string.Join(" ", Enumerable.Range(0, ShapeMath.CeilDiv(width, FloatsPerCacheLine)).Select(line =>
                    $"KernelMemory.Prefetch(ref w, {_plan.FillPrefetchRows} * GroupIn{(line > 0 ? $" + {line * FloatsPerCacheLine}" : "")});")));
            }
            _w.WriteLine($"w = ref Unsafe.Add(ref w, {weights.Pitch});");
            if (weights.FillsPanel)
            {
                _w.WriteLine($"panel = ref Unsafe.Add(ref panel, {width});");
            }
            _w.WriteLine("x = ref Unsafe.Add(ref x, TilePositions);");
        }
    }

    /// <summary>Each of the tile's positions: its strip value (at x + <paramref name="offset"/> + j) broadcast and multiplied into its accumulators.</summary>
    private void EmitStripFmas(SimdVocabulary simd, int vectors, int positions, int offset)
    {
        for (int j = 0; j < positions; j++)
        {
            string fmas = string.Join(" ", Enumerable.Range(0, vectors).Select(v => $"{Acc(v, j)} = {simd.MultiplyAdd("w" + v, "g", Acc(v, j))};"));
            _w.WriteLine($"g = {simd.Broadcast($"Unsafe.Add(ref x, {offset + j})")}; {fmas}");
        }
    }

    /// <summary>
    /// <see cref="EmitStripReduction"/> unrolled by <paramref name="unroll"/> reduction channels, with one row of the next
    /// block's weights (<paramref name="width"/> floats of nextRows) copied into nextPanel per iteration, after the first
    /// channel's FMAs: the tile copies Reduction / <paramref name="unroll"/> rows.
    /// </summary>
    private void EmitCopyingStripReduction(SimdVocabulary simd, int vectors, int positions, int unroll, int width)
    {
        int lanes = simd.Lanes;
        _w.WriteLine("ref float x = ref strip;");
        using (_w.Block($"for (int i = 0; i < Reduction; i += {unroll})"))
        {
            for (int u = 0; u < unroll; u++)
            {
                _w.WriteLine($"// Reduction channel i{(u == 0 ? "" : $" + {u}")}: {vectors} weight vector(s), then each position's value broadcast into its accumulators.");
                _w.WriteLine(string.Join(" ", Enumerable.Range(0, vectors).Select(v => $"w{v} = {simd.Load("w", u * width + v * lanes)};")));
                EmitStripFmas(simd, vectors, positions, u * positions);
                if (u == 0)
                {
                    _w.WriteLine("// One row of the next block's weights into its panel: loads no FMA waits for.");
                    _w.WriteLine(string.Join(" ", Enumerable.Range(0, vectors).Select(v => simd.Store(simd.Load("nextRows", v * lanes), "nextPanel", v * lanes))));
                }
            }
            _w.WriteLine($"w = ref Unsafe.Add(ref w, {unroll * width});");
            _w.WriteLine($"x = ref Unsafe.Add(ref x, {unroll} * TilePositions);");
            _w.WriteLine("nextRows = ref Unsafe.Add(ref nextRows, GroupIn);");
            _w.WriteLine($"nextPanel = ref Unsafe.Add(ref nextPanel, {width});");
        }
    }

    /// <summary>Bias and activation in registers, then the lanes stored transposed into the NCHW target.</summary>
    private void EmitEpilogue(SimdVocabulary simd, int vectors, int positions)
    {
        int lanes = simd.Lanes;
        if (HasBias || !_layer.FusedActivation.IsNone)
        {
            _w.WriteLine(HasBias ? "// Bias (one value per lane channel), then the activation." : "// The activation.");
            for (int v = 0; v < vectors; v++)
            {
                if (HasBias)
                {
                    _w.WriteLine($"w{v} = {simd.Load("bias", v * lanes)};");
                }
                _w.WriteLine(string.Join(" ", Enumerable.Range(0, positions).Select(j =>
                    $"{Acc(v, j)} = {simd.Activate(HasBias ? $"{Acc(v, j)} + w{v}" : Acc(v, j), _layer.FusedActivation)};")));
            }
        }
        if (StoresChannelRows(simd))
        {
            _w.WriteLine($"// Stored transposed, {lanes} channels per call: channel row l gets lane l of a{{v}}_0 … a{{v}}_{positions - 1}; 8 floats where the plane has room (the next tile overwrites the {ChannelRowFloats - positions} past this one), else exactly {positions}.");
            for (int v = 0; v < vectors; v++)
            {
                IEnumerable<string> rows = Enumerable.Range(0, ChannelRowFloats).Select(j => Acc(v, System.Math.Min(j, positions - 1)));
                string target = v == 0 ? "ref target" : $"ref Unsafe.Add(ref target, {v * lanes * _plan.Positions})";
                _w.WriteLine($"KernelStores.StoreChannelRows({string.Join(", ", rows)}, {target}, Positions, rowFloats);");
            }
        }
        else
        {
            _w.WriteLine($"// Stored transposed: lane l of a{{v}}_{{j}} is channel {lanes}·v + l of the block, position j of the tile.");
            for (int v = 0; v < vectors; v++)
            {
                for (int j = 0; j < positions; j++)
                {
                    _w.WriteLine(string.Join(" ", Enumerable.Range(0, lanes).Select(lane =>
                        $"Unsafe.Add(ref target, {((v * lanes) + lane) * _plan.Positions + j}) = {simd.Element(Acc(v, j), lane)};")));
                }
            }
        }
    }

    /// <summary>The layout identifier and the packing routine behind the generated PackWeights method.</summary>
    private void EmitPack()
    {
        _w.WriteLine("/// <summary>Identifies the packed-weight layout of the instruction set this process runs on (its block width).</summary>");
        _w.WriteLine($"public static int Layout => {SimdVocabulary.Pick(Paths, s => Literal.Int(s.Lanes))};");
        _w.WriteLine();
        _w.WriteLine($"/// <summary>Packs OIHW weights as the panels a block reads: per group and block of output channels, [{WeightRow}][block] (each block's rows transposed).</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block("public static PackedWeights Pack(ReadOnlySpan<float> weights, string kernel)"))
        {
            _w.WriteLine($"PackedWeights packed = KernelWeights.Allocate(weights.Length, kernel, Layout, typeof({_className}));");
            _w.WriteLine("ref float source = ref MemoryMarshal.GetReference(weights);");
            _w.WriteLine("ref float target = ref MemoryMarshal.GetReference(KernelWeights.Contents(packed));");
            using (_w.Block("for (int g = 0; g < Groups; g++)"))
            {
                using (_w.Block("for (int c0 = 0; c0 < GroupOut; c0 += BlockChannels)"))
                {
                    _w.WriteLine($"int offset = (g * GroupOut + c0) * {WeightRow};");
                    _w.WriteLine($"KernelTranspose.Transpose(ref Unsafe.Add(ref source, offset), Math.Min(BlockChannels, GroupOut - c0), {WeightRow}, ref Unsafe.Add(ref target, offset));");
                }
            }
            _w.WriteLine("return packed;");
        }
    }
}
