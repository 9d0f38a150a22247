using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits <c>Pack</c>, <c>TransformWeights</c>, <c>TransformBlocks</c> and its worker-pool task for a TDC + Winograd
/// transposed kernel (<see cref="TransposedWinogradEmitter"/>):
/// U[q] = (G·h_φ·G^T)[ξ] for every computed pair q = (ξ, φ), where h_φ is phase φ's sub-kernel on the shared 3×3
/// window. The filters are walked in their own [Cin][Cout][kh][kw] order, so each is one contiguous run and a block of
/// output channels writes runs of consecutive floats into every pair's plane; per filter the code is straight-line,
/// with the window's taps resolved, G's entries folded in and products that are identically zero (a zero tap or a zero
/// entry of G) left out. The sums run in double in the order of G·h then (G·h)·G^T and are rounded once to float.
/// </summary>
internal sealed class TdcWeightTransformEmitter
{
    private readonly SourceWriter _w;
    private readonly TransposedWinogradPlan _plan;
    private readonly WinogradTransform _transform;
    private readonly int _kernelWidth, _weightCount, _maxTileRows;
    /// <summary>The generated kernel class, which tags the weights it packs.</summary>
    private readonly string _className;

    /// <param name="layer">The transposed layer's equivalent convolution (its kernel width and weight count).</param>
    /// <param name="maxTileRows">The most output channels a GEMM tile of any path holds (a block of U's rows).</param>
    public TdcWeightTransformEmitter(SourceWriter writer, string className, LayerSpec layer, TransposedWinogradPlan plan, WinogradTransform transform, int maxTileRows)
    {
        _w = writer;
        _className = className;
        _plan = plan;
        _transform = transform;
        _kernelWidth = layer.KernelWidth;
        _weightCount = layer.WeightCount;
        _maxTileRows = maxTileRows;
    }

    private int N => _plan.InputTile;

