using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Planning;

/// <summary>
/// Plans Winograd F(m×m, 3×3) on the TDC phases of a transposed layer (winograd-spec §5.3–5.4): the shared-input phase
/// tables, the tile grid over the phase outputs, which (ξ, phase) products are not identically zero, and the GEMM.
/// </summary>
internal static class TransposedWinogradPlanner
{
    /// <summary>Tiles per image below which the transformed weights (2.25× the raw ones) cost more than they save.</summary>
    internal const int MinimumTiles = 8;

    /// <summary>
    /// Fewest input and output channels for Auto to take Winograd: with fewer, the GEMMs are too thin to pay for the
    /// transforms (measured: DCGAN 128 → 3 at 32×32 runs 0.8× of direct TDC, 256 → 128 at 16×16 2.8×).
    /// </summary>
    internal const int MinimumChannels = 16;

    /// <summary>
    /// True for the transposed forward passes this plan serves: <see cref="HasSharedThreeTapPhases"/>, and transformed
    /// buffers within <see cref="WinogradPlanner.MaxWorkingFloats"/>.
    /// </summary>
    public static bool IsSupportedShape(LayerSpec l) =>
        l.Transposed is { Pass: PassKind.Forward } && HasSharedThreeTapPhases(l) && WinogradPlanner.FitsWorkingFloats(l);

    /// <summary>
    /// The kernel shape the plan needs, whatever the pass: stride 2, dilation 1, one group, and a shared window of
    /// exactly 3 taps on both axes (k = 4 or 3 with even padding parity, k = 5 or 6, …; the DCGAN/U-Net k=4, S=2, p=1).
    /// </summary>
    internal static bool HasSharedThreeTapPhases(LayerSpec l) =>
        l.Transposed is { } t && l.Groups == 1 && l.DilationHeight == 1 && l.DilationWidth == 1 &&
        l.StrideHeight == 2 && l.StrideWidth == 2 &&
        Axis(l.KernelHeight, l.PaddingHeight, t.OutputPaddingHeight).TapCount == 3 &&
        Axis(l.KernelWidth, l.PaddingWidth, t.OutputPaddingWidth).TapCount == 3;

    /// <summary>Tiles of F(m×m, 3×3) per image (OH = the transposed output height).</summary>
    public static int TileCount(LayerSpec l, int m)
    {
        (int y, int x) = TileGrid(l, m);
        return y * x;
    }

    /// <summary>Tile rows and columns of F(m×m, 3×3) over the phase grid ⌈OH/2⌉ × ⌈OW/2⌉.</summary>
    private static (int Y, int X) TileGrid(LayerSpec l, int m) =>
        (ShapeMath.CeilDiv(ShapeMath.CeilDiv(l.Height, 2), m), ShapeMath.CeilDiv(ShapeMath.CeilDiv(l.Width, 2), m));

    private static TdcAxisPlan Axis(int kernel, int padding, int outputPadding) =>
        TdcAxisPlan.Create(kernel, 2, padding, outputPadding, sharedInput: true);

    public static TransposedWinogradPlan Plan(LayerSpec layer)
    {
        int m = layer.WinogradTile;
        if (m is not (2 or 4) || !IsSupportedShape(layer))
        {
            throw new InvalidOperationException($"Winograd F({m},3) cannot serve this transposed layer.");
        }
        TransposedShape t = layer.Transposed!;
        TdcAxisPlan rows = Axis(layer.KernelHeight, layer.PaddingHeight, t.OutputPaddingHeight);
        TdcAxisPlan columns = Axis(layer.KernelWidth, layer.PaddingWidth, t.OutputPaddingWidth);
        WinogradTransform transform = CookToom.Standard(m, 3);
        int n = m + 2;
        bool[,] rowActive = Activity(rows, transform), columnActive = Activity(columns, transform);
        var pairXi = new List<int>();
        var pairPhase = new List<int>();
        for (int xi = 0; xi < n * n; xi++)
        {
            for (int phase = 0; phase < 4; phase++)
            {
                if (rowActive[phase / 2, xi / n] && columnActive[phase % 2, xi % n])
                {
                    pairXi.Add(xi);
                    pairPhase.Add(phase);
                }
            }
        }
        // C = the transposed input channels (the equivalent convolution's outputs), K = its output channels.
        int c = layer.OutChannels, k = layer.InChannels;
        (int tilesY, int tilesX) = TileGrid(layer, m);
        int block = WinogradPlanner.ChooseTileBlock(tilesY * tilesX, 4L * (n * n * c + pairXi.Count * k));
        var gemm = new LayerSpec(c, k, 1, block, 1, 1, 1, 1, 0, 0, 1, 1, 1, ActivationKind.None, AlgorithmKind.Direct, HasBias: false);
        return new TransposedWinogradPlan(m, tilesY, tilesX, block, rows.Phases[0].InputOffset, columns.Phases[0].InputOffset,
            Taps(rows), Taps(columns), pairXi.ToEquatableArray(), pairPhase.ToEquatableArray(), gemm);
    }

    /// <summary>
    /// active[φ, ξ]: row ξ of G·h_φ can be non-zero, i.e. some window tap j with G[ξ][j] ≠ 0 is a kernel tap. Rows where
    /// it is false are exactly zero (spec §5.3: a zero first tap kills point 0, a zero last tap the point at infinity).
    /// </summary>
    internal static bool[,] Activity(TdcAxisPlan axis, WinogradTransform transform)
    {
        int n = transform.InputTileSize;
        var active = new bool[axis.Stride, n];
        for (int phase = 0; phase < axis.Stride; phase++)
        {
            for (int xi = 0; xi < n; xi++)
            {
                for (int j = 0; j < 3; j++)
                {
                    active[phase, xi] |= !transform.G[xi, j].IsZero && axis.Phases[phase].Taps[j].HasValue;
                }
            }
        }
        return active;
    }

    private static EquatableArray<int> Taps(TdcAxisPlan axis) =>
        axis.Phases.SelectMany(p => p.Taps.Select(tap => tap ?? -1)).ToEquatableArray();
}
