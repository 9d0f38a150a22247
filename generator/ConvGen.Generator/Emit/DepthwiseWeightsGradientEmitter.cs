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
/// gradOutput masked to zero. A channel is reduced by one thread in a fixed order over images, rows and columns, so the
/// result does not depend on the thread count.
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

    private static readonly SimdVocabulary[] Isas = { SimdVocabulary.Vector256, SimdVocabulary.Vector128, SimdVocabulary.Scalar };

    private int Rows => _plan.DepthwiseRows;

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
                new InputPackingEmitter(_w, _layer, _packing).EmitPackChannel();
            }
            foreach (SimdVocabulary simd in Isas)
            {
                _w.WriteLine();
                EmitChannel(simd);
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
        _w.WriteLine(_packing.PacksInput
            ? $"// Each channel's input packed as the forward pass packs it: {_packing.PhaseCount} zero-padded stride-phase plane(s) of {_packing.PlaneHeight}×{_packing.PlaneWidth}."
            : "// Stride 1 and no padding: the taps read the input plane in place.");
        _w.WriteLine($"private const int PlaneWidth = {_packing.PlaneWidth}, PlaneSize = {_packing.PlaneSize}, ChannelStride = {_packing.ChannelStride};");
        _w.WriteLine($"// Bands of {Rows} output row(s); {l.OutHeight % Rows} row(s) left for a last, shorter band.");
        _w.WriteLine($"private const int Rows = {Rows}, FullBandRows = {l.OutHeight / Rows * Rows};");
    }

    private void EmitRun()
    {
        _w.WriteLine("/// <summary>One parallel phase over channels; each channel overwrites its gradients.</summary>");
        using (_w.Block("public static void Run(nint input, nint gradOutput, nint gradBias, nint gradWeights, int batch)"))
        {
            _w.WriteLine("var tasks = new ChannelTasks(input, gradOutput, gradBias, gradWeights, batch);");
            _w.WriteLine("KernelParallel.For(ref tasks, KernelParallel.Slices(Flops * batch, ParallelFlops, Channels));");
        }
    }

    private void EmitChannelTasks() =>
        KernelTaskEmitter.RangeTask(_w, "Reduces a range of channels over the whole batch, packing in this thread's scratch.", "ChannelTasks",
            new[] { "input", "gradOutput", "gradBias", "gradWeights" }, new[] { ("int", "batch") }, "Channels", "c",
            () => _w.WriteLine(_packing.PacksInput
                ? "ref float packed = ref KernelMemory.AsRef(KernelMemory.Scratch(ChannelStride));"
                : "ref float packed = ref Unsafe.NullRef<float>();"),
            () =>
            {
                string arguments = "ref KernelMemory.AsRef(_input), ref KernelMemory.AsRef(_gradOutput), ref packed, ref KernelMemory.AsRef(_gradWeights), ref KernelMemory.AsRef(_gradBias), c, _batch";
                _w.WriteLine($"if (Vector256.IsHardwareAccelerated) Channel256({arguments});");
                _w.WriteLine($"else if (Vector128.IsHardwareAccelerated) Channel128({arguments});");
                _w.WriteLine($"else ChannelScalar({arguments});");
            });

    private static string Acc(int kh, int kw) => $"a{kh}_{kw}";

    private void EmitChannel(SimdVocabulary simd)
    {
        LayerSpec l = _layer;
        string isa = simd.PathName;
        _w.WriteLine($"/// <summary>{isa}: one channel over the batch; {l.Taps} tap accumulator(s){(l.HasBias ? " and a bias accumulator" : "")} of {simd.Lanes} partial sum(s), bands of {Rows} gradOutput row(s) × 1 vector.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void Channel{simd.Suffix}(ref float input, ref float gradOutput, ref float packed, ref float gradWeights, ref float gradBias, int c, int batch)"))
        {
            var accumulators = new List<string>();
            for (int kh = 0; kh < l.KernelHeight; kh++)
            {
                for (int kw = 0; kw < l.KernelWidth; kw++)
                {
                    accumulators.Add(Acc(kh, kw));
                }
            }
            if (l.HasBias)
            {
                accumulators.Add("b");
            }
            _w.WriteLine($"{simd.Type} {string.Join(", ", accumulators.Select(a => $"{a} = {simd.Zero}"))};");
            _w.WriteLine($"{simd.Type} x0, {string.Join(", ", Enumerable.Range(0, Rows).Select(r => "g" + r))};");
            using (_w.Block("for (int n = 0; n < batch; n++)"))
            {
                _w.WriteLine("ref float source = ref Unsafe.Add(ref input, n * InputImage + c * (Height * Width));");
                if (_packing.PacksInput)
                {
                    _w.WriteLine("PackChannel(ref source, ref packed);");
                    _w.WriteLine("ref float plane = ref packed;");
                }
                else
                {
                    _w.WriteLine("ref float plane = ref source;");
                }
                _w.WriteLine("ref float gradient = ref Unsafe.Add(ref gradOutput, n * OutputImage + c * (OutHeight * OutWidth));");
                if (l.OutHeight >= Rows)
                {
                    using (_w.Block("for (int oy = 0; oy < FullBandRows; oy += Rows)"))
                    {
                        EmitBand(simd, Rows, "oy");
                    }
                }
                int rest = l.OutHeight % Rows;
                if (rest > 0)
                {
                    using (_w.Block($"// The last {rest} row(s)."))
                    {
                        EmitBand(simd, rest, "FullBandRows");
                    }
                }
            }
            _w.WriteLine("// Horizontal sums (a fixed lane order), written over the gradients.");
            _w.WriteLine("ref float dw = ref Unsafe.Add(ref gradWeights, c * Taps);");
            int t = 0;
            var stores = new List<string>();
            for (int kh = 0; kh < l.KernelHeight; kh++)
            {
                for (int kw = 0; kw < l.KernelWidth; kw++)
                {
                    stores.Add($"Unsafe.Add(ref dw, {t++}) = {simd.Sum(Acc(kh, kw))};");
                }
            }
            _w.WriteLine(string.Join(" ", stores));
            if (l.HasBias)
            {
                _w.WriteLine($"Unsafe.Add(ref gradBias, c) = {simd.Sum("b")};");
            }
        }
    }

    /// <summary>One band of <paramref name="rows"/> output rows from row <paramref name="top"/>: full vectors, then the masked last one.</summary>
    private void EmitBand(SimdVocabulary simd, int rows, string top)
    {
        int outWidth = _layer.OutWidth, lanes = simd.Lanes;
        _w.WriteLine($"ref float x = ref Unsafe.Add(ref plane, {top} * PlaneWidth);");
        _w.WriteLine($"ref float g = ref Unsafe.Add(ref gradient, {top} * OutWidth);");
        int full = outWidth / lanes * lanes;
        using (_w.Block($"for (int ox = 0; ox < {full}; ox += {lanes})"))
        {
            EmitStep(simd, rows, null, 0);
        }
        int rest = outWidth - full;
        if (rest > 0)
        {
            using (_w.Block($"// Columns {full}..{outWidth - 1}: the vector ending at the row's end, its first {lanes - rest} lane(s) already counted and masked off."))
            {
                EmitStep(simd, rows, outWidth - lanes, lanes - rest);
            }
        }
    }

    /// <summary>
    /// One vector step of a band at column <paramref name="start"/> (the loop variable <c>ox</c> when null), its first
    /// <paramref name="masked"/> gradOutput lanes zeroed.
    /// </summary>
    private void EmitStep(SimdVocabulary simd, int rows, int? start, int masked)
    {
        LayerSpec l = _layer;
        string Column(int offset) => start is int s ? Literal.Int(s + offset) : offset == 0 ? "ox" : $"ox + {Literal.Int(offset)}";
        for (int r = 0; r < rows; r++)
        {
            string load = simd.Load("g", Column(r * l.OutWidth));
            if (masked > 0)
            {
                string vector = simd.Lanes == 8 ? "Vector256" : "Vector128";
                string mask = string.Join(", ", Enumerable.Range(0, simd.Lanes).Select(lane => lane < masked ? "0" : "-1"));
                load = $"{vector}.BitwiseAnd({load}, {vector}.Create({mask}).AsSingle())";
            }
            _w.WriteLine($"g{r} = {load};" + (l.HasBias ? $" b += g{r};" : ""));
        }

        // Per kernel column, the input rows the band reads, grouped by the stride-phase plane; each is loaded once and
        // multiplied into every (output row, kernel row) pair that reads it.
        for (int kw = 0; kw < l.KernelWidth; kw++)
        {
            _w.WriteLine($"// Kernel column {kw}.");
            foreach (RowTileRead read in RowTileReads.ForKernelColumn(l, _packing, kw, rows))
            {
                string fmas = string.Join(" ", read.Uses.Select(u => $"{Acc(u.Kh, kw)} = {simd.MultiplyAdd("g" + u.Row, "x0", Acc(u.Kh, kw))};"));
                _w.WriteLine($"x0 = {simd.Load("x", Column(read.Offset))}; {fmas}");
            }
        }
    }
}
