using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ConvGen.Samples.Training.Benchmarks;
using ConvGen.Samples.Training.Training;

namespace ConvGen.Samples.Training;

/// <summary>
/// Trains a small MobileNet-style CNN on Fashion-MNIST with ConvGen's forward, backward-data and backward-weights
/// kernels (<c>train</c>, the default), or times the backward kernels of the benchmark suite (<c>bench</c>).
/// </summary>
internal static class Program
{
    private const string Usage =
        "usage: ConvGen.Samples.Training [train] [--data DIR] [--epochs N] [--batch N] [--lr X] [--variants pw,gpw,scc] [--svg FILE] [--seed N] [--limit N]\n" +
        "       ConvGen.Samples.Training bench [--onednn results-YYYYMMDD.md] [--batch N] [name-filter]   (backward kernels vs generic and oneDNN; use CONVGEN_THREADS=1)\n" +
        "       ConvGen.Samples.Training dr                          (depthwise training: direct depthwise vs diagonalwise refactorisation)\n" +
        "       ConvGen.Samples.Training wg [batch ...]              (backward-weights: Winograd F(4,3) vs direct on ResNet-18's 3×3 layers; default batches 1 8 32)";

    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "bench")
        {
            var reports = new List<string>();
            string? filter = null;
            int benchBatch = 1;
            for (int i = 1; i < args.Length; i++)
            {
                if (args[i] == "--onednn" && i + 1 < args.Length)
                {
                    reports.Add(args[++i]);
                }
                else if (args[i] == "--batch" && i + 1 < args.Length && int.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out int n) && n > 0)
                {
                    benchBatch = n;
                    i++;
                }
                else
                {
                    filter = args[i];
                }
            }
            return BackwardBenchmark.Run(filter, reports, benchBatch);
        }
        if (args.Length > 0 && args[0] == "wg")
        {
            int[] batches = args.Length > 1 ? args[1..].Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToArray() : new[] { 1, 8, 32 };
            return WinogradWeightsBenchmark.Run(batches);
        }
        if (args.Length > 0 && args[0] == "dr")
        {
            return DiagonalwiseBenchmark.Run();
        }
        var options = new Dictionary<string, string>();
        for (int i = args.Length > 0 && args[0] == "train" ? 1 : 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                Console.Error.WriteLine(Usage);
                return 2;
            }
            options[args[i][2..]] = args[++i];
        }
        string data = options.GetValueOrDefault("data", FashionMnist.DefaultDirectory);
        int epochs = int.Parse(options.GetValueOrDefault("epochs", "5"));
        int batch = int.Parse(options.GetValueOrDefault("batch", "64"));
        float lr = float.Parse(options.GetValueOrDefault("lr", "0.1"), System.Globalization.CultureInfo.InvariantCulture);
        int seed = int.Parse(options.GetValueOrDefault("seed", "1"));
        string svgPath = options.GetValueOrDefault("svg", "training-curves.svg");
        PointwiseKind[] variants = options.GetValueOrDefault("variants", "pw,gpw,scc").Split(',').Select(v => v.Trim() switch
        {
            "pw" => PointwiseKind.Pointwise,
            "gpw" => PointwiseKind.GroupPointwise,
            "scc" => PointwiseKind.SlidingChannel,
            _ => throw new ArgumentException($"unknown variant '{v}' (pw, gpw, scc)"),
        }).ToArray();

        var sets = FashionMnist.TryLoad(data, out string? problem);
        if (sets is not { } loaded)
        {
            Console.Error.WriteLine(problem);
            return 3;
        }
        if (options.TryGetValue("limit", out string? limit))
        {
            int n = Math.Min(int.Parse(limit), loaded.Train.Count);
            loaded = (new ImageSet(loaded.Train.Images[..(n * Network.ImageSize)], loaded.Train.Labels[..n]), loaded.Test);
        }

        // One shard per core trains on its share of each mini-batch; the kernels themselves stay single-threaded.
        int shards = Math.Max(1, ConvThreads.MaxThreads);
        ConvThreads.MaxThreads = 1;
        Console.WriteLine($"Fashion-MNIST: {loaded.Train.Count} training and {loaded.Test.Count} test images from {data}; batch {batch} in {shards} shard(s), {epochs} epoch(s), SGD lr {lr} momentum 0.9, cosine decay.");
        var runs = new List<VariantRun>();
        foreach (PointwiseKind kind in variants)
        {
            var net = new Network(kind, seed);
            Console.WriteLine();
            Console.WriteLine($"{net.Name}: {net.ParameterCount:N0} parameters, {net.ForwardMegaFlops:0.##} MFLOPs per image (forward).");
            var trainer = new Trainer(net, batch, shards, seed) { LearningRate = lr };
            List<EpochResult> results = trainer.Train(loaded.Train, loaded.Test, epochs,
                r => Console.WriteLine($"  epoch {r.Epoch}: train loss {r.TrainLoss:0.0000} acc {r.TrainAccuracy * 100:0.00}% | test loss {r.TestLoss:0.0000} acc {r.TestAccuracy * 100:0.00}% | {r.Seconds:0.0} s, {r.ImagesPerSecond:0} images/s"),
                (step, steps, loss) =>
                {
                    if (!Console.IsOutputRedirected && (step % 50 == 0 || step == steps))
                    {
                        Console.Write($"\r  step {step}/{steps} loss {loss:0.0000}   ");
                        if (step == steps)
                        {
                            Console.Write("\r" + new string(' ', 40) + "\r");
                        }
                    }
                });
            runs.Add(new VariantRun(net.Name, net.ParameterCount, net.ForwardMegaFlops, results));
        }
        Console.WriteLine();
        Console.Write(Report.Table(runs));
        File.WriteAllText(svgPath, Report.Svg(runs));
        Console.WriteLine($"Curves written to {Path.GetFullPath(svgPath)}.");
        return 0;
    }
}
