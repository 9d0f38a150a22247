using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Threading;
using ConvGen.Reference;

namespace ConvGen.Benchmarks;

/// <summary>Options of <c>--quick</c>.</summary>
internal sealed class QuickOptions
{
    /// <summary>
    /// FP32 FMA peak of one thread in GFLOP/s: perf-guide §1 measured 97-102 on this machine (Zen 3, 2 × 256-bit FMA
    /// pipes at ~3.1 GHz), and the peers harness 98-100. "% peak" divides by this (times the thread count).
    /// </summary>
    public const double DefaultPeakGflopsPerThread = 100.0;

    public string? Filter { get; set; }
    public int Threads { get; set; } = Environment.ProcessorCount;
    public List<string> OneDnnPaths { get; } = new();
    public string OneDnnLayout { get; set; } = "any";
    public string OutDirectory { get; set; } = Path.Combine("BenchmarkDotNet.Artifacts", "quick");
    public double PeakGflopsPerThread { get; set; } = DefaultPeakGflopsPerThread;
    public bool Batch32 { get; set; }
    public bool Naive { get; set; } = true;
    public double WarmSeconds { get; set; } = 0.5;
    public double TimeSeconds { get; set; } = 0.4;
    public string CommandLine { get; set; } = "";
}

/// <summary>Median and fastest of a series of single timed calls.</summary>
internal readonly record struct Timing(double Median, double Best, int Calls)
{
    public static Timing None => new(double.NaN, double.NaN, 0);
    public bool Measured => Calls > 0;
    public double Gflops(long flops) => Measured ? flops / Median / 1e9 : double.NaN;
}

/// <summary>One measured layer.</summary>
internal sealed record QuickResult(
    SuiteLayer Layer, bool Ok, string Check, Timing ConvGen1, Timing ConvGenN, Timing Im2Col, Timing Naive,
    double OneDnn1, double OneDnnN);

/// <summary>
/// <c>--quick</c>: times every selected layer through ConvGen (1 thread and all threads), Im2ColGemmConv and the naive
/// kernel, checks ConvGen against Im2ColGemmConv, prints a Markdown table and writes it with an SVG chart.
/// </summary>
internal static class QuickRunner
{
    /// <summary>Largest accepted |a − b| / max|reference| between two fp32 implementations (different summation orders).</summary>
    public const double RelativeTolerance = 1e-4;

