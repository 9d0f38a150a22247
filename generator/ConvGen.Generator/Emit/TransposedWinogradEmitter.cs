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
                WinogradEmitter.EmitGemmTask(_w, simd, tile, "Pairs", "PairXi[g]");
            }
            _w.WriteLine();
            new TdcWeightTransformEmitter(_w, _className, _layer, _plan, _transform, Paths.Max(p => p.Tile.Rows)).Emit();
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
        _w.WriteLine("/// <summary>Transform position ξ of every computed pair, in GEMM order (the pair's phase is folded into the weight transform).</summary>");
        _w.WriteLine($"private static ReadOnlySpan<byte> PairXi => new byte[] {{ {string.Join(", ", p.PairXi)} }};");
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

    private void EmitInputTile(SimdVocabulary simd) =>
        WinogradEmitter.EmitInputTiles(_w, simd, _transform, new TileGridShape(_plan.TilesY, _plan.TilesX, _plan.TileBlock));

    /// <summary>
    /// The straight-line output transform Y_φ = A^T·M_φ·A of one phase: M_φ[ξ] is zero wherever (ξ, φ) is not a computed
    /// pair, so those columns of A^T are dropped and only the pair's M are loaded (q·MStride apart).
    /// </summary>
    private void EmitOutputTile(SimdVocabulary simd, int phase)
    {
        string s = simd.Suffix;
        string bias = _layer.HasBias ? $"{simd.Type} bias, " : "";
        int used = Enumerable.Range(0, N * N).Count(xi => PairOf(xi, phase) >= 0);
        _w.WriteLine($"/// <summary>{s} output transform of phase {phase} (row +{phase / 2}, column +{phase % 2}) for {simd.Lanes} tile(s): Y = A^T·M·A over the {used} of {N * N} ξ this phase uses{(_layer.HasBias ? ", plus bias" : "")}{(!_layer.FusedActivation.IsNone ? ", then the activation" : "")}; Y[a][b] goes to y[{(CombinesPhases(simd) ? $"((2a + {phase / 2})·{2 * M} + 2b + {phase % 2})·lanes" : "(a·M + b)·lanes")}].</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]");
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
                    lines.Add(simd.Store(simd.Activate(value, _layer.FusedActivation), "y", TileSlot(simd, phase, p, q)));
                }
            }
            foreach (string line in lines)
            {
                _w.WriteLine(line);
            }
        }
    }
}
