using System;
using System.IO;
using System.Linq;
using ConvGen.Benchmarks;
using ConvGen.Reference;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The benchmarks' live oneDNN comparison without oneDNN: the configs rows it hands to the peers harness, and how it
/// reads the harness's output. (Running conv_bench itself needs libdnnl, which CI does not have.)
/// </summary>
public sealed class OneDnnLiveTests
{
    [Fact]
    public void EverySuiteLayerWritesBackItsOwnConfigsRow()
    {
        using Stream stream = typeof(Suite).Assembly.GetManifestResourceStream("ConvGen.Benchmarks.configs.csv")!;
        using var reader = new StreamReader(stream);
        string[] rows = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith("name,", StringComparison.Ordinal) && !line.StartsWith('#'))
            .ToArray();
        ISuiteLayer[] layers = [.. Suite.Layers, .. Suite.DeconvLayers];
        Assert.Equal(rows.Length - Suite.Skipped.Count, layers.Length);
        foreach (ISuiteLayer layer in layers)
        {
            Assert.Contains(layer.PeersRow, rows);
        }
    }

    [Fact]
    public void NonSquareStridesAreRefusedRatherThanMeasuredAsAnotherLayer()
    {
        var error = Assert.Throws<ArgumentException>(() => OneDnnLive.ConfigRow("odd", 1, new Conv2DShape(8, 8, 9, 9, 3, 3, 2, 1, 1, 1, 1, 1, 1)));
        Assert.Contains("square", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadsTheLowestMedianAndTheFastestCallOverTheLayouts()
    {
        const string output = """
            threads,name,kind,pass,layout,impl,gflop,median_ms,min_ms,gflops,reps,attempts
            1,l,conv,bwd_d,any,jit_dw:avx512_core,0.000903,0.022362,0.018886,40.389,4511,1
            1,l,conv,bwd_d,nchw,jit_dw:avx512_core,0.000903,0.020000,0.019500,45.150,4511,1
            1,l,conv,bwd_w,any,jit_dw:avx512_core,0.000903,0.006903,0.006241,130.837,14877,1
            """;
        OneDnnTiming data = OneDnnLive.Best(output, "bwd_d");
        Assert.Equal(0.020000, data.MedianMs);
        Assert.Equal(0.018886, data.MinMs);
        Assert.Equal("nchw", data.Layout);
        Assert.Equal(0.006903, OneDnnLive.Best(output, "bwd_w").MedianMs);
        Assert.False(OneDnnLive.Best(output, "fwd").Measured);
    }
}