    public void Emit()
    {
        WinogradEmitter.EmitWeightTransformEntry(_w, _className, "Pairs", _weightCount,
            "Packs [Cin][Cout][kh][kw] weights as U[q] = (G·h_φ·G^T)[ξ] per computed pair q = (ξ, φ), [q][K block][C][block row], the order the GEMM tiles read them.",
            new[]
            {
                "Per filter (c, k), read in the weights' own order: the four phase sub-kernels h_φ on the shared window and U = G·h_φ·G^T",
                $"of the {_plan.Pairs} computed pairs, in double with G's entries folded in and identically zero products left out, each rounded",
                "once to float. A block of output channels of consecutive input channels fills one run of every pair's plane: the",
                "runs are gathered in a buffer and copied out whole. (The planes lie UStride floats apart, with power-of-two channel",
                "counts a multiple of 4 KB, so every plane's current line falls in one cache set: written a float at a time,",
                "each line would leave L1 and L2 before it was full.)",
            });
        int chunkFloats = ChunkFloats(_plan.Pairs, _maxTileRows);
        _w.WriteLine();
        _w.WriteLine("/// <summary>U of U's output-channel blocks [part·blocks/parts, (part + 1)·blocks/parts): disjoint runs of every pair's plane.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block("private static void TransformBlocks(ref float source, ref float u, int part, int parts)"))
        {
            _w.WriteLine($"// Per pair, {chunkFloats} floats of its plane gathered before they are copied out.");
            _w.WriteLine($"const int ChunkFloats = {chunkFloats};");
            _w.WriteLine("Span<float> chunk = stackalloc float[Pairs * ChunkFloats];");
            _w.WriteLine("ref float buffer = ref MemoryMarshal.GetReference(chunk);");
            using (WinogradEmitter.OpenTransformBlockLoop(_w))
            {
                _w.WriteLine("int chunkChannels = ChunkFloats / rows;");
                using (_w.Block("for (int c0 = 0; c0 < InChannels; c0 += chunkChannels)"))
                {
                    _w.WriteLine("int channels = Math.Min(chunkChannels, InChannels - c0);");
                    _w.WriteLine("ref float slot = ref buffer;");
                    using (_w.Block("for (int c = c0; c < c0 + channels; c++)"))
                    {
                        _w.WriteLine("// Filters (c, k0 + r) are consecutive in the weights.");
                        _w.WriteLine("ref float filter = ref Unsafe.Add(ref source, (c * OutChannels + k0) * KernelTaps);");
                        _w.WriteLine("int r = 0;");
                        using (_w.Block($"if ({SimdVocabulary.X86}.Avx.IsSupported && Vector256.IsHardwareAccelerated)"))
                        {
                            using (_w.Block("for (; r + 4 <= rows; r += 4)"))
                            {
                                EmitFilter(vector: true);
                                _w.WriteLine("filter = ref Unsafe.Add(ref filter, 4 * KernelTaps);");
                                _w.WriteLine("slot = ref Unsafe.Add(ref slot, 4);");
                            }
                        }
                        using (_w.Block("for (; r < rows; r++)"))
                        {
                            EmitFilter(vector: false);
                            _w.WriteLine("filter = ref Unsafe.Add(ref filter, KernelTaps);");
                            _w.WriteLine("slot = ref Unsafe.Add(ref slot, 1);");
                        }
                    }
                    _w.WriteLine("// Each pair's run: filters (c0.., k0..) of the block, consecutive floats of its plane.");
                    _w.WriteLine("int run = channels * rows;");
                    using (_w.Block("for (int q = 0; q < Pairs; q++)"))
                    {
                        _w.WriteLine("MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref buffer, q * ChunkFloats), run).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref u, q * UStride + k0 * InChannels + c0 * rows), run));");
                    }
                }
            }
        }
        _w.WriteLine();
        WinogradEmitter.EmitWeightTransformTask(_w);
    }

    /// <summary>
    /// Floats of a pair's plane gathered per copy: a multiple of the largest GEMM tile's rows that keeps the whole
    /// buffer near 32 KB, so it stays in L1.
    /// </summary>
    internal static int ChunkFloats(int pairs, int maxTileRows) => System.Math.Max(maxTileRows, 8192 / pairs / maxTileRows * maxTileRows);

    /// <summary>The kernel tap at window position (a, b) of phase φ, or null for a zero tap.</summary>
    private string? Tap(int phase, int a, int b)
    {
        int kh = _plan.RowTaps[(phase >> 1) * 3 + a], kw = _plan.ColumnTaps[(phase & 1) * 3 + b];
        return kh < 0 || kw < 0 ? null : TapName(kh, kw);
    }

    private static string TapName(int kh, int kw) => $"w{kh}_{kw}";

    /// <summary>
    /// One filter's U in scalar doubles, or (<paramref name="vector"/>) four consecutive filters' in the lanes of
    /// Vector256&lt;double&gt; (AVX): the same operations lane by lane, so the same bits.
    /// </summary>
    private void EmitFilter(bool vector)
    {
        // Only the taps some phase's window reads.
        var taps = new SortedSet<(int Kh, int Kw)>();
        foreach (int kh in _plan.RowTaps.Where(t => t >= 0))
        {
            foreach (int kw in _plan.ColumnTaps.Where(t => t >= 0))
            {
                taps.Add((kh, kw));
            }
        }
        string type = vector ? "Vector256<double>" : "double";
        if (vector)
        {
            _w.WriteLine("// Filters (c, k0 + r .. k0 + r + 3): each tap of the four in one vector of doubles.");
            _w.WriteLine("ref float filter1 = ref Unsafe.Add(ref filter, KernelTaps), filter2 = ref Unsafe.Add(ref filter, 2 * KernelTaps), filter3 = ref Unsafe.Add(ref filter, 3 * KernelTaps);");
            foreach ((int kh, int kw) in taps)
            {
                int t = kh * _kernelWidth + kw;
                _w.WriteLine($"Vector256<double> {TapName(kh, kw)} = Vector256.Create((double)Unsafe.Add(ref filter, {t}), Unsafe.Add(ref filter1, {t}), Unsafe.Add(ref filter2, {t}), Unsafe.Add(ref filter3, {t}));");
            }
        }
        else
        {
            _w.WriteLine("// The filter's taps, in double.");
            foreach (IGrouping<int, (int Kh, int Kw)> row in taps.GroupBy(t => t.Kh))
            {
                _w.WriteLine("double " + string.Join(", ", row.Select(t => $"{TapName(t.Kh, t.Kw)} = Unsafe.Add(ref filter, {t.Kh * _kernelWidth + t.Kw})")) + ";");
            }
        }
        for (int phase = 0; phase < 4; phase++)
        {
            int[] pairs = Enumerable.Range(0, _plan.Pairs).Where(q => _plan.PairPhase[q] == phase).ToArray();
            if (pairs.Length == 0)
            {
                continue;
            }
            _w.WriteLine($"// Phase {phase}, window on kernel rows ({DescribeTaps(_plan.RowTaps, phase >> 1)}) × columns ({DescribeTaps(_plan.ColumnTaps, phase & 1)}): G·h, then its {pairs.Length} computed entries of (G·h)·G^T.");
            // (G·h)[i][b] for the rows i its pairs read; null where every product is identically zero.
            var gh = new Dictionary<(int I, int B), string?>();
            foreach (int i in pairs.Select(q => _plan.PairXi[q] / N).Distinct().OrderBy(i => i))
            {
                var declarations = new List<string>();
                for (int b = 0; b < 3; b++)
                {
                    string? sum = Sum(Enumerable.Range(0, 3).Select(a => (_transform.G[i, a], Tap(phase, a, b))), vector);
                    string name = $"g{phase}_{i}_{b}";
                    gh[(i, b)] = sum is null ? null : name;
                    if (sum is not null)
                    {
                        declarations.Add($"{name} = {sum}");
                    }
                }
                if (declarations.Count > 0)
                {
                    _w.WriteLine($"{type} " + string.Join(", ", declarations) + ";");
                }
            }
            foreach (int q in pairs)
            {
                int i = _plan.PairXi[q] / N, j = _plan.PairXi[q] % N;
                string? sum = Sum(Enumerable.Range(0, 3).Select(b => (_transform.G[j, b], gh[(i, b)])), vector);
                string comment = $" // pair {q}: ξ = ({i}, {j})";
                if (vector)
                {
                    string narrowed = sum is null ? "Vector128<float>.Zero" : $"{SimdVocabulary.X86}.Avx.ConvertToVector128Single({sum})";
                    _w.WriteLine($"{narrowed}.StoreUnsafe(ref slot, {q} * ChunkFloats);{comment}");
                }
                else
                {
                    string value = sum ?? "0.0";
                    string rounded = value.IndexOf(' ') < 0 ? $"(float){value}" : $"(float)({value})";
                    _w.WriteLine($"Unsafe.Add(ref slot, {q} * ChunkFloats) = {rounded};{comment}");
                }
            }
        }
    }

    /// <summary>The kernel rows (or columns) of a phase's window, "zero" for a zero tap.</summary>
    private static string DescribeTaps(EquatableArray<int> taps, int phase) =>
        string.Join(", ", Enumerable.Range(0, 3).Select(j => taps[phase * 3 + j] is int t && t >= 0 ? Literal.Int(t) : "zero"));

    /// <summary>
    /// Σ_k c_k·x_k of exact coefficients (<see cref="LinearCombination"/>): zero products left out, ±1 unmultiplied;
    /// null when nothing is left. A <paramref name="vector"/> term goes first in its product (Vector256 times a scalar).
    /// </summary>
    internal static string? Sum(IEnumerable<(Rational Coefficient, string? Term)> terms, bool vector) =>
        LinearCombination.Format(terms.Select(t => (t.Coefficient.ToDouble(), t.Term)), m => m.ToString("R", CultureInfo.InvariantCulture), termFirst: vector);
}
