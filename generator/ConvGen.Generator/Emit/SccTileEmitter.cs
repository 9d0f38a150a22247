using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits one instruction set's SCC compute method: a loop over work units, each reading its block from the constant
/// channel table, then a register tile per row (and tap) count that occurs, the count dispatched with a short if
/// chain. Inside a tile the reduction is a real loop (window channels, covering filters, or pixels) whose body is
/// unrolled over the tile and emitted in register-light order, since RyuJIT does not schedule.
/// </summary>
internal sealed class SccTileEmitter
{
    private readonly SourceWriter _w;
    private readonly SccLayerSpec _layer;
    private readonly SimdVocabulary _simd;
    private readonly SccPath _path;
    private readonly SccPlan _plan;

    public SccTileEmitter(SourceWriter writer, SccLayerSpec layer, SccPlan plan, SimdVocabulary simd, SccPath path)
    {
        _w = writer;
        _layer = layer;
        _plan = plan;
        _simd = simd;
        _path = path;
    }

    private string Suffix => _simd.Suffix;
    private int Lanes => _simd.Lanes;
    private static string Acc(int row, int vector) => $"a{row}_{vector}";

    private string Isa => _simd.PathName;

    public void Emit()
    {
        switch (_layer.Pass)
        {
            case PassKind.Forward:
                EmitForward();
                break;
            case PassKind.BackwardData:
                EmitBackwardData();
                break;
            default:
                EmitBackwardWeights();
                break;
        }
    }

    /// <summary>Declares the accumulators and temporaries once, so IL locals do not grow with the variants.</summary>
    private void EmitDeclarations(bool activation)
    {
        var names = new List<string>();
        for (int r = 0; r < _path.Rows; r++)
        {
            for (int v = 0; v < _path.Vectors; v++)
            {
                names.Add(Acc(r, v));
            }
        }
        _w.WriteLine($"{_simd.Type} {string.Join(", ", names)};");
        int inputs = _path.InputsFirst ? _path.Vectors : 1;
        int weights = _path.InputsFirst ? 1 : _path.Rows;
        _w.WriteLine($"{_simd.Type} {string.Join(", ", Enumerable.Range(0, inputs).Select(i => "x" + i).Concat(Enumerable.Range(0, weights).Select(i => "w" + i)))};");
        if (activation && _layer.FusedActivation.Kind is ActivationKind.Relu or ActivationKind.Relu6)
        {
            _w.WriteLine($"{_simd.Type} zero = {_simd.Zero};");
        }
        if (activation && _layer.FusedActivation.Kind == ActivationKind.Relu6)
        {
            _w.WriteLine($"{_simd.Type} six = {_simd.Constant(6f)};");
        }
    }

    /// <summary><c>if (rows == R) {…} else if (rows == r2) {…} else {…}</c> over the row counts that occur.</summary>
    private void EmitVariants(string variable, EquatableArray<int> counts, System.Action<int> body)
    {
        if (counts.Count == 1)
        {
            body(counts[0]);
            return;
        }
        for (int i = 0; i < counts.Count; i++)
        {
            string header = i == 0 ? $"if ({variable} == {counts[i]})" : i < counts.Count - 1 ? $"else if ({variable} == {counts[i]})" : "else";
            using (_w.Block(header))
            {
                body(counts[i]);
            }
        }
    }

    /// <summary>
    /// One reduction step of a (rows × pixel vectors) tile: pixel vectors at <paramref name="x"/> (+ v·lanes) and the
    /// broadcast weight of row r at <paramref name="w"/> + r·<paramref name="weightRowStride"/>.
    /// </summary>
    private void EmitStep(int rows, string x, string w, int weightRowStride)
    {
        int vectors = _path.Vectors;
        if (_path.InputsFirst)
        {
            _w.WriteLine(string.Join(" ", Enumerable.Range(0, vectors).Select(v => $"x{v} = {_simd.Load(x, v * Lanes)};")));
            for (int r = 0; r < rows; r++)
            {
                string fmas = string.Join(" ", Enumerable.Range(0, vectors).Select(v => $"{Acc(r, v)} = {_simd.MultiplyAdd("x" + v, "w0", Acc(r, v))};"));
                _w.WriteLine($"w0 = {_simd.Broadcast($"Unsafe.Add(ref {w}, {r * weightRowStride})")}; {fmas}");
            }
        }
        else
        {
            _w.WriteLine(string.Join(" ", Enumerable.Range(0, rows).Select(r => $"w{r} = {_simd.Broadcast($"Unsafe.Add(ref {w}, {r * weightRowStride})")};")));
            for (int v = 0; v < vectors; v++)
            {
                string fmas = string.Join(" ", Enumerable.Range(0, rows).Select(r => $"{Acc(r, v)} = {_simd.MultiplyAdd("x0", "w" + r, Acc(r, v))};"));
                _w.WriteLine($"x0 = {_simd.Load(x, v * Lanes)}; {fmas}");
            }
        }
    }

