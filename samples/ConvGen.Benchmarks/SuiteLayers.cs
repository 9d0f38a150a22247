using System;
using ConvGen;

namespace ConvGen.Benchmarks;

/// <summary>
/// One generated kernel per batch-1 <c>kind=conv</c> (<c>[Conv2D]</c>) or <c>kind=deconv</c> (<c>[ConvTranspose2D]</c>)
/// row of <c>configs.csv</c>, named after the row. No bias and no activation, like the peers harness (oneDNN/PyTorch
/// "no post-ops"). The batch-32 rows reuse the kernel of the same shape: the batch is inferred from the span length.
/// </summary>
internal static partial class SuiteLayers
{
    [Conv2D(InChannels = 32, OutChannels = 32, Height = 112, Width = 112, KernelSize = 3, Padding = 1, Groups = 32)]
    public static partial void mbv1_dw1_112x32_s1_n1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 64, OutChannels = 64, Height = 112, Width = 112, KernelSize = 3, Stride = 2, Padding = 1, Groups = 64)]
    public static partial void mbv1_dw2_112x64_s2_n1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 3, Padding = 1, Groups = 128)]
    public static partial void mbv1_dw3_56x128_s1_n1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 3, Stride = 2, Padding = 1, Groups = 128)]
    public static partial void mbv1_dw4_56x128_s2_n1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, KernelSize = 3, Padding = 1, Groups = 256)]
    public static partial void mbv1_dw5_28x256_s1_n1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, KernelSize = 3, Stride = 2, Padding = 1, Groups = 256)]
    public static partial void mbv1_dw6_28x256_s2_n1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, KernelSize = 3, Padding = 1, Groups = 512)]
    public static partial void mbv1_dw7_14x512_s1_n1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Groups = 512)]
    public static partial void mbv1_dw8_14x512_s2_n1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 1024, OutChannels = 1024, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Groups = 1024)]
    public static partial void mbv1_dw9_7x1024_s1_n1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 32, OutChannels = 64, Height = 112, Width = 112, KernelSize = 1)]
    public static partial void mbv1_pw_112_32to64(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 1)]
    public static partial void mbv1_pw_56_128to128(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, KernelSize = 1)]
    public static partial void mbv1_pw_28_256to256(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, KernelSize = 1)]
    public static partial void mbv1_pw_14_512to512(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 1024, OutChannels = 1024, Height = 7, Width = 7, KernelSize = 1)]
    public static partial void mbv1_pw_7_1024to1024(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 64, OutChannels = 64, Height = 56, Width = 56, KernelSize = 3, Padding = 1)]
    public static partial void r18_3x3_56_64(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, KernelSize = 3, Padding = 1)]
    public static partial void r18_3x3_28_128(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 256, OutChannels = 256, Height = 14, Width = 14, KernelSize = 3, Padding = 1)]
    public static partial void r18_3x3_14_256(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 512, OutChannels = 512, Height = 7, Width = 7, KernelSize = 3, Padding = 1)]
    public static partial void r18_3x3_7_512(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 3, OutChannels = 64, Height = 224, Width = 224, KernelSize = 7, Stride = 2, Padding = 3)]
    public static partial void r18_stem_7x7s2_224_3to64(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 3, Padding = 1, Groups = 32)]
    public static partial void resnext_3x3_56_128_g32(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 1, Groups = 2)]
    public static partial void gpw_56_128_g2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 1, Groups = 4)]
    public static partial void gpw_56_128_g4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 1, OutChannels = 1, Height = 720, Width = 1280, KernelSize = 3, Padding = 1)]
    public static partial void img_1280x720_3x3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 1, OutChannels = 1, Height = 720, Width = 1280, KernelSize = 5, Padding = 2)]
    public static partial void img_1280x720_5x5(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 1, OutChannels = 1, Height = 720, Width = 1280, KernelSize = 7, Padding = 3)]
    public static partial void img_1280x720_7x7(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // The kind=deconv rows: DCGAN's generator (transposed 4×4, stride 2, padding 1; Height × Width is the input's).
    // The suite times the generated packed-weights overload (…PackWeights once at setup).

    [ConvTranspose2D(InChannels = 1024, OutChannels = 512, Height = 4, Width = 4, KernelSize = 4, Stride = 2, Padding = 1)]
    public static partial void dcgan_deconv_4to8_1024to512(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [ConvTranspose2D(InChannels = 512, OutChannels = 256, Height = 8, Width = 8, KernelSize = 4, Stride = 2, Padding = 1)]
    public static partial void dcgan_deconv_8to16_512to256(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [ConvTranspose2D(InChannels = 256, OutChannels = 128, Height = 16, Width = 16, KernelSize = 4, Stride = 2, Padding = 1)]
    public static partial void dcgan_deconv_16to32_256to128(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [ConvTranspose2D(InChannels = 128, OutChannels = 3, Height = 32, Width = 32, KernelSize = 4, Stride = 2, Padding = 1)]
    public static partial void dcgan_deconv_32to64_128to3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
}
