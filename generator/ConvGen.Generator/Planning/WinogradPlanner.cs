using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Planning;

/// <summary>
/// Plans a Winograd F(m×m, 3×3) or F(m×m, 5×5) layer: the tile grid, the tile block that keeps V and M in L2, and the per-ξ GEMM
/// (a pointwise C → K layer over the block's tiles, planned by <see cref="DirectConvPlanner"/>). Also prices the
/// candidate plans against direct for Auto (<see cref="Choose"/>).
/// </summary>
internal static class WinogradPlanner
{
    /// <summary>Bytes V[ξ][C][block] + M[ξ][K][block] may take: 3/4 of the 1 MB L2 (U streams from L3).</summary>
    internal const long BlockBudgetBytes = 768 * 1024;

    /// <summary>Tiles a block holds at most (the GEMM's panel also stays on the stack).</summary>
    internal const int MaxTileBlock = 64;

    /// <summary>Smallest tile block when the image has more tiles (measured: 16 beats 8 on 7×7×512 F(2,3)).</summary>
    internal const int MinimumTileBlock = 16;

    /// <summary>
    /// Tile blocks are whole multiples of this, one Vector512 of tiles, so the Vector512 GEMM has whole vectors; images
    /// with fewer tiles (7×7 F(4,3) has 4) keep blocks of 8 and the Vector256 path rather than compute mostly padding.
    /// </summary>
    internal const int TileBlockQuantum = 16;

    /// <summary>
    /// True for the forward layers Winograd F(m, 3) or F(m, 5) can serve: <see cref="IsWinogradKernel"/>, and transformed
    /// buffers within <see cref="MaxWorkingFloats"/>.
    /// </summary>
    public static bool IsSupportedShape(LayerSpec l) => IsWinogradKernel(l) && l.Pass == PassKind.Forward && FitsWorkingFloats(l) && HasTilePadding(l);

    /// <summary>
    /// Padding of at most r − 1 per axis, so every output reads at least one input element. With more, an output whose
    /// window holds only padding is exactly the bias, but Winograd computes it with its tile's other outputs and leaves
    /// their rounding in it, beyond any bound in its own Σ|w·x| (zero); such layers run direct. A backward-data pass's
    /// rotated layer (padding r − 1 − p) and a phase mosaic (padding p / d) are judged by their own padding.
    /// </summary>
    internal static bool HasTilePadding(LayerSpec l) => l.PaddingHeight < l.KernelHeight && l.PaddingWidth < l.KernelWidth;

    /// <summary>
    /// The kernel shapes the forward Winograd plans take: <see cref="IsThreeByThreeUnitStride"/>, or the same with a 5×5
    /// kernel (F(2×2,5×5) and F(4×4,5×5), behind the lower-precision opt-in: <see cref="NeedsLowPrecision"/>).
    /// </summary>
    internal static bool IsWinogradKernel(LayerSpec l) =>
        IsThreeByThreeUnitStride(l) || (l.KernelHeight == 5 && l.KernelWidth == 5 && l.StrideHeight == 1 && l.StrideWidth == 1 &&
        l.DilationHeight == 1 && l.DilationWidth == 1 && l.Groups == 1);

    /// <summary>The output tiles m of F(m×m, r×r) the generator emits for an r×r kernel: 2, 4 and 6 for 3×3; 2 and 4 for 5×5.</summary>
    internal static IReadOnlyList<int> SupportedTiles(int filterSize) => filterSize == 5 ? new[] { 2, 4 } : new[] { 2, 4, 6 };

    /// <summary>
    /// Whether F(m×m, r×r) needs <c>AllowLowPrecisionWinograd</c>: F(6×6,3×3) (input tiles of 8) and both 5×5 plans, whose
    /// fp32 error is 10-20× the direct kernel's (winograd-spec §2.1 and §3: "allow them only under Fast").
    /// </summary>
    internal static bool NeedsLowPrecision(int outputTile, int filterSize) => filterSize == 5 || outputTile == 6;

