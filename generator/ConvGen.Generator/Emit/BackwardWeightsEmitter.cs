using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the kernel class of a backward-weights pass. Per image: the input is packed exactly as the forward pass packs
/// it, gradOutput is laid on the forward grid with zeros in the spare columns, and each work unit — a weight tile of
/// output channels × taps of one input channel — reduces grid[k][q]·packed[c][q + offset(tap)] over every position q
/// with vector accumulators, then adds its horizontal sums to gradWeights. A unit is always computed by one thread, in
/// a fixed order over images and positions, so the result does not depend on the thread count or timing.
/// </summary>
internal sealed class BackwardWeightsEmitter
{
    private readonly SourceWriter _w;
    private readonly KernelModel _model;
    private readonly LayerSpec _layer;
    private readonly BackwardWeightsPlan _plan;
    private readonly DirectConvPlan _packing;
    private readonly string _className;

    public BackwardWeightsEmitter(SourceWriter writer, KernelModel model, string className)
    {
        _w = writer;
        _model = model;
        _layer = model.Spec.Layer;
        _plan = model.WeightsPlan!;
        _packing = _plan.Packing;
        _className = className;
    }

    private IEnumerable<(SimdVocabulary Simd, WeightTilePlan Tile)> Paths =>
        SimdVocabulary.Paths(_plan.Vector512Tile, _plan.Vector256Tile, _plan.Vector128Tile, _plan.ScalarTile);

    private string Source => _packing.PacksInput ? "packed" : "image";
    /// <summary>gradOutput needs laying on the grid when the grid's row pitch is wider than the output rows.</summary>
    private bool ExpandsGradOutput => _packing.PlaneWidth != _layer.OutWidth;
    private string GradSource => ExpandsGradOutput ? "grid" : "gradient";

    public void Emit(string methodDisplayName, string generatedCodeAttribute)
    {
        _w.WriteLine($"/// <summary>Backward-weights kernel behind <c>{methodDisplayName}</c>; the plan is in that method's remarks.</summary>");
        _w.WriteLine(generatedCodeAttribute);
        using (_w.Block($"file sealed class {_className} : IPinnedKernel"))
        {
            EmitConstants();
            _w.WriteLine();
            EmitRun();
            if (_packing.PacksInput)
            {
                _w.WriteLine();
                EmitPackInput();
                _w.WriteLine();
                new InputPackingEmitter(_w, _layer, _packing).EmitPackChannel();
            }
            if (ExpandsGradOutput)
            {
                _w.WriteLine();
                EmitExpandGradOutput();
            }
            _w.WriteLine();
            EmitComputeTiles();
            foreach ((SimdVocabulary simd, WeightTilePlan tile) in Paths)
            {
                _w.WriteLine();
                EmitTiles(simd, tile);
            }
            if (_layer.HasBias)
            {
                _w.WriteLine();
                EmitSumBias();
            }
        }
    }

    private static int Blocks(int total, int size, int remainder) => total / size + (remainder > 0 ? 1 : 0);

