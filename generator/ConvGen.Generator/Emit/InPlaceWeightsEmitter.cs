using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the AVX-512 channel method of a 3×3, stride-1, padding-1 depthwise backward-weights pass with rows of at least
/// 16 outputs (<see cref="BackwardWeightsPlan.InPlaceRows512"/>), which reads input and gradOutput straight from NCHW.
/// Per image, bands of rows × 16 columns: the band's gradOutput rows are one load each (the last column tile, shifted
/// back to end at the row's end, masks off the lanes the tile before it counted), and the Rows + 2 input rows around
/// the band are loaded and shifted exactly as the forward in-place tile loads them (column −1 and OutWidth read as the
/// padding through a reference at row pitch 0), each multiplied into the three taps of every kernel row that reads it.
/// The padding rows above and below the image are skipped on the first and the last band. The tap accumulators (and
/// the bias's) run over the whole batch and are summed horizontally at the end, so one thread reduces a channel in a
/// fixed order.
/// </summary>
internal sealed class InPlaceWeightsEmitter
{
    public const string MethodName = "InPlaceChannel512";

    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly InPlaceWeightsPlan _plan;
    private readonly SimdVocabulary _simd = SimdVocabulary.Vector512;

    public InPlaceWeightsEmitter(SourceWriter writer, LayerSpec layer, InPlaceWeightsPlan plan)
    {
        _w = writer;
        _layer = layer;
        _plan = plan;
    }

    private static string Acc(int kh, int kw) => DepthwiseWeightsGradientEmitter.Acc(kh, kw);

    private static string Gradient(int row) => $"g{row}";

    public void Emit()
    {
        LayerSpec l = _layer;
        int rows = _plan.Rows;
        _w.WriteLine($"/// <summary>Vector512 path (AVX-512) without packing: one channel over the batch in bands of {rows} gradOutput row(s) × 16 columns, input and gradOutput read straight from NCHW; {l.Taps} tap accumulators{(l.HasBias ? " and a bias accumulator" : "")}.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName}(ref float input, ref float gradOutput, ref float gradWeights, ref float gradBias, int c, int batch{StreamPrefetchEmitter.Parameter(_plan.StreamAheadRows > 0)})"))
        {
            List<string> taps = DepthwiseWeightsGradientEmitter.DeclareAccumulators(_w, _simd, l);
            _w.WriteLine($"Vector512<float> middle, left, right, {string.Join(", ", Enumerable.Range(0, rows).Select(Gradient))};");
            DepthwiseWeightsGradientEmitter.EmitLastTileMask(_w, l.OutWidth, _plan.ColumnTiles);
            _w.WriteLine("// Columns −1 and OutWidth of every row, read by the outer taps at the rows' ends: the zero padding, at a row pitch of 0.");
            _w.WriteLine("float padding = 0f;");
            using (_w.Block("for (int n = 0; n < batch; n++)"))
            {
                _w.WriteLine("ref float image = ref Unsafe.Add(ref input, n * InputImage + c * (Height * Width));");
                _w.WriteLine("ref float gradient = ref Unsafe.Add(ref gradOutput, n * OutputImage + c * (OutHeight * OutWidth));");
                if (_plan.FullBands == 1)
                {
                    using (_w.Block($"// One band of {rows} row(s)."))
                    {
                        _w.WriteLine("int oy = 0;");
                        EmitColumnTiles(rows);
                    }
                }
                else if (_plan.FullBands > 1)
                {
                    using (_w.Block($"for (int oy = 0; oy < {_plan.FullBands * rows}; oy += {rows})"))
                    {
                        EmitColumnTiles(rows, prefetches: _plan.PrefetchesBands);
                    }
                }
                if (_plan.RemainderRows > 0)
                {
                    using (_w.Block($"// The last {_plan.RemainderRows} row(s)."))
                    {
                        _w.WriteLine($"int oy = {_plan.FullBands * rows};");
                        EmitColumnTiles(_plan.RemainderRows);
                    }
                }
            }
            DepthwiseWeightsGradientEmitter.EmitHorizontalSums(_w, _simd, taps, l.HasBias);
        }
    }

    /// <summary>One band of <paramref name="rows"/> gradOutput rows from row <c>oy</c>, column tile by column tile.</summary>
    /// <param name="prefetches">
    /// Whether the band is one of the loop's: the next band's rows at the tile's columns are prefetched (on the loop's
    /// last band, where no shorter band follows, rows past the channel, which a prefetch may name).
    /// </param>
    private void EmitColumnTiles(int rows, bool prefetches = false)
    {
        StreamPrefetchEmitter.EmitBandRows(_w, _layer, "image", "oy", stride: 1, rows, _plan.StreamAheadRows);
        using (_w.Block($"for (int columnTile = 0; columnTile < {_plan.ColumnTiles}; columnTile++)"))
        {
            _w.WriteLine("int ox = Math.Min(columnTile * 16, OutWidth - 16);");
            string mask = DepthwiseWeightsGradientEmitter.EmitCountedMask(_w, _layer.OutWidth, _plan.ColumnTiles) ? " & counted" : "";
            InPlaceRowTileEmitter.EmitColumnReferences(_w, "image");
            _w.WriteLine("ref float g = ref Unsafe.Add(ref gradient, oy * OutWidth + ox);");
            if (prefetches)
            {
                // The hardware prefetchers do not follow the 2·Rows + 2 rows a band reads at 64-byte steps (see
                // BackwardPlanner.MinPrefetchedPlane for the measurements).
                _w.WriteLine($"// The next band's new input rows (oy + {rows + 1} on) and gradOutput rows (oy + {rows} on) at these columns, prefetched while this band computes.");
                _w.WriteLine($"for (int t = 0; t < {rows}; t++) {{ KernelMemory.Prefetch(ref x, ({rows + 1} + t) * Width); KernelMemory.Prefetch(ref g, ({rows} + t) * OutWidth); }}");
            }
            for (int q = 0; q <= rows + 1; q++)
            {
                if (q < rows)
                {
                    string bias = _layer.HasBias ? $" b += {Gradient(q)};" : "";
                    _w.WriteLine($"// gradOutput row oy + {q}{(mask.Length > 0 ? " (its counted lanes masked off on the last column tile)" : "")}{(_layer.HasBias ? ", also summed into the bias accumulator" : "")}.");
                    _w.WriteLine($"{Gradient(q)} = {_simd.Load("g", q * _layer.OutWidth)}{mask};{bias}");
                }
                EmitInputRow(q, rows);
            }
        }
    }

    private void EmitInputRow(int q, int rows)
    {
        var uses = InPlaceRowTileEmitter.Uses(q, rows).ToList();
        string feeds = string.Join(", ", uses.Select(u => $"kernel row {u.Kh} of gradOutput row oy + {u.Row}"));
        string fmas = string.Join(" ", uses.Select(u =>
            $"{Fma(u.Kh, 0, u.Row, "left")} {Fma(u.Kh, 1, u.Row, "middle")} {Fma(u.Kh, 2, u.Row, "right")}"));
        InPlaceRowTileEmitter.EmitInputRow(_w, _layer.Width, q, rows, feeds, fmas, "band");
    }

    private string Fma(int kh, int kw, int row, string shifted) =>
        $"{Acc(kh, kw)} = {_simd.MultiplyAdd(Gradient(row), shifted, Acc(kh, kw))};";
}
