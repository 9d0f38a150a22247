using System;
using ConvGen;
using ConvGen.Reference;

namespace ConvGen.Samples.Training.Benchmarks;

/// <summary>
/// Depthwise training two ways on MobileNet's 3×3 depthwise layer at 56×56×128 (scc-spec §7): ConvGen's direct
/// depthwise kernels (no zero multiply-adds), against the diagonalwise refactorisation, which runs the layer as a dense
/// grouped convolution with G channels per group and block-diagonal weights (G× the multiply-adds, zeros included).
/// </summary>
internal static partial class DiagonalwiseBenchmark
{
    private const int C = 128, H = 56;

    [Conv2D(InChannels = C, OutChannels = C, Height = H, Width = H, KernelSize = 3, Padding = 1, Groups = C)]
    private static partial void DepthwiseForward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Diagonalwise refactorisation with G = 8, 16 and 32 channels per group (groups = C / G).
    [Conv2D(InChannels = C, OutChannels = C, Height = H, Width = H, KernelSize = 3, Padding = 1, Groups = C / 8)]
    private static partial void Diagonal8Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = C, OutChannels = C, Height = H, Width = H, KernelSize = 3, Padding = 1, Groups = C / 8, Pass = ConvPass.BackwardData)]
    private static partial void Diagonal8Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = C, OutChannels = C, Height = H, Width = H, KernelSize = 3, Padding = 1, Groups = C / 8, Pass = ConvPass.BackwardWeights)]
    private static partial void Diagonal8Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = C, OutChannels = C, Height = H, Width = H, KernelSize = 3, Padding = 1, Groups = C / 16)]
    private static partial void Diagonal16Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = C, OutChannels = C, Height = H, Width = H, KernelSize = 3, Padding = 1, Groups = C / 16, Pass = ConvPass.BackwardData)]
    private static partial void Diagonal16Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = C, OutChannels = C, Height = H, Width = H, KernelSize = 3, Padding = 1, Groups = C / 16, Pass = ConvPass.BackwardWeights)]
    private static partial void Diagonal16Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = C, OutChannels = C, Height = H, Width = H, KernelSize = 3, Padding = 1, Groups = C / 32)]
    private static partial void Diagonal32Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = C, OutChannels = C, Height = H, Width = H, KernelSize = 3, Padding = 1, Groups = C / 32, Pass = ConvPass.BackwardData)]
    private static partial void Diagonal32Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = C, OutChannels = C, Height = H, Width = H, KernelSize = 3, Padding = 1, Groups = C / 32, Pass = ConvPass.BackwardWeights)]
    private static partial void Diagonal32Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    private delegate void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    private delegate void Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    private delegate void Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    public static int Run()
    {
        var random = new Random(5);
        float[] x = BackwardBenchmark.Fill(random, C * H * H).ToArray(), dy = BackwardBenchmark.Fill(random, C * H * H).ToArray(), w = BackwardBenchmark.Fill(random, C * 9).ToArray();
        float[] y = new float[x.Length], dx = new float[x.Length], dw = new float[w.Length];

        Console.WriteLine($"Depthwise 3x3, {C} channels at {H}x{H}, 1 image, {ConvThreads.MaxThreads} thread(s): ms per pass (best of repeated calls).");
        Console.WriteLine();
        Console.WriteLine("| formulation | multiply-adds | forward | backward-data | backward-weights | training step (sum) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        double f = BackwardBenchmark.Time(() => DepthwiseForward(x, w, y), 0.3);
        double d = BackwardBenchmark.Time(() => SuiteLayers.Mbv1Dw356x128S1N1Data(dy, w, dx), 0.3);
        double g = BackwardBenchmark.Time(() => SuiteLayers.Mbv1Dw356x128S1N1Weights(x, dy, dw), 0.3);
        Console.WriteLine($"| direct depthwise (ConvGen) | 1x | {f * 1e3:F3} | {d * 1e3:F3} | {g * 1e3:F3} | {(f + d + g) * 1e3:F3} |");
        float[] reference = (float[])y.Clone(), referenceDx = (float[])dx.Clone(), referenceDw = (float[])dw.Clone();

        bool ok = true;
        foreach ((int group, Forward fwd, Data data, Weights weights) in new (int, Forward, Data, Weights)[]
        {
            (8, Diagonal8Forward, Diagonal8Data, Diagonal8Weights),
            (16, Diagonal16Forward, Diagonal16Data, Diagonal16Weights),
            (32, Diagonal32Forward, Diagonal32Data, Diagonal32Weights),
        })
        {
            // Block-diagonal weights: channel c of a group only sees itself.
            float[] diagonal = new float[C * group * 9], gradDiagonal = new float[diagonal.Length];
            for (int c = 0; c < C; c++)
            {
                Array.Copy(w, c * 9, diagonal, (c * group + c % group) * 9, 9);
            }
            double tf = BackwardBenchmark.Time(() => fwd(x, diagonal, y), 0.3);
            double td = BackwardBenchmark.Time(() => data(dy, diagonal, dx), 0.3);
            double tw = BackwardBenchmark.Time(() => weights(x, dy, gradDiagonal), 0.3);
            // The refactorisation is exact: same output and input gradient; the diagonal of its weight gradient is dW.
            for (int c = 0; c < C; c++)
            {
                Array.Copy(gradDiagonal, (c * group + c % group) * 9, dw, c * 9, 9);
            }
            bool same = Close(y, reference) && Close(dx, referenceDx) && Close(dw, referenceDw);
            ok &= same;
            Console.WriteLine($"| diagonalwise, G = {group}{(same ? "" : " MISMATCH")} | {group}x | {tf * 1e3:F3} | {td * 1e3:F3} | {tw * 1e3:F3} | {(tf + td + tw) * 1e3:F3} |");
        }
        return ok ? 0 : 1;
    }

    private static bool Close(float[] a, float[] b)
    {
        double diff = 0, scale = 1e-30;
        for (int i = 0; i < a.Length; i++)
        {
            diff = Math.Max(diff, Math.Abs(a[i] - b[i]));
            scale = Math.Max(scale, Math.Abs(b[i]));
        }
        return diff <= 1e-4 * scale;
    }
}
