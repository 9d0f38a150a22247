using System;
using System.Globalization;
using BenchmarkDotNet.Running;

namespace ConvGen.Benchmarks;

/// <summary>
/// ConvGen's benchmark suite over the peers harness's layers (<c>configs.csv</c>: convolutions and DCGAN's transposed
/// convolutions).
/// <c>--quick</c> runs the built-in timer and writes a Markdown table and an SVG chart; anything else goes to
/// BenchmarkDotNet's <see cref="BenchmarkSwitcher"/>.
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage:
          dotnet run -c Release --project samples/ConvGen.Benchmarks -- --quick [options]
          dotnet run -c Release --project samples/ConvGen.Benchmarks -- --winograd [--time S]
               ResNet-18 3×3 layers, 1 thread: direct vs Winograd F(2×2,3×3) and F(4×4,3×3), packed weights
          dotnet run -c Release --project samples/ConvGen.Benchmarks -- --dilated [--time S] [--onednn-live PATH]
               dilated 3×3 layers at 1 and all threads: direct vs Winograd on the phase mosaic (and oneDNN, live)
          dotnet run -c Release --project samples/ConvGen.Benchmarks -- --five [--time S] [--onednn-live PATH]
               5×5 layers at 1 and all threads: direct vs F(m×m,5×5) with AllowLowPrecisionWinograd (and oneDNN, live)
          dotnet run -c Release --project samples/ConvGen.Benchmarks -- --small-planes [--time S] [--onednn-live PATH]
               layers with small output planes at 1 and all threads: im2col vs ConvGen, packed weights, then their
               backward-data and backward-weights passes: naive vs ConvGen (and oneDNN, live)
          dotnet run -c Release --project samples/ConvGen.Benchmarks -- --image-layout [--time S]
               a 1280×720 image of 1, 3 and 4 byte channels to float planes and back: ImageLayout vs per-pixel loops
          dotnet run -c Release --project samples/ConvGen.Benchmarks -- [BenchmarkDotNet arguments]
               e.g. --filter '*' --anyCategories Fast     (ConvGen + Im2ColGemm / GemmCol2Im, no naive)
                    --filter '*DeconvBenchmarks*'          (the transposed-convolution rows only)
                    --filter '*' --envVars CONVGEN_THREADS:1  (ConvGen on 1 thread)
               CONVGEN_BENCH_LAYERS=r18,pw_56 (environment) selects layers by name substrings

        --quick options:
          --filter TEXT        only layers whose name contains TEXT (e.g. dcgan: the transposed convolutions)
          --threads N          the "all threads" count for ConvGen (default: processor count)
          --batch32            also run the batch-32 rows (skipped by default; no naive timing for them)
          --no-naive           do not time the naive generic kernel
          --packed             time convolutions through their packed-weights overload (weights packed once)
          --alignment          instead of the table: ConvGen 1T with 64-byte-aligned buffers (as the table runs) vs
                               buffers 16 bytes past a line (a placement a new float[] can have), side by side
          --first-call         instead of the table: each batch-1 layer's first call in this process (JIT time,
                               methods and IL compiled, wall time), its calls 2-100 and its steady-state median
          --onednn PATH        oneDNN numbers from the peers harness: results-YYYYMMDD.md or a raw onednn_tT.csv
                               (repeatable; later files win); a .md report also gives PyTorch's column for the
                               transposed rows (torch fwd nchw)
          --onednn-live EXE    measure oneDNN in this run instead: the peers harness's onednn/conv_bench, run on each
                               layer right after ConvGen's timing at the same thread count (build it with
                               apt-get install libdnnl-dev g++ and, in a copy of ../shared/bench/peers,
                               g++ -O2 -std=c++17 -fopenmp onednn/conv_bench.cpp -ldnnl -o onednn/conv_bench)
          --onednn-layout L    any (default: oneDNN's blocked layout, its best case) or nchw
          --peak G             FP32 FMA peak per thread in GFLOP/s for "% peak" (default: measured at the start,
                               independent multiply-add chains on the widest vector the kernels use)
          --warm S             warm-up seconds per kernel and layer (default 0.5)
          --time S             timed seconds per kernel and layer (default 0.4)
          --rounds N           measure the whole selection N times in turn; each column shows its fastest round
                               (default 1; 3 is what the README's standings use on a shared machine)
          --out DIR            output directory (default BenchmarkDotNet.Artifacts/quick)
        Transposed rows (dcgan_*) time ConvGen's packed-weights overload against GemmCol2ImConvTranspose and the naive
        scatter kernel. Exit code 1 when a ConvGen result does not match its generic GEMM kernel.
        """;

    private static int Main(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (Array.IndexOf(args, "--winograd") >= 0)
        {
            int at = Array.IndexOf(args, "--time");
            return WinogradBench.Run(at >= 0 && at + 1 < args.Length ? PositiveDouble(args[at + 1]) : 2.0);
        }
        if (Array.IndexOf(args, "--dilated") >= 0)
        {
            int at = Array.IndexOf(args, "--time"), live = Array.IndexOf(args, "--onednn-live");
            return DilatedBench.Run(at >= 0 && at + 1 < args.Length ? PositiveDouble(args[at + 1]) : 1.5,
                live >= 0 && live + 1 < args.Length ? new OneDnnLive(args[live + 1]) : null);
        }
        if (Array.IndexOf(args, "--five") >= 0)
        {
            int at = Array.IndexOf(args, "--time"), live = Array.IndexOf(args, "--onednn-live");
            return FiveByFiveBench.Run(at >= 0 && at + 1 < args.Length ? PositiveDouble(args[at + 1]) : 1.5,
                live >= 0 && live + 1 < args.Length ? new OneDnnLive(args[live + 1]) : null);
        }
        if (Array.IndexOf(args, "--small-planes") >= 0)
        {
            int at = Array.IndexOf(args, "--time"), live = Array.IndexOf(args, "--onednn-live");
            return SmallPlaneBench.Run(at >= 0 && at + 1 < args.Length ? PositiveDouble(args[at + 1]) : 1.5,
                live >= 0 && live + 1 < args.Length ? new OneDnnLive(args[live + 1]) : null);
        }
        if (Array.IndexOf(args, "--image-layout") >= 0)
        {
            int at = Array.IndexOf(args, "--time");
            return ImageLayoutBench.Run(at >= 0 && at + 1 < args.Length ? PositiveDouble(args[at + 1]) : 1.0);
        }
        if (Array.IndexOf(args, "--quick") < 0)
        {
            if (Array.IndexOf(args, "--help") >= 0 || Array.IndexOf(args, "-h") >= 0)
            {
                Console.WriteLine(Usage);
            }
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }

        var options = new QuickOptions
        {
            CommandLine = "dotnet run -c Release --project samples/ConvGen.Benchmarks -- " + string.Join(' ', args),
        };
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--quick": break;
                    case "--filter": options.Filter = Next(); break;
                    case "--threads": options.Threads = PositiveInt(Next()); break;
                    case "--batch32": options.Batch32 = true; break;
                    case "--no-naive": options.Naive = false; break;
                    case "--packed": options.PackedWeights = true; break;
                    case "--alignment": options.CompareAlignment = true; break;
                    case "--first-call": options.FirstCall = true; break;
                    case "--onednn": options.OneDnnPaths.Add(Next()); break;
                    case "--onednn-live": options.OneDnnLive = new OneDnnLive(Next()); break;
                    case "--onednn-layout":
                        options.OneDnnLayout = Next();
                        if (options.OneDnnLayout is not ("any" or "nchw"))
                        {
                            throw new ArgumentException("--onednn-layout must be 'any' or 'nchw'.");
                        }
                        break;
                    case "--peak": options.PeakGflopsPerThread = PositiveDouble(Next()); break;
                    case "--warm": options.WarmSeconds = PositiveDouble(Next()); break;
                    case "--time": options.TimeSeconds = PositiveDouble(Next()); break;
                    case "--rounds": options.Rounds = PositiveInt(Next()); break;
                    case "--out": options.OutDirectory = Next(); break;
                    case "--help" or "-h": Console.WriteLine(Usage); return 0;
                    default: throw new ArgumentException($"Unknown option {args[i]}.");
                }
            }
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }
        return options.CompareAlignment ? AlignmentComparison.Run(options)
            : options.FirstCall ? FirstCallReport.Run(options)
            : QuickRunner.Run(options);
    }

    private static int PositiveInt(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= 1
            ? value : throw new ArgumentException($"Expected a positive integer, got '{text}'.");

    private static double PositiveDouble(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0
            ? value : throw new ArgumentException($"Expected a positive number, got '{text}'.");
}
