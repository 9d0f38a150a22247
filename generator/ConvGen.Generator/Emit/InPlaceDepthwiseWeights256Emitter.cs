using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the Vector256 (AVX2) channel method of a 3×3, stride-1, padding-1 depthwise backward-weights pass that reads
/// the NCHW input in place instead of packing each (image, channel) into a padded plane. It walks the same bands of
/// gradOutput rows × one vector as the packed method, and loads each input row vector straight from the channel at
/// column offset kw − 1:
/// <list type="bullet">
/// <item>The input rows above and below a band are read through references that point at a zero row where they are
/// the padding around the image.</item>
/// <item>The first and the last step of a row are peeled: there kernel column 0 (or 2) would read the padding column,
/// so it is made from the row's first (or last) vector shifted by one lane with a zero shifted in, and no load leaves
/// the channel.</item>
/// </list>
/// </summary>
internal sealed class InPlaceDepthwiseWeights256Emitter
{
    public const string MethodName = "InPlaceChannel256";

    private const string X86 = SimdVocabulary.X86;

    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly int _rows;
    private readonly int _aheadRows;
    private readonly SimdVocabulary _simd = SimdVocabulary.Vector256;

    /// <param name="aheadRows">Rows ahead that a call streaming from memory prefetches (<see cref="BackwardWeightsPlan.StreamAheadRows256"/>); 0: none.</param>
    public InPlaceDepthwiseWeights256Emitter(SourceWriter writer, LayerSpec layer, int rows, int aheadRows)
    {
        _w = writer;
        _layer = layer;
        _rows = rows;
        _aheadRows = aheadRows;
    }

    /// <summary>Floats of the zero row the task clears: columns −1 to OutWidth + 8 around the row read from float 8.</summary>
    public static int ZeroRowFloats(LayerSpec layer) => (layer.OutWidth + 24 + 7) / 8 * 8;

