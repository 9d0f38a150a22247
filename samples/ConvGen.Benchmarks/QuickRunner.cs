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
    public string? Filter { get; set; }
    public int Threads { get; set; } = Environment.ProcessorCount;
    public List<string> OneDnnPaths { get; } = new();
    public string OneDnnLayout { get; set; } = "any";
    /// <summary>oneDNN measured live, layer by layer, next to ConvGen, by the peers harness's <c>onednn/conv_bench</c>.</summary>
    public OneDnnLive? OneDnnLive { get; set; }
    public string OutDirectory { get; set; } = Path.Combine("BenchmarkDotNet.Artifacts", "quick");
    /// <summary>
    /// FP32 FMA peak of one thread in GFLOP/s on the path the kernels take, which "% peak" divides by (times the thread
    /// count): <c>--peak</c>, or measured at the start of the run (<see cref="FmaPeak"/>). perf-guide §1 measured 97-102
    /// with 256-bit FMAs on Zen 3; on the Zen 5 VM 16 Vector512 chains read 208-217 on 2026-12-02 and 216-230 on 2026-12-05.
    /// </summary>
    public double? PeakGflopsPerThread { get; set; }

    /// <summary>The peak "% peak" divides by: <see cref="PeakGflopsPerThread"/>, or measured once on first use where not given.</summary>
    public double Peak => PeakGflopsPerThread ?? (_measuredPeak ??= FmaPeak.MeasureGflopsPerThread());

    private double? _measuredPeak;

    /// <summary>Where <see cref="Peak"/> came from, for the report.</summary>
    public string PeakSource => PeakGflopsPerThread is null
        ? "measured at the start of this run: independent FMA chains on the widest vector, best of five"
        : "given by --peak";
    public bool Batch32 { get; set; }
    public bool Naive { get; set; } = true;
    /// <summary>Time convolutions through their packed-weights overload (weights packed once), as oneDNN's reorders are not timed.</summary>
    public bool PackedWeights { get; set; }
    /// <summary>Run <see cref="AlignmentComparison"/> instead of the table.</summary>
    public bool CompareAlignment { get; set; }
    /// <summary>Run <see cref="FirstCallReport"/> instead of the table.</summary>
    public bool FirstCall { get; set; }
    public double WarmSeconds { get; set; } = 0.5;
    public double TimeSeconds { get; set; } = 0.4;
    public int Rounds { get; set; } = 1;
    public string CommandLine { get; set; } = "";
}

/// <summary>Median and fastest of a series of single timed calls.</summary>
internal readonly record struct Timing(double Median, double Best, int Calls)
{
    public static Timing None => new(double.NaN, double.NaN, 0);
    public bool Measured => Calls > 0;
    public double Gflops(long flops) => Measured ? flops / Median / 1e9 : double.NaN;
}

/// <summary>
/// One measured layer. <paramref name="Gemm"/> is the generic GEMM kernel of the layer's kind: im2col + GEMM
/// (<c>Im2ColGemmConv</c>) for a convolution, GEMM + col2im (<c>GemmCol2ImConvTranspose</c>) for a transposed one.
/// <paramref name="Torch1"/> and <paramref name="TorchN"/> are PyTorch's GFLOP/s (transposed rows only).
/// </summary>
internal sealed record QuickResult(
    ISuiteLayer Layer, bool Ok, string Check, Timing ConvGen1, Timing ConvGenN, Timing Gemm, Timing Naive,
    double OneDnn1, double OneDnnN, double Torch1, double TorchN);

/// <summary>
/// <c>--quick</c>: times every selected layer through ConvGen (1 thread and all threads), the generic GEMM kernel
/// (Im2ColGemmConv, or GemmCol2ImConvTranspose for the transposed rows) and the naive kernel, checks ConvGen against
/// the GEMM kernel, prints Markdown tables (convolutions, then transposed convolutions) and writes them with an SVG chart.
/// </summary>
internal static class QuickRunner
{
    /// <summary>Largest accepted |a − b| / max|reference| between two fp32 implementations (different summation orders).</summary>
    public const double RelativeTolerance = 1e-4;

