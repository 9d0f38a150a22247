using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ConvGen.Benchmarks;
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
        "       ConvGen.Samples.Training bench [--onednn results-YYYYMMDD.md | --onednn-live PATH/conv_bench] [--batch N] [name-filter]   (backward kernels vs generic and oneDNN; use CONVGEN_THREADS=1)\n" +
        "       ConvGen.Samples.Training dr                          (depthwise training: direct depthwise vs diagonalwise refactorisation)\n" +
        "       ConvGen.Samples.Training wg [batch ...]              (backward-weights: Winograd F(4,3) vs direct on ResNet-18's 3×3 layers; default batches 1 8 32)";

    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "bench")
        {
            var reports = new List<string>();
            string? filter = null, liveExecutable = null;
            int benchBatch = 1;
            for (int i = 1; i < args.Length; i++)
            {
                if (args[i] == "--onednn" && i + 1 < args.Length)
                {
                    reports.Add(args[++i]);
                }
                else if (args[i] == "--onednn-live" && i + 1 < args.Length)
                {
                    liveExecutable = args[++i];
                }
                else if (args[i] == "--batch" && i + 1 < args.Length)
                {
                    if (!TryParsePositive("--batch", args[++i], out benchBatch))
                    {
                        return 2;
                    }
                }
                else if (args[i].StartsWith("--", StringComparison.Ordinal) || filter is not null)
                {
                    return UsageError($"unexpected argument '{args[i]}'");
                }
                else
                {
                    filter = args[i];
                }
            }
            OneDnnLive? live;
            try
            {
                live = liveExecutable is null ? null : new OneDnnLive(liveExecutable);
            }
            catch (ArgumentException error)
            {
                return UsageError(error.Message);
            }
            return BackwardBenchmark.Run(filter, reports, benchBatch, live);
        }
        if (args.Length > 0 && args[0] == "wg")
        {
            var batches = new List<int>();
            foreach (string a in args[1..])
            {
                if (!TryParsePositive("batch", a, out int b))
                {
                    return 2;
                }
                batches.Add(b);
            }
            return WinogradWeightsBenchmark.Run(batches.Count > 0 ? batches.ToArray() : new[] { 1, 8, 32 });
        }
        if (args.Length > 0 && args[0] == "dr")
        {
            return args.Length == 1 ? DiagonalwiseBenchmark.Run() : UsageError($"unexpected argument '{args[1]}'");
        }
        var options = new Dictionary<string, string>();
        string[] known = { "data", "epochs", "batch", "lr", "variants", "svg", "seed", "limit" };
        for (int i = args.Length > 0 && args[0] == "train" ? 1 : 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || !known.Contains(args[i][2..]))
            {
                return UsageError($"unexpected argument '{args[i]}'");
            }
            if (i + 1 >= args.Length)
            {
                return UsageError($"{args[i]} needs a value");
            }
            options[args[i][2..]] = args[++i];
        }
        string data = options.GetValueOrDefault("data", FashionMnist.DefaultDirectory);
        string svgPath = options.GetValueOrDefault("svg", "training-curves.svg");
        if (!TryParsePositive("--epochs", options.GetValueOrDefault("epochs", "5"), out int epochs)
            || !TryParsePositive("--batch", options.GetValueOrDefault("batch", "64"), out int batch)
            || !TryParseWhole("--seed", options.GetValueOrDefault("seed", "1"), int.MinValue, out int seed)
            || !TryParsePositive("--limit", options.GetValueOrDefault("limit", int.MaxValue.ToString(CultureInfo.InvariantCulture)), out int limit))
        {
            return 2;
        }
        if (!float.TryParse(options.GetValueOrDefault("lr", "0.1"), NumberStyles.Float, CultureInfo.InvariantCulture, out float lr) || !(lr > 0) || float.IsInfinity(lr))
        {
            return UsageError($"--lr must be a positive number, not '{options["lr"]}'");
        }
        var variants = new List<PointwiseKind>();
        foreach (string v in options.GetValueOrDefault("variants", "pw,gpw,scc").Split(','))
        {
            switch (v.Trim())
            {
                case "pw": variants.Add(PointwiseKind.Pointwise); break;
                case "gpw": variants.Add(PointwiseKind.GroupPointwise); break;
                case "scc": variants.Add(PointwiseKind.SlidingChannel); break;
                default: return UsageError($"unknown variant '{v}' (pw, gpw, scc)");
            }
        }

        var sets = FashionMnist.TryLoad(data, out string? problem);
        if (sets is not { } loaded)
        {
            Console.Error.WriteLine(problem);
            return 3;
        }
        if (limit < loaded.Train.Count)
        {
            loaded = (new ImageSet(loaded.Train.Images[..(limit * Network.ImageSize)], loaded.Train.Labels[..limit]), loaded.Test);
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

    /// <summary>Parses a whole number ≥ 1 for <paramref name="option"/>, or prints why not with the usage.</summary>
    private static bool TryParsePositive(string option, string text, out int value) => TryParseWhole(option, text, 1, out value);

    /// <summary>Parses a whole number of at least <paramref name="minimum"/> for <paramref name="option"/>, or prints why not with the usage.</summary>
    private static bool TryParseWhole(string option, string text, int minimum, out int value)
    {
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= minimum)
        {
            return true;
        }
        UsageError(minimum == int.MinValue ? $"{option} must be a whole number, not '{text}'" : $"{option} must be a whole number of at least {minimum}, not '{text}'");
        return false;
    }

    private static int UsageError(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        Console.Error.WriteLine(Usage);
        return 2;
    }
}
