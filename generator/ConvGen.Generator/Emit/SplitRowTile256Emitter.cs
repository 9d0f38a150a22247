using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the AVX2 compute method of a 3×3, stride-2, padding-1 depthwise layer with large channels that reads one
/// channel's NCHW input directly (<see cref="DirectConvPlan.SplitTile256"/>) instead of packing four stride-phase
/// planes. A tile is <see cref="Rows"/> output rows × 8 columns, fed by the 2·Rows + 1 input rows it reads. Each input
/// row is loaded as two vectors at column 2ox, and <c>shufps</c> takes the even columns (0x88) and the odd columns
/// (0xDD), in the lane order 0, 1, 4, 5, 2, 3, 6, 7 of the output columns; a <c>vpermps</c> of the odd columns gives
/// the odd columns shifted by one output column, with column −1 in lane 0 (on the first column tile the padding,
/// cleared by an AND, so no load leaves the channel; else the float before the tile, broadcast and blended in). All
/// three share that lane order, so the accumulators run in it and one <c>vpermpd</c> 0xD8 per output vector puts them
/// right before the store. The nine weights stay in registers.
/// <para>
/// Rows of 5-7 outputs (<see cref="Planning.DirectConvPlanner.HasNarrowSplittablePhases256"/>: input rows of 10-14
/// floats) take one column tile whose second vector is loaded at column 2·OutWidth − 8, overlapping the first, so no
/// load leaves the row; the output columns then sit in the lanes <see cref="NarrowLaneColumns"/> says, and one
/// <c>vpermps</c> per row gathers them for two 4-float stores at columns 0 and OutWidth − 4, so no store leaves the row
/// either. Such a channel would otherwise be packed by four narrow vector steps per input row, which cost more than
/// its tiles.
/// </para>
/// </summary>
internal sealed class SplitRowTile256Emitter
{
    public const string MethodName = "SplitTiles256";

    /// <summary>
    /// Output rows per tile of a channel larger than the 32 KB L1 data cache: 3 accumulators, the 9 weights and 4
    /// temporaries fill the 16 vector registers. On 112×112 × 64 (1 thread, one process) tiles of
    /// <see cref="SmallChannelRows"/> were slower in five of seven runs (medians 135-191 against 132-229 µs).
    /// </summary>
    public const int Rows = 3;

    private const string X86 = SimdVocabulary.X86;

    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly int _aheadRows;
    private readonly SimdVocabulary _simd = SimdVocabulary.Vector256;

    /// <param name="aheadRows">Rows ahead that a call streaming from memory prefetches (<see cref="DirectConvPlan.StreamAheadRows256"/>); 0: none.</param>
    public SplitRowTile256Emitter(SourceWriter writer, LayerSpec layer, int aheadRows)
    {
        _w = writer;
        _layer = layer;
        _aheadRows = aheadRows;
    }

    private static string Acc(int row) => $"a{row}";

    /// <summary>Rows narrower than one vector of outputs: one overlapping column tile, stored in two halves.</summary>
    private bool Narrow => IsNarrow(_layer);

    /// <summary>Whether the layer's rows are narrower than one vector of outputs (5-7 where the split applies).</summary>
    internal static bool IsNarrow(LayerSpec layer) => layer.OutWidth < 8;

    /// <summary>
    /// The input column a row's second vector is loaded at: 8, or 2·OutWidth − 8 on a narrow row, ending at the row's
    /// end and overlapping the first vector.
    /// </summary>
    internal static int SecondVectorColumn(LayerSpec layer) => IsNarrow(layer) ? 2 * layer.OutWidth - 8 : 8;

    /// <summary>The input columns a narrow row's two vectors cover, as a comment fragment.</summary>
    internal static string NarrowInputColumns(LayerSpec layer) => $"input columns 0-7 and {SecondVectorColumn(layer)}-{layer.Width - 1}";

    /// <summary>
    /// Most output rows per tile of a channel that fits L1: 7 accumulators, the nine weights read as FMA memory operands
    /// where registers run out (they never change, so nothing is stored back), and fewer input rows split twice (a tile
    /// of r rows splits 2r + 1). 1 thread, one process: 14×14 × 512 took 38-40 ns per channel in whole 7-row tiles
    /// against 44-46 in tiles of <see cref="Rows"/>; 28×28 × 256 and 56×56 × 128, which packed before, took median
    /// 37.5-51.7 against 42.3-69.5 µs and 67.2-95.6 against 76.1-95.2 µs.
    /// </summary>
    public const int SmallChannelRows = 7;

    /// <summary>A layer whose output rows all fit one tile: no row-tile loop, and input row −1 is always the padding.</summary>
    private bool SingleTile => TileRows == _layer.OutHeight;

    private int TileRows => TileRowsOf(_layer);

