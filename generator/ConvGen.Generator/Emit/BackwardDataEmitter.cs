using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the kernel class of a backward-data pass: the per-phase weight repack (flipped taps, transposed channels),
/// the zero-padded gradOutput planes, one nested class per stride phase holding that phase's register-tiled
/// correlation (the forward tile code, see <see cref="TileGeometry.BackwardData"/>), and the scatter of each phase's
/// grid into the NCHW gradInput.
/// </summary>
internal sealed class BackwardDataEmitter
{
    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly BackwardDataPlan _plan;
    private readonly string _className;

    public BackwardDataEmitter(SourceWriter writer, KernelModel model, string className)
    {
        _w = writer;
        _layer = model.Spec.Layer;
        _plan = model.DataPlan!;
        _className = className;
    }

    private static IEnumerable<(SimdVocabulary Simd, TilePlan Tile)> Paths(BackwardDataPhase phase) =>
        SimdVocabulary.Paths(phase.Vector512Tile, phase.Vector256Tile, phase.Vector128Tile, phase.ScalarTile);

    private IEnumerable<(BackwardDataPhase Phase, int Index, int GridOffset)> ComputedPhases
    {
        get
        {
            int index = 0, offset = 0;
            foreach (BackwardDataPhase phase in _plan.Phases)
            {
                if (phase.HasTaps)
                {
                    yield return (phase, index, offset);
                    offset += _layer.InChannels * phase.GridExtent;
                }
                index++;
            }
        }
    }

    private int PanelFloats => ComputedPhases.Where(p => p.Phase.Gathered).Select(p => _layer.OutChannels * p.Phase.Taps * p.Phase.GridExtent).DefaultIfEmpty(0).Max();

    private int GridFloats => _plan.WritesInPlace ? 0 : ComputedPhases.Sum(p => _layer.InChannels * p.Phase.GridExtent);

    /// <summary>See <see cref="BackwardDataPlan.SlicesByRows"/>.</summary>
    private bool SlicesByRows => _plan.SlicesByRows;

    private int SliceRows => _plan.SliceRows;

    public void Emit(string methodDisplayName, string generatedCodeAttribute)
    {
        _w.WriteLine($"/// <summary>Backward-data kernel behind <c>{methodDisplayName}</c>; the plan is in that method's remarks.</summary>");
        _w.WriteLine(generatedCodeAttribute);
        using (_w.Block($"file sealed class {_className} : IPinnedKernel{(IsTransposedForward ? ", ITransformedWeights" : "")}"))
        {
            EmitConstants();
            _w.WriteLine();
            EmitRun();
            if (!_plan.ReadsWeightsInPlace)
            {
                _w.WriteLine();
                EmitRepackWeights();
            }
            if (_plan.PacksGradOutput)
            {
                _w.WriteLine();
                EmitPackGradOutput();
            }
            if (SlicesByRows)
            {
                _w.WriteLine();
                EmitGridRowSlices();
            }
            foreach ((BackwardDataPhase phase, int index, _) in ComputedPhases)
            {
                _w.WriteLine();
                EmitPhase(phase, index);
            }
            if (!_plan.WritesInPlace)
            {
                _w.WriteLine();
                EmitScatter();
            }
        }
    }

    private void EmitConstants()
    {
        LayerSpec l = _layer;
        _w.WriteLine("// Layer shape.");
        _w.WriteLine($"private const int InChannels = {l.InChannels}, OutChannels = {l.OutChannels}, Groups = {l.Groups};");
        _w.WriteLine($"private const int GroupInChannels = {l.GroupInChannels}, GroupOutChannels = {l.GroupOutChannels}, KernelTaps = {l.Taps};");
        _w.WriteLine($"private const int Height = {l.Height}, Width = {l.Width}, OutHeight = {l.OutHeight}, OutWidth = {l.OutWidth};");
        _w.WriteLine($"private const int InputImage = {l.InputImage}, OutputImage = {l.OutputImage};");
        _w.WriteLine($"private const long Flops = {Literal.Long(l.Flops)}, ParallelFlops = {Literal.Long(_plan.ParallelMinimumFlops)};");
        _w.WriteLine();
        _w.WriteLine(_plan.PacksGradOutput
            ? $"// gradOutput planes: {_plan.PlaneHeight}×{_plan.PlaneWidth} per channel, with {_plan.TopPad} zero row(s) above and {_plan.LeftPad} zero column(s) left."
            : "// gradOutput is read in place (1×1 kernel, stride 1, no padding).");
        _w.WriteLine($"private const int PlaneWidth = {_plan.PlaneWidth}, PlaneSize = {_plan.PlaneSize};");
        _w.WriteLine($"private const int PackedFloats = {(_plan.PacksGradOutput ? "OutChannels * PlaneSize" : "0")};");
        if (_plan.ReadsWeightsInPlace)
        {
            _w.WriteLine("// The tiles read the caller's weights W[k][c][kh][kw] in place: no repack, nothing cached between calls.");
        }
        else
        {
            bool padded = _plan.Phases.Any(p => p.HasTaps && p.WeightRowPitch != l.GroupOutChannels * p.Taps);
            _w.WriteLine("// Weights repacked per stride phase as [InChannels][GroupOutChannels][phase taps]" +
                (padded ? ", each input channel's row padded by a cache line so a tile's rows fall in different L1 sets." : "."));
            _w.WriteLine($"private const int RepackedFloats = {_plan.RepackedFloats};");
        }
        _w.WriteLine($"private const int GridFloats = {GridFloats};");
        if (SlicesByRows)
        {
            _w.WriteLine("// Threads split an image by grid rows (every phase's row t together); each pads the plane rows they read.");
            _w.WriteLine($"private const int SliceRows = {SliceRows};");
        }
        if (PanelFloats > 0)
        {
            _w.WriteLine("// Phases whose padded grid would waste vectors are gathered into a compact [channel][tap][position] panel first (one at a time).");
            _w.WriteLine($"private const int PanelFloats = {PanelFloats};");
        }
    }

