using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using Perfolizer.Horology;

namespace ConvGen.Benchmarks;

/// <summary>
/// BenchmarkDotNet suite: every conv row of <c>configs.csv</c> through the generated kernel, the im2col+GEMM generic
/// kernel (the baseline of the Ratio column) and the naive generic kernel (category <c>Naive</c>: slow, filter it out
/// with <c>--anyCategories Fast</c>). ConvGen uses <see cref="ConvThreads.MaxThreads"/> threads: all cores by default,
/// one with <c>--envVars CONVGEN_THREADS:1</c>. The generic kernels are single-threaded. Select layers with the
/// <c>CONVGEN_BENCH_LAYERS</c> environment variable (comma-separated name substrings).
/// </summary>
[Config(typeof(SuiteConfig))]
[MemoryDiagnoser]
[CategoriesColumn]
public class ConvBenchmarks
{
    private LayerData _data = null!;

    /// <summary>The layer (a <c>configs.csv</c> row name).</summary>
    [ParamsSource(nameof(LayerNames))]
    public string Layer { get; set; } = "";

    /// <summary>Environment variable: comma-separated substrings; only layers whose name contains one of them run.</summary>
    public const string LayerFilterVariable = "CONVGEN_BENCH_LAYERS";

    /// <summary>Every conv row of the suite (batch 1 and batch 32), or those selected by <see cref="LayerFilterVariable"/>.</summary>
    public static IEnumerable<string> LayerNames()
    {
        string[] filters = (Environment.GetEnvironmentVariable(LayerFilterVariable) ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (SuiteLayer layer in Suite.Layers)
        {
            if (filters.Length == 0 || Array.Exists(filters, f => layer.Name.Contains(f, StringComparison.OrdinalIgnoreCase)))
            {
                yield return layer.Name;
            }
        }
    }

    /// <summary>Allocates the layer's tensors (random values) once per parameter value.</summary>
    [GlobalSetup]
    public void Setup() => _data = new LayerData(Suite.Find(Layer));

    /// <summary>The generated, shape-specialised kernel.</summary>
    [Benchmark(Baseline = false), BenchmarkCategory("Fast")]
    public void ConvGen() => _data.RunConvGen();

    /// <summary><see cref="Reference.Im2ColGemmConv.Forward"/>: im2col + packed SIMD SGEMM (generic, 1 thread).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Fast")]
    public void Im2ColGemm() => _data.RunIm2Col();

    /// <summary><see cref="Reference.GenericConv.NaiveForward"/>: seven nested loops (generic, 1 thread, slow).</summary>
    [Benchmark, BenchmarkCategory("Naive")]
    public void Naive() => _data.RunNaive();

    /// <summary>
    /// A short job for a shared 2-vCPU VM: one launch, 4 warm-up and 9 measured iterations of ≥ 150 ms each
    /// (no unrolling, so a single slow naive call is one invocation), median and min reported next to the mean.
    /// </summary>
    internal sealed class SuiteConfig : ManualConfig
    {
        public SuiteConfig()
        {
            AddJob(Job.Default
                .WithId("Short2Core")
                .WithLaunchCount(1)
                .WithWarmupCount(4)
                .WithIterationCount(9)
                .WithIterationTime(TimeInterval.FromMilliseconds(150))
                .WithUnrollFactor(1));
            AddColumn(StatisticColumn.Median, StatisticColumn.Min);
            AddColumn(new GflopsColumn());
            WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
            WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend).WithMaxParameterColumnWidth(32));
            WithOptions(ConfigOptions.JoinSummary);
        }
    }
}
