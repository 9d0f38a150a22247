using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using ConvGen.Reference;

namespace ConvGen.Benchmarks;

/// <summary>One oneDNN measurement: its median and fastest single call, and the implementation oneDNN picked.</summary>
internal readonly record struct OneDnnTiming(double MedianMs, double MinMs, string Layout, string Implementation)
{
    public static OneDnnTiming None => new(double.NaN, double.NaN, "", "");

    public bool Measured => MedianMs > 0;
}

/// <summary>
/// oneDNN measured live, in the same run as ConvGen, instead of read from a report of another hour or day: runs the
/// peers harness's benchmark (<c>onednn/conv_bench</c>, built by <c>run.sh</c>, or by hand with
/// <c>g++ -O2 -std=c++17 -fopenmp onednn/conv_bench.cpp -ldnnl -o onednn/conv_bench</c> after
/// <c>apt-get install libdnnl-dev</c>) on one layer and pass at a time, with the harness's own timing (warm-up, then
/// single calls for at least <see cref="MinSeconds"/>, median and fastest). The layer is passed as a one-row configs
/// file written from its shape, so any shape of the suites can be measured, under its own name.
/// </summary>
/// <remarks>
/// On a shared VM whose speed drifts by tens of per cent within an hour, a ratio of ConvGen against numbers taken at
/// another time says as much about the drift as about the kernels; measured seconds apart, both see the same machine.
/// </remarks>
internal sealed class OneDnnLive
{
    private readonly string _configs = Path.Combine(Path.GetTempPath(), $"convgen-onednn-{Environment.ProcessId}.csv");

    /// <summary>Checks that <paramref name="executable"/> exists; it is first run by <see cref="Measure"/>.</summary>
    public OneDnnLive(string executable, double minSeconds = 0.2)
    {
        if (!File.Exists(executable))
        {
            throw new ArgumentException(
                $"oneDNN's benchmark '{executable}' does not exist. Build it from the peers harness: " +
                "apt-get install libdnnl-dev g++; cp -r ../shared/bench/peers /tmp/peers; cd /tmp/peers; " +
                "g++ -O2 -std=c++17 -fopenmp onednn/conv_bench.cpp -ldnnl -o onednn/conv_bench");
        }
        Executable = Path.GetFullPath(executable);
        MinSeconds = minSeconds;
    }

    /// <summary>The full path of conv_bench.</summary>
    public string Executable { get; }

    /// <summary>How long one run of conv_bench may take (one layer, one pass, its layouts) before it is stopped.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromMinutes(2);

    /// <summary>Timed seconds per measurement (conv_bench's <c>--min-time</c>).</summary>
    public double MinSeconds { get; }

    /// <summary>conv_bench's first stderr line, e.g. <c># oneDNN 2.6.3 (cpu_runtime=2) isa=231 threads=1 ...</c>, once known.</summary>
    public string Version { get; private set; } = "";

    /// <summary>Measurements run so far.</summary>
    public int Runs { get; private set; }

    /// <summary>
    /// The peers' configs row of a layer (<c>name,kind,N,C,H,W,K,R,S,stride,pad,dilation,groups</c>; C, H, W are the
    /// input's for both kinds, dilation 1 = dense). The harness takes one stride, padding and dilation for both axes.
    /// </summary>
    public static string ConfigRow(string name, int batch, Conv2DShape shape) =>
        ConfigRow(name, transposed: false, batch, shape.InChannels, shape.Height, shape.Width, shape.OutChannels, shape.KernelHeight, shape.KernelWidth,
            (shape.StrideHeight, shape.StrideWidth), (shape.PaddingHeight, shape.PaddingWidth), (shape.DilationHeight, shape.DilationWidth), shape.Groups);