    /// <summary>True for the forward pass of a <c>[ConvTranspose2D]</c> layer: bias, activation and packed weights.</summary>
    private bool IsTransposedForward => _layer.Transposed is { Pass: PassKind.Forward };

    private void EmitRun()
    {
        string a = IsTransposedForward ? "input" : "gradOutput", b = IsTransposedForward ? "output" : "gradInput";
        string bias = IsTransposedForward && _layer.HasBias ? "bias" : "0";
        if (IsTransposedForward)
        {
            _w.WriteLine("/// <summary>Identifies the packed-weight layout (the per-phase repack below, the same on every instruction set).</summary>");
            _w.WriteLine("public static int Layout => 1;");
            _w.WriteLine();
            _w.WriteLine("/// <summary>Runs the layer with [Cin][Cout/g][kh][kw] weights, repacking them per phase into scratch first.</summary>");
            _w.WriteLine($"public static void Run(nint input, nint weights, nint bias, nint output, int batch) => RunLayer(input, weights, bias, output, batch, packedWeights: false);");
            _w.WriteLine();
            _w.WriteLine("/// <summary>The same kernel reading weights repacked once by <see cref=\"Pack\"/>.</summary>");
            using (_w.Block("public sealed class Packed : IPinnedKernel"))
            {
                _w.WriteLine("public static void Run(nint input, nint weights, nint bias, nint output, int batch) => RunLayer(input, weights, bias, output, batch, packedWeights: true);");
            }
            _w.WriteLine();
            _w.WriteLine("/// <summary>Repacks the weights per phase once, into the layout <see cref=\"Packed\"/> reads.</summary>");
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block("public static PackedWeights Pack(ReadOnlySpan<float> weights, string kernel)"))
            {
                _w.WriteLine($"PackedWeights packed = KernelWeights.Allocate(RepackedFloats, kernel, Layout, typeof({_className}));");
                _w.WriteLine("RepackWeights(ref MemoryMarshal.GetReference(weights), ref MemoryMarshal.GetReference(KernelWeights.Contents(packed)), 0, 1);");
                _w.WriteLine("return packed;");
            }
            _w.WriteLine();
            _w.WriteLine("/// <summary>Floats of the per-phase repack: the form the plain overload caches.</summary>");
            _w.WriteLine("public static int TransformedFloats => RepackedFloats;");
            _w.WriteLine();
            _w.WriteLine("/// <summary>The per-phase repack, for the plain overload's cache.</summary>");
            _w.WriteLine("public static void TransformWeights(ReadOnlySpan<float> weights, Span<float> target) => RepackWeights(ref MemoryMarshal.GetReference(weights), ref MemoryMarshal.GetReference(target), 0, 1);");
            _w.WriteLine();
            _w.WriteLine("/// <summary>Per image: pad the input, run every stride phase (a stride-1 correlation), interleave the phases into the output with bias and activation.</summary>");
        }
        else
        {
            _w.WriteLine(_plan.ReadsWeightsInPlace
                ? "/// <summary>Per image: pad gradOutput, run the phase on the weights in place, scatter into gradInput.</summary>"
                : "/// <summary>Repacks the weights once, then per image: pad gradOutput, run every stride phase, scatter into gradInput.</summary>");
        }
        string signature = IsTransposedForward
            ? "private static void RunLayer(nint input, nint weights, nint bias, nint output, int batch, bool packedWeights)"
            : "public static void Run(nint gradOutput, nint weights, nint unused, nint gradInput, int batch)";
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block(signature))
        {
            // Scratch: the padded planes, the phase grids and the gather panel first; the weight repack last, and only
            // when this call repacks (packed or cached weights need none of it).
            string work = PanelFloats > 0 ? "(long)PackedFloats + GridFloats + PanelFloats" : "(long)PackedFloats + GridFloats";
            string sliceScratch = $"rowSlices > 1 ? 0 : KernelMemory.Scratch({work})";
            if (SlicesByRows)
            {
                _w.WriteLine("int rowSlices = KernelParallel.Slices(Flops, ParallelFlops, SliceRows);");
                _w.WriteLine("// Split by rows, each slice packs into its own thread's Scratch; a repack, which every slice reads, goes in CallerScratch.");
            }
            if (IsTransposedForward)
            {
                _w.WriteLine("// Plain weights: reuse their repack when they equal the previous call's, else repack them now (PackWeights does it once).");
                _w.WriteLine($"float[]? cached = packedWeights ? null : TransformedWeightsCache<{_className}>.Lookup(MemoryMarshal.CreateReadOnlySpan(ref KernelMemory.AsRef(weights), {_layer.WeightCount}));");
                _w.WriteLine("bool repack = !packedWeights && cached is null;");
                if (SlicesByRows)
                {
                    _w.WriteLine($"nint scratch = {sliceScratch};");
                    _w.WriteLine($"nint repacked = packedWeights ? weights : cached is not null ? TransformedWeightsCache<{_className}>.AddressOf(cached) : KernelMemory.CallerScratch(RepackedFloats);");
                }
                else
                {
                    _w.WriteLine($"long workFloats = {work};");
                    _w.WriteLine("nint scratch = KernelMemory.Scratch(workFloats + (repack ? RepackedFloats : 0));");
                    _w.WriteLine($"nint repacked = packedWeights ? weights : cached is not null ? TransformedWeightsCache<{_className}>.AddressOf(cached) : scratch + (nint)(workFloats * sizeof(float));");
                }
                using (_w.Block("if (repack)"))
                {
                    _w.WriteLine("Repack(weights, repacked);");
                }
            }
            else if (_plan.ReadsWeightsInPlace)
            {
                _w.WriteLine(SlicesByRows ? $"nint scratch = {sliceScratch};" : $"nint scratch = KernelMemory.Scratch({work});");
                _w.WriteLine("nint repacked = weights; // read in place");
            }
            else if (SlicesByRows)
            {
                _w.WriteLine($"nint scratch = {sliceScratch};");
                _w.WriteLine("nint repacked = KernelMemory.CallerScratch(RepackedFloats);");
                _w.WriteLine("Repack(weights, repacked);");
            }
            else
            {
                _w.WriteLine($"long workFloats = {work};");
                _w.WriteLine("nint scratch = KernelMemory.Scratch(workFloats + RepackedFloats);");
                _w.WriteLine("nint repacked = scratch + (nint)(workFloats * sizeof(float));");
                _w.WriteLine("Repack(weights, repacked);");
            }
            if (_plan.PacksGradOutput)
            {
                _w.WriteLine("nint packed = scratch;");
            }
            if (!_plan.WritesInPlace)
            {
                _w.WriteLine("nint grids = scratch + (nint)((long)PackedFloats * sizeof(float));");
            }
            if (PanelFloats > 0)
            {
                _w.WriteLine("nint panel = scratch + (nint)(((long)PackedFloats + GridFloats) * sizeof(float));");
            }
            using (_w.Block("for (int n = 0; n < batch; n++)"))
            {
                _w.WriteLine($"nint image = {a} + (nint)n * (OutputImage * sizeof(float));");
                _w.WriteLine($"nint result = {b} + (nint)n * (InputImage * sizeof(float));");
                if (SlicesByRows)
                {
                    using (_w.Block("if (rowSlices > 1)"))
                    {
                        _w.WriteLine("// Several threads: each takes a range of this image's grid rows, from padding to scatter.");
                        _w.WriteLine($"var rows = new GridRowSlices(image, repacked, {bias}, result);");
                        _w.WriteLine("KernelParallel.For(ref rows, rowSlices);");
                        _w.WriteLine("continue;");
                    }
                }
                string source = "image";
                if (_plan.PacksGradOutput)
                {
                    _w.WriteLine("var pack = new PackGradOutput(image, packed);");
                    _w.WriteLine("KernelParallel.For(ref pack, KernelParallel.Slices(Flops, ParallelFlops, OutChannels));");
                    source = "packed";
                }
                foreach ((BackwardDataPhase phase, int index, int gridOffset) in ComputedPhases)
                {
                    string target = _plan.WritesInPlace ? "result" : gridOffset == 0 ? "grids" : $"grids + {gridOffset} * sizeof(float)";
                    string weights = phase.WeightOffset == 0 ? "repacked" : $"repacked + {phase.WeightOffset} * sizeof(float)";
                    string phaseSource = source;
                    if (phase.Gathered)
                    {
                        _w.WriteLine($"var gather{index} = new Phase{index}.Gather({source}, panel);");
                        _w.WriteLine($"KernelParallel.For(ref gather{index}, KernelParallel.Slices(Flops, ParallelFlops, OutChannels));");
                        phaseSource = "panel";
                    }
                    _w.WriteLine($"var phase{index} = new Phase{index}.ComputeTiles({phaseSource}, {weights}, 0, {target});");
                    _w.WriteLine($"KernelParallel.For(ref phase{index}, KernelParallel.Slices(Flops, ParallelFlops, Phase{index}.ComputeTiles.Units));");
                }
                if (!_plan.WritesInPlace)
                {
                    _w.WriteLine(IsTransposedForward ? $"var scatter = new ScatterGrids(grids, {bias}, result);" : "var scatter = new ScatterGrids(grids, result);");
                    _w.WriteLine("KernelParallel.For(ref scatter, KernelParallel.Slices(Flops, ParallelFlops, InChannels));");
                }
            }
            if (IsTransposedForward)
            {
                WinogradEmitter.EmitCacheRelease(_w, _className);
            }
        }
    }

    /// <summary>Channels per side of a repack block: 16 input × 16 output channels touch 16 source and 16 target rows.</summary>
    private const int RepackBlock = 16;

    /// <summary>
    /// The repack's work per float for <c>KernelParallel.Slices</c>, in the flops its threshold counts, as the Winograd
    /// filter transform counts 64 per filter and position set: a float copied from memory costs longer than that many
    /// multiply-adds at the FMA peak, so a repack splits wherever the layer's own phases do.
    /// </summary>
    private const int RepackOpsPerFloat = 64;

    private void EmitRepackWeights()
    {
        LayerSpec l = _layer;
        bool transposes = l.Taps == 1;
        string units = transposes ? "InChannels / GroupInChannels" : $"(InChannels + {RepackBlock - 1}) / {RepackBlock}";
        _w.WriteLine("/// <summary>");
        _w.WriteLine("/// <see cref=\"RepackWeights\"/> split across the worker pool by " + (transposes ? "groups" : $"blocks of {RepackBlock} input channels") + ": a large layer's repack");
        _w.WriteLine("/// reads and writes megabytes, which one core streams at a fraction of what two do.");
        _w.WriteLine("/// </summary>");
        using (_w.Block("private static void Repack(nint weights, nint repacked)"))
        {
            _w.WriteLine("var task = new RepackTask(weights, repacked);");
            _w.WriteLine($"// Its work, for the slicing rule: about {RepackOpsPerFloat} operations per float copied.");
            _w.WriteLine($"KernelParallel.For(ref task, KernelParallel.Slices({Literal.Long((long)l.WeightCount * RepackOpsPerFloat)}, ParallelFlops, {units}));");
        }
        _w.WriteLine();
        KernelTaskEmitter.PartTask(_w, "A share of <see cref=\"RepackWeights\"/>, on the worker pool.", "RepackTask", "weights", "repacked", "RepackWeights");
        _w.WriteLine();
        _w.WriteLine("/// <summary>");
        _w.WriteLine("/// Copies W[k][c][kh][kw] to repacked[phase][c][k][tap of the phase] (transposed channels, taps grouped by phase):");
        _w.WriteLine($"/// share <paramref name=\"part\"/> of <paramref name=\"parts\"/> of the {(transposes ? "groups" : "input-channel blocks")}.");
        _w.WriteLine("/// </summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block("private static void RepackWeights(ref float weights, ref float repacked, int part, int parts)"))
        {
            _w.WriteLine($"int units = {units}, first = (int)((long)units * part / parts), end = (int)((long)units * (part + 1) / parts);");
            if (transposes)
            {
                foreach ((BackwardDataPhase phase, int index, _) in ComputedPhases)
                {
                    _w.WriteLine($"// Phase {index} (row +{phase.RowPhase}, column +{phase.ColumnPhase}), a 1×1 kernel: each group's [output][input] channel block transposed.");
                    using (_w.Block("for (int g = first; g < end; g++)"))
                    {
                        _w.WriteLine("KernelTranspose.Transpose(ref Unsafe.Add(ref weights, g * (GroupOutChannels * GroupInChannels)), GroupOutChannels, GroupInChannels, " +
                            $"ref Unsafe.Add(ref repacked, {phase.WeightOffset} + g * (GroupInChannels * GroupOutChannels)));");
                    }
                }
                return;
            }
            var phases = ComputedPhases.ToList();
            _w.WriteLine($"// {RepackBlock}×{RepackBlock} (input, output) channel blocks, so the transposed reads and writes stay within a few cache lines.");
            _w.WriteLine("// Each filter is read once and its taps written to every phase: a pass per phase read the weights once per phase.");
            using (_w.Block($"for (int c0 = first * {RepackBlock}; c0 < Math.Min(end * {RepackBlock}, InChannels); c0 += {RepackBlock})"))
            using (_w.Block($"for (int k0 = 0; k0 < GroupOutChannels; k0 += {RepackBlock})"))
            using (_w.Block($"for (int c = c0; c < Math.Min(c0 + {RepackBlock}, InChannels); c++)"))
            {
                _w.WriteLine("ref float source = ref Unsafe.Add(ref weights, c / GroupInChannels * (GroupOutChannels * GroupInChannels * KernelTaps) + c % GroupInChannels * KernelTaps);");
                foreach ((BackwardDataPhase phase, int index, _) in phases)
                {
                    _w.WriteLine($"ref float target{index} = ref Unsafe.Add(ref repacked, {phase.WeightOffset} + c * {phase.WeightRowPitch});");
                }
                using (_w.Block($"for (int k = k0; k < Math.Min(k0 + {RepackBlock}, GroupOutChannels); k++)"))
                {
                    _w.WriteLine("ref float filter = ref Unsafe.Add(ref source, k * (GroupInChannels * KernelTaps));");
                    foreach ((BackwardDataPhase phase, int index, _) in phases)
                    {
                        EmitRepackPhaseTaps(phase, index);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The taps of one filter (<c>filter</c>, KernelTaps floats) that phase <paramref name="index"/> reads, written to
    /// <c>target{index}</c> at k·Taps in the phase's order (its kernel rows, each along its columns): a block copy per
    /// kernel row where the phase's columns are adjacent (one for the whole kernel where the phase has every tap; RyuJIT
    /// unrolls these into moves), else one assignment per tap, a kernel row per line.
    /// </summary>
    private void EmitRepackPhaseTaps(BackwardDataPhase phase, int index)
    {
        LayerSpec l = _layer;
        int columns = phase.KernelColumns.Count;
        _w.WriteLine($"// Phase {index} (row +{phase.RowPhase}, column +{phase.ColumnPhase}): kernel rows {string.Join(",", phase.KernelRows)} × columns {string.Join(",", phase.KernelColumns)}.");
        bool adjacentColumns = columns == 1 || phase.KernelColumns[1] - phase.KernelColumns[0] == 1;
        if (adjacentColumns && phase.Taps == l.Taps)
        {
            _w.WriteLine($"Unsafe.CopyBlockUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref target{index}, k * {phase.Taps})), ref Unsafe.As<float, byte>(ref filter), {l.Taps * 4});");
            return;
        }
        for (int r = 0; r < phase.KernelRows.Count; r++)
        {
            int from = phase.KernelRows[r] * l.KernelWidth;
            if (adjacentColumns && columns > 1)
            {
                _w.WriteLine($"Unsafe.CopyBlockUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref target{index}, k * {phase.Taps}{Literal.Signed(r * columns)})), " +
                    $"ref Unsafe.As<float, byte>(ref Unsafe.Add(ref filter, {from + phase.KernelColumns[0]})), {columns * 4});");
                continue;
            }
            _w.WriteLine(string.Join(" ", Enumerable.Range(0, columns).Select(col =>
                $"Unsafe.Add(ref target{index}, k * {phase.Taps}{Literal.Signed(r * columns + col)}) = Unsafe.Add(ref filter, {from + phase.KernelColumns[col]});")));
        }
    }

    /// <summary>
    /// The task of <see cref="SlicesByRows"/>: per slice of grid rows, pad the plane rows they read (every channel) into
    /// this thread's scratch, run each phase's tiles over those rows into this thread's grids, and scatter the rows.
    /// </summary>
    private void EmitGridRowSlices()
    {
        var phases = ComputedPhases.ToList();
        int minOffset = phases.Min(p => p.Phase.RowOffsets.Min());
        // A kept position (t, u < Columns) of tap (j, i) reads plane row t + RowOffsets[j] + (u + ColumnOffsets[i]) / PlaneWidth.
        int maxOffset = phases.Max(p => p.Phase.RowOffsets.Max() + (p.Phase.Columns - 1 + p.Phase.ColumnOffsets.Max()) / _plan.PlaneWidth);
        bool bias = IsTransposedForward && _layer.HasBias;
        KernelTaskEmitter.TaskHeader(_w, "Runs grid rows [begin, end) of one image in this thread's scratch: pads the plane rows they read, runs every phase on them and scatters them.",
            "GridRowSlices", "gradOutput", "weights", "bias", "gradInput");
        using (_w.Indent())
        {
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block("public void Execute(int index, int count)"))
            {
                KernelTaskEmitter.SliceRange(_w, "SliceRows");
                _w.WriteLine("nint packed = KernelMemory.Scratch((long)PackedFloats + GridFloats);");
                _w.WriteLine("nint grids = packed + (nint)((long)PackedFloats * sizeof(float));");
                string Plus(string row, int offset) => offset == 0 ? row : offset > 0 ? $"{row} + {offset}" : $"{row} - {-offset}";
                string first = minOffset >= 0 ? Plus("begin", minOffset) : $"Math.Max(0, {Plus("begin", minOffset)})";
                _w.WriteLine($"// Grid row t of a phase reads plane rows {Plus("t", minOffset)} to {Plus("t", maxOffset)} (its kept positions); positions past the rows' ends are dropped.");
                _w.WriteLine($"PackRows(ref KernelMemory.AsRef(_gradOutput), ref KernelMemory.AsRef(packed), {first}, Math.Min({_plan.PlaneHeight}, {Plus("end", maxOffset)}));");
                foreach ((BackwardDataPhase phase, int index, int gridOffset) in phases)
                {
                    string weights = phase.WeightOffset == 0 ? "_weights" : $"_weights + {phase.WeightOffset} * sizeof(float)";
                    string target = gridOffset == 0 ? "grids" : $"grids + {gridOffset} * sizeof(float)";
                    _w.WriteLine($"Phase{index}.RunRows(packed, {weights}, {target}, begin, end);");
                }
                _w.WriteLine($"ScatterRows(ref KernelMemory.AsRef(grids), {(bias ? "ref KernelMemory.AsRef(_bias), " : "")}ref KernelMemory.AsRef(_gradInput), 0, InChannels, begin, end);");
            }
        }
        _w.WriteLine("}");
        _w.WriteLine();
        _w.WriteLine("/// <summary>Plane rows [first, end) of every channel's zero-padded plane (rows above and below the channel zero).</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block("private static void PackRows(ref float source, ref float packed, int first, int end)"))
        {
            int top = _plan.TopPad, left = _plan.LeftPad, right = _plan.PlaneWidth - left - _layer.OutWidth;
            using (_w.Block("for (int k = 0; k < OutChannels; k++)"))
            {
                _w.WriteLine("ref float plane = ref Unsafe.Add(ref packed, k * PlaneSize);");
                _w.WriteLine("ref float channel = ref Unsafe.Add(ref source, k * (OutHeight * OutWidth));");
                using (_w.Block("for (int y = first; y < end; y++)"))
                {
                    _w.WriteLine("ref float row = ref Unsafe.Add(ref plane, y * PlaneWidth);");
                    _w.WriteLine($"int oy = y - {top};");
                    using (_w.Block("if (unchecked((uint)oy) >= OutHeight)"))
                    {
                        _w.WriteLine("MemoryMarshal.CreateSpan(ref row, PlaneWidth).Clear();");
                        _w.WriteLine("continue;");
                    }
                    PaddedPlaneEmitter.EmitRow(_w, "channel", _layer.OutWidth, left, right);
                }
            }
        }
    }

    /// <summary>
    /// A phase's <c>RunRows</c>: the position tiles covering grid rows [firstRow, endRow), handed to the path's
    /// <c>Rows*</c> method, which runs them for every group and channel block (their units are contiguous per group and
    /// chunk, position tiles outer).
    /// </summary>
    private void EmitRunRows(BackwardDataPhase phase, List<(SimdVocabulary Simd, TilePlan Tile)> paths)
    {
        _w.WriteLine("/// <summary>The tiles of grid rows [firstRow, endRow): positions t·PlaneWidth + u; the tiles' positions past the rows (spill into neighbouring rows) are computed and dropped.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block("internal static void RunRows(nint input, nint weights, nint output, int firstRow, int endRow)"))
        {
            if (phase.Rows < SliceRows)
            {
                _w.WriteLine($"endRow = Math.Min(endRow, {phase.Rows});");
            }
            using (_w.Block("if (firstRow >= endRow)"))
            {
                _w.WriteLine("return;");
            }
            _w.WriteLine($"int first = firstRow * PlaneWidth, end = (endRow - 1) * PlaneWidth + {phase.Columns};");
            foreach (string line in SimdVocabulary.Dispatch("Rows", "ref KernelMemory.AsRef(input), ref KernelMemory.AsRef(weights), ref KernelMemory.AsRef(output), first, end", paths.Select(p => p.Simd).ToList()))
            {
                _w.WriteLine(line);
            }
        }
        foreach ((SimdVocabulary simd, TilePlan tile) in paths)
        {
            string s = simd.Suffix;
            _w.WriteLine();
            _w.WriteLine($"/// <summary>{simd.PathName}: the position tiles of {tile.Width} holding grid positions [first, end) (the last tile ends at the grid's edge), every group and channel block.</summary>");
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block($"private static void Rows{s}(ref float x, ref float w, ref float y, int first, int end)"))
            {
                _w.WriteLine($"int qt0 = first / {tile.Width}, qt1 = Math.Min(QTiles{s}, (end + {tile.Width - 1}) / {tile.Width});");
                string groupBase = _layer.Groups > 1 ? $"group * (Blocks{s} * QTiles{s}) + " : "";
                void Call(string unitBase, string perTile) =>
                    _w.WriteLine($"Tiles{s}(ref x, ref w, ref y, {groupBase}{unitBase}qt0{perTile}, {groupBase}{unitBase}qt1{perTile});");
                void ChannelBlocks()
                {
                    if (tile.Blocks <= 1)
                    {
                        Call("", "");
                    }
                    else if (tile.Chunks == 1)
                    {
                        Call("", $" * Blocks{s}");
                    }
                    else
                    {
                        using (_w.Block($"for (int chunk = 0; chunk < {tile.Chunks}; chunk++)"))
                        {
                            _w.WriteLine($"int chunkBlocks = chunk < {tile.Chunks - 1} ? ChunkBlocks{s} : LastChunkBlocks{s};");
                            Call($"chunk * (QTiles{s} * ChunkBlocks{s}) + ", " * chunkBlocks");
                        }
                    }
                }
                if (_layer.Groups > 1)
                {
                    using (_w.Block("for (int group = 0; group < Groups; group++)"))
                    {
                        ChannelBlocks();
                    }
                }
                else
                {
                    ChannelBlocks();
                }
            }
        }
    }

    private void EmitPackGradOutput()
    {
        int top = _plan.TopPad, left = _plan.LeftPad;
        KernelTaskEmitter.RangeTask(_w, "Copies gradOutput channels into their zero-padded planes.", "PackGradOutput",
            new[] { "gradOutput", "packed" }, System.Array.Empty<(string, string)>(), "OutChannels", "k",
            prologue: () =>
            {
                _w.WriteLine("ref float source = ref KernelMemory.AsRef(_gradOutput);");
                _w.WriteLine("ref float packed = ref KernelMemory.AsRef(_packed);");
            },
            body: () =>
            {
                _w.WriteLine("ref float plane = ref Unsafe.Add(ref packed, k * PlaneSize);");
                _w.WriteLine("ref float channel = ref Unsafe.Add(ref source, k * (OutHeight * OutWidth));");
                PaddedPlaneEmitter.EmitCopy(_w, "channel", "plane", _layer.OutHeight, _layer.OutWidth, top, left,
                    _plan.PlaneWidth - left - _layer.OutWidth, _plan.PlaneHeight - top - _layer.OutHeight);
            });
    }

    private void EmitPhase(BackwardDataPhase phase, int index)
    {
        LayerSpec l = _layer;
        List<(SimdVocabulary Simd, TilePlan Tile)> paths = Paths(phase).ToList();
        _w.WriteLine($"/// <summary>Stride phase {index}: gradInput pixels at padded (row {phase.RowPhase} + {l.StrideHeight}·t, column {phase.ColumnPhase} + {l.StrideWidth}·u); " +
            $"{phase.Taps} tap(s), {phase.Rows}×{phase.Columns} pixels per channel.</summary>");
        using (_w.Block($"internal static class Phase{index}"))
        {
            if (phase.Gathered)
            {
                if (_plan.ReadsWeightsInPlace)
                {
                    _w.WriteLine("// Gathered: tile rows are input channels; the reduction runs over output channels × the taps, each tap a row of the panel.");
                    _w.WriteLine($"internal const int GroupIn = {l.GroupOutChannels}, GroupOut = {l.GroupInChannels}, Taps = {phase.Taps}, ChannelStride = Taps * Grid;");
                }
                else
                {
                    _w.WriteLine("// Gathered: tile rows are input channels; the reduction runs over the panel's (output channel, tap) rows, a plain GEMM.");
                    _w.WriteLine($"internal const int GroupIn = {l.GroupOutChannels * phase.Taps}, GroupOut = {l.GroupInChannels}, Taps = 1, ChannelStride = Grid;");
                }
                _w.WriteLine($"// Grid: q = (t − {phase.RowStart})·{phase.Columns} + (u − {phase.ColumnStart}), compact.");
            }
            else
            {
                _w.WriteLine("// Tile rows are input channels; the reduction runs over the group's output channels × the phase's taps.");
                _w.WriteLine($"internal const int GroupIn = {l.GroupOutChannels}, GroupOut = {l.GroupInChannels}, Taps = {phase.Taps}, ChannelStride = PlaneSize;");
                _w.WriteLine($"// Grid: q = (t − {phase.RowStart})·PlaneWidth + (u − {phase.ColumnStart}); columns beyond {phase.Columns} are computed and dropped.");
            }
            _w.WriteLine($"internal const int Grid = {phase.GridExtent};");
            foreach ((SimdVocabulary simd, TilePlan tile) in paths)
            {
                string s = simd.Suffix;
                _w.WriteLine($"// {s}: tiles of {tile.Rows} channel(s) × {tile.Width} position(s); {tile.Blocks} channel block(s) per group (chunks of {tile.ChunkBlocks}) × {tile.QTiles} position tile(s).");
                _w.WriteLine($"internal const int Blocks{s} = {tile.Blocks}, QTiles{s} = {tile.QTiles}, ChunkBlocks{s} = {tile.ChunkBlocks}, LastChunkBlocks{s} = {tile.LastChunkBlocks};");
                _w.WriteLine($"internal const int Units{s} = Groups * Blocks{s} * QTiles{s};");
            }
            _w.WriteLine();
            if (phase.Gathered)
            {
                _w.WriteLine();
                EmitGather(phase);
            }
            KernelTaskEmitter.ComputeTiles(_w, paths.Select(p => p.Simd).ToList(), hasBias: false, accessibility: "internal");
            if (SlicesByRows)
            {
                _w.WriteLine();
                EmitRunRows(phase, paths);
            }
            TileGeometry geometry = TileGeometry.BackwardData(l, _plan, phase);
            foreach ((SimdVocabulary simd, TilePlan tile) in paths)
            {
                _w.WriteLine();
                new DirectTileEmitter(_w, geometry, simd, tile, packedWeights: false).Emit();
            }
        }
    }

    /// <summary>The gather of a small phase: panel[(k·Taps + tap)·Grid + t·Columns + u] = plane k at the tap's offset from (t, u).</summary>
    private void EmitGather(BackwardDataPhase phase)
    {
        KernelTaskEmitter.RangeTask(_w, $"Gathers the phase's {phase.Rows}×{phase.Columns} positions of every (channel, tap) into a compact panel.", "Gather",
            new[] { "planes", "panel" }, System.Array.Empty<(string, string)>(), "OutChannels", "k",
            prologue: () =>
            {
                _w.WriteLine("ref float planes = ref KernelMemory.AsRef(_planes);");
                _w.WriteLine("ref float panel = ref KernelMemory.AsRef(_panel);");
            },
            body: () =>
            {
                _w.WriteLine("ref float plane = ref Unsafe.Add(ref planes, k * PlaneSize);");
                _w.WriteLine($"ref float rows = ref Unsafe.Add(ref panel, k * {phase.Taps} * Grid);");
                int columns = phase.KernelColumns.Count;
                for (int j = 0; j < phase.KernelRows.Count; j++)
                {
                    for (int i = 0; i < columns; i++)
                    {
                        int tap = j * columns + i;
                        _w.WriteLine($"// Tap ({phase.KernelRows[j]},{phase.KernelColumns[i]}): plane rows from {phase.RowOffsets[j]}, columns from {phase.ColumnOffsets[i]}.");
                        using (_w.Block($"for (int t = 0; t < {phase.Rows}; t++)"))
                        {
                            _w.WriteLine($"MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref plane, (t + {phase.RowOffsets[j]}) * PlaneWidth + {phase.ColumnOffsets[i]}), {phase.Columns})" +
                                $".CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref rows, {tap} * Grid + t * {phase.Columns}), {phase.Columns}));");
                        }
                        int spare = phase.GridExtent - phase.Rows * phase.Columns;
                        if (spare > 0)
                        {
                            _w.WriteLine($"MemoryMarshal.CreateSpan(ref Unsafe.Add(ref rows, {tap} * Grid + {phase.Rows * phase.Columns}), {spare}).Clear(); // spare positions up to a whole vector");
                        }
                    }
                }
            },
            accessibility: "internal");
    }

    private void EmitScatter()
    {
        LayerSpec l = _layer;
        bool bias = IsTransposedForward && l.HasBias;
        FusedActivation activation = IsTransposedForward ? l.FusedActivation : FusedActivation.None;
        if (IsTransposedForward)
        {
            KernelTaskEmitter.TaskHeader(_w, $"Interleaves each phase's grid (or zeros, for phases no tap reaches) into the NCHW output{(bias ? ", adding the bias" : "")}{(!activation.IsNone ? ", then the activation" : "")}.",
                "ScatterGrids", "grids", "bias", "gradInput");
        }
        else
        {
            KernelTaskEmitter.TaskHeader(_w, "Writes each phase's grid (or zeros, for phases no tap reaches) into the NCHW gradInput.", "ScatterGrids", "grids", "gradInput");
        }
        bool plainCopy = !bias && activation.IsNone;
        string Value(string x) => SimdVocabulary.Scalar.Activate(bias ? (x == "0f" ? "b" : $"{x} + b") : x, activation);
        // The loops over channels, phases and grid rows; with rows, over grid rows [firstRow, endRow) only.
        void ChannelLoop(string channelBegin, string channelEnd, string biasRef, bool rows)
        {
            using (_w.Block($"for (int c = {channelBegin}; c < {channelEnd}; c++)"))
            {
                _w.WriteLine("ref float channel = ref Unsafe.Add(ref gradInput, c * (Height * Width));");
                if (bias)
                {
                    _w.WriteLine($"float b = Unsafe.Add(ref {biasRef}, c);");
                }
                var offsets = ComputedPhases.ToDictionary(p => p.Index, p => p.GridOffset);
                int index = 0;
                foreach (BackwardDataPhase phase in _plan.Phases)
                {
                    int firstRow = phase.RowPhase + l.StrideHeight * phase.RowStart - l.PaddingHeight;
                    int firstColumn = phase.ColumnPhase + l.StrideWidth * phase.ColumnStart - l.PaddingWidth;
                    bool hasGrid = offsets.TryGetValue(index, out int gridOffset);
                    _w.WriteLine(hasGrid
                        ? $"// Phase {index}: rows {firstRow} + {l.StrideHeight}·t (t < {phase.Rows}), columns {firstColumn} + {l.StrideWidth}·u (u < {phase.Columns}) from its grid."
                        : $"// Phase {index}: rows {firstRow} + {l.StrideHeight}·t (t < {phase.Rows}), columns {firstColumn} + {l.StrideWidth}·u (u < {phase.Columns}) get no tap: zero.");
                    using (_w.Block(rows ? $"for (int t = firstRow; t < {(phase.Rows < SliceRows ? $"Math.Min(endRow, {phase.Rows})" : "endRow")}; t++)" : $"for (int t = 0; t < {phase.Rows}; t++)"))
                    {
                        _w.WriteLine($"ref float target = ref Unsafe.Add(ref channel, (t * {l.StrideHeight} + {firstRow}) * Width + {firstColumn});");
                        if (hasGrid)
                        {
                            _w.WriteLine($"ref float source = ref Unsafe.Add(ref grids, {gridOffset} + c * {phase.GridExtent} + t * {(phase.Gathered ? phase.Columns.ToString() : "PlaneWidth")});");
                            if (l.StrideWidth == 1 && plainCopy)
                            {
                                _w.WriteLine($"MemoryMarshal.CreateReadOnlySpan(ref source, {phase.Columns}).CopyTo(MemoryMarshal.CreateSpan(ref target, {phase.Columns}));");
                            }
                            else
                            {
                                using (_w.Block($"for (int u = 0; u < {phase.Columns}; u++)"))
                                {
                                    _w.WriteLine($"Unsafe.Add(ref target, u{(l.StrideWidth == 1 ? "" : $" * {l.StrideWidth}")}) = {Value("Unsafe.Add(ref source, u)")};");
                                }
                            }
                        }
                        else if (l.StrideWidth == 1)
                        {
                            _w.WriteLine(plainCopy
                                ? $"MemoryMarshal.CreateSpan(ref target, {phase.Columns}).Clear();"
                                : $"MemoryMarshal.CreateSpan(ref target, {phase.Columns}).Fill({Value("0f")});");
                        }
                        else
                        {
                            using (_w.Block($"for (int u = 0; u < {phase.Columns}; u++)"))
                            {
                                _w.WriteLine($"Unsafe.Add(ref target, u * {l.StrideWidth}) = {Value("0f")};");
                            }
                        }
                    }
                    index++;
                }
            }
        }
        using (_w.Indent())
        {
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block("public void Execute(int index, int count)"))
            {
                KernelTaskEmitter.SliceRange(_w, "InChannels");
                if (SlicesByRows)
                {
                    _w.WriteLine($"ScatterRows(ref KernelMemory.AsRef(_grids), {(bias ? "ref KernelMemory.AsRef(_bias), " : "")}ref KernelMemory.AsRef(_gradInput), begin, end, 0, SliceRows);");
                }
                else
                {
                    _w.WriteLine("ref float grids = ref KernelMemory.AsRef(_grids);");
                    _w.WriteLine("ref float gradInput = ref KernelMemory.AsRef(_gradInput);");
                    ChannelLoop("begin", "end", "KernelMemory.AsRef(_bias)", rows: false);
                }
            }
        }
        _w.WriteLine("}");
        if (SlicesByRows)
        {
            _w.WriteLine();
            _w.WriteLine("/// <summary>Grid rows [firstRow, endRow) of channels [firstChannel, endChannel) of every phase into gradInput (zeros for phases no tap reaches).</summary>");
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block($"private static void ScatterRows(ref float grids, {(bias ? "ref float bias, " : "")}ref float gradInput, int firstChannel, int endChannel, int firstRow, int endRow)"))
            {
                ChannelLoop("firstChannel", "endChannel", "bias", rows: true);
            }
        }
    }
}
