using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the file-local kernel class of a sliding-channel convolution: layer constants, the channel-table blocks
/// as constant data, the per-image (or whole-batch) driver, the parallel task and one compute method per
/// instruction set (<see cref="SccTileEmitter"/>).
/// </summary>
internal sealed class SccEmitter
{
    private readonly SourceWriter _w;
    private readonly SccLayerSpec _layer;
    private readonly SccPlan _plan;
    private readonly string _className;

    public SccEmitter(SourceWriter writer, SccModel model, string className)
    {
        _w = writer;
        _layer = model.Spec.Layer;
        _plan = model.Plan;
        _className = className;
    }

    private IEnumerable<(SimdVocabulary Simd, SccPath Path)> Paths =>
        SimdVocabulary.Paths(_plan.Vector512, _plan.Vector256, _plan.Vector128, _plan.Scalar);

    private bool IsWeights => _layer.Pass == PassKind.BackwardWeights;
    private bool IsData => _layer.Pass == PassKind.BackwardData;

    public void Emit(string methodDisplayName, string generatedCodeAttribute)
    {
        _w.WriteLine($"/// <summary>Sliding-channel convolution kernel behind <c>{methodDisplayName}</c>; the plan is in that method's remarks.</summary>");
        _w.WriteLine(generatedCodeAttribute);
        using (_w.Block($"file sealed class {_className} : IPinnedKernel"))
        {
            EmitConstants();
            _w.WriteLine();
            EmitRun();
            _w.WriteLine();
            EmitTask();
            if (IsWeights && _layer.HasBias)
            {
                _w.WriteLine();
                EmitBiasTask();
            }
            foreach ((SimdVocabulary simd, SccPath path) in Paths)
            {
                _w.WriteLine();
                new SccTileEmitter(_w, _layer, _plan, simd, path).Emit();
            }
        }
    }

    private void EmitConstants()
    {
        SccLayerSpec l = _layer;
        _w.WriteLine("// Layer shape: filter o reads channels (o·Stride + j) mod InChannels for taps j < GroupWidth; windows repeat every Cycle filters.");
        _w.WriteLine($"private const int InChannels = {l.InChannels}, OutChannels = {l.OutChannels}, GroupWidth = {l.GroupWidth}, Stride = {l.StrideChannels}, Cycle = {_plan.CycleLength};");
        _w.WriteLine($"private const int Plane = {l.Plane}, InputImage = {l.InputImage}, OutputImage = {l.OutputImage};");
        _w.WriteLine($"private const long Flops = {Literal.Long(l.Flops)}, ParallelFlops = {Literal.Long(_plan.ParallelMinimumFlops)};");
        foreach ((SimdVocabulary simd, SccPath path) in Paths)
        {
            _w.WriteLine();
            string what = l.Pass switch
            {
                PassKind.BackwardData => $"blocks of ≤ {path.Rows} input channel(s) × tiles of {path.Width} pixel(s)",
                PassKind.BackwardWeights => $"blocks of ≤ {path.Rows} filter(s) × ≤ {path.Vectors} tap(s), reduced over {path.Lanes}-pixel vectors",
                _ => $"blocks of ≤ {path.Rows} filter(s) of one window × tiles of {path.Width} pixel(s)",
            };
            _w.WriteLine($"// {simd.Suffix}: {what}; {path.BlockCount} block(s){(IsWeights ? "" : $" × {path.QTiles} pixel tile(s)")}.");
            _w.WriteLine($"private const int Blocks{simd.Suffix} = {path.BlockCount}, QTiles{simd.Suffix} = {path.QTiles}, Units{simd.Suffix} = Blocks{simd.Suffix} * QTiles{simd.Suffix};");
            string layout = l.Pass switch
            {
                PassKind.BackwardData => "per block: first channel, rows, first range, ranges",
                PassKind.BackwardWeights => "per block: first filter, rows (filters o, o+Cycle, …), first tap, taps, channel of the first tap",
                _ => "per block: first filter, rows (filters o, o+Cycle, …), window start channel, channels before the wrap, window",
            };
            EmitTable($"Blocks{simd.Suffix}Table", layout, path.Blocks, IsData ? SccPlan.DataBlockWidth : IsWeights ? SccPlan.WeightBlockWidth : SccPlan.ForwardBlockWidth);
            if (IsData)
            {
                EmitTable($"Ranges{simd.Suffix}Table", "per range: window u, its filters (u, u+Cycle, …), weight index of (filter u, the block's first channel)", path.Ranges, SccPlan.RangeWidth);
            }
        }
    }

    private void EmitTable(string name, string layout, EquatableArray<int> values, int width)
    {
        _w.WriteLine($"// Channel table ({layout}); computed at generation time.");
        if (values.Count == 0)
        {
            _w.WriteLine($"private static ReadOnlySpan<int> {name} => new int[] {{ 0 }};");
            return;
        }
        _w.WriteLine($"private static ReadOnlySpan<int> {name} => new int[]");
        _w.WriteLine("{");
        const int recordsPerLine = 6;
        var line = new List<string>();
        for (int i = 0; i < values.Count; i += width)
        {
            line.Add(string.Join(", ", Enumerable.Range(i, width).Select(k => Literal.Int(values[k]))) + ",");
            if (line.Count == recordsPerLine)
            {
                _w.WriteLine("    " + string.Join("  ", line));
                line.Clear();
            }
        }
        if (line.Count > 0)
        {
            _w.WriteLine("    " + string.Join("  ", line));
        }
        _w.WriteLine("};");
    }