    /// <summary>A transposed layer's configs row (C, H, W are its input's); the harness has no output padding.</summary>
    public static string ConfigRow(string name, int batch, ConvTranspose2DShape shape) =>
        shape.OutputPaddingHeight != 0 || shape.OutputPaddingWidth != 0
            ? throw new ArgumentException($"{name}: oneDNN's harness has no output padding.")
            : ConfigRow(name, transposed: true, batch, shape.InChannels, shape.Height, shape.Width, shape.OutChannels, shape.KernelHeight, shape.KernelWidth,
                (shape.StrideHeight, shape.StrideWidth), (shape.PaddingHeight, shape.PaddingWidth), (shape.DilationHeight, shape.DilationWidth), shape.Groups);

    private static string ConfigRow(string name, bool transposed, int batch, int inChannels, int height, int width, int outChannels,
        int kernelHeight, int kernelWidth, (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups)
    {
        if (stride.H != stride.W || padding.H != padding.W || dilation.H != dilation.W)
        {
            throw new ArgumentException($"{name}: oneDNN's harness takes square stride, padding and dilation only.");
        }
        return string.Join(',', name, transposed ? "deconv" : "conv", batch, inChannels, height, width, outChannels,
            kernelHeight, kernelWidth, stride.H, padding.H, dilation.H, groups);
    }

    /// <summary>
    /// Runs <paramref name="pass"/> (<c>fwd</c>, <c>bwd_d</c> or <c>bwd_w</c>) of the layer in <paramref name="configRow"/>
    /// on <paramref name="threads"/> threads for each of <paramref name="layouts"/> (<c>any</c>: oneDNN's preferred
    /// blocked layout, reorders untimed; <c>nchw</c>: plain activations): the lowest median and the fastest call over
    /// the layouts, and the layout and implementation of that median.
    /// </summary>
    public OneDnnTiming Measure(string configRow, string pass, int threads, params string[] layouts)
    {
        File.WriteAllText(_configs, "name,kind,N,C,H,W,K,R,S,stride,pad,dilation,groups\n" + configRow + "\n");
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])[_configs, "--threads", threads.ToString(CultureInfo.InvariantCulture),
            "--passes", pass, "--layouts", string.Join(',', layouts), "--min-time", MinSeconds.ToString("0.###", CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        string output, error;
        try
        {
            using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}.");
            var errorTask = process.StandardError.ReadToEndAsync();
            var outputTask = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{Executable} did not finish one layer in {Timeout.TotalSeconds:0} s.");
            }
            output = outputTask.Result;
            error = errorTask.Result;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{Executable} exited with {process.ExitCode}: {error.Trim()}");
            }
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException($"Could not run {Executable}: {exception.Message}", exception);
        }
        finally
        {
            File.Delete(_configs);
        }
        Runs++;
        if (Version.Length == 0)
        {
            foreach (string line in error.Split('\n'))
            {
                if (line.StartsWith("# oneDNN", StringComparison.Ordinal))
                {
                    // The thread count differs between runs; keep the version and ISA.
                    int threadsAt = line.IndexOf(" threads=", StringComparison.Ordinal);
                    Version = (threadsAt > 0 ? line[..threadsAt] : line).TrimStart('#', ' ');
                }
            }
        }
        return Best(output, pass);
    }

    /// <summary>The rows of <paramref name="pass"/> in conv_bench's CSV output combined: the lowest median (with its layout and implementation) and the fastest call.</summary>
    internal static OneDnnTiming Best(string output, string pass)
    {
        OneDnnTiming best = OneDnnTiming.None;
        double fastest = double.PositiveInfinity;
        foreach (Func<string, string> field in OneDnnResults.CsvRows(output.Split('\n')))
        {
            if (field("pass") != pass ||
                !double.TryParse(field("median_ms"), NumberStyles.Float, CultureInfo.InvariantCulture, out double median) ||
                !double.TryParse(field("min_ms"), NumberStyles.Float, CultureInfo.InvariantCulture, out double min) ||
                !(median > 0))
            {
                continue;
            }
            fastest = Math.Min(fastest, min);
            if (!best.Measured || median < best.MedianMs)
            {
                best = new OneDnnTiming(median, min, field("layout"), field("impl"));
            }
        }
        return best.Measured ? best with { MinMs = fastest } : best;
    }
}