    private void EmitConstants()
    {
        LayerSpec l = _layer;
        _w.WriteLine("// Layer shape.");
        _w.WriteLine($"private const int InChannels = {l.InChannels}, OutChannels = {l.OutChannels}, Groups = {l.Groups};");
        _w.WriteLine($"private const int GroupIn = {l.GroupInChannels}, GroupOut = {l.GroupOutChannels}, Taps = {l.Taps};");
        _w.WriteLine($"private const int Height = {l.Height}, Width = {l.Width}, OutHeight = {l.OutHeight}, OutWidth = {l.OutWidth};");
        _w.WriteLine($"private const int InputImage = {l.InputImage}, OutputImage = {l.OutputImage}, WeightCount = {l.WeightCount};");
        _w.WriteLine($"private const long Flops = {Literal.Long(l.Flops)}, ParallelFlops = {Literal.Long(_plan.ParallelMinimumFlops)};");
        _w.WriteLine();
        _w.WriteLine(_packing.PacksInput
            ? $"// Packed input, as in the forward pass: per channel {_packing.PhaseCount} zero-padded stride-phase plane(s) of {_packing.PlaneHeight}×{_packing.PlaneWidth}."
            : "// Stride 1 and no padding: the taps read the input planes in place.");
        _w.WriteLine($"private const int PlaneWidth = {_packing.PlaneWidth}, PlaneSize = {_packing.PlaneSize}, ChannelStride = {_packing.ChannelStride};");
        _w.WriteLine($"private const int PackedFloats = {(_packing.PacksInput ? "InChannels * ChannelStride" : "0")};");
        _w.WriteLine("// Grid: output position q = oy·PlaneWidth + ox; gradOutput is zero in the spare columns ox ≥ OutWidth.");
        _w.WriteLine($"private const int Grid = {_packing.GridExtent};");
        _w.WriteLine($"private const int GridFloats = {(ExpandsGradOutput ? "OutChannels * Grid" : "0")};");
        _w.WriteLine("// Images are reduced in chunks whose packed input and gridded gradOutput fit a scratch budget; a weight tile keeps");
        _w.WriteLine("// its accumulators across the images of a chunk. Image strides in what the tiles read:");
        _w.WriteLine($"private const int InputStride = {(_packing.PacksInput ? "PackedFloats" : "InputImage")}, GradStride = {(ExpandsGradOutput ? "GridFloats" : "OutputImage")};");
        _w.WriteLine($"private const int ChunkImages = {ChunkImages};");
        foreach ((SimdVocabulary simd, WeightTilePlan tile) in Paths)
        {
            int rowBlocks = Blocks(l.GroupOutChannels, tile.Rows, tile.RemainderRows);
            int columnBlocks = Blocks(l.GroupInChannels * l.Taps, tile.TapCount, tile.RemainderTaps);
            _w.WriteLine($"// {simd.Suffix}: weight tiles of {tile.Rows} output channel(s) × {tile.TapCount} (input channel, tap) column(s); {rowBlocks} channel block(s) × {columnBlocks} column block(s) per group.");
            _w.WriteLine($"private const int RowBlocks{simd.Suffix} = {rowBlocks}, ColumnBlocks{simd.Suffix} = {columnBlocks}, Units{simd.Suffix} = Groups * RowBlocks{simd.Suffix} * ColumnBlocks{simd.Suffix};");
        }
        if (Paths.Any(p => Blocks(l.GroupInChannels * l.Taps, p.Tile.TapCount, p.Tile.RemainderTaps) > 1))
        {
            _w.WriteLine();
            _w.WriteLine("/// <summary>Offset of each column (c·Taps + kh·KernelWidth + kw) in a group's packed input: c·ChannelStride + the tap's offset.</summary>");
            _w.WriteLine($"private static ReadOnlySpan<int> ColumnOffsets => new int[] {{ {string.Join(", ", _plan.ColumnOffsets)} }};");
        }
    }

