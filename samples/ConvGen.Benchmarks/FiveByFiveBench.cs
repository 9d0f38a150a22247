using System;
using ConvGen;

namespace ConvGen.Benchmarks;

/// <summary>5×5 layers two ways: ConvGen's direct plan, and what Auto picks given AllowLowPrecisionWinograd (F(m×m,5×5)).</summary>
internal static partial class FiveByFiveLayers
{
    // A 32 → 64 5×5 layer on 28×28 (LeNet-style, widened), GoogLeNet's inception 3b 5×5 branch (32 → 96), torchvision
    // AlexNet's second layer (64 → 192 on 27×27) and a 64 → 64 layer on 56×56, all padded "same".
    [Conv2D(InChannels = 32, OutChannels = 64, Height = 28, Width = 28, KernelSize = 5, Padding = 2, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Direct28x32to64(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 32, OutChannels = 64, Height = 28, Width = 28, KernelSize = 5, Padding = 2, AllowLowPrecisionWinograd = true)]
    public static partial void Winograd28x32to64(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 32, OutChannels = 96, Height = 28, Width = 28, KernelSize = 5, Padding = 2, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Direct28x32to96(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 32, OutChannels = 96, Height = 28, Width = 28, KernelSize = 5, Padding = 2, AllowLowPrecisionWinograd = true)]
    public static partial void Winograd28x32to96(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 64, OutChannels = 192, Height = 27, Width = 27, KernelSize = 5, Padding = 2, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Direct27x64to192(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 64, OutChannels = 192, Height = 27, Width = 27, KernelSize = 5, Padding = 2, AllowLowPrecisionWinograd = true)]
    public static partial void Winograd27x64to192(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 64, OutChannels = 64, Height = 56, Width = 56, KernelSize = 5, Padding = 2, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Direct56x64(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 64, OutChannels = 64, Height = 56, Width = 56, KernelSize = 5, Padding = 2, AllowLowPrecisionWinograd = true)]
    public static partial void Winograd56x64(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Backward-data of the first and third: the forward kernel of the rotated layer (padding 4 − 2), its weights
    // transformed on every call.
    [Conv2D(InChannels = 32, OutChannels = 64, Height = 28, Width = 28, KernelSize = 5, Padding = 2, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Direct)]
    public static partial void DataDirect28x32to64(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 32, OutChannels = 64, Height = 28, Width = 28, KernelSize = 5, Padding = 2, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Winograd, AllowLowPrecisionWinograd = true)]
    public static partial void DataWinograd28x32to64(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 64, OutChannels = 192, Height = 27, Width = 27, KernelSize = 5, Padding = 2, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Direct)]
    public static partial void DataDirect27x64to192(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 64, OutChannels = 192, Height = 27, Width = 27, KernelSize = 5, Padding = 2, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Winograd, AllowLowPrecisionWinograd = true)]
    public static partial void DataWinograd27x64to192(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    // Backward-weights of the same two: the weight-gradient form of F(4×4,5×5), which Auto takes with the opt-in.
    [Conv2D(InChannels = 32, OutChannels = 64, Height = 28, Width = 28, KernelSize = 5, Padding = 2, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Direct)]
    public static partial void WeightsDirect28x32to64(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);
    [Conv2D(InChannels = 32, OutChannels = 64, Height = 28, Width = 28, KernelSize = 5, Padding = 2, Pass = ConvPass.BackwardWeights, AllowLowPrecisionWinograd = true)]
    public static partial void WeightsWinograd28x32to64(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 64, OutChannels = 192, Height = 27, Width = 27, KernelSize = 5, Padding = 2, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Direct)]
    public static partial void WeightsDirect27x64to192(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);
    [Conv2D(InChannels = 64, OutChannels = 192, Height = 27, Width = 27, KernelSize = 5, Padding = 2, Pass = ConvPass.BackwardWeights, AllowLowPrecisionWinograd = true)]
    public static partial void WeightsWinograd27x64to192(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);
}

/// <summary><c>--five</c>: 5×5 layers' direct kernel against F(m×m,5×5) (<see cref="PlanComparisonBench"/>).</summary>
internal static class FiveByFiveBench
{
    public static int Run(double seconds, OneDnnLive? oneDnn) => PlanComparisonBench.Run(
        $"5×5 layers, {ConvSimd.ActivePath} path; ms are the best of three rounds' medians.", "direct", "Winograd",
        new PlanComparisonBench.Layer[]
        {
            new("c5_28_32to64", "fwd", FiveByFiveLayers.Winograd28x32to64Shape, FiveByFiveLayers.Direct28x32to64, FiveByFiveLayers.Winograd28x32to64),
            new("c5_28_32to96", "fwd", FiveByFiveLayers.Winograd28x32to96Shape, FiveByFiveLayers.Direct28x32to96, FiveByFiveLayers.Winograd28x32to96),
            new("c5_27_64to192", "fwd", FiveByFiveLayers.Winograd27x64to192Shape, FiveByFiveLayers.Direct27x64to192, FiveByFiveLayers.Winograd27x64to192),
            new("c5_56_64to64", "fwd", FiveByFiveLayers.Winograd56x64Shape, FiveByFiveLayers.Direct56x64, FiveByFiveLayers.Winograd56x64),
            new("c5_28_32to64 bwd-data", "bwd_d", FiveByFiveLayers.DataWinograd28x32to64Shape, FiveByFiveLayers.DataDirect28x32to64, FiveByFiveLayers.DataWinograd28x32to64),
            new("c5_27_64to192 bwd-data", "bwd_d", FiveByFiveLayers.DataWinograd27x64to192Shape, FiveByFiveLayers.DataDirect27x64to192, FiveByFiveLayers.DataWinograd27x64to192),
            new("c5_28_32to64 bwd-weights", "bwd_w", FiveByFiveLayers.WeightsWinograd28x32to64Shape, FiveByFiveLayers.WeightsDirect28x32to64, FiveByFiveLayers.WeightsWinograd28x32to64),
            new("c5_27_64to192 bwd-weights", "bwd_w", FiveByFiveLayers.WeightsWinograd27x64to192Shape, FiveByFiveLayers.WeightsDirect27x64to192, FiveByFiveLayers.WeightsWinograd27x64to192),
        },
        "direct: Algorithm = ConvAlgorithm.Direct; Winograd: Auto with AllowLowPrecisionWinograd = true (forward, backward-weights), Algorithm = Winograd with it (backward-data): F(2×2,5×5) or F(4×4,5×5), as each plan's remarks say.",
        seconds, oneDnn);
}
