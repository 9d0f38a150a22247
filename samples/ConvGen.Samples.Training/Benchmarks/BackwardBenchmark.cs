using System;
using System.Collections.Generic;
using System.Diagnostics;
using ConvGen.Benchmarks;
using ConvGen.Reference;

namespace ConvGen.Samples.Training.Benchmarks;

/// <summary>
/// Times the generated backward kernels of the suite layers against the generic run-time-shaped kernels
/// (<see cref="GenericConv.NaiveBackwardData"/>, <see cref="GenericConv.NaiveBackwardWeights"/>) in the same run, and,
/// given the peers harness's report of the same machine (<c>--onednn results-YYYYMMDD.md</c>), oneDNN's 1-thread
/// bwd-data / bwd-wei times next to them. With a batch of N images the report's <c>_nN</c> row of the layer is the oneDNN
/// column (the suite has batch-32 rows for the depthwise layers), and the naive kernels, which check the generated ones,
/// run on the whole batch too: give a name filter. With <c>--onednn-live conv_bench</c> oneDNN is measured in the same run
/// instead (<see cref="OneDnnLive"/>), both passes right after ConvGen's two, at the same thread count, and compared
/// fastest call against fastest call.
/// </summary>
internal static class BackwardBenchmark
{
    public static int Run(string? filter, IReadOnlyList<string> oneDnnPaths, int batch = 1, OneDnnLive? live = null)
    {
        // oneDNN's best 1-thread median of its two layouts (any = its blocked layout, nchw = ConvGen's), per pass.
        OneDnnResults[] dataColumns = { OneDnnResults.ReportColumn("dnnl bwd-data any"), OneDnnResults.ReportColumn("dnnl bwd-data nchw") };
        OneDnnResults[] weightColumns = { OneDnnResults.ReportColumn("dnnl bwd-wei any"), OneDnnResults.ReportColumn("dnnl bwd-wei nchw") };
        foreach (string path in oneDnnPaths)
        {
            foreach (OneDnnResults column in (OneDnnResults[])[.. dataColumns, .. weightColumns])
            {
                column.Load(path);
            }
        }
        Console.WriteLine($"Backward kernels, batch {batch}, {ConvThreads.MaxThreads} thread(s) (CONVGEN_THREADS=1 for the report's 1-thread oneDNN numbers; --onednn-live runs oneDNN at this count), {ConvSimd.ActivePath} path.");
        Console.WriteLine("ms = best of repeated calls after warm-up; generic = one call of the naive run-time-shaped loops; oneDNN = " + (live is not null
            ? $"measured live by {live.Executable} right after ConvGen's two passes of the layer, at {ConvThreads.MaxThreads} thread(s): the fastest single call of its any and nchw layouts (the same statistic as ConvGen's ms)."
            : "best of its any/nchw 1-thread median" + (oneDnnPaths.Count > 0 ? $" ({string.Join(", ", oneDnnPaths)}); a median against ConvGen's fastest call, which favours ConvGen by the report's median/fastest spread (--onednn-live compares like with like)." : " (none given: --onednn results-YYYYMMDD.md or --onednn-live conv_bench).")));
        Console.WriteLine("bwd-data changes one weight before every call, as training does, so no kernel reuses a weight transform from the previous call.");
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
            Memory<float> x = Fill(random, batch * s.InputImage), w = Fill(random, s.WeightCount), dy = Fill(random, batch * s.OutputImage);
            Memory<float> dx = AlignedMemory.Allocate(batch * s.InputImage), dxRef = AlignedMemory.Allocate(batch * s.InputImage);
            Memory<float> dw = AlignedMemory.Allocate(s.WeightCount), dwRef = AlignedMemory.Allocate(s.WeightCount);

            double genericData = Time(() => GenericConv.NaiveBackwardData(s, dy.Span, w.Span, dxRef.Span), 0);
            // Training updates the weights between calls: flip one weight's sign before each call, then restore it.
            float first = w.Span[0];
            double data = Time(() =>
            {
                w.Span[0] = -w.Span[0];
                layer.Data(dy.Span, w.Span, dx.Span);
            }, 0.3);
            w.Span[0] = first;
            layer.Data(dy.Span, w.Span, dx.Span);
            double genericWeights = Time(() => GenericConv.NaiveBackwardWeights(s, x.Span, dy.Span, dwRef.Span, Span<float>.Empty), 0);
            double weights = Time(() => layer.Weights(x.Span, dy.Span, dw.Span), 0.3);
            bool match = Close(dx.Span, dxRef.Span) && Close(dw.Span, dwRef.Span);
            ok &= match;
            double mflop = batch * s.Flops / 1e6;
            string name = batch == 1 ? layer.Name : layer.Name.Replace("_n1", $"_n{batch}", StringComparison.Ordinal);
            double oneDnnData, oneDnnWeights;
            if (live is not null)
            {
                // The layer as the harness's configs row; oneDNN's two passes measured right after ConvGen's two (data first, as above).
                string row = OneDnnLive.ConfigRow(name, batch, s);
                oneDnnData = live.Measure(row, "bwd_d", ConvThreads.MaxThreads, "any", "nchw").MinMs;
                oneDnnWeights = live.Measure(row, "bwd_w", ConvThreads.MaxThreads, "any", "nchw").MinMs;
            }
            else
            {
                oneDnnData = OneDnnMs(dataColumns, name, mflop);
                oneDnnWeights = OneDnnMs(weightColumns, name, mflop);
            }
            Console.WriteLine($"| {name}{(match ? "" : " MISMATCH")} | {mflop:F1} | {Ms(data * 1e3)} | {mflop / data / 1e3:F1} | {genericData * 1e3:F1} | {genericData / data:F0}x | {Ms(oneDnnData)} | {Ratio(oneDnnData, data)} " +
                $"| {Ms(weights * 1e3)} | {mflop / weights / 1e3:F1} | {genericWeights * 1e3:F1} | {genericWeights / weights:F0}x | {Ms(oneDnnWeights)} | {Ratio(oneDnnWeights, weights)} |");
        }
        return ok ? 0 : 1;
    }

    /// <summary>oneDNN's best 1-thread time over the layouts' columns, in ms (NaN when the report lacks the layer).</summary>
    private static double OneDnnMs(OneDnnResults[] columns, string name, double mflop)
    {
        double best = double.NaN;
        foreach (OneDnnResults column in columns)
        {
            double gflops = column.Gflops(name, 1);
            if (gflops > 0 && !(mflop / gflops >= best))
            {
                best = mflop / gflops;
            }
        }
        return best;
    }

    /// <summary>Milliseconds to the microsecond below 1 ms and to three decimals above, or a dash for a missing number.</summary>
    private static string Ms(double ms) => double.IsNaN(ms) ? "–" : ms.ToString(ms < 1 ? "0.0000" : "0.000", System.Globalization.CultureInfo.InvariantCulture);

    private static string Ratio(double oneDnnMs, double seconds) => double.IsNaN(oneDnnMs) ? "–" : $"{oneDnnMs / (seconds * 1e3):F2}x";

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
