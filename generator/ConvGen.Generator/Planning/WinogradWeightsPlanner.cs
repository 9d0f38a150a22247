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
        l.Pass == PassKind.BackwardWeights && l.Transposed is null &&
        l.KernelHeight == 3 && l.KernelWidth == 3 && l.StrideHeight == 1 && l.StrideWidth == 1 &&
        l.DilationHeight == 1 && l.DilationWidth == 1 && l.Groups == 1;

    /// <summary>Auto takes Winograd only at or above this many input and output channels (as forward).</summary>
    internal const int AutoMinimumChannels = 32;

    /// <summary>
    /// Auto takes Winograd only where an image has at least this many F(4,3) tiles: the GEMMs reduce over the tiles,
    /// and M[ξ][K][C], 4× the size of the weights, is written and read once per image whatever their count. On
    /// ResNet-18's 7×7×512 layer (4 tiles) that traffic costs more than direct.
    /// </summary>
    internal const int AutoMinimumTiles = 16;

    /// <summary>The output tile Auto picks for a backward-weights layer, or 0 for direct.</summary>
    public static int AutoTile(LayerSpec layer)
    {
        if (!IsSupportedShape(layer) || Math.Min(layer.InChannels, layer.OutChannels) < AutoMinimumChannels)
        {
            return 0;
        }
        int tiles = ShapeMath.CeilDiv(layer.OutHeight, 4) * ShapeMath.CeilDiv(layer.OutWidth, 4);
        return tiles >= AutoMinimumTiles ? 4 : 0;
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
