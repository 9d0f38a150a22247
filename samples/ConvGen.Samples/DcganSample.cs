using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using ConvGen;
using ConvGen.Reference;

namespace ConvGen.Samples;

/// <summary>
/// A DCGAN-style generator: five transposed convolutions take a latent vector z (100×1×1) to a 64×64 RGB image.
/// ReLU is fused into the first four kernels; the last ends in tanh. Each attribute declares one layer.
/// </summary>
internal static partial class DcganLayers
{
    // z (100×1×1) → 256×4×4: a 4×4 kernel, stride 1, no padding, projects the vector onto a 4×4 map.
    [ConvTranspose2D(InChannels = 100, OutChannels = 256, Height = 1, Width = 1, KernelSize = 4, Activation = Activation.Relu)]
    public static partial void Project(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Each following layer doubles the resolution: 4×4 kernel, stride 2, padding 1.
    [ConvTranspose2D(InChannels = 256, OutChannels = 128, Height = 4, Width = 4, KernelSize = 4, Stride = 2, Padding = 1, Activation = Activation.Relu)]
    public static partial void Up8(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [ConvTranspose2D(InChannels = 128, OutChannels = 64, Height = 8, Width = 8, KernelSize = 4, Stride = 2, Padding = 1, Activation = Activation.Relu)]
    public static partial void Up16(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [ConvTranspose2D(InChannels = 64, OutChannels = 32, Height = 16, Width = 16, KernelSize = 4, Stride = 2, Padding = 1, Activation = Activation.Relu)]
    public static partial void Up32(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // 32×32×32 → 3×64×64, tanh.
    [ConvTranspose2D(InChannels = 32, OutChannels = 3, Height = 32, Width = 32, KernelSize = 4, Stride = 2, Padding = 1, Activation = Activation.Tanh)]
    public static partial void ToRgb(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);
}

/// <summary>
/// <c>--dcgan [out.ppm]</c>: runs <see cref="DcganLayers"/> on a random latent vector with random (He-scaled, fixed
/// seed) weights, checks every layer against the generic naive kernel on the same input, times each layer next to the
/// generic GEMM + col2im kernel, and writes the 64×64 image as a binary PPM.
/// </summary>
internal static class DcganSample
{
    private delegate void Packed(ReadOnlySpan<float> input, PackedWeights weights, ReadOnlySpan<float> bias, Span<float> output);

    private sealed record Layer(string Name, ConvTranspose2DShape Shape, Func<float[], PackedWeights> Pack, Packed Run);

    private static readonly Layer[] s_layers =
    {
        new("z 100x1x1 -> 256x4x4 +ReLU", DcganLayers.ProjectShape, w => DcganLayers.ProjectPackWeights(w), DcganLayers.Project),
        new("256x4x4 -> 128x8x8 +ReLU", DcganLayers.Up8Shape, w => DcganLayers.Up8PackWeights(w), DcganLayers.Up8),
        new("128x8x8 -> 64x16x16 +ReLU", DcganLayers.Up16Shape, w => DcganLayers.Up16PackWeights(w), DcganLayers.Up16),
        new("64x16x16 -> 32x32x32 +ReLU", DcganLayers.Up32Shape, w => DcganLayers.Up32PackWeights(w), DcganLayers.Up32),
        new("32x32x32 -> 3x64x64 +tanh", DcganLayers.ToRgbShape, w => DcganLayers.ToRgbPackWeights(w), DcganLayers.ToRgb),
    };

    public static int Run(string imagePath)
    {
        Console.WriteLine($"DCGAN generator, z (100x1x1) -> 64x64 RGB: {ConvThreads.MaxThreads} thread(s) available, {ConvSimd.ActivePath} path");
        Console.WriteLine("Weights: uniform, He-scaled (variance 2 / fan-in, fan-in = taps an output pixel sums; 1 / fan-in for the tanh layer), seed 2026; z ~ N(0, 1).");
        Console.WriteLine();

        // The "model": weights in PyTorch's [C][K][kh][kw] layout, packed once for the generated kernels.
        var random = new Random(2026);
        var weights = new float[s_layers.Length][];
        var biases = new float[s_layers.Length][];
        var packed = new PackedWeights[s_layers.Length];
        for (int i = 0; i < s_layers.Length; i++)
        {
            ConvTranspose2DShape s = s_layers[i].Shape;
            // Fan-in: the (input channel, tap) products an output pixel sums on average: C·kh·kw·H·W / (OH·OW), i.e.
            // C·4 for the stride-2 layers and C for the first one (a 1×1 input gives each output pixel one tap).
            double fanIn = (double)s.InChannels * s.KernelHeight * s.KernelWidth * s.Height * s.Width / ((double)s.OutHeight * s.OutWidth);
            double variance = (i == s_layers.Length - 1 ? 1.0 : 2.0) / fanIn;
            weights[i] = Uniform(random, s.WeightCount, Math.Sqrt(3 * variance));
            biases[i] = Uniform(random, s.OutChannels, 0.05);
            packed[i] = s_layers[i].Pack(weights[i]);
        }
        float[] z = Gaussian(random, 100);

        Console.WriteLine($"| {"layer",-28} | {"check vs naive (max|Δ|, rel)",-32} | {"ConvGen 1T ms",13} | {$"ConvGen {ConvThreads.MaxThreads}T ms",13} | {"GEMM+col2im ms",14} | {"1T speed-up",11} | {"naive ms",9} |");
        Console.WriteLine($"|{new string('-', 30)}|{new string('-', 34)}|{new string('-', 15)}|{new string('-', 15)}|{new string('-', 16)}|{new string('-', 13)}|{new string('-', 11)}|");
        int threads = ConvThreads.MaxThreads;
        bool allOk = true;
        double total1 = 0, totalN = 0, totalGemm = 0;
        float[] activations = z;
        for (int i = 0; i < s_layers.Length; i++)
        {
            Layer layer = s_layers[i];
            ConvTranspose2DShape s = layer.Shape;
            float[] x = activations, w = weights[i], b = biases[i];
            PackedWeights pw = packed[i];
            float[] y = new float[s.OutputImage], reference = new float[s.OutputImage], gemm = new float[s.OutputImage];

            layer.Run(x, pw, b, y);
            long start = Stopwatch.GetTimestamp();
            GenericConv.NaiveTransposedForward(s, x, w, b, reference);
            double naiveSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            (bool ok, string check) = Compare(y, reference);
            allOk &= ok;

            ConvThreads.MaxThreads = 1;
            double seconds1 = MedianSeconds(() => layer.Run(x, pw, b, y));
            ConvThreads.MaxThreads = threads;
            double secondsN = MedianSeconds(() => layer.Run(x, pw, b, y));
            double gemmSeconds = MedianSeconds(() => GemmCol2ImConvTranspose.Forward(s, x, w, b, gemm));
            total1 += seconds1;
            totalN += secondsN;
            totalGemm += gemmSeconds;
            Console.WriteLine($"| {layer.Name,-28} | {check,-32} | {seconds1 * 1e3,13:F3} | {secondsN * 1e3,13:F3} | {gemmSeconds * 1e3,14:F3} | {gemmSeconds / seconds1,10:F1}x | {naiveSeconds * 1e3,9:F2} |");
            activations = y;
        }
        Console.WriteLine($"| {"whole generator",-28} | {"",-32} | {total1 * 1e3,13:F3} | {totalN * 1e3,13:F3} | {totalGemm * 1e3,14:F3} | {totalGemm / total1,10:F1}x | {"",9} |");
        Console.WriteLine();
        Console.WriteLine("ConvGen = the generated [ConvTranspose2D] kernels, packed-weights overload (weights packed once), bias and ReLU fused;");
        Console.WriteLine("GEMM+col2im = ConvGen.Reference.GemmCol2ImConvTranspose (generic, single-threaded: PyTorch's SlowTranspose2d algorithm);");
        Console.WriteLine("naive = GenericConv.NaiveTransposedForward (one call, also the reference of the check on the same layer input).");
        Console.WriteLine("Times are medians of repeated calls after warm-up; speed-up = GEMM+col2im ms / ConvGen 1T ms.");

        // The last layer's tanh output, [−1, 1] → [0, 255] (v·127.5 + 127.5), planar RGB → interleaved.
        float[] image = activations;
        var pixels = new byte[64 * 64 * 3];
        ImageLayout.ToInterleaved(image, 64, 64, 3, pixels, scale: 127.5f, offset: 127.5f);
        double mean = 0, sumSquares = 0;
        foreach (float v in image)
        {
            mean += v;
            sumSquares += (double)v * v;
        }
        int count = 3 * 64 * 64;
        mean /= count;
        double std = Math.Sqrt(Math.Max(0, sumSquares / count - mean * mean));
        using (FileStream file = File.Create(imagePath))
        {
            file.Write(Encoding.ASCII.GetBytes("P6\n64 64\n255\n"));
            file.Write(pixels);
        }
        Console.WriteLine();
        Console.WriteLine($"Wrote {Path.GetFullPath(imagePath)} (64x64 binary PPM; tanh output mean {mean:F3}, std {std:F3}).");
        return allOk ? 0 : 1;
    }

    private static float[] Uniform(Random random, int count, double limit)
    {
        var data = new float[count];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)((random.NextDouble() * 2 - 1) * limit);
        }
        return data;
    }

    /// <summary>Standard normal values (Box–Muller).</summary>
    private static float[] Gaussian(Random random, int count)
    {
        var data = new float[count];
        for (int i = 0; i < data.Length; i++)
        {
            double u = 1.0 - random.NextDouble(), v = random.NextDouble();
            data[i] = (float)(Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
        }
        return data;
    }

    /// <summary>Median seconds per call: ≥ 0.1 s of warm-up, then single calls for ≥ 0.3 s (≥ 5 calls).</summary>
    private static double MedianSeconds(Action action)
    {
        var clock = Stopwatch.StartNew();
        do
        {
            action();
        }
        while (clock.Elapsed.TotalSeconds < 0.1);
        var samples = new List<double>();
        clock.Restart();
        while (clock.Elapsed.TotalSeconds < 0.3 || samples.Count < 5)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        samples.Sort();
        return samples[samples.Count / 2];
    }

    /// <summary>Largest absolute difference and that relative to the reference's largest magnitude; ok when the latter ≤ 1e-5.</summary>
    private static (bool Ok, string Text) Compare(float[] actual, float[] expected)
    {
        double maxDiff = 0, scale = 1e-30;
        for (int i = 0; i < actual.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs((double)actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Abs((double)expected[i]));
        }
        if (double.IsNaN(maxDiff))
        {
            maxDiff = double.PositiveInfinity;
        }
        double relative = maxDiff / scale;
        bool ok = relative <= 1e-5;
        return (ok, $"{(ok ? "ok" : "MISMATCH")} {maxDiff:0.0e+0}, rel {relative:0.0e+0}");
    }
}
