using System;
using System.Diagnostics;
using ConvGen.Reference;

namespace ConvGen.Samples.Training.Benchmarks;

/// <summary>
/// Times the generated backward kernels of the suite layers against the generic run-time-shaped kernels
/// (<see cref="GenericConv.NaiveBackwardData"/>, <see cref="GenericConv.NaiveBackwardWeights"/>) in the same run, and
/// prints oneDNN's 1-thread bwd-data / bwd-wei times from samples/ConvGen.Benchmarks/peers/results-20261202.md (this machine) next to them.
/// </summary>
internal static class BackwardBenchmark
{
    public static int Run(string? filter)
    {
        Console.WriteLine($"Backward kernels, {ConvThreads.MaxThreads} thread(s) (set CONVGEN_THREADS=1 for the oneDNN comparison), {ConvSimd.ActivePath} path.");
        Console.WriteLine("ms = best of repeated calls after warm-up; generic = one call of the naive run-time-shaped loops; oneDNN = best of its any/nchw 1-thread median.");
        Console.WriteLine();
        Console.WriteLine("| layer | MFLOP | bwd-data ms | GFLOP/s | generic ms | vs generic | oneDNN ms | vs oneDNN | bwd-wei ms | GFLOP/s | generic ms | vs generic | oneDNN ms | vs oneDNN |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        bool ok = true;
        foreach (SuiteLayer layer in SuiteLayers.All)
        {
            if (filter is not null && !layer.Name.Contains(filter, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            Conv2DShape s = layer.Shape;
            var random = new Random(1);
            // Every buffer starts on a 64-byte boundary (AlignedMemory), as oneDNN's tensors do.
            Memory<float> x = Fill(random, s.InputImage), w = Fill(random, s.WeightCount), dy = Fill(random, s.OutputImage);
            Memory<float> dx = AlignedMemory.Allocate(s.InputImage), dxRef = AlignedMemory.Allocate(s.InputImage);
            Memory<float> dw = AlignedMemory.Allocate(s.WeightCount), dwRef = AlignedMemory.Allocate(s.WeightCount);
            Memory<float> db = AlignedMemory.Allocate(s.OutChannels), dbRef = AlignedMemory.Allocate(s.OutChannels);

            double genericData = Time(() => GenericConv.NaiveBackwardData(s, dy.Span, w.Span, dxRef.Span), 0);
            double data = Time(() => layer.Data(dy.Span, w.Span, dx.Span), 0.3);
            double genericWeights = Time(() => GenericConv.NaiveBackwardWeights(s, x.Span, dy.Span, dwRef.Span, dbRef.Span), 0);
            double weights = Time(() => layer.Weights(x.Span, dy.Span, dw.Span, db.Span), 0.3);
            bool match = Close(dx.Span, dxRef.Span) && Close(dw.Span, dwRef.Span) && Close(db.Span, dbRef.Span);
            ok &= match;
            double mflop = s.Flops / 1e6;
            Console.WriteLine($"| {layer.Name}{(match ? "" : " MISMATCH")} | {mflop:F1} | {data * 1e3:F3} | {mflop / data / 1e3:F1} | {genericData * 1e3:F1} | {genericData / data:F0}x | {layer.OneDnnDataMs:0.###} | {layer.OneDnnDataMs / (data * 1e3):F2}x " +
                $"| {weights * 1e3:F3} | {mflop / weights / 1e3:F1} | {genericWeights * 1e3:F1} | {genericWeights / weights:F0}x | {layer.OneDnnWeightsMs:0.###} | {layer.OneDnnWeightsMs / (weights * 1e3):F2}x |");
        }
        return ok ? 0 : 1;
    }

    /// <summary><paramref name="count"/> uniform random values in [-1, 1), starting on a 64-byte boundary.</summary>
    internal static Memory<float> Fill(Random random, int count)
    {
        Memory<float> memory = AlignedMemory.Allocate(count);
        Span<float> data = memory.Span;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return memory;
    }

    /// <summary>Best time of repeated calls for at least <paramref name="minimumSeconds"/> (after one warm-up call).</summary>
    internal static double Time(Action action, double minimumSeconds)
    {
        action();
        double best = double.MaxValue;
        var total = Stopwatch.StartNew();
        do
        {
            long start = Stopwatch.GetTimestamp();
            action();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        while (total.Elapsed.TotalSeconds < minimumSeconds);
        return best;
    }

    private static bool Close(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        double maxDiff = 0, scale = 1e-30;
        for (int i = 0; i < actual.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }
        return maxDiff <= 1e-4 * scale;
    }
}
