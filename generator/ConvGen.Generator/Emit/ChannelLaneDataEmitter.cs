using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the kernel class of a pointwise backward-data pass with the channel-lane plan (<see cref="ChannelLaneDataPlan"/>).
/// Two parallel phases: gradOutput is copied into per-tile strips, then each block of two vectors of input channels
/// copies its weight panel into thread scratch and runs every (image, position tile) of the batch over it. A tile holds
/// 2 × TilePositions accumulators whose lanes are input channels; per output channel it loads the two weight vectors of
/// the panel and broadcasts each of the tile's gradOutput values, and at the end its lanes are stored transposed into
/// the NCHW gradInput. Every gradInput value is one tile's fixed-order sum, so results do not depend on the threads.
/// </summary>
internal sealed class ChannelLaneDataEmitter
{
    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly ChannelLaneDataPlan _plan;
    private readonly string _className;

    public ChannelLaneDataEmitter(SourceWriter writer, KernelModel model, string className)
    {
        _w = writer;
        _layer = model.Spec.Layer;
        _plan = model.ChannelLaneData!;
        _className = className;
    }

    private static SimdVocabulary[] Isas => ChannelLaneBlocks.Paths;

    private static int BlockChannels(SimdVocabulary simd) => ChannelLaneBlocks.Channels(simd);

    private int RemainderVectors(SimdVocabulary simd) => ChannelLaneBlocks.RemainderVectors(_layer.GroupInChannels, simd);

    public void Emit(string methodDisplayName, string generatedCodeAttribute)
    {
        _w.WriteLine($"/// <summary>Backward-data kernel behind <c>{methodDisplayName}</c>; the plan is in that method's remarks.</summary>");
        _w.WriteLine(generatedCodeAttribute);
        using (_w.Block($"file sealed class {_className} : IPinnedKernel"))
        {
            EmitConstants();
            _w.WriteLine();
            _w.WriteLine("/// <summary>Copies gradOutput into strips, then builds gradInput block by block; gradInput is overwritten.</summary>");
            using (_w.Block("public static void Run(nint gradOutput, nint weights, nint unused, nint gradInput, int batch)"))
            {
                _w.WriteLine("nint strips = KernelMemory.CallerScratch((long)batch * StripImage);");
                _w.WriteLine("var copies = new StripCopies(gradOutput, strips, batch);");
                _w.WriteLine("KernelParallel.For(ref copies, KernelParallel.Slices(Flops * batch, ParallelFlops, batch * Tiles));");
                _w.WriteLine("var blocks = new ChannelBlocks(strips, weights, gradInput, batch);");
                _w.WriteLine("KernelParallel.For(ref blocks, KernelParallel.Slices(Flops * batch, ParallelFlops, Groups * Blocks));");
            }
            _w.WriteLine();
            _w.WriteLine("/// <summary>Channel blocks per group on the instruction set this process runs on (the JIT folds the checks).</summary>");
            _w.WriteLine(ChannelLaneBlocks.BlocksProperty);
            _w.WriteLine();
            EmitStripCopies();
            _w.WriteLine();
            EmitChannelBlocks();
            foreach (SimdVocabulary simd in Isas)
            {
                _w.WriteLine();
                EmitBlock(simd);
                for (int vectors = 2; vectors >= 1; vectors--)
                {
                    if (vectors == 2 || RemainderVectors(simd) == 1)
                    {
                        _w.WriteLine();
                        EmitTile(simd, vectors);
                    }
                }
            }
        }
    }

