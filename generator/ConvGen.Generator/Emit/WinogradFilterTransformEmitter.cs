using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Mathematics;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits a Winograd kernel's filter transform U = G·w·G^T for r×r filters (3×3 or 5×5): <c>TransformPairs</c> (the filters of a
/// block of (output, input) channel pairs, in the order of a GEMM row block), <c>FilterOffset</c> and
/// <c>TransformFilter</c> (one filter). The expressions are constant-folded from the exact G (zero entries dropped, ±1
/// entries without a multiplication, the two rows of a ± point pair sharing their even and odd parts). A dyadic G (every
/// entry exact in float, as F(2,3)'s 1 and 1/2) is evaluated in float; any other is rounded to double, evaluated in
/// double and rounded once to float (winograd-spec §1.3). Where AVX is there, <c>TransformPairs</c> loads eight filters
/// as rows and transposes their taps into vectors in registers, then evaluates the same expressions with one filter per
/// lane. In float: eight per Vector256&lt;float&gt;. In double: eight per Vector512&lt;double&gt;, or (transposed four
/// at a time) four per Vector256&lt;double&gt; twice.
/// Every path evaluates every element in the same order, so they agree bit for bit. 5×5 filters (F(m×m, 5×5), an
/// opt-in plan) gather their 25 taps into the lanes float by float instead: they do not fit the 8×8 register transposes.
/// </summary>
internal sealed class WinogradFilterTransformEmitter
{
    /// <summary>What one evaluation of the transform runs on: one filter in scalars, or one filter per lane.</summary>
    private enum FilterLanes
    {
        Scalar,
        Vector256,
        Vector512,
    }

    private readonly SourceWriter _w;
    private readonly WinogradTransform _transform;
    private readonly bool _rotated;
    private readonly int _n;
    /// <summary>The filter's size r and its taps r².</summary>
    private readonly int _r, _taps;
    private readonly int[] _partner;
    /// <summary>G is dyadic, so the transform runs in float: no conversions to and from double, and eight lanes per Vector256 instead of four.</summary>
    private readonly bool _single;

    /// <param name="rotated">
    /// True for a stride-1 backward-data pass run as its rotated forward layer: the filter of (output k, input c) is
    /// the caller's filter of (c, k), read rotated 180°.
    /// </param>
    public WinogradFilterTransformEmitter(SourceWriter w, WinogradTransform transform, bool rotated)
    {
        _w = w;
        _transform = transform;
        _rotated = rotated;
        _n = transform.InputTileSize;
        _r = transform.FilterSize;
        _taps = _r * _r;
        _partner = PointPairs(transform);
        _single = transform.HasSingleExactG;
    }

