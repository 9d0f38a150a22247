using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the file-local kernel class of a direct convolution: layer constants, the per-image driver, the input
/// packing, one register-tiled compute method per instruction set, and the grid compaction.
/// </summary>
internal sealed class DirectConvEmitter
{
    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly DirectConvPlan _plan;
    private readonly string _className;

    public DirectConvEmitter(SourceWriter writer, KernelModel model, string className)
    {
        _w = writer;
        _layer = model.Spec.Layer;
        _plan = model.Plan;
        _className = className;
    }

    private IEnumerable<(SimdVocabulary Simd, TilePlan Tile)> Paths
    {
        get
        {
            if (_plan.Vector256Tile is { } t256)
            {
                yield return (SimdVocabulary.Vector256, t256);
            }
            if (_plan.Vector128Tile is { } t128)
            {
                yield return (SimdVocabulary.Vector128, t128);
            }
            yield return (SimdVocabulary.Scalar, _plan.ScalarTile);
        }
    }

    /// <summary>Where the compute phase reads input from and writes results to.</summary>
    private string ComputeSource => _plan.PacksInput ? "packed" : "image";
    private string ComputeTarget => _plan.CompactsOutput ? "grid" : "result";

    public void Emit(string methodDisplayName, string generatedCodeAttribute)
    {
        _w.WriteLine($"/// <summary>Direct convolution kernel behind <c>{methodDisplayName}</c>; the plan is in that method's remarks.</summary>");
        _w.WriteLine(generatedCodeAttribute);
        using (_w.Block($"file sealed class {_className} : IPinnedKernel"))
        {
            EmitConstants();
            _w.WriteLine();
            EmitRun();
            if (_plan.PacksInput)
            {
                _w.WriteLine();
                EmitPackInput();
            }
            _w.WriteLine();
            KernelTaskEmitter.ComputeTiles(_w, Paths.Select(p => p.Simd).ToList(), _layer.HasBias);
            foreach ((SimdVocabulary simd, TilePlan tile) in Paths)
            {
                _w.WriteLine();
                new DirectTileEmitter(_w, TileGeometry.Forward(_layer, _plan), simd, tile).Emit();
            }
            if (_plan.CompactsOutput)
            {
                _w.WriteLine();
                EmitCompactOutput();
            }
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
        _w.WriteLine($"private const int PackedFloats = {(_plan.PacksInput ? "InChannels * ChannelStride" : "0")};");
        _w.WriteLine("// Grid: output positions q = oy·PlaneWidth + ox computed per output channel; columns ox ≥ OutWidth are dropped.");
        _w.WriteLine($"private const int Grid = {_plan.GridExtent};");
        _w.WriteLine($"private const int GridFloats = {(_plan.CompactsOutput ? "OutChannels * Grid" : "0")};");
        foreach ((SimdVocabulary simd, TilePlan tile) in Paths)
        {
            int blocks = ShapeBlocks(tile);
            _w.WriteLine($"// {simd.Suffix}: tiles of {tile.Rows} channel(s) × {tile.Width} position(s); {blocks} channel block(s) per group × {tile.QTiles} position tile(s).");
            _w.WriteLine($"private const int Blocks{simd.Suffix} = {blocks}, QTiles{simd.Suffix} = {tile.QTiles}, Units{simd.Suffix} = Groups * Blocks{simd.Suffix} * QTiles{simd.Suffix};");
        }
    }

    internal int ShapeBlocks(TilePlan tile) => _layer.GroupOutChannels / tile.Rows + (tile.RemainderRows > 0 ? 1 : 0);

    private void EmitRun()
    {
        bool scratch = _plan.PacksInput || _plan.CompactsOutput;
        _w.WriteLine("/// <summary>Runs the layer on a batch of pinned images, one image at a time, each phase split across threads.</summary>");
        using (_w.Block("public static void Run(nint input, nint weights, nint bias, nint output, int batch)"))
        {
            if (scratch)
            {
                _w.WriteLine("nint scratch = KernelMemory.Scratch((long)PackedFloats + GridFloats);");
                if (_plan.PacksInput)
                {
                    _w.WriteLine("nint packed = scratch;");
                }
                if (_plan.CompactsOutput)
                {
                    _w.WriteLine("nint grid = scratch + PackedFloats * sizeof(float);");
                }
            }
            _w.WriteLine("int units = ComputeTiles.Units;");
            using (_w.Block("for (int n = 0; n < batch; n++)"))
            {
                _w.WriteLine("nint image = input + (nint)n * (InputImage * sizeof(float));");
                _w.WriteLine("nint result = output + (nint)n * (OutputImage * sizeof(float));");
                if (_plan.PacksInput)
                {
                    _w.WriteLine("var pack = new PackInput(image, packed);");
                    _w.WriteLine("KernelParallel.For(ref pack, KernelParallel.Slices(Flops, ParallelFlops, InChannels));");
                }
                _w.WriteLine($"var tiles = new ComputeTiles({ComputeSource}, weights, bias, {ComputeTarget});");
                _w.WriteLine("KernelParallel.For(ref tiles, KernelParallel.Slices(Flops, ParallelFlops, units));");
                if (_plan.CompactsOutput)
                {
                    _w.WriteLine("var compact = new CompactOutput(grid, result);");
                    _w.WriteLine("KernelParallel.For(ref compact, KernelParallel.Slices(Flops, ParallelFlops, OutChannels));");
                }
            }
        }
    }

    /// <summary>The <c>PackInput</c> task (also used by backward-weights, which packs the input as the forward pass does).</summary>
    internal void EmitPackInput()
    {
        KernelTaskEmitter.TaskHeader(_w, "Copies input channels into their zero-padded stride-phase planes.", "PackInput", "input", "packed");
        using (new KernelTaskEmitter.IndentScope(_w))
        {
            using (_w.Block("public void Execute(int index, int count)"))
            {
                KernelTaskEmitter.SliceRange(_w, "InChannels");
                _w.WriteLine("ref float input = ref KernelMemory.AsRef(_input);");
                _w.WriteLine("ref float packed = ref KernelMemory.AsRef(_packed);");
                using (_w.Block("for (int c = begin; c < end; c++)"))
                {
                    _w.WriteLine("PackChannel(ref Unsafe.Add(ref input, c * (Height * Width)), ref Unsafe.Add(ref packed, c * ChannelStride));");
                }
            }
            _w.WriteLine();
            new InputPackingEmitter(_w, _layer, _plan).EmitPackChannel();
        }
        _w.WriteLine("}");
    }

    private void EmitCompactOutput()
    {
        KernelTaskEmitter.TaskHeader(_w, "Copies the valid columns of each output channel's grid into the NCHW output.", "CompactOutput", "grid", "output");
        using (new KernelTaskEmitter.IndentScope(_w))
        {
            using (_w.Block("public void Execute(int index, int count)"))
            {
                KernelTaskEmitter.SliceRange(_w, "OutChannels");
                _w.WriteLine("ref float grid = ref KernelMemory.AsRef(_grid);");
                _w.WriteLine("ref float output = ref KernelMemory.AsRef(_output);");
                using (_w.Block("for (int k = begin; k < end; k++)"))
                {
                    using (_w.Block("for (int oy = 0; oy < OutHeight; oy++)"))
                    {
                        _w.WriteLine("MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref grid, k * Grid + oy * PlaneWidth), OutWidth)");
                        _w.WriteLine("    .CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref output, k * (OutHeight * OutWidth) + oy * OutWidth), OutWidth));");
                    }
                }
            }
        }
        _w.WriteLine("}");
    }
}
