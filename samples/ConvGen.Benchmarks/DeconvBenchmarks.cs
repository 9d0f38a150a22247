using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;

namespace ConvGen.Benchmarks;

/// <summary>
/// BenchmarkDotNet suite for the transposed-convolution (<c>kind=deconv</c>) rows of <c>configs.csv</c>, like
/// <see cref="ConvBenchmarks"/>: the generated <c>[ConvTranspose2D]</c> kernel through its packed-weights overload (weights
/// packed once in the setup, as oneDNN's reorders are outside the peers' timings), the GEMM + col2im generic kernel (the
/// baseline of the Ratio column) and the naive scatter kernel (category <c>Naive</c>). Same job, columns, thread and
/// <c>CONVGEN_BENCH_LAYERS</c> selection as <see cref="ConvBenchmarks"/>.
/// </summary>
[Config(typeof(ConvBenchmarks.SuiteConfig))]
[MemoryDiagnoser]
[CategoriesColumn]
public class DeconvBenchmarks
{
    private DeconvLayerData _data = null!;

    /// <summary>The layer (a <c>configs.csv</c> row name).</summary>
    [ParamsSource(nameof(LayerNames))]
    public string Layer { get; set; } = "";

    /// <summary>Every deconv row of the suite, or those selected by <see cref="ConvBenchmarks.LayerFilterVariable"/>.</summary>
    public static IEnumerable<string> LayerNames()
    {
        string[] filters = (Environment.GetEnvironmentVariable(ConvBenchmarks.LayerFilterVariable) ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (SuiteDeconvLayer layer in Suite.DeconvLayers)
        {
            if (filters.Length == 0 || Array.Exists(filters, f => layer.Name.Contains(f, StringComparison.OrdinalIgnoreCase)))
            {
                yield return layer.Name;
            }
        }
    }

    /// <summary>Allocates the layer's tensors (random values) and packs the weights once per parameter value.</summary>
    [GlobalSetup]
    public void Setup() => _data = new DeconvLayerData(Suite.FindDeconv(Layer));

    /// <summary>The generated, shape-specialised kernel (packed-weights overload).</summary>
    [Benchmark(Baseline = false), BenchmarkCategory("Fast")]
    public void ConvGen() => _data.RunConvGen();

    /// <summary><see cref="Reference.GemmCol2ImConvTranspose.Forward"/>: SGEMM Wᵀ·X + col2im (generic, 1 thread).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Fast")]
    public void GemmCol2Im() => _data.RunGemm();

    /// <summary><see cref="Reference.GenericConv.NaiveTransposedForward"/>: scatter loops (generic, 1 thread, slow).</summary>
    [Benchmark, BenchmarkCategory("Naive")]
    public void Naive() => _data.RunNaive();
}
