using System;
using ConvGen;
using ConvGen.Reference;

namespace ConvGen.Benchmarks;

/// <summary>
/// Layers with small output planes that run ConvGen's channel-lane convolution plan (output channels in the lanes), and
/// the backward-data passes of those layers, which run the columns plan.
/// </summary>
internal static partial class SmallPlaneLayers
{
    // ResNet-18's stride-2 3×3 layers into conv4 (14×14 output) and conv5 (7×7), DCGAN's discriminator layers into
    // 8×8 and 4×4 outputs (4×4, stride 2, as in PyTorch's DCGAN example), and the 5×5 stride-2 form of the original
    // DCGAN code into 8×8.
    [Conv2D(InChannels = 128, OutChannels = 256, Height = 28, Width = 28, KernelSize = 3, Stride = 2, Padding = 1)]
    public static partial void ResNetStride2To14(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 256, OutChannels = 512, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1)]
    public static partial void ResNetStride2To7(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 128, OutChannels = 256, Height = 16, Width = 16, KernelSize = 4, Stride = 2, Padding = 1)]
    public static partial void DcganStride2To8(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 256, OutChannels = 512, Height = 8, Width = 8, KernelSize = 4, Stride = 2, Padding = 1)]
    public static partial void DcganStride2To4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 128, OutChannels = 256, Height = 16, Width = 16, KernelSize = 5, Stride = 2, Padding = 2)]
    public static partial void Dcgan5x5Stride2To8(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Their backward-data passes (the columns plan: a GEMM with the columns in the lanes, then a column scatter), and
    // ResNet-50's 1×1 stride-2 projection into 14×14.
    [Conv2D(InChannels = 128, OutChannels = 256, Height = 28, Width = 28, KernelSize = 3, Stride = 2, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void ResNetStride2To14Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 256, OutChannels = 512, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void ResNetStride2To7Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 128, OutChannels = 256, Height = 16, Width = 16, KernelSize = 4, Stride = 2, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void DcganStride2To8Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 256, OutChannels = 512, Height = 8, Width = 8, KernelSize = 4, Stride = 2, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void DcganStride2To4Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 128, OutChannels = 256, Height = 16, Width = 16, KernelSize = 5, Stride = 2, Padding = 2, Pass = ConvPass.BackwardData)]
    public static partial void Dcgan5x5Stride2To8Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 512, OutChannels = 1024, Height = 28, Width = 28, KernelSize = 1, Stride = 2, Pass = ConvPass.BackwardData)]
    public static partial void ResNet50ProjectionData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    // And their backward-weights passes (the channel-lane weight tiles).
    [Conv2D(InChannels = 128, OutChannels = 256, Height = 28, Width = 28, KernelSize = 3, Stride = 2, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void ResNetStride2To14Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 256, OutChannels = 512, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void ResNetStride2To7Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 128, OutChannels = 256, Height = 16, Width = 16, KernelSize = 4, Stride = 2, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void DcganStride2To8Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 256, OutChannels = 512, Height = 8, Width = 8, KernelSize = 4, Stride = 2, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void DcganStride2To4Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 128, OutChannels = 256, Height = 16, Width = 16, KernelSize = 5, Stride = 2, Padding = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void Dcgan5x5Stride2To8Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 512, OutChannels = 1024, Height = 28, Width = 28, KernelSize = 1, Stride = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void ResNet50ProjectionWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);
}

/// <summary>
/// <c>--small-planes</c>: the generic im2col + SGEMM kernel against ConvGen's generated kernel with packed weights
/// (packed once, outside the timing, as oneDNN's reorders are) on layers with small output planes, then their
/// backward-data and backward-weights passes against the naive generic loops (<see cref="PlanComparisonBench"/>).
/// </summary>
internal static class SmallPlaneBench
{
    private delegate PackedWeights Pack(ReadOnlySpan<float> weights);

