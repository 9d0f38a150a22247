using System;
using System.Globalization;
using ConvGen;
using ConvGen.Reference;

namespace ConvGen.Benchmarks;

/// <summary>Dilated 3×3 layers two ways: ConvGen's direct plan, and Winograd on the phase mosaic (what Auto picks).</summary>
internal static partial class DilatedLayers
{
    // DeepLab-v3's atrous 3×3 at output stride 8 (narrowed to 128 channels), and a dilation-2 layer on a larger map.
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, KernelSize = 3, Padding = 2, Dilation = 2, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Direct28d2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, KernelSize = 3, Padding = 2, Dilation = 2)]
    public static partial void Mosaic28d2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 64, OutChannels = 64, Height = 56, Width = 56, KernelSize = 3, Padding = 2, Dilation = 2, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Direct56d2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 64, OutChannels = 64, Height = 56, Width = 56, KernelSize = 3, Padding = 2, Dilation = 2)]
    public static partial void Mosaic56d2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // A dilated ResNet's last stage (dilation 4), and ASPP's dilation 6 on a 32×32 map (6×6 phases: little to gain).
    [Conv2D(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, KernelSize = 3, Padding = 4, Dilation = 4, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Direct28d4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, KernelSize = 3, Padding = 4, Dilation = 4)]
    public static partial void Mosaic28d4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 256, OutChannels = 256, Height = 32, Width = 32, KernelSize = 3, Padding = 6, Dilation = 6, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Direct32d6(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 256, OutChannels = 256, Height = 32, Width = 32, KernelSize = 3, Padding = 6, Dilation = 6)]
    public static partial void Mosaic32d6(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Backward-data of the first and third: the forward kernel of the rotated layer, dilated the same way.
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, KernelSize = 3, Padding = 2, Dilation = 2, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Direct)]
    public static partial void DataDirect28d2(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, KernelSize = 3, Padding = 2, Dilation = 2, Pass = ConvPass.BackwardData)]
    public static partial void DataMosaic28d2(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, KernelSize = 3, Padding = 4, Dilation = 4, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Direct)]
    public static partial void DataDirect28d4(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, KernelSize = 3, Padding = 4, Dilation = 4, Pass = ConvPass.BackwardData)]
    public static partial void DataMosaic28d4(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
}

/// <summary>
/// <c>--dilated</c>: each dilated layer's direct kernel and its phase-mosaic Winograd kernel (plain OIHW overloads; forward
/// reuses the cached transform after the first calls, backward-data has a weight changed before every call) in three
/// interleaved rounds, at 1 thread and at all threads (best median per kernel), with oneDNN's same pass measured right
/// after each layer when <c>--onednn-live PATH</c> is given.
/// </summary>
internal static class DilatedBench
{
    private delegate void Kernel(ReadOnlySpan<float> x, ReadOnlySpan<float> w, Span<float> y);

    public static int Run(double seconds, OneDnnLive? oneDnn)
    {
        var layers = new (string Name, string Pass, Conv2DShape Shape, Kernel Direct, Kernel Mosaic)[]
        {
            ("dil_28x128_d2", "fwd", DilatedLayers.Mosaic28d2Shape, DilatedLayers.Direct28d2, DilatedLayers.Mosaic28d2),
            ("dil_56x64_d2", "fwd", DilatedLayers.Mosaic56d2Shape, DilatedLayers.Direct56d2, DilatedLayers.Mosaic56d2),
            ("dil_28x256_d4", "fwd", DilatedLayers.Mosaic28d4Shape, DilatedLayers.Direct28d4, DilatedLayers.Mosaic28d4),
            ("dil_32x256_d6", "fwd", DilatedLayers.Mosaic32d6Shape, DilatedLayers.Direct32d6, DilatedLayers.Mosaic32d6),
            ("dil_28x128_d2 bwd-data", "bwd_d", DilatedLayers.DataMosaic28d2Shape, DilatedLayers.DataDirect28d2, DilatedLayers.DataMosaic28d2),
            ("dil_28x256_d4 bwd-data", "bwd_d", DilatedLayers.DataMosaic28d4Shape, DilatedLayers.DataDirect28d4, DilatedLayers.DataMosaic28d4),
        };
        int all = ConvThreads.MaxThreads;
        Console.WriteLine($"Dilated 3×3 layers, {ConvSimd.ActivePath} path; ms are the best of three rounds' medians.");
        Console.WriteLine();
        Console.WriteLine($"| layer | direct 1T ms | mosaic 1T ms | speed-up | oneDNN 1T ms | mosaic vs oneDNN 1T | direct {all}T ms | mosaic {all}T ms | speed-up | oneDNN {all}T ms | mosaic vs oneDNN {all}T |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        try
        {
            foreach (var layer in layers)
            {
                Conv2DShape s = layer.Shape;
                var random = new Random(1);
                // Backward-data reads gradOutput (the output's size) and writes gradInput; the weights change before every
                // call there, as training changes them, so its transform is never reused.
                bool data = layer.Pass == "bwd_d";
                float[] x = new float[data ? s.OutputImage : s.InputImage], w = new float[s.WeightCount], y = new float[data ? s.InputImage : s.OutputImage];
                for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
                for (int i = 0; i < w.Length; i++) w[i] = (float)(random.NextDouble() * 2 - 1);
                string row = layer.Name;
                foreach (int threads in new[] { 1, all })
                {
                    ConvThreads.MaxThreads = threads;
                    double direct = double.MaxValue, mosaic = double.MaxValue;
                    for (int round = 0; round < 3; round++)
                    {
                        direct = Math.Min(direct, WinogradBench.Time(() => { if (data) w[0] = -w[0]; layer.Direct(x, w, y); }, seconds / 3));
                        mosaic = Math.Min(mosaic, WinogradBench.Time(() => { if (data) w[0] = -w[0]; layer.Mosaic(x, w, y); }, seconds / 3));
                    }
                    OneDnnTiming dnnl = oneDnn?.Measure(OneDnnLive.ConfigRow(layer.Name.Split(' ')[0], 1, s), layer.Pass, threads, "any", "nchw") ?? OneDnnTiming.None;
                    row += string.Format(CultureInfo.InvariantCulture, " | {0:0.000} | {1:0.000} | {2:0.00}× | {3} | {4}",
                        direct * 1e3, mosaic * 1e3, direct / mosaic,
                        dnnl.Measured ? dnnl.MedianMs.ToString("0.000", CultureInfo.InvariantCulture) : "-",
                        dnnl.Measured ? (dnnl.MedianMs / (mosaic * 1e3)).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "-");
                }
                Console.WriteLine("| " + row + " |");
            }
        }
        finally
        {
            ConvThreads.MaxThreads = all;
        }
        Console.WriteLine();
        Console.WriteLine("direct: Algorithm = ConvAlgorithm.Direct; mosaic: Auto, which runs Winograd on the phase mosaic (README, Winograd convolution).");
        Console.WriteLine("bwd-data: a weight changes before every call (no cached transform). oneDNN: the same pass in its own best layout (any or nchw; the lower median), reorders untimed.");
        return 0;
    }
}