    /// <summary>
    /// The output tiles m Auto and the cost model may choose for an r×r filter: <see cref="SupportedTiles"/>, those that
    /// <see cref="NeedsLowPrecision"/> only with <paramref name="allowLargeTile"/> (F(2,3) and F(4,3); F(6,3), F(2,5) and
    /// F(4,5) with the opt-in).
    /// </summary>
    internal static IReadOnlyList<int> CandidateTiles(bool allowLargeTile, int filterSize = 3) =>
        SupportedTiles(filterSize).Where(m => allowLargeTile || !NeedsLowPrecision(m, filterSize)).ToArray();

    /// <summary>The kernel shape every F(m, 3) plan needs, whatever the pass: 3×3, stride 1, dilation 1, one group.</summary>
    internal static bool IsThreeByThreeUnitStride(LayerSpec l) =>
        l.KernelHeight == 3 && l.KernelWidth == 3 && l.StrideHeight == 1 && l.StrideWidth == 1 &&
        l.DilationHeight == 1 && l.DilationWidth == 1 && l.Groups == 1;

    /// <summary>The most floats a Winograd plan's buffer may hold (as a tensor, CNVG0107): its sizes are int constants.</summary>
    internal const long MaxWorkingFloats = int.MaxValue / 4;

    /// <summary>
    /// A bound, over every tile size and Winograd plan (forward, backward-weights, transposed), on the floats of the
    /// largest buffer of <paramref name="l"/>: the transformed weights, ξ·C·K with ξ ≤ 64 ((6 + 2)², and up to 4 TDC
    /// phases' worth on a transposed layer), and the transformed input or gradients, ξ·C (or K) per tile at the most
    /// tiles (F(2×2)'s, over the larger of the input and output planes); channels rounded up to a Vector512.
    /// </summary>
    internal static long WorkingFloats(LayerSpec l)
    {
        long c = (l.InChannels + 15) / 16 * 16L, k = (l.OutChannels + 15) / 16 * 16L;
        long tiles = (Math.Max(l.Height, l.OutHeight) + 3L) / 2 * ((Math.Max(l.Width, l.OutWidth) + 3L) / 2);
        long xi = l.Transposed is null ? 64 : 4 * 64;
        return Math.Max(xi * c * k, 64 * tiles * Math.Max(c, k));
    }

    internal static bool FitsWorkingFloats(LayerSpec l) => WorkingFloats(l) <= MaxWorkingFloats;

    /// <summary>
    /// Auto picks Winograd only at or above this many input and output channels: the cost model is calibrated on 3×3
    /// layers with 32–512 channels and says nothing about thinner layers yet.
    /// </summary>
    internal const int AutoMinimumChannels = 32;

    /// <summary>
    /// <see cref="AutoMinimumChannels"/> for 5×5 layers: 16. Measured side by side at 1 thread (Zen 5, 2026-12-07), the
    /// cost model's 5×5 verdicts are conservative down to 16 channels: F(4×4,5×5) ran 16 → 16 at 28×28 in 0.58 of the
    /// direct time (model: 1.07, direct), 16 → 32 at 14×14 in 0.53 (model 0.61), 16 → 16 at 56×56 in 0.46 (model 0.92,
    /// direct), 24 → 24 at 112×112 in 0.36 (model 0.47).
    /// </summary>
    internal const int AutoMinimumChannelsFiveByFive = 16;

    /// <summary>The fewest input and output channels Auto sends to Winograd for <paramref name="layer"/>'s kernel size.</summary>
    internal static int AutoMinimumChannelsFor(LayerSpec layer) => layer.KernelHeight == 5 ? AutoMinimumChannelsFiveByFive : AutoMinimumChannels;