    private void EmitConstants()
    {
        LayerSpec l = _layer;
        ChannelLaneDataPlan p = _plan;
        _w.WriteLine("// Layer shape (gradInput has InChannels planes, gradOutput OutChannels, each of Positions = Height × Width).");
        _w.WriteLine($"private const int InChannels = {l.InChannels}, OutChannels = {l.OutChannels}, Groups = {l.Groups}, GroupIn = {l.GroupInChannels}, GroupOut = {l.GroupOutChannels};");
        _w.WriteLine($"private const int Positions = {p.Positions}, InputImage = {l.InputImage}, OutputImage = {l.OutputImage};");
        _w.WriteLine($"private const long Flops = {Literal.Long(l.Flops)}, ParallelFlops = {Literal.Long(p.ParallelMinimumFlops)};");
        _w.WriteLine($"// Position tiles of {p.TilePositions}; " + (p.Positions % p.TilePositions == 0
            ? "they divide the plane."
            : $"the last starts at {p.LastTileStart}, overlapping its neighbour (both store the same values)."));
        _w.WriteLine($"private const int TilePositions = {p.TilePositions}, Tiles = {p.Tiles}, LastTileStart = {p.LastTileStart};");
        _w.WriteLine("// gradOutput strips of one image: [tile][OutChannels][TilePositions].");
        _w.WriteLine("private const int StripImage = Tiles * OutChannels * TilePositions;");
        foreach (string line in ChannelLaneBlocks.Constants(l.GroupInChannels, "input channels"))
        {
            _w.WriteLine(line);
        }
    }