    public static int Run(QuickOptions options)
    {
        OneDnnResults? oneDnn = null;
        if (options.OneDnnPaths.Count > 0)
        {
            oneDnn = new OneDnnResults(options.OneDnnLayout);
            foreach (string path in options.OneDnnPaths)
            {
                oneDnn.Load(path);
            }
        }

        List<SuiteLayer> layers = Suite.Layers
            .Where(l => options.Batch32 || l.Batch == 1)
            .Where(l => options.Filter is null || l.Name.Contains(options.Filter, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (layers.Count == 0)
        {
            Console.Error.WriteLine($"No layer matches '{options.Filter}'.");
            return 2;
        }

        int saved = ConvThreads.MaxThreads;
        ConvThreads.MaxThreads = options.Threads;
        int threads = ConvThreads.MaxThreads; // clamped to the processor count
        ConvThreads.MaxThreads = saved;
        bool multi = threads > 1;

        var header = new StringBuilder();
        header.AppendLine(CultureInfo.InvariantCulture, $"Machine: {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} logical CPU(s), .NET {Environment.Version}, " +
            $"Vector256 {(Vector256.IsHardwareAccelerated ? "on" : "off")}, Vector128 {(Vector128.IsHardwareAccelerated ? "on" : "off")}");
        header.AppendLine(CultureInfo.InvariantCulture, $"Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Threads: 1 and {threads}. Peak: {options.PeakGflopsPerThread:F0} GFLOP/s per thread. " +
            $"Timing: warm ≥ {options.WarmSeconds:0.##} s, then single calls for ≥ {options.TimeSeconds:0.##} s (≥ 5 calls; median reported).");
        if (oneDnn is not null)
        {
            header.AppendLine(CultureInfo.InvariantCulture, $"oneDNN: `dnnl fwd {oneDnn.Layout}` from {string.Join(", ", oneDnn.Sources.Select(Path.GetFileName))} ({oneDnn.Count} entries; thread counts {string.Join("/", oneDnn.ThreadCounts)}).");
        }
        Console.Write(header);
        Console.WriteLine();

        List<string> columns = Columns(threads, multi, oneDnn is not null);
        Console.WriteLine(Row(columns));
        Console.WriteLine(Separator(columns.Count));

        WarmNaive();
        MachineLoad load = MachineLoad.Start();
        var results = new List<QuickResult>();
        bool allOk = true;
        var total = Stopwatch.StartNew();
        foreach (SuiteLayer layer in layers)
        {
            QuickResult result = Measure(layer, options, threads, multi, oneDnn);
            results.Add(result);
            allOk &= result.Ok;
            Console.WriteLine(Row(Cells(result, options, threads, multi, oneDnn is not null)));
            GC.Collect();
        }
        List<string> footer = Footer(results, options, threads, multi, oneDnn is not null);
        if (footer.Count > 0)
        {
            Console.WriteLine(Row(footer));
        }
        Console.WriteLine();
        string loadText = load.Describe();
        string notes = Notes(options, threads, multi, oneDnn is not null, layers) +
            (loadText.Length > 0 ? Environment.NewLine + "Machine load during the measurements: " + loadText + ". Other processes' share competes with the benchmark (2-thread figures suffer most)." + Environment.NewLine : "");
        Console.Write(notes);

        Directory.CreateDirectory(options.OutDirectory);
        string markdownPath = Path.Combine(options.OutDirectory, "quick-results.md");
        string svgPath = Path.Combine(options.OutDirectory, "quick-results.svg");
        var markdown = new StringBuilder();
        markdown.AppendLine("# ConvGen quick benchmark").AppendLine();
        markdown.AppendLine(CultureInfo.InvariantCulture, $"Command: `{options.CommandLine}`").AppendLine();
        foreach (string line in header.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            markdown.AppendLine(line.TrimEnd('\r')).AppendLine();
        }
        markdown.AppendLine(Row(columns)).AppendLine(Separator(columns.Count));
        foreach (QuickResult result in results)
        {
            markdown.AppendLine(Row(Cells(result, options, threads, multi, oneDnn is not null)));
        }
        if (footer.Count > 0)
        {
            markdown.AppendLine(Row(footer));
        }
        markdown.AppendLine().Append(notes);
        File.WriteAllText(markdownPath, markdown.ToString());
        File.WriteAllText(svgPath, SvgChart.Render(results, threads, options.PeakGflopsPerThread));
        Console.WriteLine();
        Console.WriteLine($"{results.Count} layer(s) in {total.Elapsed.TotalSeconds:F0} s; wrote {markdownPath} and {svgPath}");
        if (!allOk)
        {
            Console.WriteLine("MISMATCH: at least one ConvGen result differs from Im2ColGemmConv beyond the tolerance.");
        }
        return allOk ? 0 : 1;
    }

    private static QuickResult Measure(SuiteLayer layer, QuickOptions options, int threads, bool multi, OneDnnResults? oneDnn)
    {
        var data = new LayerData(layer);
        int saved = ConvThreads.MaxThreads;
        try
        {
            ConvThreads.MaxThreads = 1;
            Timing convGen1 = Time(data.RunConvGen, options);
            float[] single = (float[])data.ConvGenOutput.Clone();

            Timing convGenN = Timing.None;
            if (multi)
            {
                ConvThreads.MaxThreads = threads;
                Array.Clear(data.ConvGenOutput);
                convGenN = Time(data.RunConvGen, options);
            }

            Timing im2col = Time(data.RunIm2Col, options);

            // The naive kernel is slow: one call per batch-1 layer (after WarmNaive), the median of three when a call
            // is shorter than 50 ms (a single short call is at the mercy of the shared machine), none for larger batches.
            Timing naive = Timing.None;
            if (options.Naive && layer.Batch == 1)
            {
                var samples = new List<double>();
                do
                {
                    long start = Stopwatch.GetTimestamp();
                    data.RunNaive();
                    samples.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
                }
                while (samples.Count < 3 && samples[0] < 0.05);
                samples.Sort();
                naive = new Timing(samples[samples.Count / 2], samples[0], samples.Count);
            }

            // Numerics: ConvGen (both thread counts) against Im2ColGemmConv, and Im2ColGemmConv against naive when run.
            double error = MaxRelativeError(single, data.Im2ColOutput);
            if (multi)
            {
                error = Math.Max(error, MaxRelativeError(data.ConvGenOutput, data.Im2ColOutput));
            }
            double generic = naive.Measured ? MaxRelativeError(data.Im2ColOutput, data.NaiveOutput) : 0;
            bool ok = error <= RelativeTolerance && generic <= RelativeTolerance;
            string check = (ok ? "ok" : "MISMATCH") + string.Create(CultureInfo.InvariantCulture, $" {error:0.0e+0}") +
                (generic > RelativeTolerance ? string.Create(CultureInfo.InvariantCulture, $" (im2col vs naive {generic:0.0e+0})") : "");

            double oneDnn1 = oneDnn?.Gflops(layer.Name, 1) ?? double.NaN;
            double oneDnnN = multi ? oneDnn?.Gflops(layer.Name, threads) ?? double.NaN : double.NaN;
            return new QuickResult(layer, ok, check, convGen1, convGenN, im2col, naive, oneDnn1, oneDnnN);
        }
        finally
        {
            ConvThreads.MaxThreads = saved;
        }
    }

    /// <summary>Warm-up for ≥ <see cref="QuickOptions.WarmSeconds"/> (≥ 3 calls), then timed single calls.</summary>
    private static Timing Time(Action run, QuickOptions options)
    {
        var clock = Stopwatch.StartNew();
        int calls = 0;
        do
        {
            run();
            calls++;
        }
        while (calls < 3 || clock.Elapsed.TotalSeconds < options.WarmSeconds);

        var samples = new List<double>();
        clock.Restart();
        do
        {
            long start = Stopwatch.GetTimestamp();
            run();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        while (clock.Elapsed.TotalSeconds < options.TimeSeconds || samples.Count < (samples[0] > 0.25 ? 3 : 5));
        samples.Sort();
        int n = samples.Count;
        double median = n % 2 == 1 ? samples[n / 2] : 0.5 * (samples[n / 2 - 1] + samples[n / 2]);
        return new Timing(median, samples[0], n);
    }

    /// <summary>
    /// Gets the naive kernel past tier-0 before its single timed call per layer: enough calls on a small layer for
    /// call counting, a pause for the background tier-1 compile, and a few more calls.
    /// </summary>
    private static void WarmNaive()
    {
        var shape = new Conv2DShape(4, 4, 8, 8, 3, 3, 1, 1, 1, 1);
        float[] x = new float[shape.InputImage], w = new float[shape.WeightCount], y = new float[shape.OutputImage];
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 100; i++)
            {
                GenericConv.NaiveForward(shape, x, w, ReadOnlySpan<float>.Empty, y);
            }
            Thread.Sleep(150);
        }
    }

    private static double MaxRelativeError(float[] actual, float[] expected)
    {
        double maxDiff = 0, scale = 1e-30;
        for (int i = 0; i < actual.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs((double)actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Abs((double)expected[i]));
        }
        return double.IsNaN(maxDiff) ? double.PositiveInfinity : maxDiff / scale;
    }

    private static List<string> Columns(int threads, bool multi, bool oneDnn)
    {
        var c = new List<string> { "layer", "MFLOP", "check", "1T ms", "1T GFLOP/s", "1T % peak" };
        if (multi)
        {
            c.AddRange([$"{threads}T ms", $"{threads}T GFLOP/s", $"{threads}T % peak"]);
        }
        c.AddRange(["im2col ms", "im2col GFLOP/s", "naive ms", "naive GFLOP/s", "1T vs naive", "1T vs im2col"]);
        if (multi)
        {
            c.AddRange([$"{threads}T vs naive", $"{threads}T vs im2col"]);
        }
        if (oneDnn)
        {
            c.AddRange(["oneDNN 1T GFLOP/s", "ConvGen/oneDNN 1T"]);
            if (multi)
            {
                c.AddRange([$"oneDNN {threads}T GFLOP/s", $"ConvGen/oneDNN {threads}T"]);
            }
        }
        return c;
    }

    private static List<string> Cells(QuickResult r, QuickOptions options, int threads, bool multi, bool oneDnn)
    {
        long flops = r.Layer.Flops;
        double g1 = r.ConvGen1.Gflops(flops), gn = r.ConvGenN.Gflops(flops), gi = r.Im2Col.Gflops(flops), gv = r.Naive.Gflops(flops);
        var c = new List<string>
        {
            r.Layer.Name, Number(flops / 1e6, "F1"), r.Check,
            Ms(r.ConvGen1), Number(g1, "F1"), Percent(g1 / options.PeakGflopsPerThread),
        };
        if (multi)
        {
            c.AddRange([Ms(r.ConvGenN), Number(gn, "F1"), Percent(gn / (options.PeakGflopsPerThread * threads))]);
        }
        c.AddRange([Ms(r.Im2Col), Number(gi, "F1"), Ms(r.Naive), Number(gv, gv < 0.1 ? "F3" : "F2"), Ratio(g1 / gv), Ratio(g1 / gi)]);
        if (multi)
        {
            c.AddRange([Ratio(gn / gv), Ratio(gn / gi)]);
        }
        if (oneDnn)
        {
            c.AddRange([Number(r.OneDnn1, "F1"), Ratio(g1 / r.OneDnn1, "F2")]);
            if (multi)
            {
                c.AddRange([Number(r.OneDnnN, "F1"), Ratio(gn / r.OneDnnN, "F2")]);
            }
        }
        return c;
    }

    /// <summary>A "geomean" row for the ratio columns (over the layers where both sides were measured).</summary>
    private static List<string> Footer(List<QuickResult> results, QuickOptions options, int threads, bool multi, bool oneDnn)
    {
        if (results.Count < 2)
        {
            return new List<string>();
        }
        string Geo(Func<QuickResult, double> ratio, string format = "F1")
        {
            double[] values = results.Select(ratio).Where(v => double.IsFinite(v) && v > 0).ToArray();
            return values.Length == 0 ? "–" : Ratio(Math.Exp(values.Average(Math.Log)), format);
        }
        double G(Timing t, QuickResult r) => t.Gflops(r.Layer.Flops);
        var c = new List<string> { "**geomean**", "", "", "", "", "" };
        if (multi)
        {
            c.AddRange(["", "", ""]);
        }
        c.AddRange(["", "", "", "", Geo(r => G(r.ConvGen1, r) / G(r.Naive, r)), Geo(r => G(r.ConvGen1, r) / G(r.Im2Col, r))]);
        if (multi)
        {
            c.AddRange([Geo(r => G(r.ConvGenN, r) / G(r.Naive, r)), Geo(r => G(r.ConvGenN, r) / G(r.Im2Col, r))]);
        }
        if (oneDnn)
        {
            c.AddRange(["", Geo(r => G(r.ConvGen1, r) / r.OneDnn1, "F2")]);
            if (multi)
            {
                c.AddRange(["", Geo(r => G(r.ConvGenN, r) / r.OneDnnN, "F2")]);
            }
        }
        return c;
    }

    private static string Notes(QuickOptions options, int threads, bool multi, bool oneDnn, List<SuiteLayer> layers)
    {
        var s = new StringBuilder();
        s.AppendLine("Columns: *ms* = median time of one call; *GFLOP/s* = 2·MACs / median (the peers harness's count); " +
            string.Create(CultureInfo.InvariantCulture, $"*% peak* = GFLOP/s / ({options.PeakGflopsPerThread:F0} GFLOP/s × threads), the measured FP32 FMA peak (perf-guide §1; `--peak` overrides); ") +
            "*1T* = ConvGen with `ConvThreads.MaxThreads = 1`" + (multi ? string.Create(CultureInfo.InvariantCulture, $", *{threads}T* = ConvGen with {threads} threads") : "") + "; " +
            "*im2col* = `Im2ColGemmConv.Forward` (generic im2col + packed SIMD SGEMM, single-threaded); " +
            "*naive* = `GenericConv.NaiveForward` (generic direct loops, single-threaded); *vs* columns = speed-up of ConvGen over that kernel.");
        s.AppendLine();
        s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"*check*: ConvGen's output (1 and {threads} threads) against Im2ColGemmConv: \"ok\" when max|Δ| / max|reference| ≤ {RelativeTolerance:0e+0} (the figure shown), else MISMATCH; where naive ran, Im2ColGemmConv is checked against it too."));
        s.AppendLine();
        s.AppendLine(options.Naive
            ? "The naive kernel is timed with a single call per layer (the median of 3 when a call takes < 50 ms; after a warm-up on a small shape), and not at all for batch-32 rows (`–`)."
            : "The naive kernel was not run (`--no-naive`).");
        if (oneDnn)
        {
            s.AppendLine();
            s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"*oneDNN*: forward inference, `dnnl fwd {options.OneDnnLayout}` column of the peers harness (median), same FLOP count; *ConvGen/oneDNN* = ConvGen GFLOP/s / oneDNN GFLOP/s (> 1: ConvGen faster). ") +
                (options.OneDnnLayout == "any"
                    ? "`any` lets oneDNN pick its blocked layout (nChw8c) with no reorder timed: its best case, while ConvGen works on plain NCHW."
                    : "`nchw` forces oneDNN's activations to plain NCHW, ConvGen's layout."));
        }
        if (Suite.Skipped.Count > 0)
        {
            s.AppendLine();
            s.AppendLine($"Not in the suite (ConvGen has no transposed convolution): {string.Join(", ", Suite.Skipped)}.");
        }
        if (!options.Batch32)
        {
            s.AppendLine();
            s.AppendLine("Batch-32 rows skipped (`--batch32` runs them).");
        }
        return s.ToString();
    }

    private static string Row(List<string> cells) => "| " + string.Join(" | ", cells) + " |";

    private static string Separator(int count) =>
        "|" + string.Join("|", Enumerable.Range(0, count).Select(i => i <= 2 ? "---" : "---:")) + "|";

    private static string Number(double value, string format) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static string Percent(double fraction) =>
        double.IsFinite(fraction) ? (fraction * 100).ToString("F0", CultureInfo.InvariantCulture) + " %" : "–";

    private static string Ratio(double value, string format = "F1") =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) + "×" : "–";

    /// <summary>Milliseconds with 3 significant digits, as in the peers report.</summary>
    private static string Ms(Timing t)
    {
        if (!t.Measured)
        {
            return "–";
        }
        double ms = t.Median * 1e3;
        string format = ms < 1 ? "F3" : ms < 10 ? "F2" : ms < 100 ? "F1" : "F0";
        return ms.ToString(format, CultureInfo.InvariantCulture);
    }
}
