using System;
using System.Diagnostics;
using ConvGen;

namespace ConvGen.Samples.Training.Benchmarks;

/// <summary>
/// Backward-weights of ResNet-18's 3×3 layers at 56, 28 and 14 px as Winograd F(4,3) in its weight-gradient form (what
/// Auto picks there) against the direct plan, at training batch sizes: the two kernels alternate call by call, as layers
/// do in a training step, so neither finds its data still in cache from its own previous call.
/// </summary>
internal static partial class WinogradWeightsBenchmark
{
    [Conv2D(InChannels = 64, OutChannels = 64, Height = 56, Width = 56, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Winograd)]
    private static partial void Winograd56(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);
    [Conv2D(InChannels = 64, OutChannels = 64, Height = 56, Width = 56, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Direct)]
    private static partial void Direct56(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Winograd)]
    private static partial void Winograd28(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Direct)]
    private static partial void Direct28(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);
    [Conv2D(InChannels = 256, OutChannels = 256, Height = 14, Width = 14, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Winograd)]
    private static partial void Winograd14(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);
    [Conv2D(InChannels = 256, OutChannels = 256, Height = 14, Width = 14, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Direct)]
    private static partial void Direct14(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    private delegate void WeightsKernel(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    public static int Run(int[] batches)
    {
        Console.WriteLine($"Backward-weights, Winograd F(4,3) against direct, {ConvThreads.MaxThreads} thread(s), {(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "Vector512" : "Vector256 or narrower")} path; medians of 21 alternating calls.");
        Console.WriteLine();
        Console.WriteLine("| layer | batch | Winograd ms | per image | direct ms | per image | direct / Winograd | max difference / max |gradient| |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        bool ok = true;
        foreach (int batch in batches)
        {
            ok &= Compare("r18_3x3_56_64", 64, 56, batch, Winograd56, Direct56);
            ok &= Compare("r18_3x3_28_128", 128, 28, batch, Winograd28, Direct28);
            ok &= Compare("r18_3x3_14_256", 256, 14, batch, Winograd14, Direct14);
        }
        return ok ? 0 : 1;
    }

    private static bool Compare(string name, int channels, int size, int batch, WeightsKernel winograd, WeightsKernel direct)
    {
        var random = new Random(1);
        Memory<float> input = BackwardBenchmark.Fill(random, batch * channels * size * size), gradOutput = BackwardBenchmark.Fill(random, batch * channels * size * size);
        float[] fromWinograd = new float[channels * channels * 9], fromDirect = new float[channels * channels * 9];
        var winogradMs = new double[21];
        var directMs = new double[21];
        for (int i = -3; i < winogradMs.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            winograd(input.Span, gradOutput.Span, fromWinograd);
            long middle = Stopwatch.GetTimestamp();
            direct(input.Span, gradOutput.Span, fromDirect);
            long end = Stopwatch.GetTimestamp();
            if (i >= 0)
            {
                winogradMs[i] = (middle - start) * 1e3 / Stopwatch.Frequency;
                directMs[i] = (end - middle) * 1e3 / Stopwatch.Frequency;
            }
        }
        Array.Sort(winogradMs);
        Array.Sort(directMs);
        double w = winogradMs[winogradMs.Length / 2], d = directMs[directMs.Length / 2];
        double difference = 0, scale = 1e-30;
        for (int i = 0; i < fromDirect.Length; i++)
        {
            difference = Math.Max(difference, Math.Abs(fromWinograd[i] - fromDirect[i]));
            scale = Math.Max(scale, Math.Abs(fromDirect[i]));
        }
        // F(4,3)'s bound is κ = 128 times 2^-23 per Σ|terms|; against the largest gradient this check is looser, a sanity check only.
        bool close = difference <= 1e-4 * scale;
        Console.WriteLine(FormattableString.Invariant(
            $"| {name}{(close ? "" : " MISMATCH")} | {batch} | {w:F3} | {w / batch:F3} | {d:F3} | {d / batch:F3} | {d / w:F2}× | {difference / scale:E1} |"));
        return close;
    }
}
