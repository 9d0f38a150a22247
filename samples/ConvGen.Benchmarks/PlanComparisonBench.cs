using System;
using System.Globalization;
using ConvGen;
using ConvGen.Reference;

namespace ConvGen.Benchmarks;

/// <summary>
/// Two plans of the same layers side by side (<c>--dilated</c>, <c>--five</c>): each layer's baseline kernel and its
/// candidate kernel (plain OIHW overloads; forward reuses the cached weight transform after the first calls,
/// backward-data has a weight changed before every call) in three interleaved rounds, at 1 thread and at all threads
/// (best median per kernel), with oneDNN's same pass measured right after each layer when <c>--onednn-live PATH</c> is given.
/// </summary>
internal static class PlanComparisonBench
{
    public delegate void Kernel(ReadOnlySpan<float> x, ReadOnlySpan<float> w, Span<float> y);

    /// <summary>A layer: its name (oneDNN's config row is the first word), pass ("fwd", "bwd_d" or "bwd_w": then the kernels take input, gradOutput, gradWeights), shape and the two kernels.</summary>
    public sealed record Layer(string Name, string Pass, Conv2DShape Shape, Kernel Baseline, Kernel Candidate);

    public static int Run(string title, string baseline, string candidate, Layer[] layers, string legend, double seconds, OneDnnLive? oneDnn)
    {
        int all = ConvThreads.MaxThreads;
        Console.WriteLine(title);
        Console.WriteLine();
        Console.WriteLine($"| layer | {baseline} 1T ms | {candidate} 1T ms | speed-up | oneDNN 1T ms | {candidate} vs oneDNN 1T | {baseline} {all}T ms | {candidate} {all}T ms | speed-up | oneDNN {all}T ms | {candidate} vs oneDNN {all}T |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        try
        {
            foreach (Layer layer in layers)
            {
                Conv2DShape s = layer.Shape;
                var random = new Random(1);
                // Backward-data reads gradOutput (the output's size) and writes gradInput; the weights change before every
                // call there, as training changes them, so its transform is never reused. Backward-weights reads the input
                // and gradOutput (in the second argument) and writes the weights' gradient.
                bool data = layer.Pass == "bwd_d", weights = layer.Pass == "bwd_w";
                float[] x = new float[data ? s.OutputImage : s.InputImage], w = new float[weights ? s.OutputImage : s.WeightCount];
                float[] y = new float[data ? s.InputImage : weights ? s.WeightCount : s.OutputImage];
                for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
                for (int i = 0; i < w.Length; i++) w[i] = (float)(random.NextDouble() * 2 - 1);
                string row = layer.Name;
                foreach (int threads in new[] { 1, all })
                {
                    ConvThreads.MaxThreads = threads;
                    double first = double.MaxValue, second = double.MaxValue;
                    for (int round = 0; round < 3; round++)
                    {
                        first = Math.Min(first, WinogradBench.Time(() => { if (data) w[0] = -w[0]; layer.Baseline(x, w, y); }, seconds / 3));
                        second = Math.Min(second, WinogradBench.Time(() => { if (data) w[0] = -w[0]; layer.Candidate(x, w, y); }, seconds / 3));
                    }
                    OneDnnTiming dnnl = oneDnn?.Measure(OneDnnLive.ConfigRow(layer.Name.Split(' ')[0], 1, s), layer.Pass, threads, "any", "nchw") ?? OneDnnTiming.None;
                    row += string.Format(CultureInfo.InvariantCulture, " | {0:0.000} | {1:0.000} | {2:0.00}× | {3} | {4}",
                        first * 1e3, second * 1e3, first / second,
                        dnnl.Measured ? dnnl.MedianMs.ToString("0.000", CultureInfo.InvariantCulture) : "-",
                        dnnl.Measured ? (dnnl.MedianMs / (second * 1e3)).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "-");
                }
                Console.WriteLine("| " + row + " |");
            }
        }
        finally
        {
            ConvThreads.MaxThreads = all;
        }
        Console.WriteLine();
        Console.WriteLine(legend);
        Console.WriteLine("bwd-data: a weight changes before every call (no cached transform). oneDNN: the same pass in its own best layout (any or nchw; the lower median), reorders untimed.");
        return 0;
    }
}