    private void EmitRun()
    {
        if (IsWeights)
        {
            string third = _layer.HasBias ? "gradWeights" : "unused";
            string fourth = _layer.HasBias ? "gradBias" : "gradWeights";
            _w.WriteLine("/// <summary>Reduces the whole batch: each weight (bias) gradient is summed by one thread over images, then pixels.</summary>");
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block($"public static void Run(nint input, nint gradOutput, nint {third}, nint {fourth}, int batch)"))
            {
                _w.WriteLine("var tiles = new ComputeTiles(input, gradOutput, gradWeights, batch);");
                _w.WriteLine("KernelParallel.For(ref tiles, KernelParallel.Slices(Flops * batch, ParallelFlops, ComputeTiles.Units));");
                if (_layer.HasBias)
                {
                    _w.WriteLine("var sums = new BiasSums(gradOutput, gradBias, batch);");
                    _w.WriteLine("KernelParallel.For(ref sums, KernelParallel.Slices((long)OutputImage * batch, ParallelFlops, OutChannels));");
                }
            }
            return;
        }

        (string a, string b, string c, string d, string source, string target, int sourceImage, int targetImage) = IsData
            ? ("gradOutput", "weights", "unused", "gradInput", "gradOutput", "gradInput", 0, 1)
            : ("input", "weights", "bias", "output", "input", "output", 1, 0);
        _w.WriteLine("/// <summary>Runs the layer on a batch of pinned images, one image at a time, each split across threads.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"public static void Run(nint {a}, nint {b}, nint {c}, nint {d}, int batch)"))
        {
            _w.WriteLine("int units = ComputeTiles.Units;");
            using (_w.Block("for (int n = 0; n < batch; n++)"))
            {
                _w.WriteLine($"nint image = {source} + (nint)n * ({(sourceImage == 1 ? "InputImage" : "OutputImage")} * sizeof(float));");
                _w.WriteLine($"nint result = {target} + (nint)n * ({(targetImage == 1 ? "InputImage" : "OutputImage")} * sizeof(float));");
                _w.WriteLine(IsData ? "var tiles = new ComputeTiles(image, weights, 0, result);" : "var tiles = new ComputeTiles(image, weights, bias, result);");
                _w.WriteLine("KernelParallel.For(ref tiles, KernelParallel.Slices(Flops, ParallelFlops, units));");
            }
        }
    }

    private void EmitTask()
    {
        string[] fields = IsWeights ? new[] { "input", "gradOutput", "gradWeights" } : IsData ? new[] { "gradOutput", "weights", "unused", "gradInput" } : new[] { "input", "weights", "bias", "output" };
        string summary = IsWeights ? "Computes a contiguous range of (filters × taps) blocks over the whole batch." : "Computes a contiguous range of (block, pixel tile) units of one image.";
        _w.WriteLine($"/// <summary>{summary}</summary>");
        using (_w.Block("private readonly struct ComputeTiles : IKernelTask"))
        {
            _w.WriteLine($"private readonly nint {string.Join(", ", fields.Select(f => "_" + f))};");
            if (IsWeights)
            {
                _w.WriteLine("private readonly int _batch;");
            }
            _w.WriteLine();
            string parameters = string.Join(", ", fields.Select(f => "nint " + f)) + (IsWeights ? ", int batch" : "");
            using (_w.Block($"public ComputeTiles({parameters})"))
            {
                foreach (string field in fields)
                {
                    _w.WriteLine($"_{field} = {field};");
                }
                if (IsWeights)
                {
                    _w.WriteLine("_batch = batch;");
                }
            }
            _w.WriteLine();
            KernelTaskEmitter.UnitsProperty(_w, Paths.Select(path => path.Simd));
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block("public void Execute(int index, int count)"))
            {
                KernelTaskEmitter.SliceRange(_w, "Units");
                string[] refs = IsWeights ? fields : IsData ? new[] { "gradOutput", "weights", "gradInput" } : _layer.HasBias ? fields : new[] { "input", "weights", "output" };
                foreach (string name in refs)
                {
                    _w.WriteLine($"ref float {name} = ref KernelMemory.AsRef(_{name});");
                }
                string arguments = string.Join(", ", refs.Select(r => "ref " + r)) + (IsWeights ? ", _batch" : "") + ", begin, end";
                EmitDispatch(simd => $"Tiles{simd.Suffix}({arguments});");
            }
        }
    }

    private void EmitBiasTask()
    {
        _w.WriteLine("/// <summary>Bias gradient: each output channel's gradient summed by one thread, image by image (KernelReductions.ChannelSums).</summary>");
        using (_w.Block("private readonly struct BiasSums : IKernelTask"))
        {
            _w.WriteLine("private readonly nint _gradOutput, _gradBias;");
            _w.WriteLine("private readonly int _batch;");
            _w.WriteLine();
            using (_w.Block("public BiasSums(nint gradOutput, nint gradBias, int batch)"))
            {
                _w.WriteLine("_gradOutput = gradOutput;");
                _w.WriteLine("_gradBias = gradBias;");
                _w.WriteLine("_batch = batch;");
            }
            _w.WriteLine();
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block("public void Execute(int index, int count)"))
            {
                KernelTaskEmitter.SliceRange(_w, "OutChannels");
                _w.WriteLine("KernelReductions.ChannelSums(ref KernelMemory.AsRef(_gradOutput), _batch, OutChannels, Plane, ref KernelMemory.AsRef(_gradBias), begin, end);");
            }
        }
    }

    /// <summary>if (Vector512…) call512 else if (Vector256…) call256 … else callScalar, over the plan's paths.</summary>
    private void EmitDispatch(System.Func<SimdVocabulary, string> call)
    {
        foreach (string line in SimdVocabulary.DispatchLines(Paths.Select(p => p.Simd), call, braces: true))
        {
            _w.WriteLine(line);
        }
    }
}
