using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the kernel class of a depthwise backward-weights pass with the row plan (<see cref="BackwardWeightsPlan.DepthwiseRows"/>).
/// Each channel is one task: per image it packs the channel's input plane as the forward pass does (into thread-local
/// scratch that stays in L1/L2), then walks the output in bands of rows × vectors along a row, loading the gradOutput
/// rows of the band straight from NCHW and each input row vector once per kernel column, and multiplying them into one
/// accumulator per tap. A row's last partial vector overlaps the previous one with the already-counted lanes of
/// gradOutput masked to zero. Rows narrower than a Vector256 take one vector per row, its lanes past the row masked to
/// zero in gradOutput (the channel's last row is loaded ending at its end instead, so no load leaves the gradOutput
/// span). A channel is reduced by one thread in a fixed order over images, rows and columns, so the result does not
/// depend on the thread count. The planes' zero borders are written once per task; on small planes packing is
/// double-buffered (the next (channel, image) is packed into the other scratch slot before this one is reduced).
/// </summary>
internal sealed class DepthwiseWeightsGradientEmitter
{
    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly BackwardWeightsPlan _plan;
    private readonly DirectConvPlan _packing;
    private readonly string _className;

    public DepthwiseWeightsGradientEmitter(SourceWriter writer, KernelModel model, string className)
    {
        _w = writer;
        _layer = model.Spec.Layer;
        _plan = model.WeightsPlan!;
        _packing = _plan.Packing;
        _className = className;
    }

    private int Rows => _plan.DepthwiseRows;

    /// <summary>
    /// The instruction-set paths that pack the input, widest first (AVX-512 machines run the unpacked whole-row method
    /// instead where the plan has one, AVX2 machines <see cref="Unpacked256"/> where the plan has one): Vector512 where output rows hold a whole 16-lane vector, or more than half
    /// of one in a channel of two or more rows (one masked vector per row then does the work of two Vector256; the
    /// channel's last row is loaded ending at its end, so it needs a row before it). 14×14×512, generated both ways in
    /// one process: 22.5 against 26.7 µs.
    /// </summary>
    private IReadOnlyList<SimdVocabulary> Paths => PackingPaths(_layer, _plan);

    /// <summary>The packing paths of <see cref="Paths"/> for a layer and its plan (the plan's remarks name them too).</summary>
    internal static IReadOnlyList<SimdVocabulary> PackingPaths(LayerSpec layer, BackwardWeightsPlan plan)
    {
        return SimdVocabulary.PathsFor(!plan.SkipsPacking512 &&
            (layer.OutWidth >= SimdVocabulary.Vector512.Lanes || (layer.OutWidth > SimdVocabulary.Vector512.Lanes / 2 && layer.OutHeight >= 2)))
            .Where(simd => !(plan.SkipsPacking256 && simd == SimdVocabulary.Vector256)).ToList();
    }

    /// <summary>The AVX-512 channel method that reads NCHW without packing, or null where the plan has none.</summary>
    private string? Unpacked512 =>
        _plan.WholeRows512 is not null ? WholeRowWeightsEmitter.MethodName
        : _plan.InPlaceRows512 is not null ? InPlaceWeightsEmitter.MethodName
        : _plan.Split512 is not null ? SplitWeightsEmitter.MethodName
        : null;

    /// <summary>Rows ahead that the unpacked AVX-512 channel method prefetches in a call streaming from memory (0: none).</summary>
    private int StreamAheadRows512 =>
        _plan.WholeRows512 is not null ? 0 : _plan.InPlaceRows512?.StreamAheadRows ?? _plan.Split512?.StreamAheadRows ?? 0;

    /// <summary>Whether AVX2 machines read the NCHW input in place (<see cref="BackwardWeightsPlan.InPlaceRows256"/>).</summary>
    private bool InPlace256 => _plan.InPlaceRows256;

    /// <summary>The AVX2 channel method that reads NCHW without packing, or null where the plan has none.</summary>
    private string? Unpacked256 =>
        InPlace256 ? InPlaceDepthwiseWeights256Emitter.MethodName
        : _plan.WholeRows256 ? WholeRowWeights256Emitter.MethodName
        : _plan.Split256 ? SplitWeights256Emitter.MethodName
        : null;