    /// <summary>Emits <c>TransformPairs</c>, <c>FilterOffset</c> and <c>TransformFilter</c>.</summary>
    public void Emit()
    {
        EmitTransformPairs();
        _w.WriteLine();
        if (_rotated)
        {
            _w.WriteLine("/// <summary>Backward-data: the filter of (output k, input c) is the caller's filter of (c, k), read rotated 180° by the transform.</summary>");
            _w.WriteLine($"private static int FilterOffset(int k, int c) => (c * OutChannels + k) * {_taps};");
        }
        else
        {
            _w.WriteLine("/// <summary>Offset in OIHW weights of the filter of (output k, input c).</summary>");
            _w.WriteLine($"private static int FilterOffset(int k, int c) => (k * InChannels + c) * {_taps};");
        }
        _w.WriteLine();
        _w.WriteLine($"/// <summary>U = G·w·G^T of one {_r}×{_r} filter for {_transform.Name}, constant-folded, {Precision}: U[ξ] (ξ = i·N + j) to u[ξ·stride].</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block("private static void TransformFilter(ref float w, ref float u, int stride)"))
        {
            // One line for a 3×3 filter, one per filter row for larger ones.
            int perLine = _r == 3 ? _taps : _r;
            for (int first = 0; first < _taps; first += perLine)
            {
                _w.WriteLine(TypeOf(FilterLanes.Scalar) + " " + string.Join(", ", Enumerable.Range(first, perLine).Select(t => Tap(t) == 0 ? $"w{t} = w" : $"w{t} = Unsafe.Add(ref w, {Tap(t)})")) + ";");
            }
            _w.WriteLine("nint at = 0, step = stride;");
            EmitBody(FilterLanes.Scalar, "u");
        }
    }

    private void EmitTransformPairs()
    {
        _w.WriteLine("/// <summary>");
        _w.WriteLine("/// U of the filters of (output k0 + r, input c0 + c) for r &lt; rows, c &lt; channels: pair p = c·rows + r (the order of a GEMM");
        _w.WriteLine($"/// row block) goes to u[ξ·stride + p]. Eight filters per step where AVX is available, their taps {(_r == 3 ? "transposed" : "gathered")} into one");
        _w.WriteLine($"/// filter per lane; the rest one by one. Evaluated {Precision}.");
        _w.WriteLine("/// </summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block("private static void TransformPairs(ref float weights, int k0, int rows, int c0, int channels, ref float u, int stride)"))
        {
            _w.WriteLine("int count = channels * rows, p = 0, c = 0, r = 0;");
            EmitEightFilterSteps();
            using (_w.Block("for (; p < count; p++)"))
            {
                _w.WriteLine("TransformFilter(ref Unsafe.Add(ref weights, FilterOffset(k0 + r, c0 + c)), ref Unsafe.Add(ref u, p), stride);");
                _w.WriteLine("if (++r == rows) { r = 0; c++; }");
            }
        }
    }

    /// <summary>Where AVX is there, eight filters per step, one per lane (<see cref="EmitSingleSteps"/>, <see cref="EmitDoubleSteps"/>).</summary>
    private void EmitEightFilterSteps()
    {
        using (_w.Block($"if ({SimdVocabulary.X86}.Avx.IsSupported)"))
        {
            _w.WriteLine($"// Filters of rows r and r + 1 of one input channel lie {(_rotated ? $"{_taps} floats" : "InChannels filters")} apart.");
            _w.WriteLine($"const int RowStride = {(_rotated ? $"{_taps}" : $"InChannels * {_taps}")};");
            _w.WriteLine("nuint step = (nuint)stride;");
            if (_single)
            {
                EmitSingleSteps();
            }
            else
            {
                EmitDoubleSteps();
            }
        }
    }

    /// <summary>
    /// Float lanes: eight filters per Vector256&lt;float&gt; step, on AVX-512 too. Sixteen per Vector512&lt;float&gt; (two
    /// transposes of eight, joined) ran the whole 7×7×512 backward-data layer 4-6 % slower than the double lanes did.
    /// </summary>
    private void EmitSingleSteps()
    {
        using (_w.Block("for (; p + 8 <= count; p += 8)"))
        {
            EmitOffsets();
            EmitEightLanes(FilterLanes.Vector256, t => $"s{t}");
        }
    }

    /// <summary>
    /// The taps s0.. of the step's eight filters (unless <paramref name="tapsLoaded"/>), one filter per lane, converted,
    /// then the body.
    /// </summary>
    private void EmitEightLanes(FilterLanes lanes, System.Func<int, string> convert, bool tapsLoaded = false)
    {
        if (!tapsLoaded)
        {
            EmitTaps();
        }
        _w.WriteLine($"// One filter per lane of {TypeOf(lanes)}.");
        WriteConversions(convert, TypeOf(lanes));
        _w.WriteLine("ref float target = ref Unsafe.Add(ref u, p);");
        _w.WriteLine("nuint at = 0;");
        EmitBody(lanes, "target");
    }

    /// <summary>Double lanes: eight filters per step, in one Vector512&lt;double&gt; or four at a time in two Vector256&lt;double&gt;.</summary>
    private void EmitDoubleSteps()
    {
        using (_w.Block("for (; p + 8 <= count; p += 8)"))
        {
            EmitOffsets();
            // 3×3 filters transpose their taps in each branch (four filters at a time on AVX2); larger ones gather them once.
            bool gathered = _r != 3;
            if (gathered)
            {
                EmitGatheredTaps();
            }
            using (_w.Block($"if ({SimdVocabulary.Avx512Condition})"))
            {
                EmitEightLanes(FilterLanes.Vector512, t => $"{SimdVocabulary.X86}.Avx512F.ConvertToVector512Double(s{t})", gathered);
            }
            using (_w.Block("else"))
            {
                for (int half = 0; half < 2; half++)
                {
                    using (_w.Block(""))
                    {
                        if (gathered)
                        {
                            WriteConversions(t => $"{SimdVocabulary.X86}.Avx.ConvertToVector256Double(s{t}.{(half == 0 ? "GetLower" : "GetUpper")}())", "Vector256<double>");
                        }
                        else
                        {
                            EmitTransposedTaps4(4 * half, "");
                            WriteConversions(t => $"{SimdVocabulary.X86}.Avx.ConvertToVector256Double({Tap4(t)})", "Vector256<double>");
                        }
                        _w.WriteLine($"ref float target = ref Unsafe.Add(ref u, {(half == 0 ? "p" : "p + 4")});");
                        _w.WriteLine("nuint at = 0;");
                        EmitBody(FilterLanes.Vector256, "target");
                    }
                }
            }
        }
    }

    /// <summary>o0..o7: the offsets of the step's eight filters, advancing (r, c) past them.</summary>
    private void EmitOffsets()
    {
        _w.WriteLine("// The eight pairs' filters: eight rows of one input channel where the row block has them, else stepped through its");
        _w.WriteLine("// row-major pair order without a division.");
        _w.WriteLine("int o0 = FilterOffset(k0 + r, c0 + c), o1, o2, o3, o4, o5, o6, o7;");
        using (_w.Block("if (r + 8 <= rows)"))
        {
            _w.WriteLine("o1 = o0 + RowStride; o2 = o1 + RowStride; o3 = o2 + RowStride; o4 = o3 + RowStride; o5 = o4 + RowStride; o6 = o5 + RowStride; o7 = o6 + RowStride;");
            _w.WriteLine("r += 8; if (r == rows) { r = 0; c++; }");
        }
        using (_w.Block("else"))
        {
            _w.WriteLine("if (++r == rows) { r = 0; c++; }");
            for (int i = 1; i < 8; i++)
            {
                _w.WriteLine($"o{i} = FilterOffset(k0 + r, c0 + c); if (++r == rows) {{ r = 0; c++; }}");
            }
        }
        EmitPrefetch();
    }

    /// <summary>
    /// Prefetches the step's eight filter rows <see cref="PrefetchChannels"/> input channels ahead. A GEMM row block
    /// reads its rows (InChannels filters each) side by side, as many streams as it has rows (24 on AVX-512), more than
    /// the hardware prefetchers follow: ResNet-18's 7×7×512 layer ran 1.22-1.26× faster through its plain-weights
    /// overload (which transforms every call) with this prefetch, 14×14×256 1.03-1.05×. A rotated transform (backward-data)
    /// reads the rows of one channel as one run, which the hardware follows: prefetching it gained nothing.
    /// </summary>
    private void EmitPrefetch()
    {
        if (_rotated)
        {
            return;
        }
        _w.WriteLine($"// The same eight rows {PrefetchChannels} input channels ahead: the row block's rows are as many streams, more than the hardware prefetchers follow.");
        for (int i = 0; i < 8; i += 4)
        {
            _w.WriteLine(string.Join(" ", Enumerable.Range(i, 4).Select(j => $"KernelMemory.Prefetch(ref weights, o{j} + {PrefetchChannels * _taps});")));
        }
    }

    /// <summary>How many input channels ahead <see cref="EmitPrefetch"/> asks for the rows' filters: 576 bytes (nine cache lines) of 3×3 filters, 1600 of 5×5 ones.</summary>
    private const int PrefetchChannels = 16;

    /// <summary>s0..: tap t of the eight filters at o0..o7, one filter per lane (<see cref="EmitTransposedTaps"/> or <see cref="EmitGatheredTaps"/>).</summary>
    private void EmitTaps()
    {
        if (_r == 3)
        {
            EmitTransposedTaps();
        }
        else
        {
            EmitGatheredTaps();
        }
    }

    /// <summary>
    /// s0..s(r² − 1) for filters larger than 3×3: tap t of the eight filters, one filter per lane, gathered float by float
    /// (their 25 taps do not fit the 8×8 register transposes; the gather still costs less than evaluating eight filters
    /// one by one).
    /// </summary>
    private void EmitGatheredTaps()
    {
        _w.WriteLine($"// Tap t of the eight filters, one filter per lane, gathered float by float ({_r}×{_r} filters do not fit the 8×8 transposes).");
        for (int t = 0; t < _taps; t++)
        {
            _w.WriteLine($"Vector256<float> s{t} = Vector256.Create({string.Join(", ", Enumerable.Range(0, 8).Select(f => $"Unsafe.Add(ref weights, o{f} + {t})"))});");
        }
    }

    /// <summary>
    /// s0..s8: tap t of the eight filters at o0..o7, one filter per lane: the four-filter transposes of filters 0-3 and
    /// 4-7 (<see cref="EmitTransposedTaps4"/>), their 128-bit lanes recombined. No load leaves its filter.
    /// </summary>
    private void EmitTransposedTaps()
    {
        string avx = $"{SimdVocabulary.X86}.Avx";
        EmitTransposedTaps4(0, "a");
        EmitTransposedTaps4(4, "b");
        _w.WriteLine("// s_t: tap t of filters 0-3 in the lower 128-bit lane, of filters 4-7 in the upper.");
        for (int i = 0; i < 4; i += 2)
        {
            _w.WriteLine($"Vector256<float> s{i} = {avx}.Permute2x128(qa{i}, qb{i}, 0x20), s{i + 1} = {avx}.Permute2x128(qa{i + 1}, qb{i + 1}, 0x20);");
        }
        for (int i = 0; i < 4; i += 2)
        {
            _w.WriteLine($"Vector256<float> s{i + 4} = {avx}.Permute2x128(qa{i}, qb{i}, 0x31), s{i + 5} = {avx}.Permute2x128(qa{i + 1}, qb{i + 1}, 0x31);");
        }
        _w.WriteLine($"Vector256<float> s8 = {avx}.Permute2x128(qa8, qb8, 0x31);");
    }

    /// <summary>
    /// q0..q3 and q8 for the four filters at o{first}..o{first + 3}, every name with <paramref name="suffix"/> after its
    /// letter (qa0 for "a"): taps 0-3 in the lower 128-bit lanes of q0..q3, taps 4-7 in their upper lanes (a 4×8
    /// transpose of the rows), tap 8 in the upper lane of q8 (from the rows loaded one float later). Four filters at a
    /// time keep AVX2's 16 registers for the transform's doubles.
    /// </summary>
    private void EmitTransposedTaps4(int first, string suffix)
    {
        string avx = $"{SimdVocabulary.X86}.Avx";
        string r = "r" + suffix, t = "t" + suffix, q = "q" + suffix, e = "e" + suffix;
        _w.WriteLine($"// Filters {first}-{first + 3}: taps 0-7 as rows, transposed in registers (taps 0-3 in the lower 128-bit lanes, 4-7 in the upper).");
        _w.WriteLine($"Vector256<float> {r}0 = Vector256.LoadUnsafe(ref weights, (nuint)o{first}), {r}1 = Vector256.LoadUnsafe(ref weights, (nuint)o{first + 1});");
        _w.WriteLine($"Vector256<float> {r}2 = Vector256.LoadUnsafe(ref weights, (nuint)o{first + 2}), {r}3 = Vector256.LoadUnsafe(ref weights, (nuint)o{first + 3});");
        _w.WriteLine($"Vector256<float> {t}0 = {avx}.UnpackLow({r}0, {r}1), {t}1 = {avx}.UnpackHigh({r}0, {r}1), {t}2 = {avx}.UnpackLow({r}2, {r}3), {t}3 = {avx}.UnpackHigh({r}2, {r}3);");
        _w.WriteLine($"Vector256<float> {q}0 = {avx}.Shuffle({t}0, {t}2, 0x44), {q}1 = {avx}.Shuffle({t}0, {t}2, 0xEE), {q}2 = {avx}.Shuffle({t}1, {t}3, 0x44), {q}3 = {avx}.Shuffle({t}1, {t}3, 0xEE);");
        _w.WriteLine("// Tap 8: the upper lane of the same steps on the rows loaded one float later (taps 1-8).");
        _w.WriteLine($"Vector256<float> {e}0 = {avx}.UnpackHigh(Vector256.LoadUnsafe(ref weights, (nuint)o{first} + 1), Vector256.LoadUnsafe(ref weights, (nuint)o{first + 1} + 1));");
        _w.WriteLine($"Vector256<float> {e}1 = {avx}.UnpackHigh(Vector256.LoadUnsafe(ref weights, (nuint)o{first + 2} + 1), Vector256.LoadUnsafe(ref weights, (nuint)o{first + 3} + 1));");
        _w.WriteLine($"Vector256<float> {q}8 = {avx}.Shuffle({e}0, {e}1, 0xEE);");
    }

    /// <summary>w0..w(r² − 1) of the lane bodies, a line per filter row: filter element t is tap <see cref="Tap"/>(t), converted to the lanes' type.</summary>
    private void WriteConversions(System.Func<int, string> convert, string type)
    {
        for (int t = 0; t < _taps; t += _r)
        {
            _w.WriteLine($"{type} {string.Join(", ", Enumerable.Range(t, _r).Select(e => $"w{e} = {convert(Tap(e))}"))};");
        }
    }

    /// <summary>The 128-bit lane of <see cref="EmitTransposedTaps4"/>'s vectors that holds tap <paramref name="tap"/>.</summary>
    private static string Tap4(int tap) => tap == 8 ? "q8.GetUpper()" : tap < 4 ? $"q{tap}.GetLower()" : $"q{tap - 4}.GetUpper()";

    /// <summary>Filter element t of the transform: element t of the weights, or r² − 1 − t for a filter read rotated 180°.</summary>
    private int Tap(int t) => _rotated ? _taps - 1 - t : t;

    private double G(int i, int k) => _transform.G[i, k].ToDouble();

    /// <summary>"evaluated in float" or "in double, rounded once", for the comments.</summary>
    private string Precision => _single ? "in float (G is dyadic: its constants are exact)" : "in double, rounded once";

    private string TypeOf(FilterLanes lanes)
    {
        string element = _single ? "float" : "double";
        return lanes switch
        {
            FilterLanes.Scalar => element,
            FilterLanes.Vector256 => $"Vector256<{element}>",
            _ => $"Vector512<{element}>",
        };
    }

    /// <summary>Σ_k c_k·term_k (<see cref="LinearCombination"/>), or a zero of the lanes' type when every coefficient is zero.</summary>
    private string Sum(IEnumerable<(double Coefficient, string Term)> terms, FilterLanes lanes) =>
        LinearCombination.Format(terms.Select(t => (t.Coefficient, (string?)t.Term)), m => _single ? Literal.Float((float)m) : m.ToString("R", CultureInfo.InvariantCulture), termFirst: lanes != FilterLanes.Scalar)
            ?? (lanes == FilterLanes.Scalar ? (_single ? "0f" : "0.0") : $"{TypeOf(lanes)}.Zero");

    /// <summary>
    /// Rows i &lt; i2 of G for a ± point pair: equal even entries, opposite odd entries (exact rationals), so
    /// G[i]·x = E + O and G[i2]·x = E − O with E the even terms and O the odd one, computed once for both.
    /// </summary>
    private static int[] PointPairs(WinogradTransform transform)
    {
        int n = transform.InputTileSize;
        int[] partner = Enumerable.Repeat(-1, n).ToArray();
        for (int i = 0; i < n; i++)
        {
            for (int i2 = i + 1; i2 < n && partner[i] < 0; i2++)
            {
                if (partner[i2] < 0 && IsMirrorPair(transform.G, i, i2))
                {
                    partner[i] = i2;
                    partner[i2] = i;
                }
            }
        }
        return partner;
    }

    /// <summary>
    /// Rows i and i2 of G are a ± point pair: G[i2][k] = (−1)^k·G[i][k] for every k, with a nonzero odd entry and a
    /// nonzero even one (so E and O are both real work); the cost model's pairing test.
    /// </summary>
    private static bool IsMirrorPair(RationalMatrix g, int i, int i2) =>
        WinogradCostModel.HasEvenAndOddEntries(g.GetRow(i)) && WinogradCostModel.IsMirror(g.GetRow(i), g.GetRow(i2), Rational.One);

    /// <summary>G·x for the r values x(k): one row, or a pair through its shared E and O. Returns (row, expression) pairs.</summary>
    private IEnumerable<(int Row, string Value)> Rows(int i, System.Func<int, string> x, string name, FilterLanes lanes, List<string> lines)
    {
        if (_partner[i] < 0)
        {
            yield return (i, Sum(Enumerable.Range(0, _r).Select(k => (G(i, k), x(k))), lanes));
            yield break;
        }
        string odd = Sum(Enumerable.Range(0, _r).Where(k => k % 2 == 1).Select(k => (G(i, k), x(k))), lanes);
        lines.Add($"{TypeOf(lanes)} {name}e = {EvenPart(i, x, lanes)}, {name}o = {odd};");
        yield return (i, $"{name}e + {name}o");
        yield return (_partner[i], $"{name}e - {name}o");
    }

    /// <summary>
    /// E = Σ over even k of G[i][k]·x(k). For 3×3 filters in float, with equal dyadic coefficients (F(2,3)'s 1/2, 1/2), as
    /// c·(x(0) + x(2)): scaling by a power of two commutes with rounding, so the value is the same bit for bit (outside
    /// overflow and subnormals) for one multiplication instead of two.
    /// </summary>
    private string EvenPart(int i, System.Func<int, string> x, FilterLanes lanes)
    {
        if (_r != 3 || !_single || _transform.G[i, 0] != _transform.G[i, 2] || G(i, 0) == 0 || System.Math.Abs(G(i, 0)) == 1)
        {
            return Sum(Enumerable.Range(0, _r).Where(k => k % 2 == 0).Select(k => (G(i, k), x(k))), lanes);
        }
        string sum = $"({x(0)} + {x(2)})";
        return Sum(new[] { (G(i, 0), sum) }, lanes);
    }

    /// <summary>
    /// Rows of G·w one point (or ± pair) at a time, each followed by its rows of (G·w)·G^T, as floats (from double:
    /// rounded once) stored at <paramref name="target"/>[at], at += step per ξ from at = 0: only one or two rows of G·w are live at a time (all n
    /// at once spill on AVX2's 16 registers). Expects w0..w8, at and step in scope.
    /// </summary>
    private void EmitBody(FilterLanes lanes, string target)
    {
        string type = TypeOf(lanes);
        int nextRow = 0;
        for (int i = 0; i < _n; i++)
        {
            if (_partner[i] >= 0 && _partner[i] < i)
            {
                continue;
            }
            _w.WriteLine(_partner[i] < 0
                ? $"// Row {i} of G·w (point {i}), then U[{i}][·] = (G·w)[{i}][·]·G^T."
                : $"// Rows {i} and {_partner[i]} of G·w (a ± point pair: even terms ± odd term), then U[{i}][·] and U[{_partner[i]}][·].");
            var rowLines = new List<string>();
            var columns = Enumerable.Range(0, _r).Select(j => Rows(i, k => $"w{k * _r + j}", $"g{i}_{j}", lanes, rowLines).ToList()).ToList();
            foreach (string line in rowLines)
            {
                _w.WriteLine(line);
            }
            foreach (int row in columns[0].Select(r => r.Row))
            {
                _w.WriteLine($"{type} {string.Join(", ", Enumerable.Range(0, _r).Select(j => $"a{row}_{j} = {columns[j].First(r => r.Row == row).Value}"))};");
            }
            foreach (int row in columns[0].Select(r => r.Row))
            {
                var outLines = new List<string>();
                var outputs = Enumerable.Range(0, _n).Where(j => _partner[j] < 0 || _partner[j] > j)
                    .SelectMany(j => Rows(j, k => $"a{row}_{k}", $"h{row}_{j}", lanes, outLines).ToList()).ToList();
                foreach (string line in outLines)
                {
                    _w.WriteLine(line);
                }
                // U[ξ] in ξ order: a running offset, one add per store. A pair whose rows are not adjacent (none of the
                // standard points) moves the offset to its row first.
                if (row != nextRow)
                {
                    _w.WriteLine($"at = {(lanes == FilterLanes.Scalar ? "(nint)" : "(nuint)")}{row * _n} * step;");
                }
                nextRow = row + 1;
                _w.WriteLine(string.Join(" ", outputs.OrderBy(o => o.Row).Select(o => Store(o.Value, lanes, target))));
            }
        }
    }

    private static bool IsName(string value) => value.All(ch => char.IsLetterOrDigit(ch) || ch == '_');

    /// <summary>Stores one U element (one per lane) at <paramref name="target"/>[at] and steps at to the next ξ.</summary>
    private string Store(string value, FilterLanes lanes, string target)
    {
        if (_single)
        {
            return lanes == FilterLanes.Scalar
                ? $"Unsafe.Add(ref {target}, at) = {value}; at += step;"
                : $"{(IsName(value) ? value : $"({value})")}.StoreUnsafe(ref {target}, at); at += step;";
        }
        return lanes switch
        {
            FilterLanes.Scalar => $"Unsafe.Add(ref {target}, at) = (float)({value}); at += step;",
            FilterLanes.Vector256 => $"{SimdVocabulary.X86}.Avx.ConvertToVector128Single({value}).StoreUnsafe(ref {target}, at); at += step;",
            _ => $"{SimdVocabulary.X86}.Avx512F.ConvertToVector256Single({value}).StoreUnsafe(ref {target}, at); at += step;",
        };
    }
}