    private void EmitStripCopies()
    {
        KernelTaskEmitter.TaskHeader(_w, "private", "Copies the gradOutput values of a range of (image, position tile) pairs into their strips.", "StripCopies",
            new[] { "gradOutput", "strips" }, ("int", "batch"));
        using (_w.Indent())
        {
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block("public void Execute(int index, int count)"))
            {
                KernelTaskEmitter.SliceRange(_w, "_batch * Tiles");
                using (_w.Block("for (int unit = begin; unit < end; unit++)"))
                {
                    _w.WriteLine("int n = unit / Tiles, t = unit % Tiles;");
                    _w.WriteLine("ref float source = ref Unsafe.Add(ref KernelMemory.AsRef(_gradOutput), n * OutputImage + Math.Min(t * TilePositions, LastTileStart));");
                    _w.WriteLine("ref float strip = ref Unsafe.Add(ref KernelMemory.AsRef(_strips), unit * (OutChannels * TilePositions));");
                    using (_w.Block("for (int k = 0; k < OutChannels; k++)"))
                    {
                        _w.WriteLine(string.Join(" ", Enumerable.Range(0, _plan.TilePositions).Select(j => $"Unsafe.Add(ref strip, {j}) = Unsafe.Add(ref source, {j});")));
                        _w.WriteLine("source = ref Unsafe.Add(ref source, Positions);");
                        _w.WriteLine("strip = ref Unsafe.Add(ref strip, TilePositions);");
                    }
                }
            }
        }
        _w.WriteLine("}");
    }

    private void EmitChannelBlocks()
    {
        KernelTaskEmitter.TaskHeader(_w, "private", "Builds gradInput for a range of (group, channel block) units over the whole batch, the weight panel in this thread's scratch.", "ChannelBlocks",
            new[] { "strips", "weights", "gradInput" }, ("int", "batch"));
        using (_w.Indent())
        {
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block("public void Execute(int index, int count)"))
            {
                KernelTaskEmitter.SliceRange(_w, "Groups * Blocks");
                _w.WriteLine($"ref float panel = ref KernelMemory.AsRef(KernelMemory.Scratch(GroupOut * {BlockChannels(SimdVocabulary.Vector256)}));");
                using (_w.Block("for (int unit = begin; unit < end; unit++)"))
                {
                    string arguments = "ref KernelMemory.AsRef(_strips), ref KernelMemory.AsRef(_weights), ref KernelMemory.AsRef(_gradInput), ref panel, unit / Blocks, unit % Blocks, _batch";
                    _w.WriteLine($"if (Vector256.IsHardwareAccelerated) Block256({arguments});");
                    _w.WriteLine($"else if (Vector128.IsHardwareAccelerated) Block128({arguments});");
                    _w.WriteLine($"else BlockScalar({arguments});");
                }
            }
        }
        _w.WriteLine("}");
    }

    private void EmitBlock(SimdVocabulary simd)
    {
        int channels = BlockChannels(simd), lanes = simd.Lanes;
        bool remainder = RemainderVectors(simd) == 1;
        _w.WriteLine($"/// <summary>{simd.PathName}: one block of {channels} input channels{(remainder ? $" ({lanes} in the group's last block)" : "")} of group g, every image and position tile.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void Block{simd.Suffix}(ref float strips, ref float weights, ref float gradInput, ref float panel, int g, int b, int batch)"))
        {
            _w.WriteLine($"int c0 = b * {channels};");
            _w.WriteLine("ref float source = ref Unsafe.Add(ref weights, g * (GroupOut * GroupIn) + c0);");
            if (remainder)
            {
                using (_w.Block($"if (b == Blocks{simd.Suffix} - 1)"))
                {
                    EmitPanelAndTiles(simd, 1);
                    _w.WriteLine("return;");
                }
            }
            EmitPanelAndTiles(simd, 2);
        }
    }

    private void EmitPanelAndTiles(SimdVocabulary simd, int vectors)
    {
        int width = vectors * simd.Lanes;
        _w.WriteLine($"// The panel: the group's weight rows k, channels c0..c0 + {width - 1}, copied contiguous ([GroupOut][{width}]).");
        using (_w.Block("for (int k = 0; k < GroupOut; k++)"))
        {
            _w.WriteLine(string.Join(" ", Enumerable.Range(0, vectors).Select(v =>
                simd.Store(simd.Load("source", v == 0 ? "k * GroupIn" : $"k * GroupIn + {v * simd.Lanes}"), "panel", v == 0 ? $"k * {width}" : $"k * {width} + {v * simd.Lanes}"))));
        }
        using (_w.Block("for (int n = 0; n < batch; n++)"))
        {
            _w.WriteLine("ref float target = ref Unsafe.Add(ref gradInput, n * InputImage + (g * GroupIn + c0) * Positions);");
            using (_w.Block("for (int t = 0; t < Tiles; t++)"))
            {
                _w.WriteLine($"Tile{simd.Suffix}x{vectors}(ref panel, ref Unsafe.Add(ref strips, (n * Tiles + t) * (OutChannels * TilePositions) + g * (GroupOut * TilePositions)), ref Unsafe.Add(ref target, Math.Min(t * TilePositions, LastTileStart)));");
            }
        }
    }

    private static string Acc(int vector, int position) => $"a{vector}_{position}";

    private void EmitTile(SimdVocabulary simd, int vectors)
    {
        int lanes = simd.Lanes, positions = _plan.TilePositions, width = vectors * lanes;
        _w.WriteLine($"/// <summary>{simd.PathName}: {width} input channel(s) × {positions} positions = {vectors * positions} accumulators; per output channel {vectors} weight load(s) and {positions} broadcasts.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void Tile{simd.Suffix}x{vectors}(ref float panel, ref float strip, ref float target)"))
        {
            var accumulators = Enumerable.Range(0, vectors).SelectMany(v => Enumerable.Range(0, positions).Select(j => Acc(v, j))).ToList();
            _w.WriteLine($"{simd.Type} {accumulators[0]} = {simd.Zero}{string.Concat(accumulators.Skip(1).Select(a => $", {a} = {accumulators[0]}"))};");
            _w.WriteLine($"{simd.Type} {string.Join(", ", Enumerable.Range(0, vectors).Select(v => "w" + v))}, g;");
            _w.WriteLine("ref float w = ref panel;");
            _w.WriteLine("ref float x = ref strip;");
            using (_w.Block("for (int k = 0; k < GroupOut; k++)"))
            {
                _w.WriteLine($"// Output channel k: {vectors} weight vector(s), then each position's gradOutput broadcast into its accumulators.");
                _w.WriteLine(string.Join(" ", Enumerable.Range(0, vectors).Select(v => $"w{v} = {simd.Load("w", v * lanes)};")));
                for (int j = 0; j < positions; j++)
                {
                    string fmas = string.Join(" ", Enumerable.Range(0, vectors).Select(v => $"{Acc(v, j)} = {simd.MultiplyAdd("w" + v, "g", Acc(v, j))};"));
                    _w.WriteLine($"g = {simd.Broadcast($"Unsafe.Add(ref x, {j})")}; {fmas}");
                }
                _w.WriteLine($"w = ref Unsafe.Add(ref w, {width});");
                _w.WriteLine("x = ref Unsafe.Add(ref x, TilePositions);");
            }
            _w.WriteLine($"// Stored transposed: lane l of a{{v}}_{{j}} is input channel {lanes}·v + l of the block, position j of the tile.");
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
}
