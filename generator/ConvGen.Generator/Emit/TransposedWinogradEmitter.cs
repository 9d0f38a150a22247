using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the kernel class of a stride-2 transposed layer that runs Winograd F(m×m, 3×3) on its TDC phases, in the
/// shared-input form of winograd-spec §5.4: per block of tiles, one input transform V[ξ][C][block] serves all four
/// phases; one GEMM M[pair] = U[pair]·V[ξ] runs per (ξ, phase) pair whose transformed weights are not identically zero
/// (the others are skipped exactly); per phase, an output transform that reads only its pairs writes its m×m outputs
/// interleaved with stride 2 into the NCHW output, fused with bias and activation. Packing, the input transform and the
/// GEMM tiles are <see cref="WinogradEmitter"/>'s.
/// </summary>
internal sealed class TransposedWinogradEmitter
{
    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly TransposedWinogradPlan _plan;
    private readonly DirectConvPlan _gemm;
    private readonly string _className;
    private readonly WinogradTransform _transform;
    private readonly int _inChannels, _outChannels;

    public TransposedWinogradEmitter(SourceWriter writer, KernelModel model, string className)
    {
        _w = writer;
        _layer = model.Spec.Layer;
        _plan = model.TransposedWinograd!;
        _gemm = model.Plan;
        _className = className;
        _transform = CookToom.Standard(_plan.OutputTile, 3);
        // The spec is the equivalent convolution: its outputs are the transposed inputs and vice versa.
        _inChannels = _layer.OutChannels;
        _outChannels = _layer.InChannels;
    }

    private int M => _plan.OutputTile;
    private int N => _plan.InputTile;

    private IEnumerable<(SimdVocabulary Simd, TilePlan Tile)> Paths => WinogradEmitter.GemmPaths(_gemm);

    /// <summary>Pair index q of (ξ, phase), or −1 when that product is identically zero.</summary>
    private int PairOf(int xi, int phase)
    {
        for (int q = 0; q < _plan.Pairs; q++)
        {
            if (_plan.PairXi[q] == xi && _plan.PairPhase[q] == phase)
            {
                return q;
            }
        }
        return -1;
    }

    /// <summary>Output rows (or columns) of phase φ: ⌈(size − φ)/2⌉.</summary>
    private static int PhaseExtent(int size, int phase) => (size - phase + 1) / 2;

    public void Emit(string methodDisplayName, string generatedCodeAttribute)
    {
        _w.WriteLine($"/// <summary>Transposed-convolution kernel (TDC + shared-input Winograd {_transform.Name}) behind <c>{methodDisplayName}</c>; the plan is in that method's remarks.</summary>");
        _w.WriteLine(generatedCodeAttribute);
        using (_w.Block($"file sealed class {_className} : IPinnedKernel, ITransformedWeights"))
        {
            EmitConstants();
            _w.WriteLine();
            EmitRun();
            _w.WriteLine();
            EmitTasks();
            _w.WriteLine();
            new PhasePlanePackingEmitter(_w, M, _layer.OutWidth, -_plan.InputOffsetX, _plan.PlaneWidth).Emit();
            foreach ((SimdVocabulary simd, TilePlan tile) in Paths)
            {
                _w.WriteLine();
                EmitBlock(simd);
                if (WinogradEmitter.TransformPath(simd) == simd)
                {
                    _w.WriteLine();
                    EmitInputTile(simd);
                    for (int phase = 0; phase < 4; phase++)
                    {
                        _w.WriteLine();
                        EmitOutputTile(simd, phase);
                    }
                }
                _w.WriteLine();
                new DirectTileEmitter(_w, TileGeometry.Forward(_plan.GemmLayer, _gemm), simd, tile, packedWeights: true).Emit();
                _w.WriteLine();
                WinogradEmitter.EmitGemmTask(_w, simd, "Pairs", "PairXi[g]");
            }
            _w.WriteLine();
            EmitWeightTransform();
        }
    }