    private delegate void PackedKernel(ReadOnlySpan<float> input, PackedWeights weights, Span<float> output);

    /// <summary>The packed-weights overload as a plain kernel: the weights are packed on the first call (the bench never changes them).</summary>
    private static PlanComparisonBench.Kernel PackedOnce(Pack pack, PackedKernel run)
    {
        PackedWeights? packed = null;
        return (x, w, y) =>
        {
            packed ??= pack(w);
            run(x, packed, y);
        };
    }

    /// <summary>The generic im2col + cache-blocked SGEMM kernel of <paramref name="shape"/>.</summary>
    private static PlanComparisonBench.Kernel Im2Col(Conv2DShape shape) => (x, w, y) => Im2ColGemmConv.Forward(shape, x, w, default, y);

    private static PlanComparisonBench.Layer Layer(string name, Conv2DShape shape, Pack pack, PackedKernel run) =>
        new(name, "fwd", shape, Im2Col(shape), PackedOnce(pack, run));

    /// <summary>A backward-data row: the naive generic loops (<see cref="GenericConv.NaiveBackwardData"/>) against the generated kernel.</summary>
    private static PlanComparisonBench.Layer Data(string name, Conv2DShape shape, PlanComparisonBench.Kernel kernel) =>
        new(name, "bwd_d", shape, (dy, w, dx) => GenericConv.NaiveBackwardData(shape, dy, w, dx), kernel);

    /// <summary>A backward-weights row: the naive generic loops (<see cref="GenericConv.NaiveBackwardWeights"/>) against the generated kernel.</summary>
    private static PlanComparisonBench.Layer Weights(string name, Conv2DShape shape, PlanComparisonBench.Kernel kernel) =>
        new(name, "bwd_w", shape, (x, dy, dw) => GenericConv.NaiveBackwardWeights(shape, x, dy, dw, default), kernel);

    public static int Run(double seconds, OneDnnLive? oneDnn) =>
        Math.Max(RunForward(seconds, oneDnn), Math.Max(RunBackwardData(seconds, oneDnn), RunBackwardWeights(seconds, oneDnn)));

    private static int RunBackwardWeights(double seconds, OneDnnLive? oneDnn) => RunBackward(
        "backward-weights passes (no bias gradient, as oneDNN's)", nameof(GenericConv.NaiveBackwardWeights),
        new[]
        {
            Weights("r18s2_28_128to256", SmallPlaneLayers.ResNetStride2To14WeightsShape, (x, dy, dw) => SmallPlaneLayers.ResNetStride2To14Weights(x, dy, dw)),
            Weights("r18s2_14_256to512", SmallPlaneLayers.ResNetStride2To7WeightsShape, (x, dy, dw) => SmallPlaneLayers.ResNetStride2To7Weights(x, dy, dw)),
            Weights("dcgan_d_16_128to256", SmallPlaneLayers.DcganStride2To8WeightsShape, (x, dy, dw) => SmallPlaneLayers.DcganStride2To8Weights(x, dy, dw)),
            Weights("dcgan_d_8_256to512", SmallPlaneLayers.DcganStride2To4WeightsShape, (x, dy, dw) => SmallPlaneLayers.DcganStride2To4Weights(x, dy, dw)),
            Weights("dcgan5_d_16_128to256", SmallPlaneLayers.Dcgan5x5Stride2To8WeightsShape, (x, dy, dw) => SmallPlaneLayers.Dcgan5x5Stride2To8Weights(x, dy, dw)),
            Weights("r50_proj_28_512to1024", SmallPlaneLayers.ResNet50ProjectionWeightsShape, (x, dy, dw) => SmallPlaneLayers.ResNet50ProjectionWeights(x, dy, dw)),
        },
        seconds, oneDnn);

