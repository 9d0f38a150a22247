using System;

namespace ConvGen.Generator.Mathematics;

/// <summary>
/// Arithmetic cost of one transform set, on an FMA machine (a·x + y counts 1 op), as in
/// winograd-spec §3.1 and <c>opcount.py</c>. Built by <see cref="WinogradCostModel.CountOperations"/>.
/// </summary>
internal sealed class WinogradOpCounts : IEquatable<WinogradOpCounts>
{
    public WinogradOpCounts(
        int outputTileSize,
        int filterSize,
        int inputTransform1D,
        int outputTransform1D,
        int filterTransform1D,
        int unpairedInputTransform1D,
        int unpairedOutputTransform1D,
        int unpairedFilterTransform1D)
    {
        OutputTileSize = outputTileSize;
        FilterSize = filterSize;
        InputTransform1D = inputTransform1D;
        OutputTransform1D = outputTransform1D;
        FilterTransform1D = filterTransform1D;
        UnpairedInputTransform1D = unpairedInputTransform1D;
        UnpairedOutputTransform1D = unpairedOutputTransform1D;
        UnpairedFilterTransform1D = unpairedFilterTransform1D;
    }

    /// <summary>m.</summary>
    public int OutputTileSize { get; }

    /// <summary>r.</summary>
    public int FilterSize { get; }

    /// <summary>n = m + r − 1.</summary>
    public int InputTileSize => OutputTileSize + FilterSize - 1;

    /// <summary>Ops of one 1-D B^T·d with the ± point pairing of §1.6 rule 2 ("1D B^T" in §3.1).</summary>
    public int InputTransform1D { get; }

    /// <summary>Ops of one 1-D A^T·M with paired columns ("1D A^T" in §3.1).</summary>
    public int OutputTransform1D { get; }

    /// <summary>Ops of one 1-D G·g with paired rows ("1D G" in §3.1).</summary>
    public int FilterTransform1D { get; }

    /// <summary>The same as <see cref="InputTransform1D"/> without pairing ("naive" in §3.1).</summary>
    public int UnpairedInputTransform1D { get; }

    /// <summary>The same as <see cref="OutputTransform1D"/> without pairing.</summary>
    public int UnpairedOutputTransform1D { get; }

    /// <summary>The same as <see cref="FilterTransform1D"/> without pairing.</summary>
    public int UnpairedFilterTransform1D { get; }

    /// <summary>B^T d B per tile: the 1-D transform on n columns, then on n rows (§1.6 rule 3): 2n·c_B.</summary>
    public int InputTransform2D => 2 * InputTileSize * InputTransform1D;

    /// <summary>A^T M A per tile: (n + m)·c_A (§1.6 rule 3).</summary>
    public int OutputTransform2D => (InputTileSize + OutputTileSize) * OutputTransform1D;

    /// <summary>G g G^T per filter: (r + n)·c_G; usually precomputed at packing time.</summary>
    public int FilterTransform2D => (FilterSize + InputTileSize) * FilterTransform1D;

    /// <summary>Input-transform ops per output pixel per input channel (the "in·C" factor of §3.1).</summary>
    public Rational InputOpsPerOutputPixel => new Rational(InputTransform2D, OutputTileSize * OutputTileSize);

    /// <summary>Output-transform ops per output pixel per output channel (the "out·K" factor of §3.1).</summary>
    public Rational OutputOpsPerOutputPixel => new Rational(OutputTransform2D, OutputTileSize * OutputTileSize);

    public bool Equals(WinogradOpCounts? other) =>
        other is not null
        && OutputTileSize == other.OutputTileSize
        && FilterSize == other.FilterSize
        && InputTransform1D == other.InputTransform1D
        && OutputTransform1D == other.OutputTransform1D
        && FilterTransform1D == other.FilterTransform1D
        && UnpairedInputTransform1D == other.UnpairedInputTransform1D
        && UnpairedOutputTransform1D == other.UnpairedOutputTransform1D
        && UnpairedFilterTransform1D == other.UnpairedFilterTransform1D;

    public override bool Equals(object? obj) => Equals(obj as WinogradOpCounts);

    public override int GetHashCode()
    {
        int hash = HashCombiner.Combine(OutputTileSize, FilterSize, InputTransform1D);
        hash = HashCombiner.Combine(hash, OutputTransform1D, FilterTransform1D);
        return HashCombiner.Combine(hash, UnpairedInputTransform1D, HashCombiner.Combine(UnpairedOutputTransform1D, UnpairedFilterTransform1D));
    }

    public override string ToString() =>
        $"F({OutputTileSize},{FilterSize}) 1D B^T/A^T/G {InputTransform1D}/{OutputTransform1D}/{FilterTransform1D} " +
        $"(unpaired {UnpairedInputTransform1D}/{UnpairedOutputTransform1D}/{UnpairedFilterTransform1D}), " +
        $"2D input/output/filter {InputTransform2D}/{OutputTransform2D}/{FilterTransform2D}";
}
