using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the AVX-512 method of a 3×3, padding-1 depthwise backward-weights pass on small planes that reduces two
/// channels at once (<see cref="BackwardWeightsPlan.ChannelPairs512"/>): lanes [0, OutWidth) of every vector hold
/// channel c, lanes [8, 8 + OutWidth) channel c + 1. A gradOutput row of both channels, and the input columns a kernel
/// column reads from an input row of both, are each one two-source permute of two loads (channel c's row from its
/// start; channel c + 1's from its start or, near the pair's end, ending there), so no lane is spent on a second row or
/// an overlapping one, and each accumulator holds the partial sums of both channels in its two halves: the
/// horizontal sums, the costliest part of a small plane, run once per pair of channels as one tree of 512-bit shuffles
/// and adds (<c>KernelReductions.StoreChannelPairSums</c>).
/// </summary>
internal sealed class ChannelPairWeightsEmitter
{
    public const string MethodName = "ChannelPair512";

    private const string Avx512F = SimdVocabulary.Avx512F;

    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly SimdVocabulary _simd = SimdVocabulary.Vector512;
    private readonly ChannelPairGeometry _pairs;

    public ChannelPairWeightsEmitter(SourceWriter writer, LayerSpec layer)
    {
        _w = writer;
        _layer = layer;
        _pairs = new ChannelPairGeometry(layer);
    }

    private static string Gradient(int row) => $"g{row}";

    private static string Acc(int kh, int kw) => DepthwiseWeightsGradientEmitter.Acc(kh, kw);

    public void Emit()
    {
        LayerSpec l = _layer;
        _w.WriteLine($"/// <summary>Vector512 path (AVX-512) without packing: channels c and c + 1 over the batch, side by side in the two 256-bit halves of every vector ({l.OutHeight} gradOutput rows of {l.OutWidth} and {l.Height} input rows each); {l.Taps} tap accumulators{(l.HasBias ? " and a bias accumulator" : "")}, each holding both channels' partial sums.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName}(ref float input, ref float gradOutput, ref float gradWeights, ref float gradBias, int c, int batch)"))
        {
            List<string> taps = DepthwiseWeightsGradientEmitter.DeclareAccumulators(_w, _simd, l);
            _w.WriteLine($"Vector512<float> low, high, k0, k1, k2, {string.Join(", ", Enumerable.Range(0, l.OutHeight).Select(Gradient))};");
            EmitMasks();
            using (_w.Block("for (int n = 0; n < batch; n++)"))
            {
                _w.WriteLine("// Channel c; channel c + 1 follows it.");
                _w.WriteLine("ref float x = ref Unsafe.Add(ref input, n * InputImage + c * (Height * Width));");
                _w.WriteLine("ref float g = ref Unsafe.Add(ref gradOutput, n * OutputImage + c * (OutHeight * OutWidth));");
                var loaded = new HashSet<int>();
                for (int r = 0; r < l.Height; r++)
                {
                    List<(int Row, int Kh)> uses = _pairs.Uses(r).ToList();
                    if (uses.Count == 0)
                    {
                        continue;
                    }
                    foreach (int t in uses.Select(u => u.Row).Where(loaded.Add).OrderBy(t => t))
                    {
                        EmitGradientRows(t);
                    }
                    EmitInputRows(r, uses);
                }
            }
            EmitSums(taps);
        }
    }

    /// <summary>Declares the gradOutput row mask and the padding masks.</summary>
    private void EmitMasks()
    {
        LayerSpec l = _layer;
        _w.WriteLine($"// Lanes [{l.OutWidth}, 8) and [{8 + l.OutWidth}, 16) are spare: gradOutput is masked to zero there.");
        _w.WriteLine($"Vector512<float> rows = {Literal.Mask("Vector512", 16, lane => lane % 8 < l.OutWidth)};");
        _pairs.EmitPaddingMasks(_w);
    }

    /// <summary>gradOutput row t of both channels, masked to the output columns.</summary>
    private void EmitGradientRows(int t)
    {
        LayerSpec l = _layer;
        int floats = l.OutHeight * l.OutWidth, start = t * l.OutWidth;
        System.Func<int, int?> column = j => j < l.OutWidth ? j : null;
        int second = ChannelPairGeometry.EmitPairLoads(_w, "g", floats, start, $"gradOutput row {t}", l.HasBias ? ", also summed into the bias accumulator" : "");
        _w.WriteLine($"{Gradient(t)} = {Avx512F}.PermuteVar16x32x2(low, {ChannelPairGeometry.Indices(column, l.OutWidth, start, floats, second)}, high) & rows;" + (l.HasBias ? $" b += {Gradient(t)};" : ""));
    }

    /// <summary>Input row r of both channels, split into the columns each kernel column reads, multiplied into every (gradOutput row, kernel row) that reads it.</summary>
    private void EmitInputRows(int r, IReadOnlyList<(int Row, int Kh)> uses)
    {
        _pairs.EmitInputSplit(_w, r, string.Join(", ", uses.Select(u => $"kernel row {u.Kh} of gradOutput row {u.Row}")));
        _w.WriteLine(string.Join(" ", uses.SelectMany(u => Enumerable.Range(0, 3).Select(kw =>
            $"{Acc(u.Kh, kw)} = {_simd.MultiplyAdd(Gradient(u.Row), $"k{kw}", Acc(u.Kh, kw))};"))));
    }

    /// <summary>The lower halves sum to channel c's gradients, the upper halves to channel c + 1's, in one tree of 512-bit shuffles and adds (the plan pairs 3×3 kernels only, so nine taps).</summary>
    private void EmitSums(IReadOnlyList<string> taps)
    {
        _w.WriteLine("// Horizontal sums of each half (one tree of 512-bit shuffles and adds, a fixed lane order), written over the gradients of channels c and c + 1.");
        string bias = _layer.HasBias ? "true" : "false";
        string biasAccumulator = _layer.HasBias ? "b" : "Vector512<float>.Zero";
        _w.WriteLine($"KernelReductions.StoreChannelPairSums(ref Unsafe.Add(ref gradWeights, c * Taps), ref Unsafe.Add(ref gradBias, c), {bias}, {string.Join(", ", taps)}, {biasAccumulator});");
    }
}