    private static int RunBackwardData(double seconds, OneDnnLive? oneDnn) => RunBackward(
        "backward-data passes (the columns plan)", nameof(GenericConv.NaiveBackwardData),
        new[]
        {
            Data("r18s2_28_128to256", SmallPlaneLayers.ResNetStride2To14DataShape, (dy, w, dx) => SmallPlaneLayers.ResNetStride2To14Data(dy, w, dx)),
            Data("r18s2_14_256to512", SmallPlaneLayers.ResNetStride2To7DataShape, (dy, w, dx) => SmallPlaneLayers.ResNetStride2To7Data(dy, w, dx)),
            Data("dcgan_d_16_128to256", SmallPlaneLayers.DcganStride2To8DataShape, (dy, w, dx) => SmallPlaneLayers.DcganStride2To8Data(dy, w, dx)),
            Data("dcgan_d_8_256to512", SmallPlaneLayers.DcganStride2To4DataShape, (dy, w, dx) => SmallPlaneLayers.DcganStride2To4Data(dy, w, dx)),
            Data("dcgan5_d_16_128to256", SmallPlaneLayers.Dcgan5x5Stride2To8DataShape, (dy, w, dx) => SmallPlaneLayers.Dcgan5x5Stride2To8Data(dy, w, dx)),
            Data("r50_proj_28_512to1024", SmallPlaneLayers.ResNet50ProjectionDataShape, (dy, w, dx) => SmallPlaneLayers.ResNet50ProjectionData(dy, w, dx)),
        },
        seconds, oneDnn);

    /// <summary>A table of backward passes against the naive generic loops (<paramref name="generic"/>), after a blank line.</summary>
    private static int RunBackward(string passes, string generic, PlanComparisonBench.Layer[] rows, double seconds, OneDnnLive? oneDnn)
    {
        Console.WriteLine();
        return PlanComparisonBench.Run(
            $"Their {passes}, {ConvSimd.ActivePath} path; ms are the best of three rounds' medians.", "generic", "ConvGen", rows,
            $"generic: GenericConv.{generic} (the naive run-time-shaped loops); ConvGen: the generated kernel.",
            seconds, oneDnn);
    }

    private static int RunForward(double seconds, OneDnnLive? oneDnn) => PlanComparisonBench.Run(
        $"Small output planes (the channel-lane convolution plan), {ConvSimd.ActivePath} path; ms are the best of three rounds' medians.", "im2col", "ConvGen",
        new[]
        {
            Layer("r18s2_28_128to256", SmallPlaneLayers.ResNetStride2To14Shape, w => SmallPlaneLayers.ResNetStride2To14PackWeights(w), (x, w, y) => SmallPlaneLayers.ResNetStride2To14(x, w, y)),
            Layer("r18s2_14_256to512", SmallPlaneLayers.ResNetStride2To7Shape, w => SmallPlaneLayers.ResNetStride2To7PackWeights(w), (x, w, y) => SmallPlaneLayers.ResNetStride2To7(x, w, y)),
            Layer("dcgan_d_16_128to256", SmallPlaneLayers.DcganStride2To8Shape, w => SmallPlaneLayers.DcganStride2To8PackWeights(w), (x, w, y) => SmallPlaneLayers.DcganStride2To8(x, w, y)),
            Layer("dcgan_d_8_256to512", SmallPlaneLayers.DcganStride2To4Shape, w => SmallPlaneLayers.DcganStride2To4PackWeights(w), (x, w, y) => SmallPlaneLayers.DcganStride2To4(x, w, y)),
            Layer("dcgan5_d_16_128to256", SmallPlaneLayers.Dcgan5x5Stride2To8Shape, w => SmallPlaneLayers.Dcgan5x5Stride2To8PackWeights(w), (x, w, y) => SmallPlaneLayers.Dcgan5x5Stride2To8(x, w, y)),
        },
        "im2col: Im2ColGemmConv (the generic kernel); ConvGen: the generated kernel's packed-weights overload, the weights packed once before timing.",
        seconds, oneDnn);
}
