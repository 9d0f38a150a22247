using System;
using System.Linq;
using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Planning;

/// <summary>
/// Plans backward-weights as Winograd F(m×m, 3×3) (or, with AllowLowPrecisionWinograd, F(m×m, 5×5)) in its weight-gradient form, and decides where Auto takes it.
/// </summary>
internal static class WinogradWeightsPlanner
{
    /// <summary>The layers the weight-gradient form serves: backward-weights of a 3×3 or 5×5, stride-1, dilation-1, one-group layer.</summary>
    public static bool IsSupportedShape(LayerSpec l) =>
        l.Pass == PassKind.BackwardWeights && l.Transposed is null && WinogradPlanner.IsWinogradKernel(l) && WinogradPlanner.FitsWorkingFloats(l);

    /// <summary>Auto takes Winograd only at or above this many input and output channels (as forward).</summary>
    internal const int AutoMinimumChannels = 32;

    /// <summary>
    /// Auto takes Winograd only where an image has at least this many F(4,3) tiles: the GEMMs reduce over the tiles,
    /// and M[ξ][K][C], 4× the size of the weights, is written and read once per image whatever their count. On
    /// ResNet-18's 7×7×512 layer (4 tiles) that traffic costs more than direct (forced: 4.22 ms against 1.13).
    /// </summary>
    internal const int AutoMinimumTiles = 16;

    /// <summary>
    /// Auto's limit on K·C per tile of an image: M's traffic per image grows with K·C and the GEMMs' savings with the
    /// tiles. The largest measured win sits on it: 256 × 256 channels at 14×14 (16 tiles, M 9.4 MB), 0.77 ms against
    /// 1.12 ms direct (Zen 5, 1 thread); 512 × 512 at 14×14 (M 37.7 MB) is beyond it.
    /// </summary>
    internal const int AutoMaxChannelProductPerTile = 4096;

    /// <summary>
    /// Auto's choice for a backward-weights layer and the reason, or (0, null) where Winograd is not considered (not its
    /// shape, a 5×5 layer without <paramref name="allowLowPrecision"/>, or fewer than <see cref="AutoMinimumChannels"/>
    /// channels). A 5×5 layer takes the 3×3 rule: its F(4×4,5×5) saves more per tile (64 multiplications instead of 400,
    /// against 36 instead of 144) for M[ξ] 64/36 the size, and measured 4.0-4.2× faster than direct on 32 → 64 at 28×28
    /// and 64 → 192 at 27×27 (Zen 5, 1 thread, 2026-12-07).
    /// </summary>
    public static (int Tile, string? Reason) AutoVerdict(LayerSpec layer, bool allowLowPrecision = false)
    {
        // Auto's only candidate is F(4×4, r×r).
        if (!IsSupportedShape(layer) || (!allowLowPrecision && WinogradPlanner.NeedsLowPrecision(4, layer.KernelHeight)) || Math.Min(layer.InChannels, layer.OutChannels) < AutoMinimumChannels)
        {
            return (0, null);
        }
        int r = layer.KernelHeight, n = 4 + r - 1;
        string name = $"F(4×4,{r}×{r})";
        int tiles = Plan(layer with { WinogradTile = 4 }).Tiles;
        if (tiles < AutoMinimumTiles)
        {
            return (0, $"{name} would reduce only {tiles} tile(s) per image (at least {AutoMinimumTiles} pay for writing and reading its {n * n}·K·C transformed sums)");
        }
        if ((long)layer.InChannels * layer.OutChannels > (long)AutoMaxChannelProductPerTile * tiles)
        {
            return (0, $"{name}'s transformed sums ({n * n}·K·C = {(long)n * n * layer.InChannels * layer.OutChannels} floats) would be written and read for {tiles} tile(s) per image, more than the measured wins (K·C ≤ {AutoMaxChannelProductPerTile} per tile)");
        }
        return (4, $"{tiles} tiles per image reduce in one GEMM per transform position, {n * n} multiplications per tile and channel pair instead of {16 * r * r}");
    }

    /// <summary>The weight-gradient form of the F(m, r) the generator uses.</summary>
    public static WinogradWeightsTransform TransformFor(int outputTile, int filterSize = 3) =>
        WinogradWeightsTransform.TryCreate(CookToom.Standard(outputTile, filterSize))
        ?? throw new InvalidOperationException($"F({outputTile},{filterSize})'s filter transform has no dyadic factorisation.");

    public static WinogradWeightsPlan Plan(LayerSpec layer)
    {
        int m = layer.WinogradTile, r = layer.KernelHeight;
        if (!IsSupportedShape(layer) || !WinogradPlanner.SupportedTiles(r).Contains(m))
        {
            throw new InvalidOperationException($"Winograd F({m},{r}) cannot serve this backward-weights layer.");
        }
        return new WinogradWeightsPlan(m, ShapeMath.CeilDiv(layer.OutHeight, m), ShapeMath.CeilDiv(layer.OutWidth, m),
            ShapeMath.CeilDiv(layer.InChannels, WinogradWeightsPlan.ColumnQuantum) * WinogradWeightsPlan.ColumnQuantum,
            ShapeMath.CeilDiv(layer.OutChannels, 16) * 16, r);
    }
}
