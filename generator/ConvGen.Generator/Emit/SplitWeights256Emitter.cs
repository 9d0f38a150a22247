using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the AVX2 channel method of a 3×3, stride-2, padding-1 depthwise backward-weights pass on an even plane
/// (<see cref="BackwardWeightsPlan.Split256"/>), which reads input and gradOutput straight from NCHW instead of
/// packing four stride-phase planes. Bands of <see cref="WholeTileRows"/> gradOutput row(s) × 8 columns: input row 2oy − 1 + q is
/// split into its even and odd columns as the forward split tile splits it (<see cref="SplitRowTile256Emitter.EmitSplit"/>,
/// lane order 0, 1, 4, 5, 2, 3, 6, 7), each gradOutput vector is put in that lane order as it is loaded, and each split
/// row is multiplied with the gradOutput rows that read it into that kernel row's three tap accumulators: kernel
/// columns 1 and 2 the even and odd columns times gradOutput; kernel column 0, which reads the odd columns one output
/// column to the left, the odd columns times gradOutput one column to the right (one permute per gradOutput row
/// instead of one per input row). Column tile 0, the middle tiles (a loop) and the last tile, shifted back to end at
/// the row's end, are emitted apart: the last masks off the lanes the tile before counted and the column past the row.
/// The accumulators run over the whole batch and are summed horizontally at the end, so one thread reduces a channel
/// in a fixed order.
/// <para>
/// Rows of 5-7 gradOutput columns (<see cref="Planning.DirectConvPlanner.HasNarrowSplittablePhases256"/>) take one tile
/// per band, the input rows split as the forward pass's narrow tile splits them (second vector at column
/// 2·OutWidth − 8). Each gradOutput row is loaded as one vector (the channel's last row ending at its end, so no load
/// leaves the channel), permuted into the split's lanes (<see cref="SplitRowTile256Emitter.NarrowLaneColumns"/>) and
/// ANDed with a mask that keeps each column in one lane only, so no column is counted twice.
/// </para>
/// </summary>
internal sealed class SplitWeights256Emitter
{
    public const string MethodName = "SplitChannel256";

    /// <summary>
    /// gradOutput rows per band of a narrow layer: 9 tap accumulators and 2 gradOutput vectors leave 5 of the 16
    /// registers for the split's temporaries (the bias accumulator lives on the stack). Bands of 1 row ran 0.89-0.94× as
    /// fast on 14×14×512 (generated kernels side by side, 1 thread, AVX-512 off).
    /// </summary>
    public const int NarrowRows = 2;

    /// <summary>
    /// gradOutput rows per band of whole tiles, which hold each row twice (as it is and one column on, for kernel
    /// column 0): 9 tap accumulators, 2 gradOutput vectors and the split's 5 temporaries fill the 16 registers, where
    /// bands of 2 spilled. Generated kernels side by side (1 thread, AVX-512 off, two runs): 112×112×64 1.07-1.12×,
    /// 56×56×128 1.10-1.14×, 28×28×256 0.99-1.00× against bands of 2, although each input row is split 3 times per 3
    /// output rows' worth of bands instead of 2.5.
    /// </summary>
    public const int WholeTileRows = 1;

    /// <summary>gradOutput rows per band of a layer (<see cref="NarrowRows"/> or <see cref="WholeTileRows"/>).</summary>
    internal static int BandRowsOf(LayerSpec layer) => SplitRowTile256Emitter.IsNarrow(layer) ? NarrowRows : WholeTileRows;

    private int Rows => BandRowsOf(_layer);

    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly int _aheadRows;
    private readonly SimdVocabulary _simd = SimdVocabulary.Vector256;

    /// <param name="aheadRows">Rows ahead that a call streaming from memory prefetches (<see cref="BackwardWeightsPlan.StreamAheadRows256"/>); 0: none.</param>
    public SplitWeights256Emitter(SourceWriter writer, LayerSpec layer, int aheadRows)
    {
        _w = writer;
        _layer = layer;
        _aheadRows = aheadRows;
    }

    /// <summary>Rows narrower than one vector: one tile per band (see the class remarks).</summary>
    private bool Narrow => SplitRowTile256Emitter.IsNarrow(_layer);

