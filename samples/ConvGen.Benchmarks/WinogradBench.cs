using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using ConvGen;

namespace ConvGen.Benchmarks;

/// <summary>The ResNet-18 3×3 layers three ways: ConvGen's direct plan, Winograd F(2×2,3×3) and F(4×4,3×3).</summary>
internal static partial class WinogradLayers
{
    [Conv2D(InChannels = 64, OutChannels = 64, Height = 56, Width = 56, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Direct56(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 64, OutChannels = 64, Height = 56, Width = 56, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2)]
    public static partial void F2x56(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 64, OutChannels = 64, Height = 56, Width = 56, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)]
    public static partial void F4x56(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Direct28(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2)]
    public static partial void F2x28(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)]
    public static partial void F4x28(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 256, OutChannels = 256, Height = 14, Width = 14, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Direct14(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 256, OutChannels = 256, Height = 14, Width = 14, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2)]
    public static partial void F2x14(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 256, OutChannels = 256, Height = 14, Width = 14, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)]
    public static partial void F4x14(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 512, OutChannels = 512, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Direct7(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 512, OutChannels = 512, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2)]
    public static partial void F2x7(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 512, OutChannels = 512, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)]
    public static partial void F4x7(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
}

/// <summary>
/// <c>--winograd</c>: times the three plans of each ResNet-18 3×3 layer on one thread in the same run, all with
/// weights packed once (PackWeights) and through the OIHW overload, in three interleaved rounds (best median per
/// plan; the direct baseline is the faster of its two overloads), and prints a Markdown table with effective GFLOP/s (direct FLOPs / time).
/// </summary>
internal static class WinogradBench
{
    private delegate void Packed(ReadOnlySpan<float> x, PackedWeights w, Span<float> y);

    private delegate void Plain(ReadOnlySpan<float> x, ReadOnlySpan<float> w, Span<float> y);

    private sealed record Plan(string Name, Func<float[], PackedWeights> Pack, Packed Run, Plain RunOihw);

    public static int Run(double seconds)
    {
        var layers = new (string Name, int C, int K, int H, Plan[] Plans)[]
        {
            ("56×56×64", 64, 64, 56, new[] { new Plan("direct", w => WinogradLayers.Direct56PackWeights(w), WinogradLayers.Direct56, WinogradLayers.Direct56), new Plan("F(2×2,3×3)", w => WinogradLayers.F2x56PackWeights(w), WinogradLayers.F2x56, WinogradLayers.F2x56), new Plan("F(4×4,3×3)", w => WinogradLayers.F4x56PackWeights(w), WinogradLayers.F4x56, WinogradLayers.F4x56) }),
            ("28×28×128", 128, 128, 28, new[] { new Plan("direct", w => WinogradLayers.Direct28PackWeights(w), WinogradLayers.Direct28, WinogradLayers.Direct28), new Plan("F(2×2,3×3)", w => WinogradLayers.F2x28PackWeights(w), WinogradLayers.F2x28, WinogradLayers.F2x28), new Plan("F(4×4,3×3)", w => WinogradLayers.F4x28PackWeights(w), WinogradLayers.F4x28, WinogradLayers.F4x28) }),
            ("14×14×256", 256, 256, 14, new[] { new Plan("direct", w => WinogradLayers.Direct14PackWeights(w), WinogradLayers.Direct14, WinogradLayers.Direct14), new Plan("F(2×2,3×3)", w => WinogradLayers.F2x14PackWeights(w), WinogradLayers.F2x14, WinogradLayers.F2x14), new Plan("F(4×4,3×3)", w => WinogradLayers.F4x14PackWeights(w), WinogradLayers.F4x14, WinogradLayers.F4x14) }),
            ("7×7×512", 512, 512, 7, new[] { new Plan("direct", w => WinogradLayers.Direct7PackWeights(w), WinogradLayers.Direct7, WinogradLayers.Direct7), new Plan("F(2×2,3×3)", w => WinogradLayers.F2x7PackWeights(w), WinogradLayers.F2x7, WinogradLayers.F2x7), new Plan("F(4×4,3×3)", w => WinogradLayers.F4x7PackWeights(w), WinogradLayers.F4x7, WinogradLayers.F4x7) }),
        };
        int saved = ConvThreads.MaxThreads;
        ConvThreads.MaxThreads = 1;
        try
        {
            Console.WriteLine("| layer (H×W×C→K, 3×3, pad 1) | plan | ms (packed weights) | effective GFLOP/s | speed-up vs best direct | ms (OIHW overload) |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|");
            foreach (var layer in layers)
            {
                var random = new Random(1);
                float[] x = new float[layer.C * layer.H * layer.H];
                float[] w = new float[layer.K * layer.C * 9];
                for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
                for (int i = 0; i < w.Length; i++) w[i] = (float)(random.NextDouble() * 2 - 1);
                float[] y = new float[layer.K * layer.H * layer.H];
                double flops = 2.0 * layer.K * layer.C * 9 * layer.H * layer.H;
                // Three interleaved rounds over the plans; each plan keeps its best round's median, so a transient
                // slowdown (JIT, a busy neighbour) cannot favour one plan.
                var packed = new PackedWeights[layer.Plans.Length];
                var best = new double[layer.Plans.Length];
                var bestOihw = new double[layer.Plans.Length];
                for (int p = 0; p < layer.Plans.Length; p++)
                {
                    packed[p] = layer.Plans[p].Pack(w);
                    best[p] = bestOihw[p] = double.MaxValue;
                }
                for (int round = 0; round < 3; round++)
                {
                    for (int p = 0; p < layer.Plans.Length; p++)
                    {
                        Plan plan = layer.Plans[p];
                        PackedWeights pw = packed[p];
                        bestOihw[p] = Math.Min(bestOihw[p], Time(() => plan.RunOihw(x, w, y), seconds / 6));
                        best[p] = Math.Min(best[p], Time(() => plan.Run(x, pw, y), seconds / 3));
                    }
                }
                double direct = Math.Min(best[0], bestOihw[0]);
                for (int p = 0; p < layer.Plans.Length; p++)
                {
                    Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1} | {2:0.000} | {3:0.0} | {4:0.00}× | {5:0.000} |",
                        layer.Name, layer.Plans[p].Name, best[p] * 1e3, flops / best[p] / 1e9, direct / best[p], bestOihw[p] * 1e3));
                }
            }
        }
        finally
        {
            ConvThreads.MaxThreads = saved;
        }
        return 0;
    }

    /// <summary>Median seconds per call after a warm-up of a third of the budget (also the image-layout table's timer).</summary>
    internal static double Time(Action run, double seconds)
    {
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < seconds / 3)
        {
            run();
        }
        var samples = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < seconds || samples.Count < 5)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        samples.Sort();
        return samples[samples.Count / 2];
    }
}
