using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ConvGen.Benchmarks;

/// <summary>
/// <c>--quick --alignment</c>: what buffer placement costs. For every selected batch-1 layer, ConvGen on 1 thread with
/// every buffer on a 64-byte boundary (<see cref="AlignedMemory"/>, as the main table runs) and with every buffer
/// 16 bytes past one (a placement a <c>new float[]</c>, only 8-byte aligned, can have), timed in rounds that alternate
/// which goes first, in one process, the outputs compared bit for bit.
/// </summary>
internal static class AlignmentComparison
{
    private const int Rounds = 5, OffsetFloats = 4;

    public static int Run(QuickOptions options)
    {
        var cases = Suite.BatchOne<Func<int, IBenchData>>(options.Filter,
            l => offset => new LayerData(l, options.PackedWeights, offsetFloats: offset),
            l => offset => new DeconvLayerData(l, offsetFloats: offset));
        if (cases.Count == 0)
        {
            Console.Error.WriteLine($"No layer matches '{options.Filter}'.");
            return 2;
        }
        string overload = options.PackedWeights ? "packed-weights" : "OIHW";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ConvGen, 1 thread, {ConvSimd.ActivePath} path, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: every buffer on a 64-byte boundary vs {OffsetFloats * sizeof(float)} bytes past one; {Rounds} rounds (alternating which goes first) of ≥ {options.TimeSeconds:0.##} s each, median of the rounds' medians; convolutions through their {overload} overload."));
        var columns = new List<string> { "layer", "aligned ms", $"+{OffsetFloats * sizeof(float)} B ms", "aligned speed-up", "outputs" };
        Console.WriteLine(QuickRunner.Row(columns));
        Console.WriteLine(QuickRunner.Separator(columns.Count));
        int saved = ConvThreads.MaxThreads;
        ConvThreads.MaxThreads = 1;
        var speedUps = new List<double>();
        bool identical = true;
        try
        {
            var timing = new QuickOptions { WarmSeconds = options.WarmSeconds, TimeSeconds = options.TimeSeconds };
            foreach ((ISuiteLayer layer, Func<int, IBenchData> create) in cases)
            {
                IBenchData aligned = create(0), offset = create(OffsetFloats);
                var a = new List<double>();
                var b = new List<double>();
                for (int round = 0; round < Rounds; round++)
                {
                    // Alternate which placement goes first, so that neither always follows the other.
                    if (round % 2 == 0)
                    {
                        a.Add(QuickRunner.Time(aligned.RunConvGen, timing).Median);
                        b.Add(QuickRunner.Time(offset.RunConvGen, timing).Median);
                    }
                    else
                    {
                        b.Add(QuickRunner.Time(offset.RunConvGen, timing).Median);
                        a.Add(QuickRunner.Time(aligned.RunConvGen, timing).Median);
                    }
                    timing.WarmSeconds = 0.05;
                }
                timing.WarmSeconds = options.WarmSeconds;
                double ta = Median(a), tb = Median(b);
                bool same = aligned.ConvGenOutput.Span.SequenceEqual(offset.ConvGenOutput.Span);
                identical &= same;
                speedUps.Add(tb / ta);
                Console.WriteLine(QuickRunner.Row([layer.Name, QuickRunner.Ms(new Timing(ta, ta, 1)), QuickRunner.Ms(new Timing(tb, tb, 1)),
                    QuickRunner.Ratio(tb / ta, "F2"), same ? "identical" : "DIFFER"]));
                GC.Collect();
            }
        }
        finally
        {
            ConvThreads.MaxThreads = saved;
        }
        if (speedUps.Count > 1)
        {
            Console.WriteLine(QuickRunner.Row(["**geomean**", "", "", QuickRunner.Ratio(Math.Exp(speedUps.Average(Math.Log)), "F2"), ""]));
        }
        return identical ? 0 : 1;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }
}