    private void EmitInit(int rows, System.Func<int, string> init)
    {
        for (int r = 0; r < rows; r++)
        {
            _w.WriteLine($"{Acc(r, 0)} = {init(r)};" + string.Concat(Enumerable.Range(1, _path.Vectors - 1).Select(v => $" {Acc(r, v)} = {Acc(r, 0)};")));
        }
    }

    private void EmitStores(int rows, int rowStride, bool activation)
    {
        for (int r = 0; r < rows; r++)
        {
            for (int v = 0; v < _path.Vectors; v++)
            {
                string value = Acc(r, v);
                if (activation)
                {
                    value = _layer.FusedActivation.Kind switch
                    {
                        ActivationKind.Relu => _simd.Max(value, "zero"),
                        ActivationKind.Relu6 => _simd.Min(_simd.Max(value, "zero"), "six"),
                        _ => _simd.Activate(value, _layer.FusedActivation),
                    };
                }
                _w.WriteLine(_simd.Store(value, "y", r * rowStride + v * Lanes));
            }
        }
    }

    private void EmitPixelTile()
    {
        _w.WriteLine($"int qTile = unit % QTiles{Suffix}, block = unit / QTiles{Suffix};");
        _w.WriteLine($"int q = Math.Min(qTile * {_path.Width}, Plane - {_path.Width}); // the last tile is shifted back to end at the plane's edge");
    }

    // ---- forward ------------------------------------------------------------------------------------------------

