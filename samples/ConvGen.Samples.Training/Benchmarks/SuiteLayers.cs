using System;
using ConvGen;
using ConvGen.Reference;

namespace ConvGen.Samples.Training.Benchmarks;

/// <summary>The suite layers of ../shared/bench/peers (1 image): backward-data and backward-weights kernels.</summary>
internal static partial class SuiteLayers
{
    [Conv2D(InChannels = 32, OutChannels = 32, Height = 112, Width = 112, KernelSize = 3, Padding = 1, Groups = 32, Pass = ConvPass.BackwardData)]
    public static partial void Mbv1Dw1112x32S1N1Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 32, OutChannels = 32, Height = 112, Width = 112, KernelSize = 3, Padding = 1, Groups = 32, Pass = ConvPass.BackwardWeights)]
    public static partial void Mbv1Dw1112x32S1N1Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 64, OutChannels = 64, Height = 112, Width = 112, KernelSize = 3, Stride = 2, Padding = 1, Groups = 64, Pass = ConvPass.BackwardData)]
    public static partial void Mbv1Dw2112x64S2N1Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 64, OutChannels = 64, Height = 112, Width = 112, KernelSize = 3, Stride = 2, Padding = 1, Groups = 64, Pass = ConvPass.BackwardWeights)]
    public static partial void Mbv1Dw2112x64S2N1Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 3, Padding = 1, Groups = 128, Pass = ConvPass.BackwardData)]
    public static partial void Mbv1Dw356x128S1N1Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 3, Padding = 1, Groups = 128, Pass = ConvPass.BackwardWeights)]
    public static partial void Mbv1Dw356x128S1N1Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 3, Stride = 2, Padding = 1, Groups = 128, Pass = ConvPass.BackwardData)]
    public static partial void Mbv1Dw456x128S2N1Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 3, Stride = 2, Padding = 1, Groups = 128, Pass = ConvPass.BackwardWeights)]
    public static partial void Mbv1Dw456x128S2N1Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, KernelSize = 3, Padding = 1, Groups = 256, Pass = ConvPass.BackwardData)]
    public static partial void Mbv1Dw528x256S1N1Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, KernelSize = 3, Padding = 1, Groups = 256, Pass = ConvPass.BackwardWeights)]
    public static partial void Mbv1Dw528x256S1N1Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, KernelSize = 3, Stride = 2, Padding = 1, Groups = 256, Pass = ConvPass.BackwardData)]
    public static partial void Mbv1Dw628x256S2N1Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, KernelSize = 3, Stride = 2, Padding = 1, Groups = 256, Pass = ConvPass.BackwardWeights)]
    public static partial void Mbv1Dw628x256S2N1Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, KernelSize = 3, Padding = 1, Groups = 512, Pass = ConvPass.BackwardData)]
    public static partial void Mbv1Dw714x512S1N1Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, KernelSize = 3, Padding = 1, Groups = 512, Pass = ConvPass.BackwardWeights)]
    public static partial void Mbv1Dw714x512S1N1Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Groups = 512, Pass = ConvPass.BackwardData)]
    public static partial void Mbv1Dw814x512S2N1Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Groups = 512, Pass = ConvPass.BackwardWeights)]
    public static partial void Mbv1Dw814x512S2N1Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 1024, OutChannels = 1024, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Groups = 1024, Pass = ConvPass.BackwardData)]
    public static partial void Mbv1Dw97x1024S1N1Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 1024, OutChannels = 1024, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Groups = 1024, Pass = ConvPass.BackwardWeights)]
    public static partial void Mbv1Dw97x1024S1N1Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 32, OutChannels = 64, Height = 112, Width = 112, KernelSize = 1, Pass = ConvPass.BackwardData)]
    public static partial void Mbv1Pw11232to64Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 32, OutChannels = 64, Height = 112, Width = 112, KernelSize = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void Mbv1Pw11232to64Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 1, Pass = ConvPass.BackwardData)]
    public static partial void Mbv1Pw56128to128Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void Mbv1Pw56128to128Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, KernelSize = 1, Pass = ConvPass.BackwardData)]
    public static partial void Mbv1Pw28256to256Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, KernelSize = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void Mbv1Pw28256to256Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, KernelSize = 1, Pass = ConvPass.BackwardData)]
    public static partial void Mbv1Pw14512to512Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, KernelSize = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void Mbv1Pw14512to512Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 1024, OutChannels = 1024, Height = 7, Width = 7, KernelSize = 1, Pass = ConvPass.BackwardData)]
    public static partial void Mbv1Pw71024to1024Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 1024, OutChannels = 1024, Height = 7, Width = 7, KernelSize = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void Mbv1Pw71024to1024Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 64, OutChannels = 64, Height = 56, Width = 56, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void R183x35664Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 64, OutChannels = 64, Height = 56, Width = 56, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void R183x35664Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void R183x328128Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void R183x328128Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 256, OutChannels = 256, Height = 14, Width = 14, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void R183x314256Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 256, OutChannels = 256, Height = 14, Width = 14, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void R183x314256Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 512, OutChannels = 512, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void R183x37512Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 512, OutChannels = 512, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void R183x37512Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 3, OutChannels = 64, Height = 224, Width = 224, KernelSize = 7, Stride = 2, Padding = 3, Pass = ConvPass.BackwardData)]
    public static partial void R18Stem7x7s22243to64Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 3, OutChannels = 64, Height = 224, Width = 224, KernelSize = 7, Stride = 2, Padding = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void R18Stem7x7s22243to64Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 3, Padding = 1, Groups = 32, Pass = ConvPass.BackwardData)]
    public static partial void Resnext3x356128G32Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 3, Padding = 1, Groups = 32, Pass = ConvPass.BackwardWeights)]
    public static partial void Resnext3x356128G32Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void Gpw56128G2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void Gpw56128G2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 1, Groups = 4, Pass = ConvPass.BackwardData)]
    public static partial void Gpw56128G4Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 1, Groups = 4, Pass = ConvPass.BackwardWeights)]
    public static partial void Gpw56128G4Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    /// <summary>The batch-1 forward layers of configs.csv, with their two backward kernels.</summary>
    public static readonly SuiteLayer[] All =
    {
        new("mbv1_dw1_112x32_s1_n1", Mbv1Dw1112x32S1N1DataShape, Mbv1Dw1112x32S1N1Data, Mbv1Dw1112x32S1N1WeightsShape, Mbv1Dw1112x32S1N1Weights),
        new("mbv1_dw2_112x64_s2_n1", Mbv1Dw2112x64S2N1DataShape, Mbv1Dw2112x64S2N1Data, Mbv1Dw2112x64S2N1WeightsShape, Mbv1Dw2112x64S2N1Weights),
        new("mbv1_dw3_56x128_s1_n1", Mbv1Dw356x128S1N1DataShape, Mbv1Dw356x128S1N1Data, Mbv1Dw356x128S1N1WeightsShape, Mbv1Dw356x128S1N1Weights),
        new("mbv1_dw4_56x128_s2_n1", Mbv1Dw456x128S2N1DataShape, Mbv1Dw456x128S2N1Data, Mbv1Dw456x128S2N1WeightsShape, Mbv1Dw456x128S2N1Weights),
        new("mbv1_dw5_28x256_s1_n1", Mbv1Dw528x256S1N1DataShape, Mbv1Dw528x256S1N1Data, Mbv1Dw528x256S1N1WeightsShape, Mbv1Dw528x256S1N1Weights),
        new("mbv1_dw6_28x256_s2_n1", Mbv1Dw628x256S2N1DataShape, Mbv1Dw628x256S2N1Data, Mbv1Dw628x256S2N1WeightsShape, Mbv1Dw628x256S2N1Weights),
        new("mbv1_dw7_14x512_s1_n1", Mbv1Dw714x512S1N1DataShape, Mbv1Dw714x512S1N1Data, Mbv1Dw714x512S1N1WeightsShape, Mbv1Dw714x512S1N1Weights),
        new("mbv1_dw8_14x512_s2_n1", Mbv1Dw814x512S2N1DataShape, Mbv1Dw814x512S2N1Data, Mbv1Dw814x512S2N1WeightsShape, Mbv1Dw814x512S2N1Weights),
        new("mbv1_dw9_7x1024_s1_n1", Mbv1Dw97x1024S1N1DataShape, Mbv1Dw97x1024S1N1Data, Mbv1Dw97x1024S1N1WeightsShape, Mbv1Dw97x1024S1N1Weights),
        new("mbv1_pw_112_32to64", Mbv1Pw11232to64DataShape, Mbv1Pw11232to64Data, Mbv1Pw11232to64WeightsShape, Mbv1Pw11232to64Weights),
        new("mbv1_pw_56_128to128", Mbv1Pw56128to128DataShape, Mbv1Pw56128to128Data, Mbv1Pw56128to128WeightsShape, Mbv1Pw56128to128Weights),
        new("mbv1_pw_28_256to256", Mbv1Pw28256to256DataShape, Mbv1Pw28256to256Data, Mbv1Pw28256to256WeightsShape, Mbv1Pw28256to256Weights),
        new("mbv1_pw_14_512to512", Mbv1Pw14512to512DataShape, Mbv1Pw14512to512Data, Mbv1Pw14512to512WeightsShape, Mbv1Pw14512to512Weights),
        new("mbv1_pw_7_1024to1024", Mbv1Pw71024to1024DataShape, Mbv1Pw71024to1024Data, Mbv1Pw71024to1024WeightsShape, Mbv1Pw71024to1024Weights),
        new("r18_3x3_56_64", R183x35664DataShape, R183x35664Data, R183x35664WeightsShape, R183x35664Weights),
        new("r18_3x3_28_128", R183x328128DataShape, R183x328128Data, R183x328128WeightsShape, R183x328128Weights),
        new("r18_3x3_14_256", R183x314256DataShape, R183x314256Data, R183x314256WeightsShape, R183x314256Weights),
        new("r18_3x3_7_512", R183x37512DataShape, R183x37512Data, R183x37512WeightsShape, R183x37512Weights),
        new("r18_stem_7x7s2_224_3to64", R18Stem7x7s22243to64DataShape, R18Stem7x7s22243to64Data, R18Stem7x7s22243to64WeightsShape, R18Stem7x7s22243to64Weights),
        new("resnext_3x3_56_128_g32", Resnext3x356128G32DataShape, Resnext3x356128G32Data, Resnext3x356128G32WeightsShape, Resnext3x356128G32Weights),
        new("gpw_56_128_g2", Gpw56128G2DataShape, Gpw56128G2Data, Gpw56128G2WeightsShape, Gpw56128G2Weights),
        new("gpw_56_128_g4", Gpw56128G4DataShape, Gpw56128G4Data, Gpw56128G4WeightsShape, Gpw56128G4Weights),
    };
}
