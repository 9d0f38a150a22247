using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime;

namespace ConvGen.Benchmarks;

/// <summary>
/// <c>--quick --first-call</c>: what a layer costs the first time a process runs it. For every selected batch-1 layer,
/// in the order of <c>configs.csv</c>, the first call of its generated kernel (OIHW weights for a convolution; for a
/// transposed convolution the packing, since its only overload takes packed weights) is timed with the JIT's own
/// counters (<see cref="JitInfo"/>: compilation time over every thread, methods compiled, IL bytes) read before and
/// after, then calls 2-100 (summed: what the kernel costs while the runtime may still be tiering its methods up) and the
/// same kernel's steady-state median.
/// </summary>
internal static class FirstCallReport
{
    public static int Run(QuickOptions options)
    {
        var cases = Suite.BatchOne<Func<IBenchData>>(options.Filter, l => () => new LayerData(l), l => () => new DeconvLayerData(l, pack: false));
        if (cases.Count == 0)
        {
            Console.Error.WriteLine($"No layer matches '{options.Filter}'.");
            return 2;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ConvGen's first call per layer, {ConvSimd.ActivePath} path, {ConvThreads.MaxThreads} thread(s), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. JIT columns: the JIT's counters over every thread across the first call (a transposed layer's includes packing its weights). The first row also carries the runtime's own first use of ConvGen (the worker pool, the shared helpers)."));
        var columns = new List<string> { "layer", "first call ms", "JIT ms", "methods JIT-compiled", "IL KB", "calls 2-100 ms", "steady ms", "first / steady", "calls 2-100 / 99 steady" };
        Console.WriteLine(QuickRunner.Row(columns));
        Console.WriteLine(QuickRunner.Separator(columns.Count));
        var jitTimes = new List<double>();
        var warmingTimes = new List<double>();
        foreach ((ISuiteLayer layer, Func<IBenchData> create) in cases)
        {
            // The data is made before the counters are read; a transposed layer's weights are packed after.
            IBenchData data = create();
            TimeSpan jit0 = JitInfo.GetCompilationTime(currentThread: false);
            long methods0 = JitInfo.GetCompiledMethodCount(currentThread: false), il0 = JitInfo.GetCompiledILBytes(currentThread: false);
            long start = Stopwatch.GetTimestamp();
            (data as DeconvLayerData)?.Pack();
            data.RunConvGen();
            double first = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            double jit = (JitInfo.GetCompilationTime(currentThread: false) - jit0).TotalMilliseconds;
            long methods = JitInfo.GetCompiledMethodCount(currentThread: false) - methods0;
            long il = JitInfo.GetCompiledILBytes(currentThread: false) - il0;
            jitTimes.Add(jit);
            // The next 99 calls: what a short-lived process pays before the runtime has tiered the kernel's methods up.
            double warming = 0;
            for (int call = 2; call <= 100; call++)
            {
                long callStart = Stopwatch.GetTimestamp();
                data.RunConvGen();
                warming += Stopwatch.GetElapsedTime(callStart).TotalMilliseconds;
            }
            warmingTimes.Add(warming);
            Timing steady = QuickRunner.Time(data.RunConvGen, options);
            Console.WriteLine(QuickRunner.Row([layer.Name,
                first.ToString("F1", CultureInfo.InvariantCulture),
                jit.ToString("F1", CultureInfo.InvariantCulture),
                methods.ToString(CultureInfo.InvariantCulture),
                (il / 1024.0).ToString("F1", CultureInfo.InvariantCulture),
                warming.ToString("F1", CultureInfo.InvariantCulture),
                QuickRunner.Ms(steady),
                QuickRunner.Ratio(first / (steady.Median * 1e3), "F0"),
                QuickRunner.Ratio(warming / (99 * steady.Median * 1e3), "F2")]));
            GC.Collect();
        }
        jitTimes.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"JIT time per layer: median {jitTimes[jitTimes.Count / 2]:F1} ms, largest {jitTimes[^1]:F1} ms, {jitTimes.Sum():F0} ms over {jitTimes.Count} layers; calls 2-100 of every layer: {warmingTimes.Sum():F0} ms."));
        return 0;
    }
}
