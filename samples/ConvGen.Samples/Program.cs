using System;
using System.Collections.Generic;
using System.Diagnostics;
using ConvGen;
using ConvGen.Reference;

namespace ConvGen.Samples;

/// <summary>
/// ConvGen quickstart: runs the generated layers of <see cref="Layers"/>, checks each against the generic
/// reference kernel, and prints time and GFLOP/s next to both generic kernels (the naive loops and im2col + SGEMM).
/// </summary>
internal static class Program
{
    private delegate void Kernel(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    private static int Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "--scc")
        {
            return SccComparison.Run();
        }
        if (args.Length is 1 or 2 && args[0] == "--dcgan")
        {
            return DcganSample.Run(args.Length == 2 ? args[1] : "dcgan.ppm");
        }

        // Each shape is the generated {Method}Shape property: the layer as its attribute declares it, for sizing the
        // buffers and for the generic reference kernels, so the shapes are not written out a second time here.
        var layers = new List<(string Name, Conv2DShape Shape, bool HasBias, Kernel Kernel)>
        {
            ("MobileNet dw 3x3 128@56 +ReLU6", Layers.MobileNetDepthwiseShape, true, Layers.MobileNetDepthwise),
            ("MobileNet pw 1x1 128->128 +ReLU6", Layers.MobileNetPointwiseShape, true, Layers.MobileNetPointwise),
            // Checked against the generic dense kernel on SCC's equivalent dense layer (zero weights outside each window).
            (SlidingChannel, Layers.MobileNetSlidingChannelShape.Dense, true, Layers.MobileNetSlidingChannel),
            ("EfficientNet pw 1x1 24->144@56 +SiLU", Layers.EfficientNetExpandShape, true, Layers.EfficientNetExpand),
            ("MobileNetV3 dw 5x5 120@28 +HardSwish", Layers.MobileNetV3DepthwiseShape, true, Layers.MobileNetV3Depthwise),
            ("ConvNeXt pw 1x1 96->384@56 +GELU", Layers.ConvNeXtExpandShape, true, Layers.ConvNeXtExpand),
            ("ResNet-18 3x3 64@56 +ReLU", Layers.ResNetConv3x3Shape, true, Layers.ResNetConv3x3),
            ("ResNet-18 stem 7x7/2 3->64 @224", Layers.ResNetStemShape, false, (x, w, b, y) => Layers.ResNetStem(x, w, y)),
            ("YOLOv3-tiny 3x3 32->64@104 +Leaky0.1", Layers.YoloTinyConv3x3Shape, true, Layers.YoloTinyConv3x3),
            ("DeepLab atrous 3x3 d2 128@28 +ReLU", Layers.DeepLabAtrous3x3Shape, true, Layers.DeepLabAtrous3x3),
            ("Inception 5x5 32->96@28 +ReLU", Layers.Inception5x5Shape, true, Layers.Inception5x5),
            ("ResNeXt 3x3 128@56 g32", Layers.ResNeXtGroupedShape, false, (x, w, b, y) => Layers.ResNeXtGrouped(x, w, y)),
            ("Image 5x5 filter 1280x720", Layers.ImageFilter5x5Shape, false, (x, w, b, y) => Layers.ImageFilter5x5(x, w, y)),
            ("RGB edges 3x3 1280x720 g3 1->2", Layers.RgbEdges3x3Shape, false, (x, w, b, y) => Layers.RgbEdges3x3(x, w, y)),
        };

