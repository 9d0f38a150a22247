using System;
using ConvGen;

namespace ConvGen.Benchmarks;

/// <summary>Dilated 3×3 layers two ways: ConvGen's direct plan, and Winograd on the phase mosaic (what Auto picks).</summary>
internal static partial class DilatedLayers
{
    // DeepLab-v3's atrous 3×3 at output stride 8 (narrowed to 128 channels), and a dilation-2 layer on a larger map.
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, KernelSize = 3, Padding = 2, Dilation = 2, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Direct28d2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, KernelSize = 3, Padding = 2, Dilation = 2)]
    public static partial void Mosaic28d2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 64, OutChannels = 64, Height = 56, Width = 56, KernelSize = 3, Padding = 2, Dilation = 2, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Direct56d2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 64, OutChannels = 64, Height = 56, Width = 56, KernelSize = 3, Padding = 2, Dilation = 2)]
    public static partial void Mosaic56d2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // A dilated ResNet's last stage (dilation 4), and ASPP's dilation 6 on a 32×32 map (6×6 phases: little to gain).
    [Conv2D(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, KernelSize = 3, Padding = 4, Dilation = 4, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Direct28d4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, KernelSize = 3, Padding = 4, Dilation = 4)]
    public static partial void Mosaic28d4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 256, OutChannels = 256, Height = 32, Width = 32, KernelSize = 3, Padding = 6, Dilation = 6, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Direct32d6(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 256, OutChannels = 256, Height = 32, Width = 32, KernelSize = 3, Padding = 6, Dilation = 6)]
    public static partial void Mosaic32d6(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Backward-data of the first and third: the forward kernel of the rotated layer, dilated the same way.
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, KernelSize = 3, Padding = 2, Dilation = 2, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Direct)]
    public static partial void DataDirect28d2(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, KernelSize = 3, Padding = 2, Dilation = 2, Pass = ConvPass.BackwardData)]
    public static partial void DataMosaic28d2(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, KernelSize = 3, Padding = 4, Dilation = 4, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Direct)]
    public static partial void DataDirect28d4(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, KernelSize = 3, Padding = 4, Dilation = 4, Pass = ConvPass.BackwardData)]
    public static partial void DataMosaic28d4(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
}

/// <summary>
/// <c>--dilated</c>: each dilated layer's direct kernel and its phase-mosaic Winograd kernel (plain OIHW overloads; forward
/// reuses the cached transform after the first calls, backward-data has a weight changed before every call) in three
/// interleaved rounds, at 1 thread and at all threads (best median per kernel), with oneDNN's same pass measured right
/// after each layer when <c>--onednn-live PATH</c> is given.
/// </summary>
internal static class DilatedBench
{
    public static int Run(double seconds, OneDnnLive? oneDnn) => PlanComparisonBench.Run(
        $"Dilated 3×3 layers, {ConvSimd.ActivePath} path; ms are the best of three rounds' medians.", "direct", "mosaic",
        new PlanComparisonBench.Layer[]
        {
            new("dil_28x128_d2", "fwd", DilatedLayers.Mosaic28d2Shape, DilatedLayers.Direct28d2, DilatedLayers.Mosaic28d2),
            new("dil_56x64_d2", "fwd", DilatedLayers.Mosaic56d2Shape, DilatedLayers.Direct56d2, DilatedLayers.Mosaic56d2),
            new("dil_28x256_d4", "fwd", DilatedLayers.Mosaic28d4Shape, DilatedLayers.Direct28d4, DilatedLayers.Mosaic28d4),
            new("dil_32x256_d6", "fwd", DilatedLayers.Mosaic32d6Shape, DilatedLayers.Direct32d6, DilatedLayers.Mosaic32d6),
            new("dil_28x128_d2 bwd-data", "bwd_d", DilatedLayers.DataMosaic28d2Shape, DilatedLayers.DataDirect28d2, DilatedLayers.DataMosaic28d2),
            new("dil_28x256_d4 bwd-data", "bwd_d", DilatedLayers.DataMosaic28d4Shape, DilatedLayers.DataDirect28d4, DilatedLayers.DataMosaic28d4),
        },
        "direct: Algorithm = ConvAlgorithm.Direct; mosaic: Auto, which runs Winograd on the phase mosaic (README, Winograd convolution).",
        seconds, oneDnn);
}
