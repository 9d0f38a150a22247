using ConvGen.Generator.Helpers;

namespace ConvGen.Generator.Model;

/// <summary>The pass a kernel computes (mirrors <c>ConvGen.ConvPass</c>).</summary>
internal enum PassKind
{
    Forward = 0,
    BackwardData = 1,
    BackwardWeights = 2,
}

/// <summary>
/// A validated sliding-channel convolution (DSXplore SCC): filter o reads input channels (o·s + j) mod Cin for taps
/// j &lt; gw, with s = gw − ov. <see cref="OverlapRatio"/> is the decimal co the user wrote (null when the overlap was
/// given as a channel count); it only feeds the generated remarks.
/// </summary>
internal sealed record SccLayerSpec(
    int InChannels, int OutChannels, int Height, int Width,
    int ChannelGroups, int OverlapChannels, string? OverlapRatio,
    ActivationKind Activation, PassKind Pass, bool HasBias)
{
    /// <summary>The leaky ReLU's slope for negative inputs, in (0, 1); 0 for every other activation.</summary>
    public float NegativeSlope { get; init; }

    /// <summary>The activation the kernel fuses into its stores (<see cref="FusedActivation.Of"/>).</summary>
    public FusedActivation FusedActivation => FusedActivation.Of(Activation, NegativeSlope);

    public int GroupWidth => InChannels / ChannelGroups;
    public int StrideChannels => GroupWidth - OverlapChannels;
    public int Plane => Height * Width;
    public int InputImage => InChannels * Plane;
    public int OutputImage => OutChannels * Plane;

    /// <summary>An input image's dimensions for messages: C×H×W.</summary>
    public string InputDims => Mathematics.ShapeMath.Dims(InChannels, Height, Width);

    /// <summary>An output image's dimensions for messages: C×H×W (SCC keeps the plane).</summary>
    public string OutputDims => Mathematics.ShapeMath.Dims(OutChannels, Height, Width);
    public int WeightCount => OutChannels * GroupWidth;

    /// <summary>The weights' dimensions for messages: OutChannels×gw.</summary>
    public string WeightDims => Mathematics.ShapeMath.Dims(OutChannels, GroupWidth);

    /// <summary>Floating-point operations for one image (two per real multiply-add; the same for every pass).</summary>
    public long Flops => 2L * OutChannels * GroupWidth * Plane;
}

/// <summary>The cached output of parsing one <c>[SlidingChannelConv]</c> method.</summary>
internal sealed record SccSpec(MethodSpec Method, SccLayerSpec Layer);

/// <summary>
/// The register tile and work tables of one instruction set. The tile is <see cref="Rows"/> × <see cref="Vectors"/>
/// accumulators of <see cref="Lanes"/> floats:
/// <list type="bullet">
/// <item>Forward: rows are filters of one window (o, o+L, …), vectors are pixel vectors.</item>
/// <item>Backward-data: rows are consecutive input channels, vectors are pixel vectors.</item>
/// <item>Backward-weights: rows are filters of one window, "vectors" are consecutive taps (each accumulator holds
/// the per-lane partial sums of one weight over the pixels).</item>
/// </list>
/// Blocks do not all have the full tile: <see cref="RowVariants"/> and <see cref="TapVariants"/> list every row (tap)
/// count that occurs, the full one first; each combination is emitted as its own straight-line code.
/// <para>Tables (flattened, computed at generation time and emitted as constant data):</para>
/// <list type="bullet">
/// <item>Forward blocks, <see cref="SccPlan.ForwardBlockWidth"/> ints: first filter o, rows, window start channel,
/// channels before the wrap (taps [0, split) read start.., taps [split, gw) read 0..), window u.</item>
/// <item>Backward-data blocks, <see cref="SccPlan.DataBlockWidth"/>: first channel c, rows, first range, range count;
/// ranges, <see cref="SccPlan.RangeWidth"/>: window u, its filter count, the weight index of (filter u, tap of c).
/// Every filter u, u+L, … of a range reads the block's channels at the same taps.</item>
/// <item>Backward-weights blocks, <see cref="SccPlan.WeightBlockWidth"/>: first filter o, rows, first tap, taps,
/// channel of the first tap (the taps of a block never straddle the wrap, so their channels are consecutive).</item>
/// </list>
/// </summary>
internal sealed record SccPath(
    int Lanes, int Rows, int Vectors,
    EquatableArray<int> RowVariants, EquatableArray<int> TapVariants,
    int QTiles, int BlockCount, EquatableArray<int> Blocks, EquatableArray<int> Ranges, double PredictedCycles)
{
    public int Accumulators => Rows * Vectors;
    public int Width => Lanes * Vectors;
    /// <summary>Work units: blocks × pixel tiles (backward-weights: blocks; the pixels are its reduction).</summary>
    public int Units => BlockCount * QTiles;
    /// <summary>Load the pixel vectors first and stream broadcast weights when vectors ≤ rows, else the reverse.</summary>
    public bool InputsFirst => Vectors <= Rows;
}

/// <summary>The SCC plan: the channel table's summary (for the remarks) and one path per instruction set.</summary>
internal sealed record SccPlan(
    string Kind,
    int CycleLength,
    int UniqueWindows,
    int WrappingWindows,
    EquatableArray<string> Windows,
    SccPath? Vector256,
    SccPath? Vector128,
    SccPath Scalar,
    long ParallelMinimumFlops)
{
    /// <summary>The Vector512 path (16 lanes, 32 registers), or null where its tables would not fit the emitted-data budget or no 16-lane tile fits.</summary>
    public SccPath? Vector512 { get; init; }

    public const int ForwardBlockWidth = 5;
    public const int DataBlockWidth = 4;
    public const int RangeWidth = 3;
    public const int WeightBlockWidth = 5;
}

/// <summary>A planned SCC kernel ready to emit.</summary>
internal sealed record SccModel(SccSpec Spec, SccPlan Plan);