    /// <summary>The peers report's PyTorch column shown next to the transposed rows (SlowTranspose2d, default NCHW tensors).</summary>
    public const string TorchColumn = "torch fwd nchw";

    public static int Run(QuickOptions options)
    {
        OneDnnResults? oneDnn = null, torch = null;
        OneDnnLive? live = options.OneDnnLive;
        if (options.OneDnnPaths.Count > 0)
        {
            oneDnn = new OneDnnResults(options.OneDnnLayout);
            torch = OneDnnResults.ReportColumn(TorchColumn);
            foreach (string path in options.OneDnnPaths)
            {
                oneDnn.Load(path);
                torch.Load(path);
            }
        }

        bool Selected(ISuiteLayer l) =>
            (options.Batch32 || l.Batch == 1) &&
            (options.Filter is null || l.Name.Contains(options.Filter, StringComparison.OrdinalIgnoreCase));
        List<SuiteLayer> layers = Suite.Layers.Where(Selected).ToList();
        List<SuiteDeconvLayer> deconvLayers = Suite.DeconvLayers.Where(Selected).ToList();
        if (layers.Count + deconvLayers.Count == 0)
        {
            Console.Error.WriteLine($"No layer matches '{options.Filter}'.");
            return 2;
        }
        bool peers = oneDnn is not null || live is not null;
        _ = options.Peak; // the FMA peak, measured here before any kernel runs unless --peak gave it

        int saved = ConvThreads.MaxThreads;
        ConvThreads.MaxThreads = options.Threads;
        int threads = ConvThreads.MaxThreads; // clamped to the processor count
        ConvThreads.MaxThreads = saved;
        bool multi = threads > 1;

        var header = new StringBuilder();
        header.AppendLine(CultureInfo.InvariantCulture, $"Machine: {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} logical CPU(s), .NET {Environment.Version}, " +
            $"{ConvSimd.ActivePath} path");
        string rounds = options.Rounds > 1
            ? string.Create(CultureInfo.InvariantCulture, $"; {options.Rounds} rounds over the whole selection, each column the fastest round's median.")
            : ".";
        header.AppendLine(CultureInfo.InvariantCulture, $"Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Threads: 1 and {threads}. Peak: {options.Peak:F0} GFLOP/s per thread ({options.PeakSource}). " +
            $"Timing: warm ≥ {options.WarmSeconds:0.##} s, then single calls for ≥ {options.TimeSeconds:0.##} s (≥ 5 calls; median reported){rounds}");
        if (live is not null)
        {
            header.AppendLine(CultureInfo.InvariantCulture, $"oneDNN: measured live by the peers harness's `{live.Executable}` (forward inference, layout `{options.OneDnnLayout}`, median of single calls for ≥ {live.MinSeconds:0.##} s), each layer right after ConvGen's timing at the same thread count.");
        }
        else if (oneDnn is not null)
        {
            header.AppendLine(CultureInfo.InvariantCulture, $"oneDNN: `dnnl fwd {oneDnn.Layout}` from {string.Join(", ", oneDnn.Sources.Select(Path.GetFileName))} ({oneDnn.Count} entries; thread counts {string.Join("/", oneDnn.ThreadCounts)}).");
        }
        if (torch is not null && deconvLayers.Count > 0)
        {
            header.AppendLine(torch.Count > 0
                ? string.Create(CultureInfo.InvariantCulture, $"PyTorch: `{TorchColumn}` from {string.Join(", ", torch.Sources.Select(Path.GetFileName))} ({torch.Count} entries; thread counts {string.Join("/", torch.ThreadCounts)}).")
                : $"PyTorch: no `{TorchColumn}` column in the given report(s).");
        }
        Console.Write(header);

        // One table per kind: convolutions, then transposed convolutions (their own baselines and the PyTorch column).
        var sections = new List<(bool Deconv, IReadOnlyList<Func<IBenchData>> Layers)>();
        if (layers.Count > 0)
        {
            sections.Add((false, layers.Select(l => (Func<IBenchData>)(() => new LayerData(l, options.PackedWeights))).ToList()));
            WarmNaive();
        }
        if (deconvLayers.Count > 0)
        {
            sections.Add((true, deconvLayers.Select(l => (Func<IBenchData>)(() => new DeconvLayerData(l))).ToList()));
            WarmNaiveTransposed();
        }
        MachineLoad load = MachineLoad.Start();
        var results = new List<QuickResult>();
        var tables = new StringBuilder();
        bool allOk = true;
        var total = Stopwatch.StartNew();
        foreach ((bool deconv, IReadOnlyList<Func<IBenchData>> section) in sections)
        {
            void Print(string line)
            {
                Console.WriteLine(line);
                tables.AppendLine(line);
            }

            Print("");
            if (deconv)
            {
                Print("Transposed convolutions (`[ConvTranspose2D]`; ConvGen times the packed-weights overload, weights packed once before timing):");
                Print("");
            }
            List<string> columns = Columns(threads, multi, peers, deconv);
            Print(Row(columns));
            Print(Separator(columns.Count));
            // With several rounds, every layer is measured once per round (the selection in turn, so a burst of load on a
            // shared machine hits one round of a layer rather than all of them) and its rows print after the last round.
            var sectionResults = new QuickResult?[section.Count];
            for (int round = 0; round < options.Rounds; round++)
            {
                for (int i = 0; i < section.Count; i++)
                {
                    QuickResult result = Measure(section[i](), options, timeNaive: options.Naive && round == 0, threads, multi, oneDnn, live, deconv ? torch : null);
                    sectionResults[i] = sectionResults[i] is QuickResult earlier ? Fastest(earlier, result) : result;
                    allOk &= result.Ok;
                    if (options.Rounds == 1)
                    {
                        Print(Row(Cells(result, options, threads, multi, peers, deconv)));
                    }
                    GC.Collect();
                }
            }
            List<QuickResult> measured = sectionResults.OfType<QuickResult>().ToList();
            if (options.Rounds > 1)
            {
                foreach (QuickResult result in measured)
                {
                    Print(Row(Cells(result, options, threads, multi, peers, deconv)));
                }
            }
            List<string> footer = Footer(measured, threads, multi, peers, deconv);
            if (footer.Count > 0)
            {
                Print(Row(footer));
            }
            results.AddRange(measured);
        }
        Console.WriteLine();
        if (live is not null)
        {
            string version = string.Create(CultureInfo.InvariantCulture, $"oneDNN version: {live.Version} ({live.Runs} runs of conv_bench).");
            Console.WriteLine(version);
            header.AppendLine(version);
        }
        string loadText = load.Describe();
        string notes = Notes(options, threads, multi, peers, layers.Count > 0, deconvLayers.Count > 0) +
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
        markdown.Append(tables).AppendLine().Append(notes);
        File.WriteAllText(markdownPath, markdown.ToString());
        File.WriteAllText(svgPath, SvgChart.Render(results, threads, options.Peak));
        Console.WriteLine();
        Console.WriteLine($"{results.Count} layer(s) in {total.Elapsed.TotalSeconds:F0} s; wrote {markdownPath} and {svgPath}");
        if (!allOk)
        {
            Console.WriteLine("MISMATCH: at least one ConvGen result differs from its generic GEMM kernel (Im2ColGemmConv / GemmCol2ImConvTranspose) beyond the tolerance.");
        }
        return allOk ? 0 : 1;
    }

