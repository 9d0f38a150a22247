using System;
using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Planning;

/// <summary>
/// Plans backward-weights as Winograd F(m×m, 3×3) in its weight-gradient form, and decides where Auto takes it.
/// </summary>
internal static class WinogradWeightsPlanner
{
    /// <summary>The layers the weight-gradient form serves: backward-weights of a 3×3, stride-1, dilation-1, one-group layer.</summary>
    public static bool IsSupportedShape(LayerSpec l) =>
        l.Pass == PassKind.BackwardWeights && l.Transposed is null && WinogradPlanner.IsThreeByThreeUnitStride(l) && WinogradPlanner.FitsWorkingFloats(l);

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

    /// <summary>The output tile Auto picks for a backward-weights layer, or 0 for direct (<see cref="AutoVerdict"/> says why).</summary>
    public static int AutoTile(LayerSpec layer) => AutoVerdict(layer).Tile;

    /// <summary>
    /// Auto's choice for a backward-weights layer and the reason, or (0, null) where Winograd is not considered (not its
    /// shape, or fewer than <see cref="AutoMinimumChannels"/> channels).
    /// </summary>
    public static (int Tile, string? Reason) AutoVerdict(LayerSpec layer)
    {
        if (!IsSupportedShape(layer) || Math.Min(layer.InChannels, layer.OutChannels) < AutoMinimumChannels)
        {
            return (0, null);
        }
        int tiles = Plan(layer with { WinogradTile = 4 }).Tiles;
        if (tiles < AutoMinimumTiles)
        {
            return (0, $"F(4×4,3×3) would reduce only {tiles} tile(s) per image (at least {AutoMinimumTiles} pay for writing and reading its {36}·K·C transformed sums)");
        }
        if ((long)layer.InChannels * layer.OutChannels > (long)AutoMaxChannelProductPerTile * tiles)
        {
            return (0, $"F(4×4,3×3)'s transformed sums (36·K·C = {36L * layer.InChannels * layer.OutChannels} floats) would be written and read for {tiles} tile(s) per image, more than the measured wins (K·C ≤ {AutoMaxChannelProductPerTile} per tile)");
        }
        return (4, $"{tiles} tiles per image reduce in one GEMM per transform position, 36 multiplications per tile and channel pair instead of 144");
    }

    /// <summary>The weight-gradient form of the F(m, 3) the generator uses.</summary>
    public static WinogradWeightsTransform TransformFor(int outputTile) =>
        WinogradWeightsTransform.TryCreate(CookToom.Standard(outputTile, 3))
        ?? throw new InvalidOperationException($"F({outputTile},3)'s filter transform has no dyadic factorisation.");

    public static WinogradWeightsPlan Plan(LayerSpec layer)
    {
        int m = layer.WinogradTile;
        if (m is not (2 or 4 or 6) || !IsSupportedShape(layer))
        {
            throw new InvalidOperationException($"Winograd F({m},3) cannot serve this backward-weights layer.");
        }
        return new WinogradWeightsPlan(m, ShapeMath.CeilDiv(layer.OutHeight, m), ShapeMath.CeilDiv(layer.OutWidth, m),
            ShapeMath.CeilDiv(layer.InChannels, WinogradWeightsPlan.ColumnQuantum) * WinogradWeightsPlan.ColumnQuantum,
            ShapeMath.CeilDiv(layer.OutChannels, 16) * 16);
    }
}
