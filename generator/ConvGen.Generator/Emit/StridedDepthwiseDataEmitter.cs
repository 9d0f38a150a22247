using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the kernel class of a stride-2 depthwise backward-data pass (<see cref="StridedDepthwiseDataPlan"/>). Each
/// (image, channel) is one task: gradOutput is packed into a zero-padded plane, then gradInput is built band by band in
/// scratch. Per band and vector of phase positions u, each accumulator is one (padded row, column phase) of the band; per
/// kernel column, the kernel rows' weights are broadcast once and each gradOutput row vector is loaded once and multiplied
/// into every (band row, kernel row) pair that reads it. The two column phases of a row are stored interleaved, and the
/// band's gradInput rows are copied out.
/// </summary>
internal sealed class StridedDepthwiseDataEmitter
{
    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly StridedDepthwiseDataPlan _plan;
    private readonly string _className;

    public StridedDepthwiseDataEmitter(SourceWriter writer, KernelModel model, string className)
    {
        _w = writer;
        _layer = model.Spec.Layer;
        _plan = model.StridedDepthwiseData!;
        _className = className;
    }

    /// <summary>gradOutput index offset (k·d − φ)/2 of tap <paramref name="k"/> for phase <paramref name="phase"/>, or null when the tap does not reach it.</summary>
    private static int? SourceOffset(int k, int dilation, int phase) => (k * dilation - phase) % 2 == 0 ? (k * dilation - phase) / 2 : null;

    /// <summary>
    /// The instruction-set paths that pack and build bands, widest first: Vector512 where a band row's phase positions
    /// are whole 16-lane vectors; no Vector256 where AVX2 interleaves in registers (<see cref="StridedDepthwiseDataPlan.Walk256"/>).
    /// </summary>
    private IReadOnlyList<SimdVocabulary> Paths => SimdVocabulary.PathsFor(_plan.Columns / 2 % SimdVocabulary.Vector512.Lanes == 0)
        .Where(simd => !(_plan.Walk256 != InterleavedWalk.None && simd == SimdVocabulary.Vector256)).ToList();

    private int RowShift => MaxOffset(_layer.KernelHeight, _layer.DilationHeight);
    private int ColumnShift => MaxOffset(_layer.KernelWidth, _layer.DilationWidth);

    private static int MaxOffset(int kernel, int dilation) =>
        Enumerable.Range(0, kernel).SelectMany(k => new[] { SourceOffset(k, dilation, 0), SourceOffset(k, dilation, 1) }).Max() ?? 0;