    /// <summary>
    /// Two rounds of one layer combined: each kernel's timing from the round where its median was lower (the naive
    /// kernel's from the round that timed it; oneDNN's higher GFLOP/s when measured live), and a mismatch if either
    /// round had one.
    /// </summary>
    private static QuickResult Fastest(QuickResult a, QuickResult b)
    {
        static Timing Faster(Timing x, Timing y) => !y.Measured ? x : !x.Measured || y.Median < x.Median ? y : x;
        static double Higher(double x, double y) => double.IsNaN(x) ? y : double.IsNaN(y) ? x : Math.Max(x, y);
        return a with
        {
            Ok = a.Ok && b.Ok,
            Check = a.Ok && !b.Ok ? b.Check : a.Check,
            ConvGen1 = Faster(a.ConvGen1, b.ConvGen1),
            ConvGenN = Faster(a.ConvGenN, b.ConvGenN),
            Gemm = Faster(a.Gemm, b.Gemm),
            Naive = Faster(a.Naive, b.Naive),
            OneDnn1 = Higher(a.OneDnn1, b.OneDnn1),
            OneDnnN = Higher(a.OneDnnN, b.OneDnnN),
        };
    }

    private static QuickResult Measure(IBenchData data, QuickOptions options, bool timeNaive, int threads, bool multi, OneDnnResults? oneDnn, OneDnnLive? live, OneDnnResults? torch)
    {
        ISuiteLayer layer = data.Layer;
        int saved = ConvThreads.MaxThreads;
        // oneDNN measured live: right after ConvGen at the same thread count, so both see the machine of the same seconds.
        double LiveGflops(int count) =>
            live?.Measure(layer.PeersRow, "fwd", count, options.OneDnnLayout) is { Measured: true } t ? layer.Flops / (t.MedianMs * 1e6) : double.NaN;
        try
        {
            ConvThreads.MaxThreads = 1;
            Timing convGen1 = Time(data.RunConvGen, options);
            float[] single = data.ConvGenOutput.ToArray();
            double liveOneDnn1 = LiveGflops(1);

            Timing convGenN = Timing.None;
            double liveOneDnnN = double.NaN;
            if (multi)
            {
                ConvThreads.MaxThreads = threads;
                data.ConvGenOutput.Span.Clear();
                convGenN = Time(data.RunConvGen, options);
                liveOneDnnN = LiveGflops(threads);
            }

            Timing gemm = Time(data.RunGemm, options);

            // The naive kernel is slow: one call per batch-1 layer (after WarmNaive), the median of three when a call
            // is shorter than 50 ms (a single short call is at the mercy of the shared machine), none for larger batches.
            Timing naive = Timing.None;
            if (timeNaive && layer.Batch == 1)
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

            // Numerics: ConvGen (both thread counts) against the GEMM kernel, and the GEMM kernel against naive when run.
            double error = MaxRelativeError(single, data.GemmOutput.Span);
            if (multi)
            {
                error = Math.Max(error, MaxRelativeError(data.ConvGenOutput.Span, data.GemmOutput.Span));
            }
            double generic = naive.Measured ? MaxRelativeError(data.GemmOutput.Span, data.NaiveOutput.Span) : 0;
            bool ok = error <= RelativeTolerance && generic <= RelativeTolerance;
            string check = (ok ? "ok" : "MISMATCH") + string.Create(CultureInfo.InvariantCulture, $" {error:0.0e+0}") +
                (generic > RelativeTolerance ? string.Create(CultureInfo.InvariantCulture, $" (GEMM vs naive {generic:0.0e+0})") : "");

            double oneDnn1 = live is not null ? liveOneDnn1 : oneDnn?.Gflops(layer.Name, 1) ?? double.NaN;
            double oneDnnN = live is not null ? liveOneDnnN : multi ? oneDnn?.Gflops(layer.Name, threads) ?? double.NaN : double.NaN;
            double torch1 = torch?.Gflops(layer.Name, 1) ?? double.NaN;
            double torchN = multi ? torch?.Gflops(layer.Name, threads) ?? double.NaN : double.NaN;
            return new QuickResult(layer, ok, check, convGen1, convGenN, gemm, naive, oneDnn1, oneDnnN, torch1, torchN);
        }
        finally
        {
            ConvThreads.MaxThreads = saved;
        }
    }

