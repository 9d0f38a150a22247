using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the Vector256 (AVX2) channel method of a 3×3, stride-1, padding-1 depthwise backward-weights pass whose rows
/// are narrower than a vector (<see cref="BackwardWeightsPlan.WholeRows256"/>), reading input and gradOutput straight
/// from NCHW instead of packing each (image, channel) into a padded plane:
/// <list type="bullet">
/// <item>Every row is one vector with the row in lanes [0, Width) and zeros in the lanes past it: one load ANDed with a
/// mask. The channel's last row, whose load would leave the channel, is loaded ending at the channel's end instead,
/// masked to its own lanes and moved down to lane 0 by one vpermps.</item>
/// <item>Kernel columns 0 and 2 read the input row shifted right and left by one lane; each shift is one vpermps
/// of the masked row, which fetches a zero lane into the padding column and into the lanes past the row, so no lane
/// multiplies a value from another row (an infinite input reaches only the taps that read it).</item>
/// <item>Input row r feeds kernel row kh of gradOutput row r + 1 − kh: three FMAs per (row, kernel row).</item>
/// </list>
/// The nine tap accumulators (and the bias's) run over the whole batch and are summed horizontally at the end, so one
/// thread reduces a channel in a fixed order. On the Zen 5 VM (AVX-512 turned off, 7×7×1024, 1 thread, one process)
/// this made a call 1.48-1.66× faster than packing each channel into a 9×9 plane, whose seven 28-byte row copies per
/// channel had cost about a third of the call.
/// </summary>
internal sealed class WholeRowWeights256Emitter
{
    public const string MethodName = "WholeRowChannel256";

    private const string Permute = SimdVocabulary.X86 + ".Avx2.PermuteVar8x32";
    private const int Lanes = 8;

    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly SimdVocabulary _simd = SimdVocabulary.Vector256;

    public WholeRowWeights256Emitter(SourceWriter writer, LayerSpec layer)
    {
        _w = writer;
        _layer = layer;
    }

    /// <summary>Whether the layer's rows fit this method: narrower than a vector, in channels of at least one vector.</summary>
    public static bool Fits(LayerSpec layer) =>
        layer.OutWidth < Lanes && layer.Width == layer.OutWidth && layer.Height * layer.Width >= Lanes;

    private int Width => _layer.Width;

    private int Floats => _layer.Height * _layer.Width;