    /// <summary>
    /// Output rows per tile of a channel that fits L1 where the taller tiles' spills cost more than the rows they split
    /// twice (<see cref="TileRowsOf"/>): 4 accumulators leave registers for the split's temporaries and the permute's
    /// index, where the 7 of <see cref="SmallChannelRows"/> make the JIT spill and reload weights around every input
    /// row.
    /// </summary>
    public const int CompactChannelRows = 4;

    /// <summary>
    /// What the spills of a <see cref="SmallChannelRows"/> tile cost per split input row, against a
    /// <see cref="CompactChannelRows"/> tile's: generated kernels side by side (1 thread, AVX-512 off, two runs of 25
    /// rounds), 56×56 × 128 in 7 tiles of 4 rows (63 split input rows) ran 1.13-1.26× faster than in 4 of 7 (60), and
    /// 28×28 × 256 in 4 tiles of 4 (36, the last overlapping) 0.95-0.98× as fast as in 2 of 7 (30); tiles of 5 lost on both.
    /// </summary>
    internal const double TallTileSpillCost = 1.15;

    /// <summary>
    /// Output rows per tile of a layer: <see cref="Rows"/> on channels larger than L1; on the others
    /// <see cref="CompactChannelRows"/> where its tiles split fewer input rows than those of <see cref="SmallChannelRows"/>
    /// weighted by <see cref="TallTileSpillCost"/>, else up to <see cref="SmallChannelRows"/> (always on narrow rows,
    /// whose weights are FMA memory operands anyway).
    /// </summary>
    internal static int TileRowsOf(LayerSpec layer)
    {
        if (Planning.DirectConvPlanner.ChannelExceedsL1(layer))
        {
            return Rows;
        }
        int tall = System.Math.Min(layer.OutHeight, SmallChannelRows);
        if (IsNarrow(layer) || layer.OutHeight <= CompactChannelRows)
        {
            return tall;
        }
        return SplitInputRows(layer.OutHeight, CompactChannelRows) <= SplitInputRows(layer.OutHeight, tall) * TallTileSpillCost ? CompactChannelRows : tall;
    }

    /// <summary>Input rows a channel's row tiles of <paramref name="rows"/> output rows split: 2·rows + 1 per tile.</summary>
    private static int SplitInputRows(int outHeight, int rows) => ShapeMath.CeilDiv(outHeight, rows) * (2 * rows + 1);

    /// <summary>
    /// The output column each lane of a narrow split computes (rows of <paramref name="outWidth"/> = 5-7 outputs):
    /// <c>shufps</c> 0x88 of the vectors at input columns 0 and s = 2·outWidth − 8 takes columns 0, 2, s, s + 2, 4, 6,
    /// s + 4, s + 6, i.e. output columns 0, 1, s/2, s/2 + 1, 2, 3, s/2 + 2, s/2 + 3 (some twice).
    /// </summary>
    internal static int[] NarrowLaneColumns(int outWidth)
    {
        int half = outWidth - 4;
        return new[] { 0, 1, half, half + 1, 2, 3, half + 2, half + 3 };
    }

    /// <summary>
    /// The <c>vpermps</c> index that puts a narrow row's output columns 0-3 in the low half and OutWidth − 4 ..
    /// OutWidth − 1 in the high half, for the stores at columns 0 and OutWidth − 4.
    /// </summary>
    internal static int[] NarrowStoreIndex(int outWidth)
    {
        int[] columns = NarrowLaneColumns(outWidth);
        return Enumerable.Range(0, 8).Select(i => System.Array.IndexOf(columns, i < 4 ? i : outWidth - 8 + i)).ToArray();
    }