    /// <summary>Warm-up for ≥ <see cref="QuickOptions.WarmSeconds"/> (≥ 3 calls), then timed single calls.</summary>
    internal static Timing Time(Action run, QuickOptions options)
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

    /// <summary><see cref="WarmNaive"/> for <see cref="GenericConv.NaiveTransposedForward"/>.</summary>
    private static void WarmNaiveTransposed()
    {
        var shape = new ConvTranspose2DShape(4, 4, 8, 8, 4, 4, 2, 2, 1, 1);
        float[] x = new float[shape.InputImage], w = new float[shape.WeightCount], y = new float[shape.OutputImage];
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 100; i++)
            {
                GenericConv.NaiveTransposedForward(shape, x, w, ReadOnlySpan<float>.Empty, y);
            }
            Thread.Sleep(150);
        }
    }

    private static double MaxRelativeError(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        double maxDiff = 0, scale = 1e-30;
        for (int i = 0; i < actual.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs((double)actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Abs((double)expected[i]));
        }
        return double.IsNaN(maxDiff) ? double.PositiveInfinity : maxDiff / scale;
    }

    /// <summary>The generic GEMM kernel's column label: im2col (convolutions) or GEMM+col2im (transposed convolutions).</summary>
    private static string GemmLabel(bool deconv) => deconv ? "GEMM+col2im" : "im2col";

    private static List<string> Columns(int threads, bool multi, bool oneDnn, bool deconv)
    {
        string gemm = GemmLabel(deconv);
        var c = new List<string> { "layer", "MFLOP", "check", "1T ms", "1T GFLOP/s", "1T % peak" };
        if (multi)
        {
            c.AddRange([$"{threads}T ms", $"{threads}T GFLOP/s", $"{threads}T % peak"]);
        }
        c.AddRange([$"{gemm} ms", $"{gemm} GFLOP/s", "naive ms", "naive GFLOP/s", "1T vs naive", $"1T vs {gemm}"]);
        if (multi)
        {
            c.AddRange([$"{threads}T vs naive", $"{threads}T vs {gemm}"]);
        }
        if (oneDnn)
        {
            c.AddRange(["oneDNN 1T GFLOP/s", "ConvGen/oneDNN 1T"]);
            if (deconv)
            {
                c.AddRange(["PyTorch 1T GFLOP/s", "ConvGen/PyTorch 1T"]);
            }
            if (multi)
            {
                c.AddRange([$"oneDNN {threads}T GFLOP/s", $"ConvGen/oneDNN {threads}T"]);
                if (deconv)
                {
                    c.AddRange([$"PyTorch {threads}T GFLOP/s", $"ConvGen/PyTorch {threads}T"]);
                }
            }
        }
        return c;
    }

    private static List<string> Cells(QuickResult r, QuickOptions options, int threads, bool multi, bool oneDnn, bool deconv)
    {
        long flops = r.Layer.Flops;
        double g1 = r.ConvGen1.Gflops(flops), gn = r.ConvGenN.Gflops(flops), gi = r.Gemm.Gflops(flops), gv = r.Naive.Gflops(flops);
        var c = new List<string>
        {
            r.Layer.Name, Number(flops / 1e6, "F1"), r.Check,
            Ms(r.ConvGen1), Number(g1, "F1"), Percent(g1 / options.Peak),
        };
        if (multi)
        {
            c.AddRange([Ms(r.ConvGenN), Number(gn, "F1"), Percent(gn / (options.Peak * threads))]);
        }
        c.AddRange([Ms(r.Gemm), Number(gi, "F1"), Ms(r.Naive), Number(gv, gv < 0.1 ? "F3" : "F2"), Ratio(g1 / gv), Ratio(g1 / gi)]);
        if (multi)
        {
            c.AddRange([Ratio(gn / gv), Ratio(gn / gi)]);
        }
        if (oneDnn)
        {
            c.AddRange([Number(r.OneDnn1, "F1"), Ratio(g1 / r.OneDnn1, "F2")]);
            if (deconv)
            {
                c.AddRange([Number(r.Torch1, "F1"), Ratio(g1 / r.Torch1, "F2")]);
            }
            if (multi)
            {
                c.AddRange([Number(r.OneDnnN, "F1"), Ratio(gn / r.OneDnnN, "F2")]);
                if (deconv)
                {
                    c.AddRange([Number(r.TorchN, "F1"), Ratio(gn / r.TorchN, "F2")]);
                }
            }
        }
        return c;
    }

    /// <summary>A "geomean" row for the ratio columns (over the layers where both sides were measured).</summary>
    private static List<string> Footer(List<QuickResult> results, int threads, bool multi, bool oneDnn, bool deconv)
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
        c.AddRange(["", "", "", "", Geo(r => G(r.ConvGen1, r) / G(r.Naive, r)), Geo(r => G(r.ConvGen1, r) / G(r.Gemm, r))]);
        if (multi)
        {
            c.AddRange([Geo(r => G(r.ConvGenN, r) / G(r.Naive, r)), Geo(r => G(r.ConvGenN, r) / G(r.Gemm, r))]);
        }
        if (oneDnn)
        {
            c.AddRange(["", Geo(r => G(r.ConvGen1, r) / r.OneDnn1, "F2")]);
            if (deconv)
            {
                c.AddRange(["", Geo(r => G(r.ConvGen1, r) / r.Torch1, "F2")]);
            }
            if (multi)
            {
                c.AddRange(["", Geo(r => G(r.ConvGenN, r) / r.OneDnnN, "F2")]);
                if (deconv)
                {
                    c.AddRange(["", Geo(r => G(r.ConvGenN, r) / r.TorchN, "F2")]);
                }
            }
        }
        return c;
    }

    private static string Notes(QuickOptions options, int threads, bool multi, bool oneDnn, bool conv, bool deconv)
    {
        var s = new StringBuilder();
        s.AppendLine("Columns: *ms* = median time of one call; *GFLOP/s* = 2·MACs / median (the peers harness's count); " +
            string.Create(CultureInfo.InvariantCulture, $"*% peak* = GFLOP/s / ({options.Peak:F0} GFLOP/s × threads), the FP32 FMA peak of one thread ({options.PeakSource}; `--peak` overrides); ") +
            "*1T* = ConvGen with `ConvThreads.MaxThreads = 1`" + (multi ? string.Create(CultureInfo.InvariantCulture, $", *{threads}T* = ConvGen with {threads} threads") : "") + "; " +
            (conv ? "*im2col* = `Im2ColGemmConv.Forward` (generic im2col + packed SIMD SGEMM, single-threaded); " : "") +
            (deconv ? "*GEMM+col2im* = `GemmCol2ImConvTranspose.Forward` (generic columns = Wᵀ·X with the same SGEMM, then a col2im scatter-add: PyTorch's SlowTranspose2d algorithm, single-threaded); " : "") +
            (conv ? "*naive* = `GenericConv.NaiveForward` (generic direct loops, single-threaded)" : "") +
            (conv && deconv ? ", for transposed rows " : deconv ? "*naive* = " : "") +
            (deconv ? "`GenericConv.NaiveTransposedForward` (generic scatter loops, single-threaded)" : "") +
            "; *vs* columns = speed-up of ConvGen over that kernel.");
        s.AppendLine();
        s.AppendLine("Buffers: every input, weight and output buffer, for every implementation, starts on a 64-byte boundary (`AlignedMemory.Allocate`), as oneDNN's and PyTorch's tensors do; `--alignment` measures what 16 bytes off costs ConvGen.");
        s.AppendLine();
        s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"*check*: ConvGen's output (1 and {threads} threads) against the generic GEMM kernel of its table (Im2ColGemmConv, GemmCol2ImConvTranspose): \"ok\" when max|Δ| / max|reference| ≤ {RelativeTolerance:0e+0} (the figure shown), else MISMATCH; where naive ran, the GEMM kernel is checked against it too."));
        if (conv)
        {
            s.AppendLine();
            s.AppendLine(options.PackedWeights
                ? "Convolutions (`--packed`): ConvGen is timed through the generated packed-weights overload, the weights packed once by `{Method}PackWeights` before timing (oneDNN's weight reorders are not timed either)."
                : "Convolutions: ConvGen is timed through the plain OIHW overload (Winograd layers compare the weights with the previous call's in full before reusing their transform); `--packed` times the packed-weights overload.");
        }
        if (deconv)
        {
            s.AppendLine();
            s.AppendLine("Transposed convolutions: ConvGen is timed through the generated packed-weights overload, the weights packed once by `{Method}PackWeights` before timing " +
                "(as a model would at load time; the peers harness does not time oneDNN's weight reorders either). The generic kernels read PyTorch's [C][K/G][kh][kw] weights on every call, as PyTorch does. " +
                "GFLOP/s count the scatter form's multiply-adds (the peers' count) for every implementation; where the generator picked its shared-input Winograd F(2×2,3×3) plan " +
                "(`Algorithm = Auto` on stride-2 layers with a 3-tap shared window, e.g. k4 s2 p1, and ≥ 16 channels each way) it does 2.25 instead of 4 multiply-adds per output and channel pair, so ConvGen's GFLOP/s are effective figures and *% peak* can exceed 100 %.");
        }
        s.AppendLine();
        s.AppendLine(options.Naive
            ? "The naive kernel is timed with a single call per layer (the median of 3 when a call takes < 50 ms; after a warm-up on a small shape), and not at all for batch-32 rows (`–`)."
            : "The naive kernel was not run (`--no-naive`).");
        if (oneDnn)
        {
            s.AppendLine();
            s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"*oneDNN*: forward inference, layout `{options.OneDnnLayout}`, ") +
                (options.OneDnnLive is not null
                    ? "measured live in this run by the peers harness's conv_bench (its warm-up, then the median of single calls), one layer at a time right after ConvGen's timing at the same thread count" +
                        (options.Rounds > 1 ? ", the fastest round's median" : "")
                    : $"the `dnnl fwd {options.OneDnnLayout}` column of the peers harness's report (median)") +
                "; same FLOP count; *ConvGen/oneDNN* = ConvGen GFLOP/s / oneDNN GFLOP/s (> 1: ConvGen faster). " +
                (options.OneDnnLayout == "any"
                    ? "`any` lets oneDNN pick its blocked layout (nChw8c on AVX2, nChw16c on AVX-512) with no reorder timed: its best case, while ConvGen works on plain NCHW."
                    : "`nchw` forces oneDNN's activations to plain NCHW, ConvGen's layout."));
            if (deconv && options.OneDnnPaths.Count > 0)
            {
                s.AppendLine();
                s.AppendLine($"*PyTorch* (transposed rows): the `{TorchColumn}` column of the given report: `F.conv_transpose2d` under no_grad on default (NCHW) tensors, " +
                    "which PyTorch 1.13 runs as SlowTranspose2d (GEMM + col2im) on OpenBLAS; its time includes allocating the output. *ConvGen/PyTorch* = ConvGen GFLOP/s / PyTorch GFLOP/s.");
            }
        }
        if (Suite.Skipped.Count > 0)
        {
            s.AppendLine();
            s.AppendLine($"Not in the suite (a kind other than conv and deconv): {string.Join(", ", Suite.Skipped)}.");
        }
        if (!options.Batch32)
        {
            s.AppendLine();
            s.AppendLine("Batch-32 rows skipped (`--batch32` runs them).");
        }
        return s.ToString();
    }

    internal static string Row(List<string> cells) => "| " + string.Join(" | ", cells) + " |";

    internal static string Separator(int count) =>
        "|" + string.Join("|", Enumerable.Range(0, count).Select(i => i <= 2 ? "---" : "---:")) + "|";

    private static string Number(double value, string format) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static string Percent(double fraction) =>
        double.IsFinite(fraction) ? (fraction * 100).ToString("F0", CultureInfo.InvariantCulture) + " %" : "–";

    internal static string Ratio(double value, string format = "F1") =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) + "×" : "–";

    /// <summary>Milliseconds with 3 significant digits, as in the peers report.</summary>
    internal static string Ms(Timing t)
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