    /// <summary>Two packing slots, the next (channel, image) packed before this one is reduced (small planes only).</summary>
    private bool DoubleBuffers => _packing.DoubleBuffersPacking;

    private bool HasBorders => InputPackingEmitter.HasBorders(_layer, _packing);

    /// <summary>Rows narrower than a vector of <paramref name="simd"/>: one vector per row, lanes past the row masked off.</summary>
    private bool Narrow(SimdVocabulary simd) => _layer.OutWidth < simd.Lanes;

    /// <summary>Floats read past a packed channel's planes by the vectors of narrow rows (at most a 16-lane vector's); each scratch slot ends with that many zeros.</summary>
    private const int SlotSlack = 16;

    public void Emit(string methodDisplayName, string generatedCodeAttribute)
    {
        _w.WriteLine($"/// <summary>Backward-weights kernel behind <c>{methodDisplayName}</c>; the plan is in that method's remarks.</summary>");
        _w.WriteLine(generatedCodeAttribute);
        using (_w.Block($"file sealed class {_className} : IPinnedKernel"))
        {
            EmitConstants();
            _w.WriteLine();
            EmitRun();
            _w.WriteLine();
            EmitChannelTasks();
            if (_packing.PacksInput)
            {
                _w.WriteLine();
                // Inlined: the tap accumulators live across the packing call, and around a call RyuJIT keeps them in
                // stack slots for the whole band loop (14×14×512: 35 against 22 µs per call).
                new InputPackingEmitter(_w, _layer, _packing, PackingWrites.Interior, inlined: true).EmitPackChannel();
                if (HasBorders)
                {
                    _w.WriteLine();
                    new InputPackingEmitter(_w, _layer, _packing, PackingWrites.Borders).EmitPackChannel();
                }
            }
            foreach (SimdVocabulary simd in Paths)
            {
                _w.WriteLine();
                EmitChannel(simd);
            }
            if (InPlace256)
            {
                _w.WriteLine();
                new InPlaceDepthwiseWeights256Emitter(_w, _layer, _plan.InPlaceBandRows256, _plan.StreamAheadRows256).Emit();
            }
            if (_plan.WholeRows256)
            {
                _w.WriteLine();
                new WholeRowWeights256Emitter(_w, _layer).Emit();
            }
            if (_plan.Split256)
            {
                _w.WriteLine();
                new SplitWeights256Emitter(_w, _layer, _plan.StreamAheadRows256).Emit();
            }
            if (_plan.WholeRows512 is { } wholeRows)
            {
                _w.WriteLine();
                new WholeRowWeightsEmitter(_w, _layer, wholeRows).Emit();
            }
            else if (_plan.InPlaceRows512 is { } inPlace)
            {
                _w.WriteLine();
                new InPlaceWeightsEmitter(_w, _layer, inPlace).Emit();
            }
            else if (_plan.Split512 is { } split)
            {
                _w.WriteLine();
                new SplitWeightsEmitter(_w, _layer, split).Emit();
            }
            if (_plan.ChannelPairs512)
            {
                _w.WriteLine();
                new ChannelPairWeightsEmitter(_w, _layer).Emit();
            }
        }
    }

    private void EmitConstants()
    {
        LayerSpec l = _layer;
        _w.WriteLine("// Layer shape.");
        _w.WriteLine($"private const int Channels = {l.InChannels}, Taps = {l.Taps};");
        _w.WriteLine($"private const int Height = {l.Height}, Width = {l.Width}, OutHeight = {l.OutHeight}, OutWidth = {l.OutWidth};");
        _w.WriteLine($"private const int InputImage = {l.InputImage}, OutputImage = {l.OutputImage};");
        _w.WriteLine($"private const long Flops = {Literal.Long(l.Flops)}, ParallelFlops = {Literal.Long(_plan.ParallelMinimumFlops)};");
        if (StreamAheadRows512 > 0 || _plan.StreamAheadRows256 > 0)
        {
            StreamPrefetchEmitter.EmitConstant(_w);
        }
        _w.WriteLine(_packing.PacksInput
            ? $"// Each channel's input packed as the forward pass packs it: {_packing.PhaseCount} zero-padded stride-phase plane(s) of {_packing.PlaneHeight}×{_packing.PlaneWidth}."
            : "// Stride 1 and no padding: the taps read the input plane in place.");
        _w.WriteLine($"private const int PlaneWidth = {_packing.PlaneWidth}, PlaneSize = {_packing.PlaneSize}, ChannelStride = {_packing.ChannelStride};");
        if (_packing.PacksInput)
        {
            _w.WriteLine(DoubleBuffers
                ? $"// Two packing slots, each ending with {SlotSlack} zeros that vectors reading past the last plane see."
                : $"// The packing slot ends with {SlotSlack} zeros that vectors reading past the last plane see.");
            _w.WriteLine($"private const int SlotFloats = ChannelStride + {SlotSlack};");
        }
        string narrowPaths = string.Join(" and ", Paths.Where(Narrow).Select(p => p.VectorName));
        _w.WriteLine($"// Bands of {Rows} output row(s); {l.OutHeight % Rows} row(s) left for a last, shorter band" +
            (narrowPaths.Length > 0 ? $" (the {narrowPaths} path(s), on rows narrower than a vector, band all rows but the last, which they load apart)." : "."));
        _w.WriteLine($"private const int Rows = {Rows}, FullBandRows = {l.OutHeight / Rows * Rows};");
    }

