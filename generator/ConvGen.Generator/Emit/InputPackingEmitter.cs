using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>Which writes a packing method makes: all of them, only the input pixels, or only the zero borders.</summary>
internal enum PackingWrites
{
    /// <summary><c>PackChannel</c>: the pixels and the zero borders around them.</summary>
    All,
    /// <summary><c>PackInterior</c>: the pixels only, into planes whose borders <c>ZeroBorders</c> already cleared.</summary>
    Interior,
    /// <summary><c>ZeroBorders</c>: the zero borders only. They never change from one channel to the next.</summary>
    Borders,
}

/// <summary>
/// Emits <c>PackChannel</c>: one input channel copied into its stride-phase planes. Plane (py, px) holds, at row r and
/// column c, the zero-padded input pixel (r·StrideHeight + py, c·StrideWidth + px), so a strided tap reads a
/// contiguous run. Padding rows and columns are compile-time ranges, so the copy loops have no branches. The pixel
/// writes and the border writes never touch the same float, so a kernel that packs channel after channel into the same
/// scratch can clear the borders once (<see cref="PackingWrites.Borders"/>) and then write only pixels
/// (<see cref="PackingWrites.Interior"/>).
/// </summary>
internal sealed class InputPackingEmitter
{
    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly DirectConvPlan _plan;
    private readonly PackingWrites _writes;

    private readonly bool _rowBands;
    private readonly bool _inlined;

    /// <param name="rowBands">
    /// Emit <c>PackChannelRows(source, packed, rowBegin, rowEnd)</c>, which packs only plane rows [rowBegin, rowEnd) of
    /// every plane, so that one channel's packing can be split across threads (all writes; <see cref="PackingWrites.All"/> only).
    /// </param>
    /// <param name="inlined">
    /// Mark the method AggressiveInlining: for callers that keep accumulators live across the call, which RyuJIT would
    /// otherwise keep in stack slots for the whole loop around it (every vector register is caller-saved).
    /// </param>
    public InputPackingEmitter(SourceWriter writer, LayerSpec layer, DirectConvPlan plan, PackingWrites writes = PackingWrites.All, bool rowBands = false, bool inlined = false)
    {
        _inlined = inlined;
        _w = writer;
        _layer = layer;
        _plan = plan;
        _writes = writes;
        _rowBands = rowBands && writes == PackingWrites.All;
    }

    /// <summary>The loop over plane rows [r0, r1), clamped to the band [rowBegin, rowEnd) with row bands.</summary>
    private string RowLoop(int r0, int r1) => _rowBands
        ? $"for (int r = Math.Max({r0}, rowBegin); r < Math.Min({r1}, rowEnd); r++)"
        : $"for (int r = {r0}; r < {r1}; r++)";

    /// <summary>Zeroes plane rows [from, to) of <paramref name="plane"/> (only those inside the band with row bands).</summary>
    private void EmitZeroRows(string plane, int from, int to)
    {
        if (!_rowBands)
        {
            EmitZero(plane, from * _plan.PlaneWidth, (to - from) * _plan.PlaneWidth);
            return;
        }
        using (_w.Block($"// Zero rows [{from}, {to}) of {plane} that fall in the band."))
        {
            _w.WriteLine($"int lo = Math.Max({from}, rowBegin), hi = Math.Min({to}, rowEnd);");
            _w.WriteLine($"if (lo < hi) Unsafe.InitBlockUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref {plane}, lo * PlaneWidth)), 0, (uint)((hi - lo) * PlaneWidth * sizeof(float)));");
        }
    }

    private bool WritesPixels => _writes != PackingWrites.Borders;

    /// <summary>Whether any plane of the packing has a zero border (padding, or rows and columns no input pixel reaches).</summary>
    public static bool HasBorders(LayerSpec layer, DirectConvPlan plan) =>
        plan.RowPhases.Any(r => plan.ColumnPhases.Any(c => PlaneHasBorders(layer, plan, r, c)));

    private static bool PlaneHasBorders(LayerSpec layer, DirectConvPlan plan, int rowPhase, int columnPhase)
    {
        (int r0, int r1) = ValidRange(plan.PlaneHeight, layer.StrideHeight, rowPhase - layer.PaddingHeight, layer.Height);
        (int c0, int c1) = ValidRange(plan.PlaneWidth, layer.StrideWidth, columnPhase - layer.PaddingWidth, layer.Width);
        return r0 > 0 || r1 < plan.PlaneHeight || c0 > 0 || c1 < plan.PlaneWidth;
    }