    /// <summary>
    /// The cost model's verdict on a layer <c>Algorithm = Auto</c> considers for Winograd, or null when it is not
    /// considered: not a Winograd shape, or too few channels or too small an output for Winograd to pay.
    /// </summary>
    /// <param name="filterTransformPerCall">Price the filter transform into every call (backward-data, whose weights change every step).</param>
    internal static WinogradChoice? AutoCandidates(LayerSpec layer, bool allowLargeTile, bool filterTransformPerCall = false) =>
        IsSupportedShape(layer) && CandidateTiles(allowLargeTile, layer.KernelHeight).Count > 0
        && WinogradCostModel.IsEligibleShape(layer.InChannels, layer.OutChannels, layer.OutHeight, layer.OutWidth)
            ? Choose(layer, allowLargeTile, filterTransformPerCall)
            : null;

    /// <summary>Auto takes Winograd where the cost model predicts a win and both channel counts reach <see cref="AutoMinimumChannelsFor"/>.</summary>
    internal static bool AutoTakes(LayerSpec layer, WinogradChoice choice) =>
        choice.WinogradPays && Math.Min(layer.InChannels, layer.OutChannels) >= AutoMinimumChannelsFor(layer);

    /// <summary>
    /// <see cref="AutoCandidates"/> for a layer that may be dilated (a forward layer, or a backward-data pass's rotated
    /// forward layer): one with a phase mosaic (<see cref="PhaseMosaicPlanner"/>) is eligible by its own output, and its
    /// Winograd candidates, priced on the mosaic layer, also pay for gathering the mosaic's rows and scattering its
    /// outputs (<see cref="WinogradCostModel.PhaseCopyCycles"/>), against the direct kernel of the dilated layer itself:
    /// the mosaic's zeros between phases are Winograd's cost, not direct's.
    /// </summary>
    internal static WinogradChoice? AutoCandidatesOf(LayerSpec layer, bool allowLargeTile, bool filterTransformPerCall = false)
    {
        if (PhaseMosaicPlanner.Plan(layer) is not { } mosaic)
        {
            return AutoCandidates(layer, allowLargeTile, filterTransformPerCall);
        }
        LayerSpec m = mosaic.Mosaic;
        if (!IsSupportedShape(m) || !WinogradCostModel.IsEligibleShape(layer.InChannels, layer.OutChannels, layer.OutHeight, layer.OutWidth))
        {
            return null;
        }
        WinogradChoice choice = Choose(m, allowLargeTile, filterTransformPerCall);
        double copies = WinogradCostModel.PhaseCopyCycles((long)m.InChannels * m.Height * m.Width, (long)m.OutChannels * m.OutHeight * m.OutWidth);
        var candidates = choice.Candidates.Select(c => c.WithPhaseCopies(copies)).ToList();
        double direct = WinogradCostModel.EstimateDirectCycles(PredictedCycles(DirectConvPlanner.Plan(layer with { WinogradTile = 0 })));
        return new WinogradChoice(candidates, candidates.OrderBy(c => c.Total).First(), direct);
    }

    /// <summary>
    /// The tile block: a multiple of 16 tiles (one Vector512 position vector; 8 on images of fewer tiles), at least 16 when the image has that many
    /// (narrower blocks leave the GEMM broadcast-bound: 12×8 tiles load 12 weights per 12 FMAs), within the L2 budget,
    /// then balanced (the same block count with the smallest multiple of 16 that still covers every tile).
    /// </summary>
    internal static int ChooseTileBlock(int tiles, long perTileBytes)
    {
        int quantum = tiles >= TileBlockQuantum ? TileBlockQuantum : 8;
        int roundedTiles = ShapeMath.CeilDiv(tiles, quantum) * quantum;
        int fit = (int)Math.Max(MinimumTileBlock, BlockBudgetBytes / perTileBytes / quantum * quantum);
        int block = Math.Min(Math.Min(fit, MaxTileBlock), roundedTiles);
        int blocks = ShapeMath.CeilDiv(tiles, block);
        return ShapeMath.CeilDiv(ShapeMath.CeilDiv(tiles, blocks), quantum) * quantum;
    }