    private void EmitForward()
    {
        string bias = _layer.HasBias ? "ref float bias, " : "";
        _w.WriteLine($"/// <summary>{Isa}: blocks of up to {_path.Rows} filter(s) of one window × {_path.Vectors} vector(s) of {Lanes} pixels = {_path.Accumulators} accumulators; " +
            $"{(_path.InputsFirst ? "pixel vectors loaded once per channel, weights broadcast per filter" : "weights broadcast once per channel, pixel vectors streamed")}.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void Tiles{Suffix}(ref float input, ref float weights, {bias}ref float output, int begin, int end)"))
        {
            _w.WriteLine($"ref int table = ref MemoryMarshal.GetReference(Blocks{Suffix}Table);");
            EmitDeclarations(activation: true);
            using (_w.Block("for (int unit = begin; unit < end; unit++)"))
            {
                EmitPixelTile();
                _w.WriteLine($"ref int entry = ref Unsafe.Add(ref table, block * {SccPlan.ForwardBlockWidth});");
                _w.WriteLine(_plan.WrappingWindows > 0
                    ? "int o = entry, rows = Unsafe.Add(ref entry, 1), start = Unsafe.Add(ref entry, 2), first = Unsafe.Add(ref entry, 3);"
                    : "int o = entry, rows = Unsafe.Add(ref entry, 1), start = Unsafe.Add(ref entry, 2);");
                _w.WriteLine("ref float x = ref Unsafe.Add(ref input, start * Plane + q);");
                _w.WriteLine("ref float w = ref Unsafe.Add(ref weights, o * GroupWidth);");
                _w.WriteLine("ref float y = ref Unsafe.Add(ref output, o * Plane + q);");
                EmitVariants("rows", _path.RowVariants, EmitForwardTile);
            }
        }
    }

    private void EmitForwardTile(int rows)
    {
        int filterStride = PlanCycle;
        _w.WriteLine($"// Tile: filters o, o+{filterStride}, … ({rows}) × pixels q..q+{_path.Width - 1}; accumulators start at the {(_layer.HasBias ? "bias" : "zero")}.");
        EmitInit(rows, r => _layer.HasBias ? _simd.Broadcast($"Unsafe.Add(ref bias, o + {r * filterStride})") : _simd.Zero);
        int weightRowStride = filterStride * _layer.GroupWidth;
        _w.WriteLine("ref float xc = ref x;");
        _w.WriteLine("ref float wc = ref w;");
        bool wraps = _plan.WrappingWindows > 0;
        _w.WriteLine(wraps ? "// Taps [0, first): channels start, start+1, … of the window, read in place." : "// Taps [0, GroupWidth): channels start, start+1, … of the window, read in place (no window wraps).");
        using (_w.Block(wraps ? "for (int j = 0; j < first; j++)" : "for (int j = 0; j < GroupWidth; j++)"))
        {
            EmitStep(rows, "xc", "wc", weightRowStride);
            _w.WriteLine("xc = ref Unsafe.Add(ref xc, Plane);");
            _w.WriteLine("wc = ref Unsafe.Add(ref wc, 1);");
        }
        if (wraps)
        {
            _w.WriteLine("// Taps [first, GroupWidth): the window wrapped around to channel 0.");
            _w.WriteLine("xc = ref Unsafe.Add(ref input, q);");
            using (_w.Block("for (int j = first; j < GroupWidth; j++)"))
            {
                EmitStep(rows, "xc", "wc", weightRowStride);
                _w.WriteLine("xc = ref Unsafe.Add(ref xc, Plane);");
                _w.WriteLine("wc = ref Unsafe.Add(ref wc, 1);");
            }
        }
        string activation = SimdVocabulary.StoreVerb(_layer.FusedActivation);
        _w.WriteLine($"// {activation} {rows} filter(s) × {_path.Width} pixel(s).");
        EmitStores(rows, filterStride * _layer.Plane, activation: true);
    }

    private int PlanCycle => _plan.CycleLength;

    // ---- backward-data ------------------------------------------------------------------------------------------

    private void EmitBackwardData()
    {
        _w.WriteLine($"/// <summary>{Isa}: blocks of up to {_path.Rows} input channel(s) × {_path.Vectors} vector(s) of {Lanes} pixels = {_path.Accumulators} accumulators, " +
            "summed over every filter that reads the block's channels.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void Tiles{Suffix}(ref float gradOutput, ref float weights, ref float gradInput, int begin, int end)"))
        {
            _w.WriteLine($"ref int table = ref MemoryMarshal.GetReference(Blocks{Suffix}Table);");
            _w.WriteLine($"ref int ranges = ref MemoryMarshal.GetReference(Ranges{Suffix}Table);");
            EmitDeclarations(activation: false);
            using (_w.Block("for (int unit = begin; unit < end; unit++)"))
            {
                EmitPixelTile();
                _w.WriteLine($"ref int entry = ref Unsafe.Add(ref table, block * {SccPlan.DataBlockWidth});");
                _w.WriteLine("int c = entry, rows = Unsafe.Add(ref entry, 1), firstRange = Unsafe.Add(ref entry, 2), rangeCount = Unsafe.Add(ref entry, 3);");
                _w.WriteLine("ref float y = ref Unsafe.Add(ref gradInput, c * Plane + q);");
                EmitVariants("rows", _path.RowVariants, EmitBackwardDataTile);
            }
        }
    }

    private void EmitBackwardDataTile(int rows)
    {
        int cycle = PlanCycle;
        _w.WriteLine($"// Tile: channels c..c+{rows - 1} × pixels q..q+{_path.Width - 1}; every reading window's filters contribute.");
        EmitInit(rows, _ => _simd.Zero);
        using (_w.Block("for (int k = 0; k < rangeCount; k++)"))
        {
            _w.WriteLine($"ref int range = ref Unsafe.Add(ref ranges, (firstRange + k) * {SccPlan.RangeWidth});");
            _w.WriteLine("ref float dy = ref Unsafe.Add(ref gradOutput, range * Plane + q);");
            _w.WriteLine("ref float wc = ref Unsafe.Add(ref weights, Unsafe.Add(ref range, 2));");
            _w.WriteLine($"// Filters u, u+{cycle}, … of the window: gradient rows Cycle·Plane apart, weight rows Cycle·GroupWidth apart; channel c+r is tap +r.");
            using (_w.Block("for (int f = Unsafe.Add(ref range, 1); f > 0; f--)"))
            {
                EmitStep(rows, "dy", "wc", 1);
                _w.WriteLine("dy = ref Unsafe.Add(ref dy, Cycle * Plane);");
                _w.WriteLine("wc = ref Unsafe.Add(ref wc, Cycle * GroupWidth);");
            }
        }
        _w.WriteLine($"// Store {rows} channel(s) × {_path.Width} pixel(s).");
        EmitStores(rows, _layer.Plane, activation: false);
    }

    // ---- backward-weights ---------------------------------------------------------------------------------------

    private void EmitBackwardWeights()
    {
        int rows = _path.Rows, taps = _path.Vectors;
        _w.WriteLine($"/// <summary>{Isa}: blocks of up to {rows} filter(s) × {taps} tap(s) = {_path.Accumulators} accumulators of {Lanes} per-lane partial sums, " +
            "reduced over images, then pixels.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void Tiles{Suffix}(ref float input, ref float gradOutput, ref float gradWeights, int batch, int begin, int end)"))
        {
            _w.WriteLine($"ref int table = ref MemoryMarshal.GetReference(Blocks{Suffix}Table);");
            var names = new List<string>();
            for (int r = 0; r < rows; r++)
            {
                for (int t = 0; t < taps; t++)
                {
                    names.Add(Acc(r, t));
                }
            }
            _w.WriteLine($"{_simd.Type} {string.Join(", ", names)};");
            bool tapsFirst = taps <= rows;
            int loaded = tapsFirst ? taps : rows;
            _w.WriteLine($"{_simd.Type} {string.Join(", ", Enumerable.Range(0, loaded).Select(i => "x" + i).Concat(new[] { "d0" }))};");
            _w.WriteLine($"float {string.Join(", ", names.Select(n => "s" + n.Substring(1)))};");
            using (_w.Block("for (int unit = begin; unit < end; unit++)"))
            {
                _w.WriteLine($"ref int entry = ref Unsafe.Add(ref table, unit * {SccPlan.WeightBlockWidth});");
                _w.WriteLine("int o = entry, rows = Unsafe.Add(ref entry, 1), tap = Unsafe.Add(ref entry, 2), taps = Unsafe.Add(ref entry, 3), channel = Unsafe.Add(ref entry, 4);");
                _w.WriteLine("ref float x = ref Unsafe.Add(ref input, channel * Plane);");
                _w.WriteLine("ref float dy = ref Unsafe.Add(ref gradOutput, o * Plane);");
                _w.WriteLine("ref float dw = ref Unsafe.Add(ref gradWeights, o * GroupWidth + tap);");
                EmitVariants("rows", _path.RowVariants, r => EmitVariants("taps", _path.TapVariants.Count == 0 ? new[] { taps }.ToEquatableArray() : _path.TapVariants, t => EmitWeightsTile(r, t, tapsFirst)));
            }
        }
    }

    private void EmitWeightsTile(int rows, int taps, bool tapsFirst)
    {
        int plane = _layer.Plane;
        int vectorPixels = plane - plane % Lanes;
        int filterStride = PlanCycle * plane;
        // Pixels past the last whole vector: one more vector ending at the plane's end where the plane holds one.
        bool overlappedTail = Lanes > 1 && vectorPixels < plane && plane >= Lanes;
        _w.WriteLine($"// Tile: filters o, o+{PlanCycle}, … ({rows}) × taps tap..tap+{taps - 1} (channels channel..channel+{taps - 1}).");
        for (int r = 0; r < rows; r++)
        {
            _w.WriteLine(string.Join(" ", Enumerable.Range(0, taps).Select(t => $"{Acc(r, t)} = {_simd.Zero};")));
        }
        using (_w.Block("for (int n = 0; n < batch; n++)"))
        {
            _w.WriteLine("ref float xp = ref Unsafe.Add(ref x, n * InputImage);");
            _w.WriteLine("ref float dp = ref Unsafe.Add(ref dy, n * OutputImage);");
            _w.WriteLine($"// {vectorPixels} pixels in vectors of {Lanes}: x of the taps at t·Plane, gradients of the filters at r·Cycle·Plane.");
            using (_w.Block($"for (int p = 0; p < {vectorPixels}; p += {Lanes})"))
            {
                EmitWeightsStep(rows, taps, tapsFirst, t => _simd.Load("xp", t * plane), r => _simd.Load("dp", r * filterStride));
                _w.WriteLine($"xp = ref Unsafe.Add(ref xp, {Lanes});");
                _w.WriteLine($"dp = ref Unsafe.Add(ref dp, {Lanes});");
            }
            if (overlappedTail)
            {
                EmitOverlappedWeightsTail(rows, taps, tapsFirst, plane - vectorPixels, filterStride);
            }
        }
        _w.WriteLine(Lanes > 1 ? "// Add up the lanes (fixed order)." : "// Scalar accumulators are the sums.");
        for (int r = 0; r < rows; r++)
        {
            _w.WriteLine(string.Join(" ", Enumerable.Range(0, taps).Select(t => $"s{r}_{t} = {_simd.Sum(Acc(r, t))};")));
        }
        if (vectorPixels < plane && !overlappedTail)
        {
            _w.WriteLine($"// The last {plane - vectorPixels} pixel(s) of each image, in scalar.");
            using (_w.Block("for (int n = 0; n < batch; n++)"))
            {
                using (_w.Block($"for (int p = n * InputImage + {vectorPixels}, d = n * OutputImage + {vectorPixels}; p < n * InputImage + Plane; p++, d++)"))
                {
                    for (int r = 0; r < rows; r++)
                    {
                        _w.WriteLine(string.Join(" ", Enumerable.Range(0, taps).Select(t =>
                            $"s{r}_{t} += Unsafe.Add(ref x, p + {t * plane}) * Unsafe.Add(ref dy, d + {r * filterStride});")));
                    }
                }
            }
        }
        _w.WriteLine($"// Store {rows} × {taps} weight gradient(s) (rows Cycle·GroupWidth apart).");
        for (int r = 0; r < rows; r++)
        {
            _w.WriteLine(string.Join(" ", Enumerable.Range(0, taps).Select(t => $"Unsafe.Add(ref dw, {r * PlanCycle * _layer.GroupWidth + t}) = s{r}_{t};")));
        }
    }

    /// <summary>
    /// One step of a weight tile: every (filter, tap) accumulator gains gradient × input for one vector of pixels.
    /// <paramref name="input"/> gives the load of tap t's pixels, <paramref name="gradient"/> that of filter r's; the
    /// operand kept in registers is the taps' (<paramref name="tapsFirst"/>) or the filters'.
    /// </summary>
    private void EmitWeightsStep(int rows, int taps, bool tapsFirst, System.Func<int, string> input, System.Func<int, string> gradient)
    {
        if (tapsFirst)
        {
            _w.WriteLine(string.Join(" ", Enumerable.Range(0, taps).Select(t => $"x{t} = {input(t)};")));
            for (int r = 0; r < rows; r++)
            {
                string fmas = string.Join(" ", Enumerable.Range(0, taps).Select(t => $"{Acc(r, t)} = {_simd.MultiplyAdd("x" + t, "d0", Acc(r, t))};"));
                _w.WriteLine($"d0 = {gradient(r)}; {fmas}");
            }
        }
        else
        {
            _w.WriteLine(string.Join(" ", Enumerable.Range(0, rows).Select(r => $"x{r} = {gradient(r)};")));
            for (int t = 0; t < taps; t++)
            {
                string fmas = string.Join(" ", Enumerable.Range(0, rows).Select(r => $"{Acc(r, t)} = {_simd.MultiplyAdd("x" + r, "d0", Acc(r, t))};"));
                _w.WriteLine($"d0 = {input(t)}; {fmas}");
            }
        }
    }

    /// <summary>
    /// The last <paramref name="rest"/> pixels of an image as one more step (<see cref="EmitWeightsStep"/>) on the
    /// vector ending at the plane's end: its first lanes, already counted by the last whole vector, are masked to zero
    /// in the gradients (the x lanes they meet are this image's own pixels). It replaces a scalar loop of a multiply and
    /// an add per (filter, tap, pixel).
    /// </summary>
    private void EmitOverlappedWeightsTail(int rows, int taps, bool tapsFirst, int rest, int filterStride)
    {
        int counted = Lanes - rest;
        string vector = _simd.VectorName!;
        string mask = Literal.Mask(vector, Lanes, lane => lane >= counted);
        _w.WriteLine($"// The last {rest} pixel(s): the vector ending at the plane's end, its first {counted} lane(s) (counted above) masked off in the gradients.");
        EmitWeightsStep(rows, taps, tapsFirst, t => _simd.Load("xp", t * _layer.Plane - counted), r => $"{vector}.BitwiseAnd({_simd.Load("dp", r * filterStride - counted)}, {mask})");
    }
}