    private bool PlaneHasBorders(int rowPhase, int columnPhase) => PlaneHasBorders(_layer, _plan, rowPhase, columnPhase);

    public void EmitPackChannel()
    {
        switch (_writes)
        {
            case PackingWrites.Interior:
                _w.WriteLine("/// <summary>Copies one input channel's pixels into its stride-phase planes, whose zero borders <see cref=\"ZeroBorders\"/> wrote.</summary>");
                break;
            case PackingWrites.Borders:
                _w.WriteLine("/// <summary>Zeroes the padding borders of one channel's stride-phase planes; the pixels <see cref=\"PackInterior\"/> writes never overlap them.</summary>");
                break;
            default:
                _w.WriteLine(_rowBands
                    ? "/// <summary>Packs plane rows [rowBegin, rowEnd) of one input channel's zero-padded stride-phase planes.</summary>"
                    : "/// <summary>Packs one input channel into its zero-padded stride-phase planes.</summary>");
                break;
        }
        _w.WriteLine(_inlined ? "[MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]" : "[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        string signature = _writes switch
        {
            PackingWrites.Interior => "private static void PackInterior(ref float source, ref float packed)",
            PackingWrites.Borders => "private static void ZeroBorders(ref float packed)",
            _ => _rowBands
                ? "private static void PackChannelRows(ref float source, ref float packed, int rowBegin, int rowEnd)"
                : "private static void PackChannel(ref float source, ref float packed)",
        };
        using (_w.Block(signature))
        {
            if (SplitsRowsInOnePass && WritesPixels && _plan.RowPhases.Count > 1)
            {
                EmitRowPhaseSplitsInInputOrder();
                return;
            }
            int slot = 0;
            foreach (int rowPhase in _plan.RowPhases)
            {
                if (SplitsRowsInOnePass)
                {
                    if (WritesPixels || PlaneHasBorders(rowPhase, 0) || PlaneHasBorders(rowPhase, 1))
                    {
                        EmitRowPhaseSplit(slot, rowPhase);
                    }
                    slot += 2;
                    continue;
                }
                foreach (int columnPhase in _plan.ColumnPhases)
                {
                    if (WritesPixels || PlaneHasBorders(rowPhase, columnPhase))
                    {
                        EmitPlane(slot, rowPhase, columnPhase);
                    }
                    slot++;
                }
            }
        }
    }

    /// <summary>
    /// Column stride 2 with both column phases in use: each input row is read once and split into the two planes
    /// (evens to one, odds to the other), instead of being read once per plane.
    /// </summary>
    private bool SplitsRowsInOnePass => _layer.StrideWidth == 2 && _plan.ColumnPhases.Count == 2;

    /// <summary>
    /// Both column-phase planes of one row phase. Input column i goes to the plane of phase (i + PaddingWidth) mod 2, at
    /// column ⌊i/2⌋ + an offset; 16 input columns become 8 of each plane with one permute per input vector (evens to
    /// its lower half, odds to its upper half). Border columns and rows are zeroed separately; the last vector overlaps
    /// the previous one instead of falling back to scalar copies.
    /// </summary>
    private void EmitRowPhaseSplit(int slot, int rowPhase)
    {
        (int r0, int r1) = RowPhaseRange(rowPhase);
        _w.WriteLine($"// Planes {slot} and {slot + 1}: stride phase (row +{rowPhase}, columns +0 and +1); input rows in plane rows [{r0}, {r1}), each split in one pass: {ColumnSplitText}.");
        using (_w.Block(""))
        {
            DeclarePlanePair(slot, "even", "odd");
            EmitZeroRowsBefore(r0, "even", "odd");
            if (r1 > r0 && (WritesPixels || SplitRowsHaveBorders))
            {
                using (_w.Block(RowLoop(r0, r1)))
                {
                    EmitSplitRow(rowPhase, r1, "even", "odd");
                }
            }
            EmitZeroRowsAfter(r1, "even", "odd");
        }
    }

    /// <summary>
    /// Every row phase's pair of column-phase planes in one loop over plane rows, so that the input is read row after
    /// row, once, as one stream the hardware prefetcher follows; one row phase after another would read every other
    /// row and then come back for the rest. A phase whose plane rows start later or end sooner is guarded by a per-row
    /// test. 112×112×64 stride 2, Vector256, 1 thread, both forms in one process on the Zen 3 VM, three alternating
    /// rounds: the packing took 0.090-0.092 ms in input order against 0.114-0.118 ms phase by phase, the whole layer
    /// 0.162-0.168 against 0.187-0.192 ms.
    /// </summary>
    private void EmitRowPhaseSplitsInInputOrder()
    {
        var phases = _plan.RowPhases.Select((rowPhase, index) => (RowPhase: rowPhase, Slot: 2 * index, Range: RowPhaseRange(rowPhase))).OrderBy(phase => phase.RowPhase).ToList();
        int begin = phases.Min(phase => phase.Range.Begin), end = phases.Max(phase => phase.Range.End);
        _w.WriteLine($"// Planes 0-{2 * phases.Count - 1}: the row phases' pairs of column-phase planes, filled in one pass over the input rows in order; each row is split in one pass: {ColumnSplitText}.");
        using (_w.Block(""))
        {
            foreach (var phase in phases)
            {
                DeclarePlanePair(phase.Slot, $"even{phase.RowPhase}", $"odd{phase.RowPhase}");
                EmitZeroRowsBefore(phase.Range.Begin, $"even{phase.RowPhase}", $"odd{phase.RowPhase}");
            }
            if (end > begin)
            {
                using (_w.Block(RowLoop(begin, end)))
                {
                    foreach (var phase in phases)
                    {
                        (int r0, int r1) = phase.Range;
                        if (r1 <= r0)
                        {
                            continue;
                        }
                        string guard = (r0 > begin, r1 < end) switch
                        {
                            (true, true) => $"if (r >= {r0} && r < {r1})",
                            (true, false) => $"if (r >= {r0})",
                            (false, true) => $"if (r < {r1})",
                            _ => "",
                        };
                        _w.WriteLine($"// Input row {RowText(phase.RowPhase)}: row phase +{phase.RowPhase}, plane rows [{r0}, {r1}).");
                        using (_w.Block(guard))
                        {
                            EmitSplitRow(phase.RowPhase, r1, $"even{phase.RowPhase}", $"odd{phase.RowPhase}");
                        }
                    }
                }
            }
            foreach (var phase in phases)
            {
                EmitZeroRowsAfter(phase.Range.End, $"even{phase.RowPhase}", $"odd{phase.RowPhase}");
            }
        }
    }

    /// <summary>Plane rows [begin, end) of a row phase that hold input rows.</summary>
    private (int Begin, int End) RowPhaseRange(int rowPhase) =>
        ValidRange(_plan.PlaneHeight, _layer.StrideHeight, rowPhase - _layer.PaddingHeight, _layer.Height);

    /// <summary>The input row that plane row <c>r</c> of a row phase holds, for a comment: "2·r − 1".</summary>
    private string RowText(int rowPhase)
    {
        int offset = rowPhase - _layer.PaddingHeight;
        string scaled = _layer.StrideHeight == 1 ? "r" : $"{_layer.StrideHeight}·r";
        return offset == 0 ? scaled : offset > 0 ? $"{scaled} + {offset}" : $"{scaled} − {-offset}";
    }

    /// <summary>The input row that plane row <c>r</c> of a row phase holds, as C#.</summary>
    private string RowExpression(int rowPhase) => $"r * {_layer.StrideHeight}{Literal.Signed(rowPhase - _layer.PaddingHeight)}";

    private int EvenPhase => _layer.PaddingWidth % 2;

    private int OddPhase => 1 - EvenPhase;

    private int EvenOffset => _layer.PaddingWidth / 2;

    private int OddOffset => (_layer.PaddingWidth + 1 - OddPhase) / 2;

    private string ColumnSplitText => $"even input columns i to column i/2{Literal.Signed(EvenOffset)} of phase {EvenPhase}, odd ones to column i/2{Literal.Signed(OddOffset)} of phase {OddPhase}";

    private (int Begin, int End) EvenColumns => ValidRange(_plan.PlaneWidth, 2, EvenPhase - _layer.PaddingWidth, _layer.Width);

    private (int Begin, int End) OddColumns => ValidRange(_plan.PlaneWidth, 2, OddPhase - _layer.PaddingWidth, _layer.Width);

    private bool SplitRowsHaveBorders => EvenColumns.Begin > 0 || EvenColumns.End < _plan.PlaneWidth || OddColumns.Begin > 0 || OddColumns.End < _plan.PlaneWidth;

    private void DeclarePlanePair(int slot, string even, string odd)
    {
        _w.WriteLine($"ref float {even} = ref Unsafe.Add(ref packed, {(slot + EvenPhase) * _plan.PlaneSize});");
        _w.WriteLine($"ref float {odd} = ref Unsafe.Add(ref packed, {(slot + OddPhase) * _plan.PlaneSize});");
    }

    private void EmitZeroRowsBefore(int r0, string even, string odd)
    {
        if (r0 > 0)
        {
            EmitZeroRows(even, 0, r0);
            EmitZeroRows(odd, 0, r0);
        }
    }

    private void EmitZeroRowsAfter(int r1, string even, string odd)
    {
        if (r1 < _plan.PlaneHeight)
        {
            EmitZeroRows(even, r1, _plan.PlaneHeight);
            EmitZeroRows(odd, r1, _plan.PlaneHeight);
        }
    }

    /// <summary>
    /// The body of the loop over plane rows <c>r</c>: plane row r of the row phase's even- and odd-column planes (its
    /// borders, and its pixels from one input row). <paramref name="rowEnd"/> is the phase's last plane row + 1.
    /// </summary>
    private void EmitSplitRow(int rowPhase, int rowEnd, string even, string odd)
    {
        int width = _layer.Width;
        int evenOffset = EvenOffset, oddOffset = OddOffset;
        (int e0, int e1) = EvenColumns;
        (int o0, int o1) = OddColumns;
        _w.WriteLine($"ref float evenRow = ref Unsafe.Add(ref {even}, r * PlaneWidth), oddRow = ref Unsafe.Add(ref {odd}, r * PlaneWidth);");
        EmitBorders("evenRow", e0, e1);
        EmitBorders("oddRow", o0, o1);
        if (!WritesPixels)
        {
            return;
        }
        _w.WriteLine($"ref float input = ref Unsafe.Add(ref source, ({RowExpression(rowPhase)}) * Width);");
        _w.WriteLine("int i = 0;");
        if (width >= 32)
        {
            using (_w.Block($"if ({Avx512}.IsSupported)"))
            {
                _w.WriteLine("// 32 input columns per step: two-source permutes gather the 16 evens and the 16 odds (one instruction each).");
                using (_w.Block($"for (; i <= {width - 32}; i += 32)"))
                {
                    _w.WriteLine("Vector512<float> low = Vector512.LoadUnsafe(ref input, (nuint)i), high = Vector512.LoadUnsafe(ref input, (nuint)(i + 16));");
                    _w.WriteLine($"{Avx512}.PermuteVar16x32x2(low, Vector512.Create({string.Join(", ", Enumerable.Range(0, 16).Select(k => 2 * k))}), high).StoreUnsafe(ref evenRow, (nuint)({Shifted("i", evenOffset)}));");
                    _w.WriteLine($"{Avx512}.PermuteVar16x32x2(low, Vector512.Create({string.Join(", ", Enumerable.Range(0, 16).Select(k => 2 * k + 1))}), high).StoreUnsafe(ref oddRow, (nuint)({Shifted("i", oddOffset)}));");
                }
            }
        }
        string? oneStep = OneStepCondition(rowEnd);
        if (oneStep is not null)
        {
            if (oneStep.Contains(" && r < "))
            {
                _w.WriteLine("// The plane's last row takes the Vector256 path: the zeros stored past it would land in the next plane.");
            }
            using (_w.Block($"if ({oneStep})"))
            {
                EmitOneStep();
            }
        }
        if (width >= 8)
        {
            using (_w.Block((oneStep is null ? "" : "else ") + "if (Vector256.IsHardwareAccelerated)"))
            {
                int covered = width / 16 * 16;
                if (covered > 0)
                {
                    _w.WriteLine("// 16 input columns per step, split into their 8 evens and 8 odds.");
                    using (_w.Block($"for (; i <= {width - 16}; i += 16)"))
                    {
                        EmitSplitStep();
                    }
                }
                int end = covered;
                if (width - end >= 8)
                {
                    EmitHalfStep(end, $"Input columns {end}-{end + 7}.");
                    end += 8;
                }
                if (width - end >= 2)
                {
                    int last = (width - 8) & ~1;
                    EmitHalfStep(last, $"Input columns {last}-{last + 7}, overlapping the previous step.");
                    end = last + 8;
                }
                if (end != covered)
                {
                    _w.WriteLine($"i = {end};");
                }
            }
            using (_w.Block("else if (Vector128.IsHardwareAccelerated)"))
            {
                _w.WriteLine("// 8 input columns per step (64-bit pairs: the low halves are the 4 evens, the high halves the 4 odds).");
                using (_w.Block($"for (; i <= {width - 8}; i += 8)"))
                {
                    EmitSplitStep128("(nuint)i", "(nuint)(i + 4)", $"(nuint)({Shifted("i", evenOffset)})", $"(nuint)({Shifted("i", oddOffset)})");
                }
                if (width % 8 >= 2)
                {
                    int last = (width - 8) & ~1;
                    using (_w.Block($"// Input columns {last}-{last + 7}, overlapping the previous step."))
                    {
                        EmitSplitStep128($"{last}", $"{last + 4}", $"{last / 2 + evenOffset}", $"{last / 2 + oddOffset}");
                    }
                    _w.WriteLine($"i = {last + 8};");
                }
            }
        }
        _w.WriteLine($"for (int j = i; j < {width}; j += 2) Unsafe.Add(ref evenRow, {Shifted("j", evenOffset)}) = Unsafe.Add(ref input, j);");
        _w.WriteLine($"for (int j = i + 1; j < {width}; j += 2) Unsafe.Add(ref oddRow, {Shifted("j", oddOffset)}) = Unsafe.Add(ref input, j);");

        // 8 input columns from `start`: one permute, evens stored from the lower half, odds from the upper half.
        void EmitHalfStep(int start, string comment)
        {
            using (_w.Block($"// {comment}"))
            {
                _w.WriteLine($"Vector256<float> split = Vector256.Shuffle(Vector256.LoadUnsafe(ref input, {start}), Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7));");
                _w.WriteLine($"split.GetLower().StoreUnsafe(ref evenRow, {start / 2 + evenOffset});");
                _w.WriteLine($"split.GetUpper().StoreUnsafe(ref oddRow, {start / 2 + oddOffset});");
            }
        }

        // 8 input columns viewed as four 64-bit pairs: narrowing keeps each pair's low float (the evens), narrowing
        // the pairs shifted right by 32 bits its high float (the odds). The scalar split this replaces took 82 % of
        // the Vector128 path's 112×112×64 stride-2 layer (SSE on the Zen 5 VM, 1 thread: 0.41-0.45 → 0.19-0.20 ms).
        void EmitSplitStep128(string from, string next, string evenAt, string oddAt)
        {
            _w.WriteLine($"Vector128<long> low = Vector128.LoadUnsafe(ref input, {from}).AsInt64(), high = Vector128.LoadUnsafe(ref input, {next}).AsInt64();");
            _w.WriteLine($"Vector128.Narrow(low, high).AsSingle().StoreUnsafe(ref evenRow, {evenAt});");
            _w.WriteLine($"Vector128.Narrow(Vector128.ShiftRightLogical(low, 32), Vector128.ShiftRightLogical(high, 32)).AsSingle().StoreUnsafe(ref oddRow, {oddAt});");
        }

        // The one-step AVX-512 split of rows of 20-31 input columns, or null where it does not apply: its last plane
        // columns hold zeros, stored past the row's data into cells that are borders or that the next row writes
        // afterwards. That needs rows written one after another in this loop (not bands split across threads), and the
        // plane's last row, when no border row follows it, takes the Vector256 path instead. 28×28×256 stride 2,
        // generated both ways in one process: forward 22.0-23.6 against 23.6-24.4 µs, backward-weights 23.1-25.5
        // against 24.6-26.4 µs.
        string? OneStepCondition(int rowEnd)
        {
            if (width < 20 || width >= 32 || _rowBands)
            {
                return null;
            }
            bool spillsOutOfPlane = rowEnd == _plan.PlaneHeight &&
                (e0 + 16 > _plan.PlaneWidth || o0 + 16 > _plan.PlaneWidth);
            return spillsOutOfPlane ? $"{Avx512}.IsSupported && r < {rowEnd - 1}" : $"{Avx512}.IsSupported";
        }

        // The whole row in one step: input columns 0-15 and width-16..width-1 (overlapping) loaded once, each phase's
        // plane columns gathered by a two-source permute, the lanes past its data zeroed.
        void EmitOneStep()
        {
            int high = width - 16;
            string Gather(int start, int count, int phaseOffset, int parity)
            {
                // Plane column start + lane holds input column 2·(start + lane − offset) + parity: from the low vector
                // below 16, else from the high one.
                string indices = string.Join(", ", Enumerable.Range(0, 16).Select(lane =>
                {
                    int column = 2 * (start + lane - phaseOffset) + parity;
                    return lane >= count ? 0 : column < 16 ? column : 16 + column - high;
                }));
                string permute = $"{Avx512}.PermuteVar16x32x2(low, Vector512.Create({indices}), high)";
                return count == 16 ? permute
                    : $"Vector512.BitwiseAnd({permute}, {Literal.Mask("Vector512", 16, lane => lane < count)})";
            }
            _w.WriteLine($"// Input columns 0-15 and {high}-{width - 1} (overlapping): the {e1 - e0} evens and {o1 - o0} odds, zeros in the lanes past them.");
            _w.WriteLine($"Vector512<float> low = Vector512.LoadUnsafe(ref input, 0), high = Vector512.LoadUnsafe(ref input, {high});");
            _w.WriteLine($"{Gather(e0, e1 - e0, evenOffset, 0)}.StoreUnsafe(ref evenRow, {e0});");
            _w.WriteLine($"{Gather(o0, o1 - o0, oddOffset, 1)}.StoreUnsafe(ref oddRow, {o0});");
            _w.WriteLine($"i = {width};");
        }

        // One step of 16 input columns from the loop variable i. On x86, shufps takes the evens (0x88) or the odds (0xDD)
        // of both vectors per 128-bit lane and vpermpd 0xD8 puts the four pairs in order: two shuffles per phase. The
        // portable form (a permute per vector, then the halves recombined) packed 112×112×64 stride 2 in 0.205 ms
        // against 0.117 ms on the Zen 3 VM (Vector256, 1 thread, one process).
        void EmitSplitStep()
        {
            _w.WriteLine("Vector256<float> low = Vector256.LoadUnsafe(ref input, (nuint)i), high = Vector256.LoadUnsafe(ref input, (nuint)(i + 8));");
            using (_w.Block($"if ({X86}.Avx2.IsSupported)"))
            {
                _w.WriteLine($"{X86}.Avx2.Permute4x64({X86}.Avx.Shuffle(low, high, 0x88).AsDouble(), 0xD8).AsSingle().StoreUnsafe(ref evenRow, (nuint)({Shifted("i", evenOffset)}));");
                _w.WriteLine($"{X86}.Avx2.Permute4x64({X86}.Avx.Shuffle(low, high, 0xDD).AsDouble(), 0xD8).AsSingle().StoreUnsafe(ref oddRow, (nuint)({Shifted("i", oddOffset)}));");
            }
            using (_w.Block("else"))
            {
                _w.WriteLine("low = Vector256.Shuffle(low, Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7));");
                _w.WriteLine("high = Vector256.Shuffle(high, Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7));");
                _w.WriteLine($"Vector256.Create(low.GetLower(), high.GetLower()).StoreUnsafe(ref evenRow, (nuint)({Shifted("i", evenOffset)}));");
                _w.WriteLine($"Vector256.Create(low.GetUpper(), high.GetUpper()).StoreUnsafe(ref oddRow, (nuint)({Shifted("i", oddOffset)}));");
            }
        }
    }

    /// <summary>The AVX-512 class whose IsSupported guards the 32-column split (the JIT folds it; false off x86).</summary>
    private const string Avx512 = SimdVocabulary.Avx512F;

    /// <summary>The x86 intrinsics namespace, fully qualified (generated files import none); its IsSupported checks fold.</summary>
    private const string X86 = SimdVocabulary.X86;

    /// <summary>⌊<paramref name="column"/>/2⌋ + <paramref name="offset"/> as C# (the column is never negative).</summary>
    private static string Shifted(string column, int offset) =>
        offset == 0 ? $"{column} >> 1" : $"({column} >> 1){Literal.Signed(offset)}";

    /// <summary>Zeroes the columns of a plane row outside its valid range [begin, end).</summary>
    private void EmitBorders(string row, int begin, int end)
    {
        if (begin > 0)
        {
            EmitZero(row, 0, begin);
        }
        if (end < _plan.PlaneWidth)
        {
            EmitZero(row, end, _plan.PlaneWidth - end);
        }
    }

    private void EmitPlane(int slot, int rowPhase, int columnPhase)
    {
        (int r0, int r1) = ValidRange(_plan.PlaneHeight, _layer.StrideHeight, rowPhase - _layer.PaddingHeight, _layer.Height);
        (int c0, int c1) = ValidRange(_plan.PlaneWidth, _layer.StrideWidth, columnPhase - _layer.PaddingWidth, _layer.Width);
        _w.WriteLine($"// Plane {slot}: stride phase (row +{rowPhase}, column +{columnPhase}); input rows in plane rows [{r0}, {r1}), columns in [{c0}, {c1}).");
        using (_w.Block(""))
        {
            _w.WriteLine($"ref float plane = ref Unsafe.Add(ref packed, {slot * _plan.PlaneSize});");
            if (r0 > 0)
            {
                EmitZeroRows("plane", 0, r0);
            }
            if (r1 > r0 && (WritesPixels || c0 > 0 || c1 < _plan.PlaneWidth))
            {
                using (_w.Block(RowLoop(r0, r1)))
                {
                    _w.WriteLine("ref float row = ref Unsafe.Add(ref plane, r * PlaneWidth);");
                    if (WritesPixels)
                    {
                        _w.WriteLine($"ref float input = ref Unsafe.Add(ref source, (r * {_layer.StrideHeight}{Literal.Signed(rowPhase - _layer.PaddingHeight)}) * Width);");
                    }
                    if (c0 > 0)
                    {
                        EmitZero("row", 0, c0);
                    }
                    int inputStart = columnPhase - _layer.PaddingWidth;
                    if (c1 > c0 && _layer.StrideWidth == 1 && WritesPixels)
                    {
                        EmitRowCopy(c0, c1 - c0, c0 + inputStart);
                    }
                    else if (c1 > c0 && WritesPixels)
                    {
                        EmitStridedGather(c0, c1, inputStart);
                    }
                    if (c1 < _plan.PlaneWidth)
                    {
                        EmitZero("row", c1, _plan.PlaneWidth - c1);
                    }
                }
            }
            if (r1 < _plan.PlaneHeight)
            {
                EmitZeroRows("plane", r1, _plan.PlaneHeight);
            }
        }
    }

    /// <summary>
    /// Plane columns [c0, c1) from input columns c·stride + start. Stride 2 (the common case) deinterleaves 16 inputs
    /// into 8 outputs with two constant shuffles per vector where Vector256 is accelerated, or 8 into 4 by narrowing
    /// 64-bit pairs on the Vector128 path (SSE, NEON, WebAssembly SIMD); the rest is a scalar gather. The vector loops'
    /// bounds keep every read inside the input row.
    /// </summary>
    private void EmitStridedGather(int c0, int c1, int inputStart)
    {
        int stride = _layer.StrideWidth;
        string c = "c";
        int vectorLast = System.Math.Min(c1 - 8, FloorDiv(_layer.Width - 16 - inputStart, 2));
        int vectorLast128 = System.Math.Min(c1 - 4, FloorDiv(_layer.Width - 8 - inputStart, 2));
        if (stride == 2 && vectorLast128 >= c0)
        {
            _w.WriteLine($"int c = {c0};");
            if (vectorLast >= c0)
            {
                using (_w.Block("if (Vector256.IsHardwareAccelerated)"))
                {
                    _w.WriteLine("// Even elements of two vectors: a permute puts them in each vector's lower half.");
                    _w.WriteLine("Vector256<int> evens = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);");
                    using (_w.Block($"for (; c <= {vectorLast}; c += 8)"))
                    {
                        _w.WriteLine($"Vector256<float> low = Vector256.LoadUnsafe(ref input, (nuint)(c * 2{Literal.Signed(inputStart)}));");
                        _w.WriteLine($"Vector256<float> high = Vector256.LoadUnsafe(ref input, (nuint)(c * 2{Literal.Signed(inputStart + 8)}));");
                        _w.WriteLine("Vector256.Create(Vector256.Shuffle(low, evens).GetLower(), Vector256.Shuffle(high, evens).GetLower()).StoreUnsafe(ref row, (nuint)c);");
                    }
                }
            }
            using (_w.Block((vectorLast >= c0 ? "else " : "") + "if (Vector128.IsHardwareAccelerated)"))
            {
                _w.WriteLine("// Even elements of two vectors: viewed as 64-bit pairs, narrowing keeps each pair's low float.");
                using (_w.Block($"for (; c <= {vectorLast128}; c += 4)"))
                {
                    _w.WriteLine($"Vector128<long> low = Vector128.LoadUnsafe(ref input, (nuint)(c * 2{Literal.Signed(inputStart)})).AsInt64();");
                    _w.WriteLine($"Vector128<long> high = Vector128.LoadUnsafe(ref input, (nuint)(c * 2{Literal.Signed(inputStart + 4)})).AsInt64();");
                    _w.WriteLine("Vector128.Narrow(low, high).AsSingle().StoreUnsafe(ref row, (nuint)c);");
                }
            }
            using (_w.Block($"for (; c < {c1}; c++)"))
            {
                _w.WriteLine($"Unsafe.Add(ref row, c) = Unsafe.Add(ref input, c * {stride}{Literal.Signed(inputStart)});");
            }
            return;
        }
        using (_w.Block($"for (int {c} = {c0}; {c} < {c1}; {c}++)"))
        {
            _w.WriteLine($"Unsafe.Add(ref row, c) = Unsafe.Add(ref input, c * {stride}{Literal.Signed(inputStart)});");
        }
    }

    /// <summary>
    /// Copies <paramref name="count"/> input floats from column <paramref name="from"/> of <c>input</c> to column
    /// <paramref name="to"/> of <c>row</c>. Inlined, the copy must stay free of calls: RyuJIT turns a constant copy of
    /// up to 128 bytes into vector moves but calls memmove for a longer one, so a long row is copied in 128-byte pieces
    /// (checked in the JIT's disassembly: four pieces of a 112-float row became eight zmm moves and no call).
    /// </summary>
    private void EmitRowCopy(int to, int count, int from)
    {
        const int MaxMoveFloats = 32;
        int piece = _inlined ? MaxMoveFloats : count;
        for (int column = to; column < to + count; column += piece)
        {
            _w.WriteLine($"Unsafe.CopyBlockUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref row, {column})), ref Unsafe.As<float, byte>(ref Unsafe.Add(ref input, {column - to + from})), {System.Math.Min(piece, to + count - column) * 4});");
        }
    }

    /// <summary>Zeroes <paramref name="count"/> floats: plain stores for a few, an unrolled block clear otherwise (nothing for <see cref="PackingWrites.Interior"/>).</summary>
    private void EmitZero(string reference, int offset, int count)
    {
        if (_writes == PackingWrites.Interior)
        {
            return;
        }
        if (count <= 4)
        {
            _w.WriteLine(string.Join(" ", Enumerable.Range(offset, count).Select(i => $"Unsafe.Add(ref {reference}, {i}) = 0f;")));
        }
        else
        {
            _w.WriteLine($"Unsafe.InitBlockUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref {reference}, {offset})), 0, {count * 4});");
        }
    }

    /// <summary>
    /// The plane indices i in [0, count) whose source index i·stride + start lies in [0, size), as a half-open range.
    /// </summary>
    internal static (int Begin, int End) ValidRange(int count, int stride, int start, int size)
    {
        int begin = start >= 0 ? 0 : CeilDiv(-start, stride);
        int end = FloorDiv(size - 1 - start, stride) + 1;
        begin = Clamp(begin, 0, count);
        end = Clamp(end, begin, count);
        return (begin, end);
    }

    private static int CeilDiv(int a, int b) => (a + b - 1) / b;

    private static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static int Clamp(int value, int min, int max) => value < min ? min : value > max ? max : value;
}