    private void EmitRun()
    {
        _w.WriteLine("/// <summary>One parallel phase over channels; each channel overwrites its gradients.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block("public static void Run(nint input, nint gradOutput, nint gradBias, nint gradWeights, int batch)"))
        {
            _w.WriteLine("var tasks = new ChannelTasks(input, gradOutput, gradBias, gradWeights, batch);");
            _w.WriteLine("KernelParallel.For(ref tasks, KernelParallel.Slices(Flops * batch, ParallelFlops, Channels));");
        }
    }

    private void EmitChannelTasks() =>
        KernelTaskEmitter.RangeTask(_w, "Reduces a range of channels over the whole batch, packing in this thread's scratch.", "ChannelTasks",
            new[] { "input", "gradOutput", "gradBias", "gradWeights" }, new[] { ("int", "batch") }, "Channels", "c",
            () =>
            {
                if (Unpacked512 is { } unpacked)
                {
                    _w.WriteLine("// AVX-512 reads every channel straight from NCHW: no packing scratch.");
                    using (_w.Block($"if ({SimdVocabulary.Avx512Condition})"))
                    {
                        const string arguments = "ref KernelMemory.AsRef(_input), ref KernelMemory.AsRef(_gradOutput), ref KernelMemory.AsRef(_gradWeights), ref KernelMemory.AsRef(_gradBias)";
                        string prefetch = StreamPrefetchEmitter.EmitCheck(_w, StreamAheadRows512 > 0);
                        if (_plan.ChannelPairs512)
                        {
                            _w.WriteLine("// Channels in pairs; an odd range ends with one channel on its own.");
                            _w.WriteLine("int first = begin;");
                            _w.WriteLine($"for (; first + 1 < end; first += 2) {ChannelPairWeightsEmitter.MethodName}({arguments}, first, _batch);");
                            _w.WriteLine($"if (first < end) {unpacked}({arguments}, first, _batch{prefetch});");
                        }
                        else
                        {
                            _w.WriteLine($"for (int c = begin; c < end; c++) {unpacked}({arguments}, c, _batch{prefetch});");
                        }
                        _w.WriteLine("return;");
                    }
                }
                if (Unpacked256 is { } unpacked256)
                {
                    _w.WriteLine(InPlace256 ? "// AVX2 reads every channel straight from NCHW too; only a zero row for the padding above and below the image."
                        : _plan.WholeRows256 ? "// AVX2 reads every channel straight from NCHW too, one vector per row: no packing scratch."
                        : "// AVX2 reads every channel straight from NCHW too, splitting the stride phases in registers: no packing scratch.");
                    using (_w.Block($"if ({SimdVocabulary.Avx2Condition}{(Paths.Contains(SimdVocabulary.Vector512) ? " && !Vector512.IsHardwareAccelerated" : "")})"))
                    {
                        const string arguments = "ref KernelMemory.AsRef(_input), ref KernelMemory.AsRef(_gradOutput), ref KernelMemory.AsRef(_gradWeights), ref KernelMemory.AsRef(_gradBias)";
                        string prefetch = StreamPrefetchEmitter.EmitCheck(_w, _plan.StreamAheadRows256 > 0);
                        if (InPlace256)
                        {
                            int zeroFloats = InPlaceDepthwiseWeights256Emitter.ZeroRowFloats(_layer);
                            _w.WriteLine($"ref float zeros = ref KernelMemory.AsRef(KernelMemory.Scratch({zeroFloats}));");
                            _w.WriteLine($"Unsafe.InitBlockUnaligned(ref Unsafe.As<float, byte>(ref zeros), 0, {zeroFloats * 4});");
                            _w.WriteLine($"for (int c = begin; c < end; c++) {unpacked256}({arguments}, ref Unsafe.Add(ref zeros, 8), c, _batch{prefetch});");
                        }
                        else
                        {
                            _w.WriteLine($"for (int c = begin; c < end; c++) {unpacked256}({arguments}, c, _batch{prefetch});");
                        }
                        _w.WriteLine("return;");
                    }
                }
                if (!_packing.PacksInput)
                {
                    _w.WriteLine("ref float packed = ref Unsafe.NullRef<float>();");
                    return;
                }
                if (!DoubleBuffers)
                {
                    _w.WriteLine("ref float packed = ref KernelMemory.AsRef(KernelMemory.Scratch(SlotFloats));");
                    _w.WriteLine("// Borders and slack are the same for every channel: zeroed once.");
                    EmitClearSlot("packed", "ChannelStride");
                    return;
                }
                _w.WriteLine("ref float packed = ref KernelMemory.AsRef(KernelMemory.Scratch(2 * SlotFloats));");
                _w.WriteLine("// Borders and slack are the same for every channel: zeroed once in both slots. The first channel's first image is packed ahead.");
                using (_w.Block("for (int s = 0; s < 2; s++)"))
                {
                    EmitClearSlot("Unsafe.Add(ref packed, s * SlotFloats)", "s * SlotFloats + ChannelStride");
                }
                using (_w.Block("if (begin < end)"))
                {
                    _w.WriteLine("PackInterior(ref Unsafe.Add(ref KernelMemory.AsRef(_input), begin * (Height * Width)), ref packed);");
                }
                _w.WriteLine("int slot = 0;");
            },
            () =>
            {
                string arguments = "ref KernelMemory.AsRef(_input), ref KernelMemory.AsRef(_gradOutput), ref packed, ref KernelMemory.AsRef(_gradWeights), ref KernelMemory.AsRef(_gradBias), c, _batch" +
                    (DoubleBuffers ? ", c + 1 < end, ref slot" : "");
                foreach (string line in SimdVocabulary.Dispatch("Channel", arguments, Paths))
                {
                    _w.WriteLine(line);
                }
            });

    /// <summary>Zeroes one packing slot's borders (at <paramref name="slot"/>) and its slack (at element <paramref name="slack"/> of <c>packed</c>).</summary>
    private void EmitClearSlot(string slot, string slack)
    {
        if (HasBorders)
        {
            _w.WriteLine($"ZeroBorders(ref {slot});");
        }
        _w.WriteLine($"Unsafe.InitBlockUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref packed, {slack})), 0, {SlotSlack * 4});");
    }

    internal static string Acc(int kh, int kw) => $"a{kh}_{kw}";

    /// <summary>The tap accumulators of a channel, in weight order.</summary>
    internal static List<string> TapAccumulators(LayerSpec layer)
    {
        var taps = new List<string>();
        for (int kh = 0; kh < layer.KernelHeight; kh++)
        {
            for (int kw = 0; kw < layer.KernelWidth; kw++)
            {
                taps.Add(Acc(kh, kw));
            }
        }
        return taps;
    }

    /// <summary>Declares the tap accumulators (and the bias's, <c>b</c>) at zero; returns the tap accumulators in weight order.</summary>
    internal static List<string> DeclareAccumulators(SourceWriter w, SimdVocabulary simd, LayerSpec layer)
    {
        List<string> taps = TapAccumulators(layer);
        IEnumerable<string> all = layer.HasBias ? taps.Concat(new[] { "b" }) : taps;
        w.WriteLine($"{simd.Type} {string.Join(", ", all.Select(a => $"{a} = {simd.Zero}"))};");
        return taps;
    }

    /// <summary>Columns of the last of <paramref name="columnTiles"/> column tiles of 16 that no earlier tile counted (16 where the rows are whole tiles).</summary>
    internal static int LastTileColumns(int outWidth, int columnTiles) => outWidth - (columnTiles - 1) * 16;

    /// <summary>
    /// Declares <c>lastTile</c>, the gradOutput mask of a last column tile shifted back to end at the row's end (its
    /// lanes counted by the tile before are off), where the rows are not whole tiles; returns whether it did.
    /// </summary>
    internal static bool EmitLastTileMask(SourceWriter w, int outWidth, int columnTiles)
    {
        int fresh = LastTileColumns(outWidth, columnTiles);
        if (fresh == 16)
        {
            return false;
        }
        w.WriteLine($"// The last column tile starts at column {outWidth - 16}: its first {16 - fresh} lane(s) were counted by the tile before, so they are masked off in its gradOutput.");
        w.WriteLine($"Vector512<float> lastTile = {Literal.Mask("Vector512", 16, lane => lane >= 16 - fresh)};");
        return true;
    }

    /// <summary>
    /// Inside the column-tile loop: declares <c>counted</c>, the gradOutput mask of this tile (<c>lastTile</c> on the last
    /// one, every lane elsewhere), where the rows are not whole tiles; returns whether it did.
    /// </summary>
    internal static bool EmitCountedMask(SourceWriter w, int outWidth, int columnTiles)
    {
        if (LastTileColumns(outWidth, columnTiles) == 16)
        {
            return false;
        }
        w.WriteLine($"Vector512<float> counted = columnTile == {columnTiles - 1} ? lastTile : Vector512<float>.AllBitsSet;");
        return true;
    }

    /// <summary>Sums each tap accumulator (and the bias's, <c>b</c>) horizontally in a fixed lane order and writes channel c's gradients.</summary>
    internal static void EmitHorizontalSums(SourceWriter w, SimdVocabulary simd, IReadOnlyList<string> taps, bool hasBias)
    {
        if (simd.Lanes == 16)
        {
            EmitHorizontalSums512(w, taps, hasBias);
            return;
        }
        w.WriteLine("// Horizontal sums (a fixed lane order), written over the gradients.");
        w.WriteLine("ref float dw = ref Unsafe.Add(ref gradWeights, c * Taps);");
        int t = 0;
        for (; t + 8 <= taps.Count && simd.StoreSums8(taps.Skip(t).Take(8).ToList(), "dw", t) is { } sums; t += 8)
        {
            w.WriteLine($"// Taps {t}-{t + 7}: eight sums at once.");
            foreach (string line in sums)
            {
                w.WriteLine(line);
            }
        }
        if (t < taps.Count)
        {
            w.WriteLine(string.Join(" ", Enumerable.Range(t, taps.Count - t).Select(i => $"Unsafe.Add(ref dw, {i}) = {simd.Sum(taps[i])};")));
        }
        if (hasBias)
        {
            w.WriteLine($"Unsafe.Add(ref gradBias, c) = {simd.Sum("b")};");
        }
    }

    /// <summary>
    /// The Vector512 sums: eight taps per tree of 512-bit shuffles and adds (<c>KernelReductions.StoreSums8</c>), the
    /// rest (and the bias) two per smaller tree, a last odd one with <see cref="SimdVocabulary.Sum"/>.
    /// </summary>
    private static void EmitHorizontalSums512(SourceWriter w, IReadOnlyList<string> taps, bool hasBias)
    {
        w.WriteLine("// Horizontal sums (trees of 512-bit shuffles and adds, a fixed lane order), written over the gradients.");
        w.WriteLine("ref float dw = ref Unsafe.Add(ref gradWeights, c * Taps);");
        int t = 0;
        for (; t + 8 <= taps.Count; t += 8)
        {
            w.WriteLine($"KernelReductions.StoreSums8(ref Unsafe.Add(ref dw, {t}), {string.Join(", ", taps.Skip(t).Take(8))});");
        }
        var rest = Enumerable.Range(t, taps.Count - t).Select(i => (Target: $"Unsafe.Add(ref dw, {i})", Accumulator: taps[i])).ToList();
        if (hasBias)
        {
            rest.Add(("Unsafe.Add(ref gradBias, c)", "b"));
        }
        for (int i = 0; i + 1 < rest.Count; i += 2)
        {
            w.WriteLine($"KernelReductions.StoreSums2(ref {rest[i].Target}, ref {rest[i + 1].Target}, {rest[i].Accumulator}, {rest[i + 1].Accumulator});");
        }
        if (rest.Count % 2 == 1)
        {
            w.WriteLine($"{rest[rest.Count - 1].Target} = {SimdVocabulary.Vector512.Sum(rest[rest.Count - 1].Accumulator)};");
        }
    }

    private void EmitChannel(SimdVocabulary simd)
    {
        LayerSpec l = _layer;
        string isa = simd.PathName;
        _w.WriteLine($"/// <summary>{isa}: one channel over the batch; {l.Taps} tap accumulator(s){(l.HasBias ? " and a bias accumulator" : "")} of {simd.Lanes} partial sum(s), bands of {Rows} gradOutput row(s) × 1 vector.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void Channel{simd.Suffix}(ref float input, ref float gradOutput, ref float packed, ref float gradWeights, ref float gradBias, int c, int batch{(DoubleBuffers ? ", bool nextChannel, ref int slot" : "")})"))
        {
            List<string> taps = DeclareAccumulators(_w, simd, l);
            // Narrow rows band all but the channel's last row, which may leave fewer rows than a band.
            int bandRows = Narrow(simd) ? System.Math.Min(Rows, l.OutHeight - 1) : Rows;
            _w.WriteLine($"{simd.Type} x0, {string.Join(", ", Enumerable.Range(0, bandRows).Select(r => "g" + r))};");
            using (_w.Block("for (int n = 0; n < batch; n++)"))
            {
                if (_packing.PacksInput && !DoubleBuffers)
                {
                    _w.WriteLine("ref float plane = ref packed;");
                    _w.WriteLine("PackInterior(ref Unsafe.Add(ref input, n * InputImage + c * (Height * Width)), ref plane);");
                }
                else if (DoubleBuffers)
                {
                    _w.WriteLine("ref float plane = ref Unsafe.Add(ref packed, slot * SlotFloats);");
                    _w.WriteLine("// Pack the next (channel, image) into the other slot before reducing this one: these loads then never wait on fresh stores.");
                    _w.WriteLine("ref float following = ref Unsafe.Add(ref packed, (slot ^ 1) * SlotFloats);");
                    _w.WriteLine("if (n + 1 < batch) PackInterior(ref Unsafe.Add(ref input, (n + 1) * InputImage + c * (Height * Width)), ref following);");
                    _w.WriteLine("else if (nextChannel) PackInterior(ref Unsafe.Add(ref input, (c + 1) * (Height * Width)), ref following);");
                    _w.WriteLine("slot ^= 1;");
                }
                else
                {
                    _w.WriteLine("ref float plane = ref Unsafe.Add(ref input, n * InputImage + c * (Height * Width));");
                }
                _w.WriteLine("ref float gradient = ref Unsafe.Add(ref gradOutput, n * OutputImage + c * (OutHeight * OutWidth));");
                // Narrow rows: the channel's last row is a band of its own, loaded ending at the row's end.
                int banded = Narrow(simd) ? l.OutHeight - 1 : l.OutHeight;
                int fullBandRows = banded / Rows * Rows;
                if (banded >= Rows)
                {
                    using (_w.Block(Narrow(simd) ? $"for (int oy = 0; oy < {fullBandRows}; oy += Rows)" : "for (int oy = 0; oy < FullBandRows; oy += Rows)"))
                    {
                        EmitBand(simd, Rows, "oy");
                    }
                }
                int rest = banded % Rows;
                if (rest > 0)
                {
                    using (_w.Block($"// The last {rest} row(s){(Narrow(simd) ? " before the channel's last row" : "")}."))
                    {
                        EmitBand(simd, rest, Narrow(simd) ? Literal.Int(fullBandRows) : "FullBandRows");
                    }
                }
                if (Narrow(simd))
                {
                    using (_w.Block($"// The channel's last row: the vector ending at its end, its first {simd.Lanes - l.OutWidth} lane(s) (the row before) masked off."))
                    {
                        _w.WriteLine($"ref float x = ref Unsafe.Add(ref plane, {l.OutHeight - 1} * PlaneWidth - {simd.Lanes - l.OutWidth});");
                        _w.WriteLine($"ref float g = ref Unsafe.Add(ref gradient, {l.OutHeight - 1} * OutWidth - {simd.Lanes - l.OutWidth});");
                        EmitStep(simd, 1, 0, simd.Lanes - l.OutWidth, 0);
                    }
                }
            }
            EmitHorizontalSums(_w, simd, taps, l.HasBias);
        }
    }

    /// <summary>One band of <paramref name="rows"/> output rows from row <paramref name="top"/>: full vectors, then the masked last one.</summary>
    private void EmitBand(SimdVocabulary simd, int rows, string top)
    {
        int outWidth = _layer.OutWidth, lanes = simd.Lanes;
        _w.WriteLine($"ref float x = ref Unsafe.Add(ref plane, {top} * PlaneWidth);");
        _w.WriteLine($"ref float g = ref Unsafe.Add(ref gradient, {top} * OutWidth);");
        if (Narrow(simd))
        {
            _w.WriteLine($"// One vector per row: its last {lanes - outWidth} lane(s) (the next row) masked off.");
            EmitStep(simd, rows, 0, 0, lanes - outWidth);
            return;
        }
        int full = outWidth / lanes * lanes;
        using (_w.Block($"for (int ox = 0; ox < {full}; ox += {lanes})"))
        {
            EmitStep(simd, rows, null, 0, 0);
        }
        int rest = outWidth - full;
        if (rest > 0)
        {
            using (_w.Block($"// Columns {full}..{outWidth - 1}: the vector ending at the row's end, its first {lanes - rest} lane(s) already counted and masked off."))
            {
                EmitStep(simd, rows, outWidth - lanes, lanes - rest, 0);
            }
        }
    }

    /// <summary>
    /// One vector step of a band at column <paramref name="start"/> (the loop variable <c>ox</c> when null), its first
    /// <paramref name="masked"/> and last <paramref name="maskedLast"/> gradOutput lanes zeroed.
    /// </summary>
    private void EmitStep(SimdVocabulary simd, int rows, int? start, int masked, int maskedLast)
    {
        LayerSpec l = _layer;
        string Column(int offset) => start is int s ? Literal.Int(s + offset) : offset == 0 ? "ox" : $"ox + {Literal.Int(offset)}";
        for (int r = 0; r < rows; r++)
        {
            string load = simd.Load("g", Column(r * l.OutWidth));
            if (masked > 0 || maskedLast > 0)
            {
                string vector = simd.VectorName!;
                string mask = Literal.Mask(vector, simd.Lanes, lane => lane >= masked && lane < simd.Lanes - maskedLast);
                load = $"{vector}.BitwiseAnd({load}, {mask})";
            }
            _w.WriteLine($"g{r} = {load};" + (l.HasBias ? $" b += g{r};" : ""));
        }

        // Per kernel column, the input rows the band reads, grouped by the stride-phase plane; each is loaded once and
        // multiplied into every (output row, kernel row) pair that reads it. The columns' reads are written in turn, so
        // consecutive FMAs feed different accumulators (each one's own sum keeps its order).
        var columns = new List<string>[l.KernelWidth];
        for (int kw = 0; kw < l.KernelWidth; kw++)
        {
            columns[kw] = RowTileReads.ForKernelColumn(l, _packing, kw, rows)
                .Select(read => $"x0 = {simd.Load("x", Column(read.Offset))}; " + string.Join(" ", read.Uses.Select(u => $"{Acc(u.Kh, kw)} = {simd.MultiplyAdd("g" + u.Row, "x0", Acc(u.Kh, kw))};")))
                .ToList();
        }
        _w.WriteLine(l.KernelWidth == 1 ? "// The input rows the band reads." : $"// Each input row through kernel columns 0-{l.KernelWidth - 1} in turn: consecutive FMAs feed different columns' accumulators.");
        InterleaveColumns(_w, columns);
    }

    /// <summary>
    /// Writes the kernel columns' lines round-robin: line i of every column, then line i + 1. Each line touches only
    /// its own column's accumulators, so every accumulator still sums in its column's order, while consecutive FMAs
    /// belong to different dependency chains and the FMA latency stays hidden.
    /// </summary>
    internal static void InterleaveColumns(SourceWriter w, IReadOnlyList<List<string>> columns)
    {
        int longest = columns.Max(c => c.Count);
        for (int i = 0; i < longest; i++)
        {
            foreach (List<string> column in columns)
            {
                if (i < column.Count)
                {
                    w.WriteLine(column[i]);
                }
            }
        }
    }
}