    /// <summary>Columns of the last column tile that no earlier tile counted (8 where the rows are whole tiles).</summary>
    private int LastColumns => _layer.OutWidth % 8 == 0 ? 8 : _layer.OutWidth % 8;

    public void Emit()
    {
        LayerSpec l = _layer;
        string columns = Narrow ? $"a whole row of {l.OutWidth}" : "8 columns";
        _w.WriteLine($"/// <summary>Vector256 path (AVX2) without packing: one channel over the batch, bands of {Rows} gradOutput rows × {columns}, the input's stride phases split in registers; {l.Taps} tap accumulators{(l.HasBias ? " and a bias accumulator" : "")}.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName}(ref float input, ref float gradOutput, ref float gradWeights, ref float gradBias, int c, int batch{StreamPrefetchEmitter.Parameter(_aheadRows > 0)})"))
        {
            List<string> taps = DepthwiseWeightsGradientEmitter.DeclareAccumulators(_w, _simd, l);
            string gradients = string.Join(", ", Enumerable.Range(0, Rows).Select(SplitWeightsEmitter.Gradient));
            _w.WriteLine(Narrow
                ? $"Vector256<float> low, high, even, odd, shifted, {gradients};"
                : $"Vector256<float> low, high, even, odd, column0, {gradients}, {string.Join(", ", Enumerable.Range(0, Rows).Select(NextGradient))};");
            using (_w.Block("for (int n = 0; n < batch; n++)"))
            {
                _w.WriteLine("ref float image = ref Unsafe.Add(ref input, n * InputImage + c * (Height * Width));");
                _w.WriteLine("ref float gradient = ref Unsafe.Add(ref gradOutput, n * OutputImage + c * (OutHeight * OutWidth));");
                // Narrow rows: the band holding the channel's last row is peeled, since that row is loaded ending at its end.
                int fullRows = Narrow ? (l.OutHeight - 1) / Rows * Rows : l.OutHeight / Rows * Rows;
                if (fullRows > 0)
                {
                    using (_w.Block($"for (int oy = 0; oy < {fullRows}; oy += {Rows})"))
                    {
                        EmitBand(Rows, top: null);
                    }
                }
                if (fullRows < l.OutHeight)
                {
                    string last = l.OutHeight - fullRows == 1 ? $"The last gradOutput row, {fullRows}, a band of its own." : $"The last band, gradOutput rows {fullRows}-{l.OutHeight - 1}.";
                    using (_w.Block($"// {last}"))
                    {
                        _w.WriteLine($"int oy = {fullRows};");
                        EmitBand(l.OutHeight - fullRows, top: fullRows);
                    }
                }
            }
            DepthwiseWeightsGradientEmitter.EmitHorizontalSums(_w, _simd, taps, l.HasBias);
        }
    }

    /// <summary>One band of <paramref name="rows"/> gradOutput rows from row <c>oy</c> (the constant <paramref name="top"/> where known): its column tiles.</summary>
    private void EmitBand(int rows, int? top)
    {
        StreamPrefetchEmitter.EmitBandRows(_w, _layer, "image", "oy", stride: 2, rows, _aheadRows);
        _w.WriteLine("ref float x = ref Unsafe.Add(ref image, 2 * oy * Width);");
        _w.WriteLine("ref float g = ref Unsafe.Add(ref gradient, oy * OutWidth);");
        if (Narrow)
        {
            _w.WriteLine($"// The whole row in one tile: {SplitRowTile256Emitter.NarrowInputColumns(_layer)}, column −1 (the padding) shifted into lane 0.");
            EmitTile(rows, top, "x", "g", left: true, last: false);
            return;
        }
        int w = _layer.OutWidth;
        using (_w.Block(w == 8 ? "// The row in one column tile." : "// Column tile 0."))
        {
            EmitTile(rows, top, "x", "g", left: true, last: w == 8);
        }
        if (w > 16)
        {
            using (_w.Block("for (int ox = 8; ox < OutWidth - 8; ox += 8)"))
            {
                _w.WriteLine("// A middle column tile: gradOutput column ox + 8 is inside the row.");
                _w.WriteLine("ref float xt = ref Unsafe.Add(ref x, 2 * ox);");
                _w.WriteLine("ref float gt = ref Unsafe.Add(ref g, ox);");
                EmitTile(rows, top, "xt", "gt", left: false, last: false);
            }
        }
        if (w > 8)
        {
            string counted = LastColumns < 8 ? $", its first {8 - LastColumns} lane(s) counted by the tile before" : "";
            using (_w.Block($"// The last column tile, columns {w - 8}-{w - 1}{counted}."))
            {
                _w.WriteLine($"ref float xt = ref Unsafe.Add(ref x, {2 * (w - 8)});");
                _w.WriteLine($"ref float gt = ref Unsafe.Add(ref g, {w - 8});");
                EmitTile(rows, top, "xt", "gt", left: false, last: true);
            }
        }
    }

    /// <summary>
    /// One tile: its gradOutput vectors, then the 2·rows + 1 input rows split and multiplied into the taps. Whole tiles
    /// take kernel column 0 as the odd columns times gradOutput one column on (<see cref="EmitGradients"/>); narrow
    /// rows as the shifted odd columns times gradOutput.
    /// </summary>
    /// <param name="last">The row's last column tile: its lanes counted by the tile before and its column past the row are masked off.</param>
    private void EmitTile(int rows, int? top, string x, string g, bool left, bool last)
    {
        LayerSpec l = _layer;
        string bias = l.HasBias ? ", also summed into the bias accumulator" : "";
        bool counted = last && LastColumns < 8;
        string column0 = "shifted";
        System.Func<int, string>? column0Gradient = null;
        if (Narrow)
        {
            _w.WriteLine($"// gradOutput row(s) oy{(rows > 1 ? $"..oy + {rows - 1}" : "")} in the split's lane order{bias}.");
            EmitNarrowGradients(rows, top, g);
        }
        else
        {
            _w.WriteLine($"// gradOutput row(s) oy{(rows > 1 ? $"..oy + {rows - 1}" : "")} in the split's lane order{(counted ? ", counted lanes only" : "")}{bias}; " +
                $"and one column on, for kernel column 0{(last ? $" (column {l.OutWidth} is past the row: zero)" : "")}.");
            EmitGradients(rows, g, last);
            column0 = last ? "column0" : "odd";
            column0Gradient = NextGradient;
        }
        int high = SplitRowTile256Emitter.SecondVectorColumn(l);
        for (int q = 0; q <= 2 * rows; q++)
        {
            var uses = SplitRowTileEmitter.Uses(q, rows).ToList();
            string feeds = string.Join(", ", uses.Select(u => $"kernel row {u.Kh} of gradOutput row oy + {u.Row}"));
            string fmas = SplitWeightsEmitter.TapFmas(_simd, uses, column0, column0Gradient);
            if (q == 0)
            {
                if (top == 0)
                {
                    _w.WriteLine($"// Input row −1 ({feeds}) is the padding above the image: nothing to add.");
                    continue;
                }
                _w.WriteLine($"// Input row 2·oy − 1 ({feeds}){(top is null ? ": the padding above the image on the first band, so read only below it" : "")}.");
                using (top is null ? _w.Block("if (oy > 0)") : (System.IDisposable?)null)
                {
                    EmitSplit(x, -l.Width, left, high, last);
                    _w.WriteLine(fmas);
                }
                continue;
            }
            _w.WriteLine($"// Input row 2·oy + {q - 1}: {feeds}.");
            EmitSplit(x, (q - 1) * l.Width, left, high, last);
            _w.WriteLine(fmas);
        }
    }

    /// <summary>
    /// Splits one input row; on whole tiles without the shifted odd columns. On the last tile, kernel column 0 reads the
    /// odd columns with the lane of column 7 cleared: its gradOutput one column on is past the row, and a non-finite
    /// input there must not reach the tap.
    /// </summary>
    private void EmitSplit(string x, int row, bool left, int high, bool last)
    {
        SplitRowTile256Emitter.EmitSplit(_w, x, row, left, high, shifted: Narrow);
        if (!Narrow && last)
        {
            _w.WriteLine($"column0 = odd & {LaneMask(c => c != 7)};");
        }
    }

    /// <summary>gradOutput row <paramref name="row"/> of the band one column on (column ox + 1 in the lane of column ox), for kernel column 0.</summary>
    private static string NextGradient(int row) => $"next{row}";

    /// <summary>A constant mask in the split's lane order, keeping the lanes whose output column satisfies <paramref name="keep"/>.</summary>
    private static string LaneMask(System.Func<int, bool> keep) => Literal.Mask("Vector256", SplitRowTile256Emitter.LaneColumns(8).Select(keep));

    /// <summary>
    /// The band's gradOutput vectors of a tile of 8 columns, in the split's lane order, and the same rows one column on
    /// (<see cref="NextGradient"/>): kernel column 0 of output column ox reads input column 2ox − 1, the odd column of
    /// ox − 1, so Σ gradOutput[ox]·input[2ox − 1] is summed as Σ gradOutput[ox + 1]·odd[ox] with the odd columns as
    /// split, and no input row needs shifting (one permute per gradOutput row instead of one per input row; column 0's
    /// term reads the padding and drops out). The column after a middle tile is broadcast and blended into the lane of
    /// column 7. On the <paramref name="last"/> tile the lanes counted by the tile before are masked off (in both), and
    /// the lane of column 7 (past the row) is zero.
    /// </summary>
    private void EmitGradients(int rows, string g, bool last)
    {
        LayerSpec l = _layer;
        int[] columns = SplitRowTile256Emitter.LaneColumns(8);
        string index = $"Vector256.Create({string.Join(", ", columns.Select(c => c == 7 ? 7 : c + 1))})";
        int firstCounted = last ? 8 - LastColumns : 0;
        for (int t = 0; t < rows; t++)
        {
            string gt = SplitWeightsEmitter.Gradient(t), next = NextGradient(t);
            var line = new System.Text.StringBuilder($"{gt} = {_simd.Load(g, t * l.OutWidth)}; ");
            string moved = $"{SimdVocabulary.X86}.Avx2.PermuteVar8x32({gt}, {index})";
            line.Append(last
                ? $"{next} = {moved} & {LaneMask(c => c >= firstCounted && c < 7)}; "
                : $"{next} = {SimdVocabulary.X86}.Avx.Blend({moved}, Vector256.Create(Unsafe.Add(ref {g}, {t * l.OutWidth + 8})), 0x80); ");
            string ordered = SplitRowTile256Emitter.Reordered(firstCounted > 0 ? $"({gt} & {Literal.Mask("Vector256", 8, lane => lane >= firstCounted)})" : gt);
            line.Append($"{gt} = {ordered};");
            if (l.HasBias)
            {
                line.Append($" b += {gt};");
            }
            _w.WriteLine(line.ToString());
        }
    }

    /// <summary>
    /// The band's gradOutput rows of a narrow layer, each one vector in the split's lanes with every column kept in one
    /// lane only: loaded at the row's start, or ending at its end for the channel's last row (<paramref name="top"/> is
    /// only known for the peeled last band), so no load leaves the channel.
    /// </summary>
    private void EmitNarrowGradients(int rows, int? top, string g)
    {
        LayerSpec l = _layer;
        int w = l.OutWidth;
        int[] columns = SplitRowTile256Emitter.NarrowLaneColumns(w);
        // Keep lane i where it is the first lane computing its column.
        string keep = Literal.Mask("Vector256", 8, i => System.Array.IndexOf(columns, columns[i]) == i);
        string Index(int shift) => $"Vector256.Create({string.Join(", ", columns.Select(c => c + shift))})";
        for (int t = 0; t < rows; t++)
        {
            bool last = top is int first && first + t == l.OutHeight - 1;
            string load = last ? _simd.Load(g, t * w + w - 8) : _simd.Load(g, t * w);
            string note = last ? $"the channel's last row, loaded ending at its end (lane i + {8 - w} holds column i)" : "loaded at its start";
            _w.WriteLine($"// gradOutput row oy + {t}, {note}.");
            string value = $"Vector256.BitwiseAnd({SimdVocabulary.X86}.Avx2.PermuteVar8x32({load}, {Index(last ? 8 - w : 0)}), {keep})";
            _w.WriteLine($"{SplitWeightsEmitter.Gradient(t)} = {value};" + (l.HasBias ? $" b += {SplitWeightsEmitter.Gradient(t)};" : ""));
        }
    }
}