    public void Emit()
    {
        LayerSpec l = _layer;
        string bias = l.HasBias ? "ref float bias, " : "";
        string columns = Narrow ? $"a whole row of {l.OutWidth}" : "8 columns";
        string weights = Narrow ? "the 9 weights are broadcast once per channel (the JIT keeps those its registers cannot hold as FMA memory operands)" : "the 9 weights stay in registers for the whole channel";
        _w.WriteLine($"/// <summary>Vector256 path (AVX2) without packing: row tiles of {TileRows} output rows × {columns} = {TileRows} accumulators read from the NCHW input with the stride phases split in registers; {weights}.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName}(ref float input, ref float weights, {bias}ref float output{StreamPrefetchEmitter.Parameter(_aheadRows > 0)})"))
        {
            SplitRowTileEmitter.EmitWeights(_w, rotated: false, _simd);
            _w.WriteLine($"Vector256<float> {string.Join(", ", Enumerable.Range(0, TileRows).Select(Acc))}, low, high, shifted, even, odd;");
            if (SingleTile)
            {
                string rows = Narrow ? $", each a whole row of {l.OutWidth} ({NarrowInputColumns(l)})" : "";
                using (_w.Block($"// One row tile: all {l.OutHeight} output rows{rows}."))
                {
                    _w.WriteLine("ref float x = ref input, y = ref output;");
                    if (Narrow)
                    {
                        EmitTile(left: true);
                    }
                    else
                    {
                        EmitColumnTiles();
                    }
                }
                return;
            }
            using (_w.Block($"for (int rowTile = 0; rowTile < {ShapeMath.CeilDiv(l.OutHeight, TileRows)}; rowTile++)"))
            {
                _w.WriteLine("// The last row tile is shifted back to end at the edge.");
                _w.WriteLine($"int oy = Math.Min(rowTile * {TileRows}, OutHeight - {TileRows});");
                // A tile reads input rows 2·oy − 1 .. 2·oy + 2·TileRows − 1, the first of them also its predecessor's.
                StreamPrefetchEmitter.EmitTileRows(_w, l, "2 * oy", 2 * TileRows, _aheadRows);
                _w.WriteLine("ref float x = ref Unsafe.Add(ref input, 2 * oy * Width);");
                _w.WriteLine("ref float y = ref Unsafe.Add(ref output, oy * OutWidth);");
                if (Narrow)
                {
                    _w.WriteLine($"// The whole row in one tile: {NarrowInputColumns(l)}, column −1 (the padding) shifted into lane 0.");
                    EmitTile(left: true);
                }
                else
                {
                    EmitColumnTiles();
                }
            }
        }
    }

    /// <summary>Rows of 8 outputs or more: column tile 0 (column −1 the padding), then the others, the last shifted back.</summary>
    private void EmitColumnTiles()
    {
        using (_w.Block("// Column tile 0: column −1 is the padding, shifted into lane 0 of each row's first vector."))
        {
            EmitTile(left: true);
        }
        using (_w.Block($"for (int ox = 8; ox < OutWidth; ox += 8)"))
        {
            _w.WriteLine("// The last column tile is shifted back to end at the edge.");
            _w.WriteLine("int column = Math.Min(ox, OutWidth - 8);");
            _w.WriteLine("ref float xt = ref Unsafe.Add(ref x, 2 * column);");
            _w.WriteLine("ref float yt = ref Unsafe.Add(ref y, column);");
            EmitTile(left: false);
        }
    }

    /// <summary>One tile: its accumulators, the 2·Rows + 1 input rows split and multiplied in, the stores.</summary>
    private void EmitTile(bool left)
    {
        LayerSpec l = _layer;
        string x = left ? "x" : "xt", y = left ? "y" : "yt";
        string init = l.HasBias ? _simd.Broadcast("bias") : _simd.Zero;
        _w.WriteLine($"{Acc(0)} = {init};" + string.Concat(Enumerable.Range(1, TileRows - 1).Select(t => $" {Acc(t)} = {Acc(0)};")));
        for (int q = 0; q <= 2 * TileRows; q++)
        {
            var uses = SplitRowTileEmitter.Uses(q, TileRows).ToList();
            string feeds = string.Join(", ", uses.Select(u => $"kernel row {u.Kh} of output row {u.Row}"));
            int row = (q - 1) * l.Width;
            if (q == 0 && SingleTile)
            {
                _w.WriteLine($"// Input row −1 ({feeds}) is the padding above the image: nothing to add.");
                continue;
            }
            if (q == 0)
            {
                _w.WriteLine($"// Input row 2·oy − 1 ({feeds}): the padding above the image on the first row tile, so read only below it.");
                using (_w.Block("if (oy > 0)"))
                {
                    EmitRow(x, row, left, uses);
                }
                continue;
            }
            _w.WriteLine(SingleTile ? $"// Input row {q - 1}: {feeds}." : $"// Input row 2·oy + {q - 1}: {feeds}.");
            EmitRow(x, row, left, uses);
        }
        if (Narrow)
        {
            int w = l.OutWidth;
            string index = $"Vector256.Create({string.Join(", ", NarrowStoreIndex(w))})";
            _w.WriteLine($"// {SimdVocabulary.StoreVerb(l.FusedActivation)} {TileRows} row(s) of {w}: columns 0-3 and {w - 4}-{w - 1} gathered into the two halves, stored as two overlapping runs of 4.");
            foreach (int t in Enumerable.Range(0, TileRows))
            {
                string a = Acc(t);
                _w.WriteLine($"{a} = {X86}.Avx2.PermuteVar8x32({_simd.Activate(a, l.FusedActivation)}, {index}); " +
                    $"{a}.GetLower().StoreUnsafe(ref {y}, {t * w}); {a}.GetUpper().StoreUnsafe(ref {y}, {t * w + w - 4});");
            }
            return;
        }
        _w.WriteLine($"// {SimdVocabulary.StoreVerb(l.FusedActivation)} {TileRows} row(s) × 8 columns, each put back in column order.");
        _w.WriteLine(string.Join(" ", Enumerable.Range(0, TileRows).Select(t =>
            _simd.Store(_simd.Activate(Reordered(Acc(t)), l.FusedActivation), y, t * l.OutWidth))));
    }

    /// <summary>
    /// Loads and splits the input row <paramref name="row"/> floats from <paramref name="x"/>, then multiplies it into
    /// the output rows that read it.
    /// </summary>
    private void EmitRow(string x, int row, bool left, IReadOnlyList<(int Row, int Kh)> uses)
    {
        EmitSplit(_w, x, row, left, SecondVectorColumn(_layer));
        _w.WriteLine(SplitRowTileEmitter.TapByTapMultiplyAdds(_simd, new[] { "shifted", "even", "odd" }, uses.Select(u => (Acc(u.Row), u.Kh)).ToList()));
    }

    /// <summary>
    /// Loads the input row <paramref name="row"/> floats from <paramref name="x"/> (<c>low</c>, <c>high</c>) and splits
    /// it into <c>shifted</c>, <c>even</c> and <c>odd</c> (kernel columns 0, 1 and 2), in the lane order 0, 1, 4, 5, 2,
    /// 3, 6, 7 of the output columns. The second vector is loaded <paramref name="high"/> columns on: 8, or
    /// 2·OutWidth − 8 on a narrow row (the lanes then hold the columns <see cref="NarrowLaneColumns"/> gives). The shifted
    /// odd columns (column 2ox − 1 of output column ox) are the odd columns moved one output column right by a
    /// <c>vpermps</c> (<see cref="ShiftIndex"/>); the lane of output column 0 takes column −1: on the
    /// <paramref name="left"/> column tile the padding, cleared by an AND, else the float before the tile, broadcast and
    /// blended in. Loading the odd columns again one float to the left, as two more vectors (half of them split across
    /// cache lines), cost more: old and new generated kernels side by side, 1 thread, AVX-512 off, 112×112×64
    /// 1.11-1.13×, 56×56×128 1.03-1.04×, 28×28×256 1.12-1.15× (bit-identical).
    /// </summary>
    /// <param name="shifted">Make the shifted odd columns too (the AVX2 backward-weights bands of whole tiles do without).</param>
    internal static void EmitSplit(SourceWriter w, string x, int row, bool left, int high = 8, bool shifted = true)
    {
        SimdVocabulary simd = SimdVocabulary.Vector256;
        int[] columns = LaneColumns(high);
        w.WriteLine($"low = {simd.Load(x, row)}; high = {simd.Load(x, row + high)};");
        w.WriteLine($"even = {X86}.Avx.Shuffle(low, high, 0x88); odd = {X86}.Avx.Shuffle(low, high, 0xDD);");
        if (!shifted)
        {
            return;
        }
        string moved = $"{X86}.Avx2.PermuteVar8x32(odd, Vector256.Create({string.Join(", ", ShiftIndex(columns))}))";
        if (left)
        {
            w.WriteLine($"shifted = Vector256.BitwiseAnd({moved}, {Literal.Mask("Vector256", columns.Select(c => c != 0))});");
        }
        else
        {
            int blend = columns.Select((c, lane) => c == 0 ? 1 << lane : 0).Sum();
            string before = row - 1 < 0 ? $"Unsafe.Subtract(ref {x}, {1 - row})" : $"Unsafe.Add(ref {x}, {row - 1})";
            w.WriteLine($"shifted = {X86}.Avx.Blend({moved}, Vector256.Create({before}), 0x{blend:X2});");
        }
    }

    /// <summary>The output column each lane of a split holds: 0, 1, 4, 5, 2, 3, 6, 7, or a narrow row's (<paramref name="high"/> ≠ 8).</summary>
    internal static int[] LaneColumns(int high) =>
        high == 8 ? new[] { 0, 1, 4, 5, 2, 3, 6, 7 } : NarrowLaneColumns((high + 8) / 2);

    /// <summary>
    /// The <c>vpermps</c> index that gives each lane of output column c the odd column of output column c − 1 (kernel
    /// column 0 of column c reads input column 2c − 1); lanes of column 0 take lane 0, replaced by column −1.
    /// </summary>
    internal static int[] ShiftIndex(int[] columns) =>
        columns.Select(c => c == 0 ? 0 : System.Array.IndexOf(columns, c - 1)).ToArray();

    /// <summary>Puts a vector in the split's lane order 0, 1, 4, 5, 2, 3, 6, 7, or back (<c>vpermpd</c> 0xD8 is its own inverse).</summary>
    internal static string Reordered(string vector) => $"{X86}.Avx2.Permute4x64({vector}.AsDouble(), 0xD8).AsSingle()";
}
