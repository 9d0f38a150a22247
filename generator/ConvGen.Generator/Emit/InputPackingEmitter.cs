using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits <c>PackChannel</c>: one input channel copied into its stride-phase planes. Plane (py, px) holds, at row r and
/// column c, the zero-padded input pixel (r·StrideHeight + py, c·StrideWidth + px), so a strided tap reads a
/// contiguous run. Padding rows and columns are compile-time ranges, so the copy loops have no branches.
/// </summary>
internal sealed class InputPackingEmitter
{
    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly DirectConvPlan _plan;

    public InputPackingEmitter(SourceWriter writer, LayerSpec layer, DirectConvPlan plan)
    {
        _w = writer;
        _layer = layer;
        _plan = plan;
    }

    public void EmitPackChannel()
    {
        _w.WriteLine("/// <summary>Packs one input channel into its zero-padded stride-phase planes.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block("private static void PackChannel(ref float source, ref float packed)"))
        {
            int slot = 0;
            foreach (int rowPhase in _plan.RowPhases)
            {
                foreach (int columnPhase in _plan.ColumnPhases)
                {
                    EmitPlane(slot++, rowPhase, columnPhase);
                }
            }
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
                EmitZero("plane", 0, r0 * _plan.PlaneWidth);
            }
            if (r1 > r0)
            {
                using (_w.Block($"for (int r = {r0}; r < {r1}; r++)"))
                {
                    _w.WriteLine("ref float row = ref Unsafe.Add(ref plane, r * PlaneWidth);");
                    _w.WriteLine($"ref float input = ref Unsafe.Add(ref source, (r * {_layer.StrideHeight}{Literal.Signed(rowPhase - _layer.PaddingHeight)}) * Width);");
                    if (c0 > 0)
                    {
                        EmitZero("row", 0, c0);
                    }
                    int inputStart = columnPhase - _layer.PaddingWidth;
                    if (c1 > c0 && _layer.StrideWidth == 1)
                    {
                        _w.WriteLine($"Unsafe.CopyBlockUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref row, {c0})), ref Unsafe.As<float, byte>(ref Unsafe.Add(ref input, {c0 + inputStart})), {(c1 - c0) * 4});");
                    }
                    else if (c1 > c0)
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
                EmitZero("plane", r1 * _plan.PlaneWidth, (_plan.PlaneHeight - r1) * _plan.PlaneWidth);
            }
        }
    }

    /// <summary>
    /// Plane columns [c0, c1) from input columns c·stride + start. Stride 2 (the common case) deinterleaves 16 inputs
    /// into 8 outputs with two constant shuffles per vector where AVX2 is there; the rest is a scalar gather. The
    /// vector loop's bound keeps every read inside the input row.
    /// </summary>
    private void EmitStridedGather(int c0, int c1, int inputStart)
    {
        int stride = _layer.StrideWidth;
        string c = "c";
        int vectorLast = System.Math.Min(c1 - 8, FloorDiv(_layer.Width - 16 - inputStart, 2));
        if (stride == 2 && vectorLast >= c0)
        {
            _w.WriteLine($"int c = {c0};");
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

    /// <summary>Zeroes <paramref name="count"/> floats: plain stores for a few, an unrolled block clear otherwise.</summary>
    private void EmitZero(string reference, int offset, int count)
    {
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
