namespace ConvGen.Generator.Mathematics;

/// <summary>
/// Predicted cycles of one image through a Winograd F(m×m, 3×3) kernel, by part. Built by
/// <see cref="WinogradCostModel.EstimateWinogradCycles"/>.
/// </summary>
internal readonly struct WinogradCycleEstimate
{
    public WinogradCycleEstimate(int outputTileSize, double gemm, double inputTransform, double outputTransform, double packing, double weightStreaming,
        double filterTransform = 0)
    {
        OutputTileSize = outputTileSize;
        Gemm = gemm;
        InputTransform = inputTransform;
        OutputTransform = outputTransform;
        Packing = packing;
        WeightStreaming = weightStreaming;
        FilterTransform = filterTransform;
    }

    /// <summary>m.</summary>
    public int OutputTileSize { get; }

    /// <summary>The n² per-ξ GEMMs of every tile block.</summary>
    public double Gemm { get; }

    /// <summary>V = B^T·d·B for every input channel and tile, gathers of edge vectors included.</summary>
    public double InputTransform { get; }

    /// <summary>Y = A^T·M·A for every output channel and tile, and the stores into NCHW.</summary>
    public double OutputTransform { get; }

    /// <summary>Packing the padded input into column-phase planes.</summary>
    public double Packing { get; }

    /// <summary>Reading the transformed weights U once per tile block from wherever they fit.</summary>
    public double WeightStreaming { get; }

    /// <summary>
    /// U = G·g·G^T of every filter, where the kernel transforms its weights on every call (backward-data: the weights
    /// change every training step); 0 where they are transformed once (packed, or cached).
    /// </summary>
    public double FilterTransform { get; }

    /// <summary>Input and output transforms and packing: the O(C + K) work per tile.</summary>
    public double Transforms => InputTransform + OutputTransform + Packing;

    public double Total => Gemm + Transforms + WeightStreaming + FilterTransform;

    /// <summary>
    /// The same estimate with the filter transform of every call added; done row block by row block inside the GEMM
    /// phase (<paramref name="rowBlocks"/>), U comes from L2 and streams for free.
    /// </summary>
    public WinogradCycleEstimate WithFilterTransform(double cycles, bool rowBlocks = false) =>
        new(OutputTileSize, Gemm, InputTransform, OutputTransform, Packing, rowBlocks ? 0 : WeightStreaming, cycles);

    /// <summary>The same estimate for a dilated layer's phase mosaic: gathering its rows and scattering its outputs added to the packing.</summary>
    public WinogradCycleEstimate WithPhaseCopies(double cycles) =>
        new(OutputTileSize, Gemm, InputTransform, OutputTransform, Packing + cycles, WeightStreaming, FilterTransform);
}
