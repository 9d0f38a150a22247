using System;
using ConvGen;

namespace ConvGen.Samples;

/// <summary>The layers of the quickstart: each attribute declares one layer; ConvGen writes the kernel.</summary>
internal static partial class Layers
{
    // A MobileNet-v1 block at 56×56: depthwise 3×3 + ReLU6, then pointwise 1×1 + ReLU6.
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 3, Padding = 1, Groups = 128, Activation = Activation.Relu6)]
    public static partial void MobileNetDepthwise(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 1, Activation = Activation.Relu6)]
    public static partial void MobileNetPointwise(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // DSXplore's variant of that block: the same depthwise 3×3, then a sliding-channel convolution instead of the
    // dense pointwise. Each filter reads 64 consecutive channels (cg = 2), half of them shared with the next filter
    // (co = 0.5): half the multiply-adds and weights of the pointwise layer.
    [SlidingChannelConv(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, ChannelGroups = 2, Overlap = 0.5, Activation = Activation.Relu6)]
    public static partial void MobileNetSlidingChannel(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // An EfficientNet expansion (pointwise 24 → 144 + SiLU, which runs as a pass over the output) and a MobileNetV3-style
    // depthwise 5×5 + hard swish (fused into the stores).
    [Conv2D(InChannels = 24, OutChannels = 144, Height = 56, Width = 56, KernelSize = 1, Activation = Activation.Silu)]
    public static partial void EfficientNetExpand(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 120, OutChannels = 120, Height = 28, Width = 28, KernelSize = 5, Padding = 2, Groups = 120, Activation = Activation.HardSwish)]
    public static partial void MobileNetV3Depthwise(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // ConvNeXt-T's first-stage expansion, pointwise 96 → 384 + GELU (exact, erf-based; a pass over the output).
    [Conv2D(InChannels = 96, OutChannels = 384, Height = 56, Width = 56, KernelSize = 1, Activation = Activation.Gelu)]
    public static partial void ConvNeXtExpand(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // ResNet-18: a 3×3 layer of the first stage, and the 7×7 stride-2 stem.
    [Conv2D(InChannels = 64, OutChannels = 64, Height = 56, Width = 56, KernelSize = 3, Padding = 1, Activation = Activation.Relu)]
    public static partial void ResNetConv3x3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 3, OutChannels = 64, Height = 224, Width = 224, KernelSize = 7, Stride = 2, Padding = 3)]
    public static partial void ResNetStem(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // YOLOv3-tiny's second 3×3 layer, with Darknet's leaky ReLU (slope 0.1, fused into the stores).
    [Conv2D(InChannels = 32, OutChannels = 64, Height = 104, Width = 104, KernelSize = 3, Padding = 1, Activation = Activation.LeakyRelu, NegativeSlope = 0.1f)]
    public static partial void YoloTinyConv3x3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // DeepLab's atrous 3×3 (dilation 2, padding 2): Winograd on its phase mosaic, the four 14×14 phase images side by side.
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, KernelSize = 3, Padding = 2, Dilation = 2, Activation = Activation.Relu)]
    public static partial void DeepLabAtrous3x3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // GoogLeNet's inception 3b 5×5 branch (32 → 96 at 28×28): Winograd F(m×m, 5×5), which a 5×5 kernel takes only with
    // the lower-precision opt-in (its fp32 error is 10-20× the direct kernel's: here about 5e-6 of the output's scale,
    // inside the quickstart's 1e-5 check).
    [Conv2D(InChannels = 32, OutChannels = 96, Height = 28, Width = 28, KernelSize = 5, Padding = 2, Activation = Activation.Relu, AllowLowPrecisionWinograd = true)]
    public static partial void Inception5x5(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // ResNeXt: grouped 3×3 with 32 groups of 4 channels.
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 3, Padding = 1, Groups = 32)]
    public static partial void ResNeXtGrouped(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Image filtering: a 5×5 filter over a 1280×720 grey image.
    [Conv2D(InChannels = 1, OutChannels = 1, Height = 720, Width = 1280, KernelSize = 5, Padding = 2)]
    public static partial void ImageFilter5x5(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Image filtering per colour channel: Sobel x and y on each plane of a 1280×720 RGB image (3 groups of 1 → 2).
    [Conv2D(InChannels = 3, OutChannels = 6, Height = 720, Width = 1280, KernelSize = 3, Padding = 1, Groups = 3)]
    public static partial void RgbEdges3x3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
}