        int threads = ConvThreads.MaxThreads;
        Console.WriteLine($"ConvGen quickstart: {ConvSimd.ActivePath} path, {threads} thread(s) available");
        Console.WriteLine();
        Console.WriteLine($"| {"layer",-38} | {"check",-20} | {"ConvGen ms",10} | {"GFLOP/s",8} | {$"{threads} threads ms",13} | {"naive ms",9} | {"im2col ms",9} | {"vs naive",8} | {"vs im2col",9} |");
        Console.WriteLine($"|{new string('-', 40)}|{new string('-', 22)}|{new string('-', 12)}|{new string('-', 10)}|{new string('-', 15)}|{new string('-', 11)}|{new string('-', 11)}|{new string('-', 10)}|{new string('-', 11)}|");
        bool allOk = true;
        foreach ((string name, Conv2DShape shape, bool hasBias, Kernel kernel) in layers)
        {
            var random = new Random(42);
            bool scc = name == SlidingChannel;
            // 64-byte-aligned tensors (AlignedMemory), as the README recommends: no vector load straddles two cache lines.
            Memory<float> input = Fill(random, shape.InputImage), weights = Fill(random, scc ? Scc.WeightCount : shape.WeightCount), bias = Fill(random, shape.OutChannels);
            Memory<float> output = AlignedMemory.Allocate(shape.OutputImage), reference = AlignedMemory.Allocate(shape.OutputImage);
            Memory<float> referenceWeights = weights;
            if (scc)
            {
                referenceWeights = new float[shape.WeightCount];
                Scc.ToDenseWeights(weights.Span, referenceWeights.Span);
            }
            Memory<float> referenceBias = hasBias ? bias : Memory<float>.Empty;
            long flops = scc ? Scc.Flops : shape.Flops; // SCC: only the real multiply-adds

            kernel(input.Span, weights.Span, bias.Span, output.Span);
            double naiveSeconds = Time(() => GenericConv.NaiveForward(shape, input.Span, referenceWeights.Span, referenceBias.Span, reference.Span), minimumSeconds: 0);
            (bool ok, string check) = Compare(output.Span, reference.Span);
            allOk &= ok;
            Memory<float> im2colOutput = AlignedMemory.Allocate(shape.OutputImage);
            double im2colSeconds = Time(() => Im2ColGemmConv.Forward(shape, input.Span, referenceWeights.Span, referenceBias.Span, im2colOutput.Span), minimumSeconds: 0.2);

            // One thread, as the generic kernels run; then every thread ConvThreads allows.
            ConvThreads.MaxThreads = 1;
            double seconds = Time(() => kernel(input.Span, weights.Span, bias.Span, output.Span), minimumSeconds: 0.3);
            ConvThreads.MaxThreads = threads;
            double allThreadsSeconds = threads > 1 ? Time(() => kernel(input.Span, weights.Span, bias.Span, output.Span), minimumSeconds: 0.3) : seconds;
            Console.WriteLine($"| {name,-38} | {check,-20} | {seconds * 1e3,10:F3} | {flops / seconds / 1e9,8:F1} | {allThreadsSeconds * 1e3,13:F3} | {naiveSeconds * 1e3,9:F1} | " +
                $"{im2colSeconds * 1e3,9:F3} | {naiveSeconds / seconds,7:F0}x | {im2colSeconds / seconds,8:F1}x |");
        }
        Console.WriteLine();
        Console.WriteLine("ConvGen ms and the speed-ups are one thread, as the generic kernels run; each time is the best of repeated calls after warm-up.");
        Console.WriteLine("naive = GenericConv.NaiveForward, the run-time-shaped direct loops (also the check's reference);");
        Console.WriteLine("im2col = Im2ColGemmConv.Forward, im2col + a cache-blocked Vector256 SGEMM, the competent generic kernel.");
        Console.WriteLine("SCC = [SlidingChannelConv], cg = 2, co = 0.5: GFLOP/s count its real multiply-adds; its generic kernels run the equivalent dense weight.");
        Console.WriteLine("Run with --scc for SCC next to dense and grouped pointwise at MobileNet sizes, --dcgan [out.ppm] for a DCGAN generator of transposed convolutions.");
        return allOk ? 0 : 1;
    }

    private const string SlidingChannel = "MobileNet SCC cg2 co.5 +ReLU6";
    private static readonly SlidingChannelConvShape Scc = Layers.MobileNetSlidingChannelShape;

    private static Memory<float> Fill(Random random, int count)
    {
        Memory<float> memory = AlignedMemory.Allocate(count);
        Span<float> data = memory.Span;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return memory;
    }

    /// <summary>Best time of repeated calls for at least <paramref name="minimumSeconds"/> (one call when 0).</summary>
    private static double Time(Action action, double minimumSeconds)
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

    /// <summary>Largest difference relative to the output's scale; fp32 sums in different orders agree to ~1e-6.</summary>
    private static (bool Ok, string Text) Compare(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        double maxDiff = 0, scale = 1e-30;
        for (int i = 0; i < actual.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }
        double relative = maxDiff / scale;
        bool ok = relative <= 1e-5;
        return (ok, $"{(ok ? "ok" : "MISMATCH")} (rel {relative:0.0e+0})");
    }
}
