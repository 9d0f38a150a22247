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
/// after, then the same kernel's steady-state median. Kernel methods are marked AggressiveOptimization, so the JIT
/// compiles them fully optimised on that first call, with no tier-0 pass; the JIT time is what that costs.
/// </summary>
internal static class FirstCallReport
{
    public static int Run(QuickOptions options)
    {
        bool Selected(ISuiteLayer l) => l.Batch == 1 && (options.Filter is null || l.Name.Contains(options.Filter, StringComparison.OrdinalIgnoreCase));
        var cases = Suite.Layers.Where(Selected)
            .Select(l => (Layer: (ISuiteLayer)l, Create: (Func<IBenchData>)(() => new LayerData(l))))
            .Concat(Suite.DeconvLayers.Where(Selected)
                .Select(l => (Layer: (ISuiteLayer)l, Create: (Func<IBenchData>)(() => new DeconvLayerData(l, pack: false)))))
            .ToList();
        if (cases.Count == 0)
        {
            Console.Error.WriteLine($"No layer matches '{options.Filter}'.");
            return 2;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ConvGen's first call per layer, {ConvSimd.ActivePath} path, {ConvThreads.MaxThreads} thread(s), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. JIT columns: the JIT's counters over every thread across the first call (a transposed layer's includes packing its weights). The first row also carries the runtime's own first use of ConvGen (the worker pool, the shared helpers)."));
        var columns = new List<string> { "layer", "first call ms", "JIT ms", "methods JIT-compiled", "IL KB", "steady ms", "first / steady" };
        Console.WriteLine(QuickRunner.Row(columns));
        Console.WriteLine(QuickRunner.Separator(columns.Count));
        var jitTimes = new List<double>();
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
            Timing steady = QuickRunner.Time(data.RunConvGen, options);
            Console.WriteLine(QuickRunner.Row([layer.Name,
                first.ToString("F1", CultureInfo.InvariantCulture),
                jit.ToString("F1", CultureInfo.InvariantCulture),
                methods.ToString(CultureInfo.InvariantCulture),
                (il / 1024.0).ToString("F1", CultureInfo.InvariantCulture),
                QuickRunner.Ms(steady),
                QuickRunner.Ratio(first / (steady.Median * 1e3), "F0")]));
            GC.Collect();
        }
        jitTimes.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"JIT time per layer: median {jitTimes[jitTimes.Count / 2]:F1} ms, largest {jitTimes[^1]:F1} ms, {jitTimes.Sum():F0} ms over {jitTimes.Count} layers."));
        return 0;
    }
}