    private void EmitConstants()
    {
        LayerSpec l = _layer;
        TransposedWinogradPlan p = _plan;
        _w.WriteLine("// Transposed layer shape: C input channels of Height×Width, K output channels of OutHeight×OutWidth.");
        _w.WriteLine($"private const int InChannels = {_inChannels}, OutChannels = {_outChannels}, Height = {l.OutHeight}, Width = {l.OutWidth}, OutHeight = {l.Height}, OutWidth = {l.Width};");
        _w.WriteLine($"private const int KernelHeight = {l.KernelHeight}, KernelWidth = {l.KernelWidth}, KernelTaps = {l.Taps};");
        _w.WriteLine($"private const int InputImage = {l.OutputImage}, OutputImage = {l.InputImage}, PadTop = {-p.InputOffsetY}, PadLeft = {-p.InputOffsetX};");
        _w.WriteLine($"private const long Flops = {Literal.Long(l.Flops)}, ParallelFlops = {Literal.Long(DirectConvPlanner.ParallelMinimumFlops)};");
        _w.WriteLine();
        _w.WriteLine($"// {_transform.Name}, points {_transform.DescribePoints()}: per tile, {M}×{M} outputs of each of the 4 phases from one {N}×{N} input tile.");
        _w.WriteLine($"private const int M = {M}, N = {N}, Xi = {N * N}, TilesY = {p.TilesY}, TilesX = {p.TilesX}, Tiles = {p.Tiles};");
        _w.WriteLine($"// {p.Pairs} of the {4 * N * N} (ξ, phase) products are not identically zero; only they are computed (spec §5.3-5.4).");
        _w.WriteLine($"private const int Pairs = {p.Pairs};");
        WinogradEmitter.EmitBlockConstants(_w, p.Blocks, p.TileBlock, "pair", _inChannels, _outChannels);
        WinogradEmitter.EmitPlaneConstants(_w, M, p.PlaneHeight, p.PlaneWidth);
        WinogradEmitter.EmitGemmConstants(_w, _gemm, "per-pair");
        _w.WriteLine();
        WinogradEmitter.EmitGMatrix(_w, _transform, "h");
        _w.WriteLine("/// <summary>Per row phase φ and window tap j (index φ·3 + j): the kernel row, or −1 for a zero tap (TDC, shared window).</summary>");
        _w.WriteLine($"private static ReadOnlySpan<sbyte> RowTaps => new sbyte[] {{ {string.Join(", ", p.RowTaps)} }};");
        _w.WriteLine("/// <summary>The same for kernel columns.</summary>");
        _w.WriteLine($"private static ReadOnlySpan<sbyte> ColumnTaps => new sbyte[] {{ {string.Join(", ", p.ColumnTaps)} }};");
        _w.WriteLine("/// <summary>Transform position ξ and phase φy·2 + φx of every computed pair, in GEMM order.</summary>");
        _w.WriteLine($"private static ReadOnlySpan<byte> PairXi => new byte[] {{ {string.Join(", ", p.PairXi)} }};");
        _w.WriteLine($"private static ReadOnlySpan<byte> PairPhase => new byte[] {{ {string.Join(", ", p.PairPhase)} }};");
    }

    private void EmitRun() =>
        WinogradEmitter.EmitRunMembers(_w, _gemm, _className, _layer.WeightCount, "Pairs * UStride",
            "transformed U per pair, blocked for this instruction set's GEMM tile", "[Cin][Cout][kh][kw]", "U");

    private void EmitTasks() =>
        WinogradEmitter.EmitTasks(_w, _gemm, _layer.HasBias, "Pairs", "input transform, the pair GEMMs, per-phase output transforms");

    private void EmitBlock(SimdVocabulary simd) =>
        WinogradEmitter.EmitBlock(_w, simd, _gemm, new TileGridShape(_plan.TilesY, _plan.TilesX, _plan.TileBlock), N, 4 * M * M, _layer.HasBias, "Pairs",
            "// One GEMM M[q] (K × block) = U[q] (K × C) · V[ξ_q] (C × block) per computed (ξ, phase) pair q.",
            CombinesPhases(WinogradEmitter.TransformPath(simd))
                ? "The four phases' output transforms fused with bias and activation, filling each tile's 4×4 output block; tiles overhanging the edge store only their inside."
                : "Per phase, the output transform fused with bias and activation, stored interleaved (stride 2); tiles overhanging a phase's edge store only their inside.",
            () => EmitOutputChannel(simd));