    public void Emit()
    {
        LayerSpec l = _layer;
        _w.WriteLine($"/// <summary>Vector256 path (AVX2) without packing: one channel over the batch, each of its {l.Height} input and gradOutput rows of {Width} one vector read straight from NCHW; {l.Taps} tap accumulators{(l.HasBias ? " and a bias accumulator" : "")}.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName}(ref float input, ref float gradOutput, ref float gradWeights, ref float gradBias, int c, int batch)"))
        {
            List<string> taps = DepthwiseWeightsGradientEmitter.DeclareAccumulators(_w, _simd, l);
            _w.WriteLine($"// A row in lanes [0, {Width}), zeros past it; kernel column 0 reads it shifted right by one lane and column 2 shifted left, lane 7 (zero) moved into the padding column and past the row.");
            _w.WriteLine($"Vector256<float> row = Vector256.Create({Mask(lane => lane >= Width)}).AsSingle();");
            _w.WriteLine($"Vector256<int> right = {Indices(lane => lane - 1, 0, Lanes - 1)}, left = {Indices(lane => lane + 1, 0, Lanes - 1)};");
            _w.WriteLine($"Vector256<float> x0, x1, x2, {string.Join(", ", Enumerable.Range(0, System.Math.Min(3, l.OutHeight)).Select(Gradient))};");
            using (_w.Block("for (int n = 0; n < batch; n++)"))
            {
                _w.WriteLine("ref float x = ref Unsafe.Add(ref input, n * InputImage + c * (Height * Width));");
                _w.WriteLine("ref float g = ref Unsafe.Add(ref gradOutput, n * OutputImage + c * (OutHeight * OutWidth));");
                int loaded = 0;
                for (int r = 0; r < l.Height; r++)
                {
                    var reads = Enumerable.Range(0, 3).Select(kh => (Kh: kh, Row: r + 1 - kh)).Where(u => u.Row >= 0 && u.Row < l.OutHeight).ToList();
                    _w.WriteLine($"// Input row {r}: {string.Join(", ", reads.Select(u => $"kernel row {u.Kh} of gradOutput row {u.Row}"))}.");
                    for (; loaded <= reads.Max(u => u.Row); loaded++)
                    {
                        EmitGradientRow(loaded);
                    }
                    EmitInputRow(r);
                    _w.WriteLine(string.Join(" ", reads.SelectMany(u => Enumerable.Range(0, 3).Select(kw =>
                        $"{DepthwiseWeightsGradientEmitter.Acc(u.Kh, kw)} = {_simd.MultiplyAdd(Gradient(u.Row), "x" + kw, DepthwiseWeightsGradientEmitter.Acc(u.Kh, kw))};"))));
                }
            }
            DepthwiseWeightsGradientEmitter.EmitHorizontalSums(_w, _simd, taps, l.HasBias);
        }
    }

    private static string Gradient(int row) => $"g{row % 3}";

    /// <summary>Lane <c>l</c> of a row's column shift reads lane <paramref name="source"/>(l) + <paramref name="offset"/> where that is a column of the row, else <paramref name="zero"/>.</summary>
    private string Indices(System.Func<int, int> source, int offset, int zero) =>
        $"Vector256.Create({string.Join(", ", Enumerable.Range(0, Lanes).Select(lane => lane < Width && source(lane) >= 0 && source(lane) < Width ? source(lane) + offset : zero))})";

    /// <summary>An AND mask of 8 lanes, zero where <paramref name="dropped"/>.</summary>
    private static string Mask(System.Func<int, bool> dropped) =>
        string.Join(", ", Enumerable.Range(0, Lanes).Select(lane => dropped(lane) ? "0" : "-1"));

    /// <summary>Whether row <paramref name="row"/>'s vector loaded at its start would leave the channel.</summary>
    private bool LeavesChannel(int row) => row * Width + Lanes > Floats;

    /// <summary>The channel's last 8 floats, masked to row <paramref name="row"/>'s lanes, which start at the returned lane.</summary>
    private (string Vector, int First) TailRow(string reference, int row)
    {
        int first = row * Width - (Floats - Lanes);
        string mask = Mask(lane => lane < first || lane >= first + Width);
        return ($"Vector256.BitwiseAnd({_simd.Load(reference, Floats - Lanes)}, Vector256.Create({mask}).AsSingle())", first);
    }

    private void EmitGradientRow(int t)
    {
        string bias = _layer.HasBias ? $" b += {Gradient(t)};" : "";
        if (!LeavesChannel(t))
        {
            _w.WriteLine($"{Gradient(t)} = Vector256.BitwiseAnd({_simd.Load("g", t * Width)}, row);{bias}");
            return;
        }
        (string vector, int first) = TailRow("g", t);
        _w.WriteLine($"// gradOutput row {t}: the channel's last 8 floats, masked to the row (lanes [{first}, {first + Width})) and moved down to lane 0.");
        _w.WriteLine($"{Gradient(t)} = {Permute}({vector}, {Indices(lane => lane, first, 0)});{bias}");
    }

    private void EmitInputRow(int r)
    {
        if (!LeavesChannel(r))
        {
            _w.WriteLine($"x1 = Vector256.BitwiseAnd({_simd.Load("x", r * Width)}, row); x0 = {Permute}(x1, right); x2 = {Permute}(x1, left);");
            return;
        }
        (string vector, int first) = TailRow("x", r);
        _w.WriteLine($"// The channel's last 8 floats, masked to the row (lanes [{first}, {first + Width})); each kernel column's shift moves it down to lane 0, lane 0 (zero) into the padding.");
        _w.WriteLine($"x0 = {vector}; x1 = {Permute}(x0, {Indices(lane => lane, first, 0)}); x2 = {Permute}(x0, {Indices(lane => lane + 1, first, 0)}); x0 = {Permute}(x0, {Indices(lane => lane - 1, first, 0)});");
    }
}
