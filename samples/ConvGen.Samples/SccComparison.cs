using System;
using System.Collections.Generic;
using System.Diagnostics;
using L = ConvGen.Samples.SccBenchLayers;

namespace ConvGen.Samples;

/// <summary>
/// <c>--scc</c>: single-threaded GFLOP/s of generated SCC kernels (counting only their real multiply-adds) next to
/// ConvGen's dense and grouped pointwise kernels of the same Cin/Cout/H×W, measured interleaved in one run.
/// </summary>
internal static class SccComparison
{
    private delegate void Kernel(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    private sealed record Row(int Channels, int Size, int Groups, double Overlap, Kernel Dense, Kernel Grouped, Kernel Scc, Kernel SccDx, Kernel SccDw);

    private static readonly Row[] s_rows =
    {
        new(128, 56, 2, 0.25, L.Dense128At56, L.Grouped128At56G2, L.Scc128At56Cg2Co25, L.Scc128At56Cg2Co25Dx, L.Scc128At56Cg2Co25Dw),
        new(128, 56, 2, 0.5, L.Dense128At56, L.Grouped128At56G2, L.Scc128At56Cg2Co50, L.Scc128At56Cg2Co50Dx, L.Scc128At56Cg2Co50Dw),
        new(128, 56, 4, 0.25, L.Dense128At56, L.Grouped128At56G4, L.Scc128At56Cg4Co25, L.Scc128At56Cg4Co25Dx, L.Scc128At56Cg4Co25Dw),
        new(128, 56, 4, 0.5, L.Dense128At56, L.Grouped128At56G4, L.Scc128At56Cg4Co50, L.Scc128At56Cg4Co50Dx, L.Scc128At56Cg4Co50Dw),
        new(256, 28, 2, 0.25, L.Dense256At28, L.Grouped256At28G2, L.Scc256At28Cg2Co25, L.Scc256At28Cg2Co25Dx, L.Scc256At28Cg2Co25Dw),
        new(256, 28, 2, 0.5, L.Dense256At28, L.Grouped256At28G2, L.Scc256At28Cg2Co50, L.Scc256At28Cg2Co50Dx, L.Scc256At28Cg2Co50Dw),
        new(256, 28, 4, 0.25, L.Dense256At28, L.Grouped256At28G4, L.Scc256At28Cg4Co25, L.Scc256At28Cg4Co25Dx, L.Scc256At28Cg4Co25Dw),
        new(256, 28, 4, 0.5, L.Dense256At28, L.Grouped256At28G4, L.Scc256At28Cg4Co50, L.Scc256At28Cg4Co50Dx, L.Scc256At28Cg4Co50Dw),
        new(512, 14, 2, 0.25, L.Dense512At14, L.Grouped512At14G2, L.Scc512At14Cg2Co25, L.Scc512At14Cg2Co25Dx, L.Scc512At14Cg2Co25Dw),
        new(512, 14, 2, 0.5, L.Dense512At14, L.Grouped512At14G2, L.Scc512At14Cg2Co50, L.Scc512At14Cg2Co50Dx, L.Scc512At14Cg2Co50Dw),
        new(512, 14, 4, 0.25, L.Dense512At14, L.Grouped512At14G4, L.Scc512At14Cg4Co25, L.Scc512At14Cg4Co25Dx, L.Scc512At14Cg4Co25Dw),
        new(512, 14, 4, 0.5, L.Dense512At14, L.Grouped512At14G4, L.Scc512At14Cg4Co50, L.Scc512At14Cg4Co50Dx, L.Scc512At14Cg4Co50Dw),
    };

    public static int Run()
    {
        ConvThreads.MaxThreads = 1;
        Console.WriteLine($"SCC vs pointwise, 1 thread, {ConvSimd.ActivePath} path; best of interleaved rounds after warm-up.");
        Console.WriteLine("GFLOP/s count real multiply-adds only (SCC and grouped: Cout·Cin/cg·H·W; dense: Cout·Cin·H·W). dX, dW: SCC's backward-data and backward-weights passes.");
        Console.WriteLine();
        Console.WriteLine($"| {"layer",-26} | {"dense pw",9} | {"grouped pw",10} | {"SCC",7} | {"SCC ms",7} | {"dense ms",8} | {"SCC/dense GFLOP/s",17} | {"time vs dense",13} | {"SCC dX",7} | {"SCC dW",7} |");
        Console.WriteLine($"|{new string('-', 28)}|{new string('-', 11)}|{new string('-', 12)}|{new string('-', 9)}|{new string('-', 9)}|{new string('-', 10)}|{new string('-', 19)}|{new string('-', 15)}|{new string('-', 9)}|{new string('-', 9)}|");
                foreach (Row row in s_rows)
        {
            int c = row.Channels, plane = row.Size * row.Size;
            var random = new Random(7);
            float[] input = Fill(random, c * plane), output = new float[c * plane];
            float[] dense = Fill(random, c * c), grouped = Fill(random, c * c / row.Groups), scc = Fill(random, c * c / row.Groups);
            float[] gradOutput = Fill(random, c * plane), gradInput = new float[c * plane], gradWeights = new float[c * c / row.Groups];
            double denseFlops = 2.0 * c * c * plane, sparseFlops = denseFlops / row.Groups;

            Action[] actions =
            {
                () => row.Dense(input, dense, output),
                () => row.Grouped(input, grouped, output),
                () => row.Scc(input, scc, output),
                () => row.SccDx(gradOutput, scc, gradInput),
                () => row.SccDw(input, gradOutput, gradWeights),
            };
            double[] best = { double.MaxValue, double.MaxValue, double.MaxValue, double.MaxValue, double.MaxValue };
            foreach (Action action in actions)
            {
                Time(action, 0.3); // warm-up (kernels are AggressiveOptimization; this also warms caches)
            }
            for (int round = 0; round < 4; round++)
            {
                for (int k = 0; k < actions.Length; k++)
                {
                    best[k] = Math.Min(best[k], Time(actions[k], 0.15));
                }
            }
            double denseG = denseFlops / best[0] / 1e9, groupedG = sparseFlops / best[1] / 1e9, sccG = sparseFlops / best[2] / 1e9;
            string name = $"{row.Size}x{row.Size} {c}->{c} cg{row.Groups} co{row.Overlap:0.00}";
            Console.WriteLine($"| {name,-26} | {denseG,9:F1} | {groupedG,10:F1} | {sccG,7:F1} | {best[2] * 1e3,7:F3} | {best[0] * 1e3,8:F3} | {sccG / denseG,16:P0} | {best[0] / best[2],12:F2}x | {sparseFlops / best[3] / 1e9,7:F1} | {sparseFlops / best[4] / 1e9,7:F1} |");
        }
        return 0;
    }

    private static float[] Fill(Random random, int count)
    {
        var data = new float[count];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return data;
    }

    /// <summary>Best single-call time over at least <paramref name="seconds"/> of repeated calls.</summary>
    private static double Time(Action action, double seconds)
    {
        double best = double.MaxValue;
        var total = Stopwatch.StartNew();
        do
        {
            long start = Stopwatch.GetTimestamp();
            action();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        while (total.Elapsed.TotalSeconds < seconds);
        return best;
    }
}