    /// <summary>
    /// Where a phase's Y[a][b] of lane l goes in y: its tile's 2M×2M output block, row 2a + φy and column 2b + φx, on the
    /// Vector256 path with F(2, 3) (<see cref="KernelStores"/> then writes 8 blocks of one tile row as whole rows);
    /// otherwise the phase's own M×M tile.
    /// </summary>
    private int TileSlot(SimdVocabulary simd, int phase, int a, int b) =>
        (CombinesPhases(simd) ? (2 * a + phase / 2) * 2 * M + 2 * b + phase % 2 : a * M + b) * simd.Lanes;

    /// <summary>8 lanes and F(2, 3): the four phases of 8 tiles fill 8 whole 4×4 output blocks, 32 floats per output row.</summary>
    private bool CombinesPhases(SimdVocabulary simd) => simd.Lanes == 8 && M == 2;

    /// <summary>The four phases' output transforms of output channel k for every vector of the block's tiles.</summary>
    private void EmitOutputChannel(SimdVocabulary simd)
    {
        string s = simd.Suffix;
        int lanes = simd.Lanes;
        _w.WriteLine("ref float mk = ref Unsafe.Add(ref m, k * TileBlock);");
        _w.WriteLine("ref float yk = ref Unsafe.Add(ref output, k * (OutHeight * OutWidth));");
        string biasArg = _layer.HasBias ? simd.Broadcast("Unsafe.Add(ref bias, k)") + ", " : "";
        if (CombinesPhases(simd))
        {
            EmitCombinedOutputChannel(simd, biasArg);
            return;
        }
        for (int phase = 0; phase < 4; phase++)
        {
            int py = phase / 2, px = phase % 2;
            int rows = PhaseExtent(_layer.Height, py), columns = PhaseExtent(_layer.Width, px);
            _w.WriteLine($"// Phase {phase}: output rows 2u + {py} (u < {rows}), columns 2v + {px} (v < {columns}).");
            using (_w.Block($"for (int i = 0; i < TileBlock && t0 + i < Tiles; i += {lanes})"))
            {
                _w.WriteLine($"OutputTile{s}Phase{phase}(ref Unsafe.Add(ref mk, i), {biasArg}ref y);");
                using (_w.Block($"for (int l = 0; l < {lanes} && t0 + i + l < Tiles; l++)"))
                {
                    _w.WriteLine("int t = t0 + i + l, ty = t / TilesX, tx = t - ty * TilesX;");
                    _w.WriteLine($"int u0 = ty * M, v0 = tx * M, rows = Math.Min(M, {rows} - u0), columns = Math.Min(M, {columns} - v0);");
                    using (_w.Block("for (int a = 0; a < rows; a++)"))
                    {
                        using (_w.Block("for (int b = 0; b < columns; b++)"))
                        {
                            _w.WriteLine($"Unsafe.Add(ref yk, (2 * (u0 + a) + {py}) * OutWidth + 2 * (v0 + b) + {px}) = Unsafe.Add(ref y, (a * M + b) * {lanes} + l);");
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The four phases of 8 tiles into their 4×4 output blocks, stored as the forward kernel stores its 4×4 tiles
    /// (<see cref="WinogradEmitter.EmitTileStores"/>).
    /// </summary>
    private void EmitCombinedOutputChannel(SimdVocabulary simd, string biasArg)
    {
        string s = simd.Suffix;
        using (_w.Block("for (int i = 0; i < TileBlock && t0 + i < Tiles; i += 8)"))
        {
            _w.WriteLine("// The four phases' 2×2 outputs of these 8 tiles, interleaved into each tile's 4×4 output block.");
            for (int phase = 0; phase < 4; phase++)
            {
                _w.WriteLine($"OutputTile{s}Phase{phase}(ref Unsafe.Add(ref mk, i), {biasArg}ref y);");
            }
            WinogradEmitter.EmitTileStores(_w, 8, 2 * M, "4");
        }
    }

    private void EmitInputTile(SimdVocabulary simd)
    {
        string s = simd.Suffix;
        _w.WriteLine($"/// <summary>{s} input transform V = B^T·d·B of {simd.Lanes} tile(s): d(r, j) is at r·rowStride + (j mod M)·phaseStride + (j div M)·unitStride; V[ξ] is stored ξ·VStride apart.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (_w.Block($"private static void InputTile{s}(ref float src, nint rowStride, nint phaseStride, nint unitStride, ref float vt)"))
        {
            foreach (string line in WinogradEmitter.InputTransformLines(simd, _transform))
            {
                _w.WriteLine(line);
            }
        }
    }

    /// <summary>
    /// The straight-line output transform Y_φ = A^T·M_φ·A of one phase: M_φ[ξ] is zero wherever (ξ, φ) is not a computed
    /// pair, so those columns of A^T are dropped and only the pair's M are loaded (q·MStride apart).
    /// </summary>
    private void EmitOutputTile(SimdVocabulary simd, int phase)
    {
        string s = simd.Suffix;
        string bias = _layer.HasBias ? $"{simd.Type} bias, " : "";
        int used = Enumerable.Range(0, N * N).Count(xi => PairOf(xi, phase) >= 0);
        _w.WriteLine($"/// <summary>{s} output transform of phase {phase} (row +{phase / 2}, column +{phase % 2}) for {simd.Lanes} tile(s): Y = A^T·M·A over the {used} of {N * N} ξ this phase uses{(_layer.HasBias ? ", plus bias" : "")}{(_layer.Activation != ActivationKind.None ? ", then the activation" : "")}; Y[a][b] goes to y[{(CombinesPhases(simd) ? $"((2a + {phase / 2})·{2 * M} + 2b + {phase % 2})·lanes" : "(a·M + b)·lanes")}].</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (_w.Block($"private static void OutputTile{s}Phase{phase}(ref float mt, {bias}ref float y)"))
        {
            var lines = new List<string>();
            var emitter = new WinogradTransformEmitter(simd);
            RationalMatrix at = _transform.AT;
            var columns = new string[N][];
            for (int b = 0; b < N; b++)
            {
                if (Enumerable.Range(0, N).All(a => PairOf(a * N + b, phase) < 0))
                {
                    continue; // the whole column of M_φ is zero
                }
                lines.Add($"// Column {b}: A^T·M[·][{b}] over the ξ rows this phase uses.");
                var x = new string[N];
                for (int a = 0; a < N; a++)
                {
                    int q = PairOf(a * N + b, phase);
                    x[a] = $"m{a}_{b}";
                    if (q >= 0)
                    {
                        lines.Add($"var {x[a]} = {simd.Load("mt", $"{q} * MStride")};");
                    }
                }
                int column = b;
                RationalMatrix masked = RationalMatrix.Create(at.RowCount, N, (r, a) => PairOf(a * N + column, phase) >= 0 ? at[r, a] : Rational.Zero);
                columns[b] = emitter.Apply(lines, masked, x, $"s{b}_", PointPairing.None, "A^T");
            }
            RationalMatrix rowMatrix = RationalMatrix.Create(at.RowCount, N, (r, b) => columns[b] is null ? Rational.Zero : at[r, b]);
            for (int p = 0; p < M; p++)
            {
                lines.Add($"// Row {p}: (A^T·M)[{p}][·]·A{(_layer.HasBias ? " + bias" : "")}.");
                string[] row = Enumerable.Range(0, N).Select(b => columns[b]?[p] ?? $"unused{b}").ToArray();
                string[] yRow = emitter.Apply(lines, rowMatrix, row, $"y{p}_", PointPairing.None, "A^T");
                for (int q = 0; q < M; q++)
                {
                    string value = _layer.HasBias ? $"({yRow[q]} + bias)" : yRow[q];
                    lines.Add(simd.Store(simd.Activate(value, _layer.Activation), "y", TileSlot(simd, phase, p, q)));
                }
            }
            foreach (string line in lines)
            {
                _w.WriteLine(line);
            }
        }
    }

    private void EmitWeightTransform()
    {
        _w.WriteLine("/// <summary>Packs [Cin][Cout][kh][kw] weights as U[q] = (G·h_φ·G^T)[ξ] per computed pair q = (ξ, φ), [q][K block][C][block row], the order the GEMM tiles read them.</summary>");
        using (_w.Block("public static PackedWeights Pack(ReadOnlySpan<float> weights, string kernel)"))
        {
            _w.WriteLine("PackedWeights packed = KernelWeights.Allocate(Pairs * UStride, kernel, Layout);");
            _w.WriteLine("TransformWeights(weights, KernelWeights.Contents(packed));");
            _w.WriteLine("return packed;");
        }
        _w.WriteLine();
        _w.WriteLine("/// <summary>Per (k, c): the four phase sub-kernels h_φ on the shared window, U = G·h_φ·G^T in double, rounded once to float.</summary>");
        _w.WriteLine("/// <summary>Floats of U: the transformed weights the plain overload caches.</summary>");
        _w.WriteLine("public static int TransformedFloats => Pairs * UStride;");
        _w.WriteLine();
        using (_w.Block("public static void TransformWeights(ReadOnlySpan<float> weights, Span<float> target)"))
        {
            _w.WriteLine("ReadOnlySpan<double> g = GMatrix;");
            _w.WriteLine("ReadOnlySpan<sbyte> rowTaps = RowTaps, columnTaps = ColumnTaps;");
            _w.WriteLine("ReadOnlySpan<byte> pairXi = PairXi, pairPhase = PairPhase;");
            _w.WriteLine("Span<double> h = stackalloc double[9];");
            _w.WriteLine("Span<double> gh = stackalloc double[N * 3];");
            _w.WriteLine("Span<double> transformed = stackalloc double[4 * Xi];");
            _w.WriteLine("int tileRows = TileRows;");
            using (_w.Block("for (int k0 = 0; k0 < OutChannels; k0 += tileRows)"))
            {
                _w.WriteLine("int rows = Math.Min(tileRows, OutChannels - k0);");
                using (_w.Block("for (int r = 0; r < rows; r++)"))
                {
                    using (_w.Block("for (int c = 0; c < InChannels; c++)"))
                    {
                        _w.WriteLine("ReadOnlySpan<float> w = weights.Slice((c * OutChannels + k0 + r) * KernelTaps, KernelTaps);");
                        using (_w.Block("for (int phase = 0; phase < 4; phase++)"))
                        {
                            _w.WriteLine("int py = phase >> 1, px = phase & 1;");
                            _w.WriteLine("for (int jy = 0; jy < 3; jy++) for (int jx = 0; jx < 3; jx++) { int kh = rowTaps[py * 3 + jy], kw = columnTaps[px * 3 + jx]; h[jy * 3 + jx] = kh < 0 || kw < 0 ? 0 : w[kh * KernelWidth + kw]; }");
                            _w.WriteLine("for (int i = 0; i < N; i++) for (int j = 0; j < 3; j++) gh[i * 3 + j] = g[i * 3] * h[j] + g[i * 3 + 1] * h[3 + j] + g[i * 3 + 2] * h[6 + j];");
                            _w.WriteLine("for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) transformed[phase * Xi + i * N + j] = gh[i * 3] * g[j * 3] + gh[i * 3 + 1] * g[j * 3 + 1] + gh[i * 3 + 2] * g[j * 3 + 2];");
                        }
                        _w.WriteLine("int at = k0 * InChannels + c * rows + r;");
                        _w.WriteLine("for (int q = 0; q < Pairs; q++) target[q * UStride + at] = (float)transformed[pairPhase[q] * Xi + pairXi[q]];");
                    }
                }
            }
        }
    }
}