    private void EmitRun()
    {
        _w.WriteLine("/// <summary>Clears the gradients, then adds each chunk of images (pack, grid, weight tiles, bias sums).</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block("public static void Run(nint input, nint gradOutput, nint gradBias, nint gradWeights, int batch)"))
        {
            _w.WriteLine("MemoryMarshal.CreateSpan(ref KernelMemory.AsRef(gradWeights), WeightCount).Clear();");
            if (_layer.HasBias)
            {
                _w.WriteLine("MemoryMarshal.CreateSpan(ref KernelMemory.AsRef(gradBias), OutChannels).Clear();");
            }
            if (_packing.PacksInput || ExpandsGradOutput)
            {
                _w.WriteLine("nint scratch = KernelMemory.Scratch((long)ChunkImages * (PackedFloats + GridFloats));");
                if (_packing.PacksInput)
                {
                    _w.WriteLine("nint packed = scratch;");
                }
                if (ExpandsGradOutput)
                {
                    _w.WriteLine("nint grid = scratch + (nint)ChunkImages * PackedFloats * sizeof(float);");
                }
            }
            _w.WriteLine("int units = ComputeTiles.Units;");
            using (_w.Block("for (int n = 0; n < batch; n += ChunkImages)"))
            {
                _w.WriteLine("int images = Math.Min(ChunkImages, batch - n);");
                _w.WriteLine("long flops = Flops * images;");
                _w.WriteLine("nint image = input + (nint)n * (InputImage * sizeof(float));");
                _w.WriteLine("nint gradient = gradOutput + (nint)n * (OutputImage * sizeof(float));");
                if (_packing.PacksInput)
                {
                    _w.WriteLine("var pack = new PackInput(image, packed, images);");
                    _w.WriteLine("KernelParallel.For(ref pack, KernelParallel.Slices(flops, ParallelFlops, images * InChannels));");
                }
                if (ExpandsGradOutput)
                {
                    _w.WriteLine("var expand = new ExpandGradOutput(gradient, grid, images);");
                    _w.WriteLine("KernelParallel.For(ref expand, KernelParallel.Slices(flops, ParallelFlops, images * OutChannels));");
                }
                _w.WriteLine($"var tiles = new ComputeTiles({Source}, {GradSource}, gradWeights, images);");
                _w.WriteLine("KernelParallel.For(ref tiles, KernelParallel.Slices(flops, ParallelFlops, units));");
                if (_layer.HasBias)
                {
                    _w.WriteLine("var bias = new SumBias(gradient, gradBias, images);");
                    _w.WriteLine("KernelParallel.For(ref bias, KernelParallel.Slices(flops, ParallelFlops, OutChannels));");
                }
            }
        }
    }

    /// <summary>Images per chunk: as many as fit 2M floats (8 MB) of packed input and gridded gradOutput, at least one.</summary>
    private int ChunkImages
    {
        get
        {
            long perImage = (_packing.PacksInput ? (long)_layer.InChannels * _packing.ChannelStride : 0) +
                (ExpandsGradOutput ? (long)_layer.OutChannels * _packing.GridExtent : 0);
            return perImage == 0 ? 64 : (int)System.Math.Max(1, System.Math.Min(64, 2_000_000 / perImage));
        }
    }

    private void EmitPackInput()
    {
        KernelTaskEmitter.RangeTask(_w, "Packs a range of (image, input channel) pairs of a chunk as the forward pass does.", "PackInput",
            new[] { "input", "packed", "images" }, System.Array.Empty<(string, string)>(), "(int)_images * InChannels", "u",
            prologue: () =>
            {
                _w.WriteLine("ref float input = ref KernelMemory.AsRef(_input);");
                _w.WriteLine("ref float packed = ref KernelMemory.AsRef(_packed);");
            },
            body: () =>
            {
                _w.WriteLine("int n = u / InChannels, c = u % InChannels;");
                _w.WriteLine("PackChannel(ref Unsafe.Add(ref input, n * InputImage + c * (Height * Width)), ref Unsafe.Add(ref packed, n * PackedFloats + c * ChannelStride));");
            });
    }

    private void EmitExpandGradOutput()
    {
        KernelTaskEmitter.RangeTask(_w, "Lays (image, gradOutput channel) pairs of a chunk on the grid (row pitch PlaneWidth) with zeros in the spare columns.", "ExpandGradOutput",
            new[] { "gradOutput", "grid", "images" }, System.Array.Empty<(string, string)>(), "(int)_images * OutChannels", "u",
            prologue: () =>
            {
                _w.WriteLine("ref float source = ref KernelMemory.AsRef(_gradOutput);");
                _w.WriteLine("ref float grid = ref KernelMemory.AsRef(_grid);");
            },
            body: () =>
            {
                _w.WriteLine("int n = u / OutChannels, k = u % OutChannels;");
                using (_w.Block("for (int oy = 0; oy < OutHeight; oy++)"))
                {
                    _w.WriteLine("ref float row = ref Unsafe.Add(ref grid, n * GridFloats + k * Grid + oy * PlaneWidth);");
                    _w.WriteLine("MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref source, n * OutputImage + k * (OutHeight * OutWidth) + oy * OutWidth), OutWidth).CopyTo(MemoryMarshal.CreateSpan(ref row, OutWidth));");
                    using (_w.Block("if (oy < OutHeight - 1)"))
                    {
                        _w.WriteLine("MemoryMarshal.CreateSpan(ref Unsafe.Add(ref row, OutWidth), PlaneWidth - OutWidth).Clear();");
                    }
                }
            });
    }

    private void EmitComputeTiles()
    {
        KernelTaskEmitter.TaskHeader(_w, "Computes a contiguous range of (group, output-channel block, column block) weight tiles over a chunk of images.", "ComputeTiles", "input", "gradOutput", "gradWeights", "images");
        using (_w.Indent())
        {
            KernelTaskEmitter.UnitsProperty(_w, Paths.Select(path => path.Simd));
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block("public void Execute(int index, int count)"))
            {
                KernelTaskEmitter.SliceRange(_w, "Units");
                _w.WriteLine("ref float input = ref KernelMemory.AsRef(_input);");
                _w.WriteLine("ref float gradOutput = ref KernelMemory.AsRef(_gradOutput);");
                _w.WriteLine("ref float gradWeights = ref KernelMemory.AsRef(_gradWeights);");
                string prefix = "";
                foreach ((SimdVocabulary simd, _) in Paths)
                {
                    string call = $"Tiles{simd.Suffix}(ref input, ref gradOutput, ref gradWeights, (int)_images, begin, end);";
                    if (simd.IsAccelerated is { } guard)
                    {
                        using (_w.Block($"{prefix}if ({guard})"))
                        {
                            _w.WriteLine(call);
                        }
                        prefix = "else ";
                    }
                    else if (prefix.Length == 0)
                    {
                        _w.WriteLine(call);
                    }
                    else
                    {
                        using (_w.Block("else"))
                        {
                            _w.WriteLine(call);
                        }
                    }
                }
            }
        }
        _w.WriteLine("}");
    }