    public void Emit()
    {
        LayerSpec l = _layer;
        _w.WriteLine($"/// <summary>Vector256 path (AVX2) without packing: one channel over the batch; {l.Taps} tap accumulators{(l.HasBias ? " and a bias accumulator" : "")} of 8 partial sums, bands of {_rows} gradOutput row(s) × 1 vector read straight from NCHW, the row's first and last steps peeled.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName}(ref float input, ref float gradOutput, ref float gradWeights, ref float gradBias, ref float zeros, int c, int batch{StreamPrefetchEmitter.Parameter(_aheadRows > 0)})"))
        {
            List<string> taps = DepthwiseWeightsGradientEmitter.DeclareAccumulators(_w, _simd, l);
            _w.WriteLine($"Vector256<float> x0, {string.Join(", ", Enumerable.Range(0, _rows).Select(r => "g" + r))};");
            using (_w.Block("for (int n = 0; n < batch; n++)"))
            {
                _w.WriteLine("ref float plane = ref Unsafe.Add(ref input, n * InputImage + c * (Height * Width));");
                _w.WriteLine("ref float gradient = ref Unsafe.Add(ref gradOutput, n * OutputImage + c * (OutHeight * OutWidth));");
                int full = l.OutHeight / _rows * _rows;
                if (full > 0)
                {
                    using (_w.Block($"for (int oy = 0; oy < {full}; oy += {_rows})"))
                    {
                        EmitBand(_rows, "oy");
                    }
                }
                if (l.OutHeight > full)
                {
                    using (_w.Block($"// The last {l.OutHeight - full} row(s)."))
                    {
                        EmitBand(l.OutHeight - full, Literal.Int(full));
                    }
                }
            }
            DepthwiseWeightsGradientEmitter.EmitHorizontalSums(_w, _simd, taps, l.HasBias);
        }
    }

    /// <summary>One band of <paramref name="rows"/> output rows from row <paramref name="top"/>: the first step, the steps between, the last step.</summary>
    private void EmitBand(int rows, string top)
    {
        int outWidth = _layer.OutWidth;
        StreamPrefetchEmitter.EmitBandRows(_w, _layer, "plane", top, stride: 1, rows, _aheadRows);
        _w.WriteLine($"ref float x = ref Unsafe.Add(ref plane, {top} * Width);");
        _w.WriteLine($"ref float g = ref Unsafe.Add(ref gradient, {top} * OutWidth);");
        _w.WriteLine("// The input rows around the band, or the zero row where they are the padding.");
        _w.WriteLine($"ref float above = ref {top} == 0 ? ref zeros : ref Unsafe.Subtract(ref x, Width);");
        _w.WriteLine($"ref float below = ref {top} + {rows} == OutHeight ? ref zeros : ref Unsafe.Add(ref x, {rows} * Width);");
        int last = outWidth - 8;
        if (last == 0)
        {
            using (_w.Block("// The row is one vector: kernel column 0 reads it shifted right, column 2 shifted left, the padding shifted in."))
            {
                EmitStep(rows, 0, left: true, right: true, masked: 0);
            }
            return;
        }
        using (_w.Block("// Columns 0-7: kernel column 0 reads them shifted right by one lane, the padding shifted in."))
        {
            EmitStep(rows, 0, left: true, right: false, masked: 0);
        }
        // Whole vectors between the first step and the last (which ends at the row's end).
        int between = (outWidth - 1) / 8 * 8;
        if (between > 8)
        {
            using (_w.Block($"for (int ox = 8; ox < {between}; ox += 8)"))
            {
                EmitStep(rows, null, left: false, right: false, masked: 0);
            }
        }
        int masked = 8 - (outWidth - between);
        using (_w.Block($"// Columns {last}-{outWidth - 1}: kernel column 2 reads them shifted left by one lane, the padding shifted in" +
            (masked > 0 ? $"; the first {masked} lane(s) were counted by the step before and are masked off in gradOutput." : ".")))
        {
            EmitStep(rows, last, left: false, right: true, masked);
        }
    }

    /// <summary>
    /// One step of a band at column <paramref name="start"/> (the loop variable <c>ox</c> when null): the gradOutput rows
    /// (their first <paramref name="masked"/> lanes zeroed), then every input row around the band through the three kernel
    /// columns in turn.
    /// </summary>
    private void EmitStep(int rows, int? start, bool left, bool right, int masked)
    {
        LayerSpec l = _layer;
        // A load at a column offset from the step's column: a constant on the peeled steps, from ox in the loop.
        string Load(string row, int offset) => start is int s ? _simd.Load(row, s + offset)
            : _simd.Load(row, offset == 0 ? "ox" : offset > 0 ? $"ox + {Literal.Int(offset)}" : $"ox - {Literal.Int(-offset)}");
        // Input row q around the band (above, the band's rows, below) at column offset `shift` from the step's column.
        string LoadInput(int q, int shift) => q == 0 ? Load("above", shift) : q == rows + 1 ? Load("below", shift) : Load("x", (q - 1) * l.Width + shift);
        for (int r = 0; r < rows; r++)
        {
            string load = Load("g", r * l.OutWidth);
            if (masked > 0)
            {
                load = $"Vector256.BitwiseAnd({load}, {Literal.Mask("Vector256", 8, lane => lane >= masked)})";
            }
            _w.WriteLine($"g{r} = {load};" + (l.HasBias ? $" b += g{r};" : ""));
        }
        var columns = new List<string>[3];
        for (int kw = 0; kw < 3; kw++)
        {
            bool shiftRight = kw == 0 && left, shiftLeft = kw == 2 && right;
            columns[kw] = new List<string>();
            for (int q = 0; q <= rows + 1; q++)
            {
                string load;
                if (shiftRight || shiftLeft)
                {
                    string vector = LoadInput(q, 0);
                    load = shiftRight
                        ? $"{X86}.Avx.Blend({X86}.Avx2.PermuteVar8x32({vector}, Vector256.Create(0, 0, 1, 2, 3, 4, 5, 6)), Vector256<float>.Zero, 0x01)"
                        : $"{X86}.Avx.Blend({X86}.Avx2.PermuteVar8x32({vector}, Vector256.Create(1, 2, 3, 4, 5, 6, 7, 7)), Vector256<float>.Zero, 0x80)";
                }
                else
                {
                    load = LoadInput(q, kw - 1);
                }
                string fmas = string.Join(" ", InPlaceRowTileEmitter.Uses(q, rows).Select(u => $"{DepthwiseWeightsGradientEmitter.Acc(u.Kh, kw)} = {_simd.MultiplyAdd("g" + u.Row, "x0", DepthwiseWeightsGradientEmitter.Acc(u.Kh, kw))};"));
                columns[kw].Add($"x0 = {load}; {fmas}");
            }
        }
        _w.WriteLine("// Each input row through kernel columns 0-2 in turn, consecutive FMAs feeding different columns' accumulators" +
            (left ? "; column 0 reads it shifted right, the padding into lane 0" : "") +
            (right ? "; column 2 reads it shifted left, the padding into lane 7" : "") + ".");
        DepthwiseWeightsGradientEmitter.InterleaveColumns(_w, columns);
    }
}