    public void Emit(string methodDisplayName, string generatedCodeAttribute)
    {
        _w.WriteLine($"/// <summary>Backward-data kernel behind <c>{methodDisplayName}</c>; the plan is in that method's remarks.</summary>");
        _w.WriteLine(generatedCodeAttribute);
        using (_w.Block($"file sealed class {_className} : IPinnedKernel"))
        {
            EmitConstants();
            _w.WriteLine();
            _w.WriteLine("/// <summary>One parallel phase over (image, channel) tasks; gradInput is overwritten.</summary>");
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block("public static void Run(nint gradOutput, nint weights, nint unused, nint gradInput, int batch)"))
            {
                _w.WriteLine("var tasks = new ChannelTasks(gradOutput, weights, gradInput, batch);");
                _w.WriteLine("KernelParallel.For(ref tasks, KernelParallel.Slices(Flops * batch, ParallelFlops, batch * Channels));");
            }
            _w.WriteLine();
            EmitTasks();
            _w.WriteLine();
            EmitPackPlane();
            foreach (SimdVocabulary simd in Paths)
            {
                _w.WriteLine();
                EmitBands(simd);
            }
            if (_plan.InterleavedColumnTiles512 > 0)
            {
                _w.WriteLine();
                new InterleavedDepthwiseDataEmitter(_w, _layer, _plan.InterleavedColumnTiles512, _plan.Walk512).Emit();
            }
            if (_plan.Walk256 != InterleavedWalk.None)
            {
                _w.WriteLine();
                new InterleavedDepthwiseData256Emitter(_w, _layer, _plan.Walk256).Emit();
            }
        }
    }

    private void EmitConstants()
    {
        LayerSpec l = _layer;
        StridedDepthwiseDataPlan p = _plan;
        _w.WriteLine("// Layer shape (gradInput is Height × Width, gradOutput OutHeight × OutWidth).");
        _w.WriteLine($"private const int Channels = {l.InChannels}, Taps = {l.Taps};");
        _w.WriteLine($"private const int Height = {l.Height}, Width = {l.Width}, OutHeight = {l.OutHeight}, OutWidth = {l.OutWidth};");
        _w.WriteLine($"private const int InputImage = {l.InputImage}, OutputImage = {l.OutputImage}, PadTop = {l.PaddingHeight}, PadLeft = {l.PaddingWidth};");
        _w.WriteLine($"private const long Flops = {Literal.Long(l.Flops)}, ParallelFlops = {Literal.Long(p.ParallelMinimumFlops)};");
        _w.WriteLine($"// gradOutput plane: rows {p.PlaneTop}..{p.PlaneTop + p.PlaneHeight - 1} and columns {p.PlaneLeft}..{p.PlaneLeft + p.PlaneWidth - 1} of gradOutput, zero outside it.");
        _w.WriteLine($"private const int PlaneTop = {p.PlaneTop}, PlaneLeft = {p.PlaneLeft}, PlaneHeight = {p.PlaneHeight}, PlaneWidth = {p.PlaneWidth}, PlaneSize = {p.PlaneSize};");
        _w.WriteLine($"// Bands of {p.BandRows} padded gradInput rows from row {p.FirstRow}, {p.Columns} padded columns wide from column {p.FirstColumn}.");
        _w.WriteLine($"private const int BandRows = {p.BandRows}, FirstRow = {p.FirstRow}, Bands = {p.Bands}, FirstColumn = {p.FirstColumn}, Columns = {p.Columns};");
    }

    private void EmitTasks() =>
        KernelTaskEmitter.RangeTask(_w, "Packs gradOutput and builds gradInput for a range of (image, channel) pairs, in this thread's scratch.", "ChannelTasks",
            new[] { "gradOutput", "weights", "gradInput" }, new[] { ("int", "batch") }, "_batch * Channels", "unit",
            () =>
            {
                _w.WriteLine("ref float plane = ref KernelMemory.AsRef(KernelMemory.Scratch(PlaneSize + BandRows * Columns));");
                _w.WriteLine("ref float band = ref Unsafe.Add(ref plane, PlaneSize);");
            },
            () =>
            {
                _w.WriteLine("int n = unit / Channels, c = unit % Channels;");
                _w.WriteLine("ref float source = ref Unsafe.Add(ref KernelMemory.AsRef(_gradOutput), n * OutputImage + c * (OutHeight * OutWidth));");
                _w.WriteLine("ref float w = ref Unsafe.Add(ref KernelMemory.AsRef(_weights), c * Taps);");
                _w.WriteLine("ref float target = ref Unsafe.Add(ref KernelMemory.AsRef(_gradInput), n * InputImage + c * (Height * Width));");
                if (_plan.InterleavedColumnTiles512 > 0)
                {
                    using (_w.Block($"if ({SimdVocabulary.Avx512Condition})"))
                    {
                        _w.WriteLine("// AVX-512 interleaves the phases in registers, reading gradOutput in place: nothing to pack.");
                        _w.WriteLine($"{InterleavedDepthwiseDataEmitter.MethodName}(ref source, ref w, ref target);");
                        _w.WriteLine("continue;");
                    }
                }
                if (_plan.Walk256 != InterleavedWalk.None)
                {
                    using (_w.Block($"if ({SimdVocabulary.Avx2Condition})"))
                    {
                        _w.WriteLine("// AVX2 interleaves the phases in registers too, reading gradOutput in place.");
                        _w.WriteLine($"{InterleavedDepthwiseData256Emitter.MethodName}(ref source, ref w, ref target);");
                        _w.WriteLine("continue;");
                    }
                }
                _w.WriteLine("PackPlane(ref source, ref plane);");
                foreach (string line in SimdVocabulary.Dispatch("Bands", "ref plane, ref w, ref band, ref target", Paths))
                {
                    _w.WriteLine(line);
                }
            });

    private void EmitPackPlane()
    {
        StridedDepthwiseDataPlan p = _plan;
        int top = -p.PlaneTop, left = -p.PlaneLeft, right = p.PlaneWidth - left - _layer.OutWidth, bottom = p.PlaneHeight - top - _layer.OutHeight;
        _w.WriteLine($"/// <summary>Copies one gradOutput channel into its plane: {top} zero row(s) above, {bottom} below, {left} zero column(s) left, {right} right.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block("private static void PackPlane(ref float source, ref float plane)"))
        {
            PaddedPlaneEmitter.EmitCopy(_w, "source", "plane", _layer.OutHeight, _layer.OutWidth, top, left, right, bottom);
        }
    }

    private static string Acc(int row, int phase) => $"a{row}_{phase}";

    private void EmitBands(SimdVocabulary simd)
    {
        LayerSpec l = _layer;
        StridedDepthwiseDataPlan p = _plan;
        int lanes = simd.Lanes;
        string isa = simd.PathName;
        _w.WriteLine($"/// <summary>{isa}: {p.BandRows} padded rows × 2 column phases = {2 * p.BandRows} accumulators of {lanes} phase position(s); per kernel column, its {l.KernelHeight} weights in registers.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void Bands{simd.Suffix}(ref float plane, ref float weights, ref float band, ref float target)"))
        {
            var accumulators = Enumerable.Range(0, p.BandRows).SelectMany(i => new[] { Acc(i, 0), Acc(i, 1) }).ToList();
            _w.WriteLine($"{simd.Type} {string.Join(", ", accumulators)};");
            _w.WriteLine($"{simd.Type} g0, {string.Join(", ", Enumerable.Range(0, l.KernelHeight).Select(kh => "w" + kh))};");
            using (_w.Block("for (int b = 0; b < Bands; b++)"))
            {
                _w.WriteLine($"// Padded rows FirstRow + 4b + i read gradOutput rows from (FirstRow / 2 + 2b − {RowShift}) on; every offset below is relative to it.");
                _w.WriteLine($"ref float rows = ref Unsafe.Add(ref plane, ((FirstRow >> 1) + b * (BandRows >> 1) - {RowShift} - PlaneTop) * PlaneWidth + (FirstColumn >> 1) - {ColumnShift} - PlaneLeft);");
                using (_w.Block($"for (int u = 0; u < Columns / 2; u += {lanes})"))
                {
                    _w.WriteLine("ref float x = ref Unsafe.Add(ref rows, u);");
                    _w.WriteLine($"{Acc(0, 0)} = {simd.Zero};" + string.Concat(accumulators.Skip(1).Select(a => $" {a} = {Acc(0, 0)};")));
                    for (int kw = 0; kw < l.KernelWidth; kw++)
                    {
                        EmitKernelColumn(simd, kw);
                    }
                    _w.WriteLine("// The two column phases of each row, interleaved into the band.");
                    for (int i = 0; i < p.BandRows; i++)
                    {
                        string destination = $"ref Unsafe.Add(ref band, {i} * Columns + 2 * u)";
                        _w.WriteLine(lanes == 1
                            ? $"Unsafe.Add(ref band, {i} * Columns + 2 * u) = {Acc(i, 0)}; Unsafe.Add(ref band, {i} * Columns + 2 * u + 1) = {Acc(i, 1)};"
                            : $"KernelStores.StoreInterleaved({Acc(i, 0)}, {Acc(i, 1)}, {destination});");
                    }
                }
                _w.WriteLine("// Copy the band's gradInput rows out (padded column PadLeft is gradInput column 0).");
                using (_w.Block("for (int i = 0; i < BandRows; i++)"))
                {
                    _w.WriteLine("int iy = FirstRow + b * BandRows + i - PadTop;");
                    using (_w.Block("if (unchecked((uint)iy) < Height)"))
                    {
                        _w.WriteLine("MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref band, i * Columns + PadLeft - FirstColumn), Width).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref target, iy * Width), Width));");
                    }
                }
            }
        }
    }

    private void EmitKernelColumn(SimdVocabulary simd, int kw)
    {
        LayerSpec l = _layer;
        int phase = kw * l.DilationWidth & 1;
        int columnOffset = ColumnShift - SourceOffset(kw, l.DilationWidth, phase)!.Value;
        _w.WriteLine($"// Kernel column {kw} (column phase {phase}): its {l.KernelHeight} weights, then every gradOutput row the band reads through them.");
        _w.WriteLine(string.Join(" ", Enumerable.Range(0, l.KernelHeight).Select(kh =>
            $"w{kh} = {simd.Broadcast($"Unsafe.Add(ref weights, {kh * l.KernelWidth + kw})")};")));
        // (band row i, kernel row kh) pairs by the gradOutput row they read, relative to the band's first source row.
        var uses = new SortedDictionary<int, List<(int Row, int Kh)>>();
        for (int i = 0; i < _plan.BandRows; i++)
        {
            for (int kh = 0; kh < l.KernelHeight; kh++)
            {
                if (SourceOffset(kh, l.DilationHeight, i & 1) is int offset)
                {
                    int source = (i >> 1) - offset + RowShift;
                    if (!uses.TryGetValue(source, out List<(int, int)>? list))
                    {
                        uses[source] = list = new List<(int, int)>();
                    }
                    list.Add((i, kh));
                }
            }
        }
        foreach (KeyValuePair<int, List<(int Row, int Kh)>> source in uses)
        {
            string fmas = string.Join(" ", source.Value.Select(u => $"{Acc(u.Row, phase)} = {simd.MultiplyAdd("g0", "w" + u.Kh, Acc(u.Row, phase))};"));
            _w.WriteLine($"g0 = {simd.Load("x", source.Key * _plan.PlaneWidth + columnOffset)}; {fmas}");
        }
    }
}