    private static string Acc(int row, int tap) => $"a{row}_{tap}";

    private static string Sum(int row, int tap) => $"s{row}_{tap}";

    private void EmitTiles(SimdVocabulary simd, WeightTilePlan tile)
    {
        LayerSpec l = _layer;
        string s = simd.Suffix;
        int rowBlocks = Blocks(l.GroupOutChannels, tile.Rows, tile.RemainderRows);
        int tapBlocks = Blocks(l.GroupInChannels * l.Taps, tile.TapCount, tile.RemainderTaps);
        bool constantTaps = tapBlocks == 1;
        string isa = simd.PathName;
        _w.WriteLine($"/// <summary>{isa}: {tile.Rows} output channel(s) × {tile.TapCount} (input channel, tap) column(s) = {tile.Accumulators} accumulators of {simd.Lanes} partial sum(s) over positions" +
            (tile.InputsFirst ? "; the input vectors of the columns are loaded once per step, gradOutput rows streamed" : "; gradOutput rows are loaded once per step, the input vectors of the columns streamed") +
            (constantTaps ? "; column offsets are constants." : "; column offsets come from ColumnOffsets.") + "</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void Tiles{s}(ref float input, ref float gradOutput, ref float gradWeights, int images, int begin, int end)"))
        {
            var accumulators = new List<string>();
            var sums = new List<string>();
            for (int r = 0; r < tile.Rows; r++)
            {
                for (int t = 0; t < tile.TapCount; t++)
                {
                    accumulators.Add(Acc(r, t));
                    sums.Add(Sum(r, t));
                }
            }
            if (simd.Lanes > 1)
            {
                _w.WriteLine($"{simd.Type} {string.Join(", ", accumulators)};");
            }
            _w.WriteLine($"float {string.Join(", ", sums)};");
            int inputs = tile.InputsFirst ? tile.TapCount : 1, gradients = tile.InputsFirst ? 1 : tile.Rows;
            _w.WriteLine($"{simd.Type} {string.Join(", ", Enumerable.Range(0, inputs).Select(i => "x" + i).Concat(Enumerable.Range(0, gradients).Select(i => "g" + i)))};");
            if (!constantTaps)
            {
                _w.WriteLine($"nuint {string.Join(", ", Enumerable.Range(0, tile.TapCount).Select(t => "o" + t))};");
                _w.WriteLine("ReadOnlySpan<int> offsets = ColumnOffsets;");
            }
            using (_w.Block("for (int unit = begin; unit < end; unit++)"))
            {
                _w.WriteLine("// Unit → (group, output-channel block, column block); a column is one (input channel, tap) pair.");
                _w.WriteLine($"int tapBlock = unit % ColumnBlocks{s};");
                _w.WriteLine($"int block = unit / ColumnBlocks{s} % RowBlocks{s};");
                _w.WriteLine($"int group = unit / (ColumnBlocks{s} * RowBlocks{s});");
                _w.WriteLine($"int k = group * GroupOut + block * {tile.Rows}, tap = tapBlock * {tile.TapCount};");
                _w.WriteLine("ref float x = ref Unsafe.Add(ref input, group * (GroupIn * ChannelStride));");
                _w.WriteLine("ref float g = ref Unsafe.Add(ref gradOutput, k * Grid);");
                _w.WriteLine("ref float dw = ref Unsafe.Add(ref gradWeights, k * (GroupIn * Taps) + tap);");
                EmitRowVariants(simd, tile, rowBlocks, tapBlocks, constantTaps);
            }
        }
    }

    private void EmitRowVariants(SimdVocabulary simd, WeightTilePlan tile, int rowBlocks, int tapBlocks, bool constantTaps)
    {
        void Taps(int rows)
        {
            if (tile.RemainderTaps == 0)
            {
                EmitTile(simd, tile, rows, tile.TapCount, constantTaps);
                return;
            }
            using (_w.Block($"if (tapBlock < {tapBlocks - 1})"))
            {
                EmitTile(simd, tile, rows, tile.TapCount, constantTaps);
            }
            using (_w.Block("else"))
            {
                EmitTile(simd, tile, rows, tile.RemainderTaps, constantTaps);
            }
        }

        if (tile.RemainderRows == 0)
        {
            Taps(tile.Rows);
            return;
        }
        using (_w.Block($"if (block < {rowBlocks - 1})"))
        {
            Taps(tile.Rows);
        }
        using (_w.Block("else"))
        {
            Taps(tile.RemainderRows);
        }
    }

    private void EmitTile(SimdVocabulary simd, WeightTilePlan tile, int rows, int taps, bool constantTaps)
    {
        int lanes = simd.Lanes;
        int vectorGrid = _packing.GridExtent / lanes * lanes;
        string Offset(int t) => constantTaps ? $"{_plan.ColumnOffsets[t]}" : "o" + t;
        bool inputsFirst = tile.InputsFirst;
        _w.WriteLine($"// Tile: output channels k..k+{rows - 1} × columns tap..tap+{taps - 1}, reduced over {_packing.GridExtent} grid positions.");
        if (!constantTaps)
        {
            _w.WriteLine(string.Join(" ", Enumerable.Range(0, taps).Select(t => $"o{t} = (nuint)offsets[tap + {t}];")));
        }
        string zero = simd.Lanes > 1 ? simd.Zero : "0f";
        string accumulator(int r, int t) => simd.Lanes > 1 ? Acc(r, t) : Sum(r, t);
        for (int r = 0; r < rows; r++)
        {
            _w.WriteLine(string.Join(" ", Enumerable.Range(0, taps).Select(t => $"{accumulator(r, t)} = {zero};")));
        }
        _w.WriteLine("ref float xn = ref x;");
        _w.WriteLine("ref float gn = ref g;");
        using (_w.Block("for (int n = 0; n < images; n++)"))
        {
            if (vectorGrid > 0)
            {
                using (_w.Block($"for (int q = 0; q < {vectorGrid}; q += {lanes})"))
                {
                    _w.WriteLine("ref float xq = ref Unsafe.Add(ref xn, q);");
                    _w.WriteLine("ref float gq = ref Unsafe.Add(ref gn, q);");
                    if (inputsFirst)
                    {
                        _w.WriteLine("// Input vectors of every column, then one gradOutput row at a time.");
                        _w.WriteLine(string.Join(" ", Enumerable.Range(0, taps).Select(t => $"x{t} = {Load(simd, "xq", Offset(t))};")));
                        for (int r = 0; r < rows; r++)
                        {
                            string fmas = string.Join(" ", Enumerable.Range(0, taps).Select(t => $"{accumulator(r, t)} = {simd.MultiplyAdd("g0", "x" + t, accumulator(r, t))};"));
                            _w.WriteLine($"g0 = {simd.Load("gq", r * _packing.GridExtent)}; {fmas}");
                        }
                    }
                    else
                    {
                        _w.WriteLine("// gradOutput rows, then the input vector of one column at a time.");
                        _w.WriteLine(string.Join(" ", Enumerable.Range(0, rows).Select(r => $"g{r} = {simd.Load("gq", r * _packing.GridExtent)};")));
                        for (int t = 0; t < taps; t++)
                        {
                            string fmas = string.Join(" ", Enumerable.Range(0, rows).Select(r => $"{accumulator(r, t)} = {simd.MultiplyAdd("g" + r, "x0", accumulator(r, t))};"));
                            _w.WriteLine($"x0 = {Load(simd, "xq", Offset(t))}; {fmas}");
                        }
                    }
                }
            }
            if (vectorGrid < _packing.GridExtent)
            {
                _w.WriteLine($"// Scalar tail: positions {vectorGrid}..{_packing.GridExtent - 1}, into lane 0 of the accumulators (no extra live registers).");
                using (_w.Block($"for (int q = {vectorGrid}; q < Grid; q++)"))
                {
                    _w.WriteLine("ref float xq = ref Unsafe.Add(ref xn, q);");
                    _w.WriteLine("ref float gq = ref Unsafe.Add(ref gn, q);");
                    for (int r = 0; r < rows; r++)
                    {
                        _w.WriteLine(string.Join(" ", Enumerable.Range(0, taps).Select(t =>
                            $"{Acc(r, t)} = {simd.MultiplyAdd(simd.CreateScalar($"Unsafe.Add(ref gq, {r * _packing.GridExtent})"), simd.CreateScalar(SimdVocabulary.Scalar.Load("xq", Offset(t))), Acc(r, t))};")));
                    }
                }
            }
            _w.WriteLine("xn = ref Unsafe.Add(ref xn, InputStride);");
            _w.WriteLine("gn = ref Unsafe.Add(ref gn, GradStride);");
        }
        if (simd.Lanes > 1)
        {
            _w.WriteLine("// Horizontal sums.");
            for (int r = 0; r < rows; r++)
            {
                _w.WriteLine(string.Join(" ", Enumerable.Range(0, taps).Select(t => $"{Sum(r, t)} = {simd.Sum(Acc(r, t))};")));
            }
        }
        _w.WriteLine("// Add to gradWeights (chunks in image order).");
        for (int r = 0; r < rows; r++)
        {
            _w.WriteLine(string.Join(" ", Enumerable.Range(0, taps).Select(t => $"Unsafe.Add(ref dw, {r * _layer.GroupInChannels * _layer.Taps + t}) += {Sum(r, t)};")));
        }
    }

    private static string Load(SimdVocabulary simd, string reference, string offset) =>
        int.TryParse(offset, out int constant) ? simd.Load(reference, constant) : simd.Load(reference, offset);

    private void EmitSumBias()
    {
        KernelTaskEmitter.RangeTask(_w, "Adds each output channel's gradOutput sums over a chunk of images to gradBias, images in order.", "SumBias",
            new[] { "gradOutput", "gradBias", "images" }, System.Array.Empty<(string, string)>(), "OutChannels", "k",
            prologue: () =>
            {
                _w.WriteLine("ref float gradOutput = ref KernelMemory.AsRef(_gradOutput);");
                _w.WriteLine("ref float gradBias = ref KernelMemory.AsRef(_gradBias);");
            },
            body: () =>
            {
                using (_w.Block("for (int n = 0; n < (int)_images; n++)"))
                {
                    _w.WriteLine("Unsafe.Add(ref gradBias, k) += KernelReductions.Sum(ref Unsafe.Add(ref gradOutput, n * OutputImage + k * (OutHeight * OutWidth)), OutHeight * OutWidth);");
                }
            });
    }
}
