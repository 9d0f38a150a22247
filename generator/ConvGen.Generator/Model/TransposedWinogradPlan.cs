using ConvGen.Generator.Helpers;

namespace ConvGen.Generator.Model;

/// <summary>
/// Winograd F(m×m, 3×3) on the TDC phases of a stride-2 transposed convolution, in the shared-input form of
/// winograd-spec §5.4: every phase's sub-kernel is shifted onto one common 3-tap input window (zero taps fill the gaps),
/// so one input transform per tile serves all four phases, and the transformed-domain products that are provably zero
/// are dropped. C = the transposed input channels, K = its output channels; the phase grid is u ∈ [0, ⌈OH/2⌉).
/// </summary>
/// <param name="OutputTile">m: each tile yields m×m outputs of every phase (2m×2m output pixels).</param>
/// <param name="InputOffsetY">e: the common window of phase row u starts at input row u + e (likewise for columns).</param>
/// <param name="RowTaps">Per row phase φ (0, 1) and window tap j (0..2): the kernel row, or −1 for a zero tap; index φ·3 + j.</param>
/// <param name="ColumnTaps">The same for columns.</param>
/// <param name="PairXi">The GEMMs that run, in order: transform position ξ of each (ξ, phase) pair whose U is not identically zero.</param>
/// <param name="PairPhase">Phase φ = φy·2 + φx of each pair.</param>
/// <param name="GemmLayer">The per-pair GEMM (C → K over TileBlock tiles) written as a pointwise layer.</param>
internal sealed record TransposedWinogradPlan(
    int OutputTile, int TilesY, int TilesX, int TileBlock,
    int InputOffsetY, int InputOffsetX,
    EquatableArray<int> RowTaps, EquatableArray<int> ColumnTaps,
    EquatableArray<int> PairXi, EquatableArray<int> PairPhase,
    LayerSpec GemmLayer)
{
    public int InputTile => OutputTile + 2;
    public int Tiles => TilesY * TilesX;
    public int Blocks => (Tiles + TileBlock - 1) / TileBlock;
    public int Pairs => PairXi.Count;
    /// <summary>Rows of each column-phase plane of the padded input: every tile row reads n rows.</summary>
    public int PlaneHeight => TilesY * OutputTile + 2;
    /// <summary>Columns of each column-phase plane: column x = u·m + p of the padded input is element u of plane p.</summary>
    public int PlaneWidth => TilesX + 1;
}