    /// <summary>
    /// The plan of the per-ξ GEMM over blocks of <paramref name="tileBlock"/> tiles. The transforms run a vector of
    /// tiles at a time and write exactly TileBlock tiles per channel, so the Vector512 path (16 tiles per vector) exists
    /// only when the block is a multiple of 16; otherwise AVX-512 machines run the Vector256 path. U is always packed,
    /// so the Vector512 tile is chosen without the OIHW rows' L1-set limit (on 7×7×512, F(2,3): 8×16 tiles with it,
    /// 24×16 without).
    /// </summary>
    public static DirectConvPlan GemmPlan(LayerSpec gemmLayer, int tileBlock)
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(gemmLayer);
        TilePlan? vector512 = tileBlock % 16 != 0 ? null : DirectConvPlanner.ChooseTile(
            1, gemmLayer.OutChannels, gemmLayer.InChannels, 1, 16, plan.GridExtent, 1, DirectConvPlanner.ActivationRegisters(gemmLayer), packedWeightsOnly: true,
            weightsStreamFromL3: true);
        return plan with { Vector512Tile = vector512 };
    }

    /// <summary>
    /// The per-ξ GEMM plan of a forward (or rotated backward-data) Winograd layer: <see cref="GemmPlan(LayerSpec, int)"/>,
    /// with the Vector512 tile replaced by <see cref="ChannelLaneGemm"/>'s where it applies.
    /// </summary>
    public static DirectConvPlan GemmPlan(WinogradPlan plan)
    {
        DirectConvPlan gemm = GemmPlan(plan.GemmLayer, plan.TileBlock);
        return gemm.Vector512Tile is { } tile && ChannelLaneGemm(plan, tile) is { } lanes ? gemm with { Vector512Tile = lanes } : gemm;
    }

    /// <summary>Output channels per row block of <see cref="ChannelLaneGemm"/>: three Vector512s.</summary>
    internal const int ChannelLaneRows = 48;

    /// <summary>Tiles each channel-lane register tile broadcasts: 3 vectors × 8 tiles = 24 accumulators, two tiles per block.</summary>
    internal const int ChannelLaneTiles = 8;

    /// <summary>
    /// The Vector512 GEMM tile with the output channels in the lanes, for a layer of one tile block of exactly one vector
    /// of 16 tiles (ResNet-18's 7×7 with F(2,3), 14×14 with F(4,3)) and output channels in whole vectors, at least
    /// <see cref="ChannelLaneRows"/>; else null. The position-lane tile there, 24 channels × 16 tiles, loads 24 broadcast
    /// weights per 24 FMAs; 48 channels × 8 tiles loads 3 weight vectors and 8 broadcast tiles per 24 FMAs. (64 channels
    /// × 4 tiles, 8 loads per 16 FMAs, ran 0.88-0.95× the position-lane tiles on the packed forward pass.)
    /// Each tile's multiply-adds are the position-lane tile's, in the same order, so M is the same bit for bit.
    /// </summary>
    internal static TilePlan? ChannelLaneGemm(WinogradPlan plan, TilePlan vector512)
    {
        int k = plan.GemmLayer.OutChannels;
        if (plan.Blocks != 1 || plan.TileBlock != 16 || k % 16 != 0 || k < ChannelLaneRows)
        {
            return null;
        }
        int blocks = ShapeMath.CeilDiv(k, ChannelLaneRows);
        return new TilePlan(16, ChannelLaneRows, 1, k % ChannelLaneRows, 1, vector512.PredictedCycles)
        {
            Blocks = blocks,
            ChunkBlocks = blocks,
            ChannelLanes = true,
        };
    }

    public static WinogradPlan Plan(LayerSpec layer)
    {
        int m = layer.WinogradTile, r = layer.KernelHeight;
        if (!IsSupportedShape(layer) || !SupportedTiles(r).Contains(m))
        {
            throw new InvalidOperationException($"Winograd F({m},{r}) cannot serve this layer.");
        }
        int n = m + r - 1;
        int tilesY = ShapeMath.CeilDiv(layer.OutHeight, m), tilesX = ShapeMath.CeilDiv(layer.OutWidth, m);
        int tiles = tilesY * tilesX;
        int block = ChooseTileBlock(tiles, 4L * n * n * (layer.InChannels + layer.OutChannels));
        var gemm = new LayerSpec(layer.InChannels, layer.OutChannels, 1, block, 1, 1, 1, 1, 0, 0, 1, 1, 1,
            ActivationKind.None, AlgorithmKind.Direct, HasBias: false);
        return new WinogradPlan(m, tilesY, tilesX, block, gemm, r);
    }

    /// <summary>
    /// Prices the layer as direct and as each candidate F(m×m, r×r) with <see cref="WinogradCostModel"/>, from the plans
    /// the generator would emit: the direct plan's register tile, and per m the tile block and the per-ξ GEMM's
    /// register tile (its cycles scaled by <see cref="WinogradCostModel.NarrowBlockGemmFactor"/> where it has no
    /// Vector512 path). F(6×6, 3×3) is a candidate only with <paramref name="allowLargeTile"/>; with
    /// <paramref name="filterTransformPerCall"/>, each candidate also pays for transforming every filter.
    /// </summary>
    public static WinogradChoice Choose(LayerSpec layer, bool allowLargeTile, bool filterTransformPerCall = false)
    {
        if (!IsSupportedShape(layer))
        {
            throw new InvalidOperationException("Winograd F(m,r) cannot serve this layer.");
        }
        int r = layer.KernelHeight;
        var candidates = new List<WinogradCycleEstimate>();
        WinogradCycleEstimate? best = null;
        foreach (int m in CandidateTiles(allowLargeTile, r))
        {
            WinogradPlan plan = Plan(layer with { WinogradTile = m });
            DirectConvPlan gemm = GemmPlan(plan.GemmLayer, plan.TileBlock);
            double gemmCycles = PredictedCycles(gemm) * (gemm.Vector512Tile is null ? WinogradCostModel.NarrowBlockGemmFactor : 1.0);
            WinogradCycleEstimate estimate = WinogradCostModel.EstimateWinogradCycles(
                CookToom.Standard(m, r), layer.InChannels, layer.OutChannels, layer.OutHeight, layer.OutWidth,
                plan.TileBlock, gemmCycles);
            if (filterTransformPerCall)
            {
                bool rowBlocks = TransformsRowBlocks(plan, gemm);
                estimate = estimate.WithFilterTransform(WinogradCostModel.FilterTransformCycles(CookToom.Standard(m, r), layer.InChannels, layer.OutChannels, rowBlocks), rowBlocks);
            }
            candidates.Add(estimate);
            if (best is null || estimate.Total < best.Value.Total)
            {
                best = estimate;
            }
        }
        double direct = WinogradCostModel.EstimateDirectCycles(PredictedCycles(DirectConvPlanner.Plan(layer with { WinogradTile = 0 })));
        return new WinogradChoice(candidates, best!.Value, direct);
    }

    /// <summary>
    /// True when a single image may transform the filters inside the GEMM phase, row block by row block: the plan has one
    /// tile block (each image reads all of U once) and the GEMM tile <see cref="Choose"/> prices (Vector256's, else the
    /// widest there is) has exactly one position tile, so its units are its row blocks. Writing all of U to memory and
    /// reading it back then costs more than the transform. At run time each instruction set's path does so only if its
    /// own tile has one position tile too (a Vector128 or Vector512 tile with two transforms all of U first).
    /// </summary>
    internal static bool TransformsRowBlocks(WinogradPlan plan, DirectConvPlan gemm) =>
        plan.Blocks == 1 && (gemm.Vector256Tile ?? gemm.Vector128Tile ?? gemm.ScalarTile).QTiles == 1;

    /// <summary>The register-tile model's cycles for the widest instruction set the plan has a tile for.</summary>
    private static double PredictedCycles(DirectConvPlan plan) =>
        (plan.Vector256Tile ?? plan.Vector128Tile ?? plan.ScalarTile).PredictedCycles;
}
