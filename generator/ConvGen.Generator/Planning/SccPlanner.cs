using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Planning;

/// <summary>
/// Plans a sliding-channel convolution from its compile-time channel table (scc-spec.md §2.1, §4): the filters of
/// one window (o ≡ u mod L) form a small dense GEMM over the window's channels, split at the wrap into two contiguous
/// ranges; backward-data gathers, per run of input channels, every window that reads them (any overlap); backward-
/// weights reduces over the pixels per (filters × taps) tile. Per instruction set the register tile with the lowest
/// predicted cycle count wins (the cost model of <see cref="DirectConvPlanner"/>).
/// </summary>
internal static class SccPlanner
{
    /// <summary>Cycles a block pays outside its reduction loop (table reads, pointer set-up, stores).</summary>
    private const double BlockOverhead = 12;
    /// <summary>Largest window table (distinct windows × gw) planned at generation time.</summary>
    internal const long MaxTableEntries = 1L << 21;
    /// <summary>Largest constant data (ints over all instruction sets) emitted into one kernel.</summary>
    internal const long MaxEmittedInts = 1L << 20;

    /// <summary>
    /// The reason <paramref name="layer"/>'s channel tables exceed what ConvGen tabulates or emits, or null. The parser
    /// reports it on the overlap (CNVG0125). Layers far below both limits are not planned twice for it: the tables hold
    /// a few ints per (window or filter) × group channel and path, so 64·(windows + filters)·gw under the emitted limit
    /// leaves a wide margin (128 filters over groups of 64 channels come to about half of it); larger layers are planned
    /// here once more, and a limit the plan would hit is reported where the user can act on it.
    /// </summary>
    public static string? TableLimitViolation(SccLayerSpec layer)
    {
        ChannelTable table = ChannelTable.Create(layer.InChannels, layer.OutChannels, layer.GroupWidth, layer.StrideChannels);
        if (64L * ((long)table.UniqueWindowCount + layer.OutChannels) * table.GroupWidth < MaxEmittedInts)
        {
            return null;
        }
        try
        {
            Plan(layer);
            return null;
        }
        catch (SccTableLimitException ex)
        {
            return ex.Message;
        }
    }

    public static SccPlan Plan(SccLayerSpec layer)
    {
        ChannelTable table = ChannelTable.Create(layer.InChannels, layer.OutChannels, layer.GroupWidth, layer.StrideChannels);
        if ((long)table.UniqueWindowCount * table.GroupWidth > MaxTableEntries)
        {
            throw new SccTableLimitException(
                $"the channel table has {table.UniqueWindowCount} distinct windows of {table.GroupWidth} channels, more than the {MaxTableEntries} entries ConvGen tabulates");
        }
        var windows = new WindowInfo[table.UniqueWindowCount];
        for (int u = 0; u < windows.Length; u++)
        {
            ChannelWindow w = table.Windows[u];
            windows[u] = new WindowInfo(u, w.Start, w.FirstLength, table.FilterCountOfWindow(u));
        }

        Func<int, SccPath?> choose = layer.Pass switch
        {
            PassKind.Forward => lanes => ChooseForward(layer, table, windows, lanes),
            PassKind.BackwardData => lanes => ChooseBackwardData(layer, table, windows, lanes),
            _ => lanes => ChooseBackwardWeights(layer, table, windows, lanes),
        };

        IEnumerable<string> described = table.Windows.Take(6).Select(w => w.ToString());
        if (table.UniqueWindowCount > 6)
        {
            described = described.Concat(new[] { $"… ({table.UniqueWindowCount - 6} more)" });
        }

        SccPath? p256 = choose(8), p128 = choose(4);
        SccPath scalar = choose(1) ?? throw new InvalidOperationException("No scalar tile fits the layer.");
        long ints = new[] { p256, p128, scalar }.Sum(p => p is null ? 0L : p.Blocks.Count + p.Ranges.Count);
        if (ints > MaxEmittedInts)
        {
            throw new SccTableLimitException(
                $"its channel tables would take {ints} ints of constant data (L = {table.CycleLength} windows of {table.GroupWidth} channels), more than the {MaxEmittedInts} ConvGen emits");
        }

        // The Vector512 path is an extra: it is left out rather than let its tables push a layer over the budget.
        SccPath? p512 = choose(16);
        if (p512 is not null && ints + p512.Blocks.Count + p512.Ranges.Count > MaxEmittedInts)
        {
            p512 = null;
        }

        return new SccPlan(
            Describe(table),
            table.CycleLength,
            table.UniqueWindowCount,
            table.Windows.Count(w => w.Wraps),
            described.ToEquatableArray(),
            p256,
            p128,
            scalar,
            DirectConvPlanner.ParallelMinimumFlops)
        {
            Vector512 = p512,
        };
    }

    private static string Describe(ChannelTable table)
    {
        string kind = table.Kind switch
        {
            SccLayerKind.GroupedPointwiseInterleaved => $"co = 0: a grouped pointwise convolution ({table.ChannelGroups} groups) with interleaved outputs (filter o reads group o mod {table.ChannelGroups})",
            SccLayerKind.DensePointwise => "cg = 1 with co ∈ {0, 1}: exactly a dense pointwise convolution",
            SccLayerKind.RowRotatedDensePointwise => $"cg = 1: a dense pointwise convolution whose weight row o is rotated by o·{table.StrideChannels} channels",
            SccLayerKind.SharedWindow => $"co = 1: every filter reads channels 0..{table.GroupWidth - 1}",
            _ => "sliding windows",
        };
        string cycle = table.HasPartialCycle
            ? $"; Cout = {table.OutChannels} is not a multiple of L, so the last cycle is partial ({table.PartialCycleLength} of {table.CycleLength} filters)"
            : "";
        return kind + cycle;
    }

    /// <summary>Window u: start channel, channels before the wrap, and how many filters (u, u+L, …) read it.</summary>
    internal readonly record struct WindowInfo(int Index, int Start, int First, int Filters);

    /// <summary>
    /// Most filters of a 16-lane forward or backward-data tile: their weight rows are a window's filters apart, and 24 of
    /// them (14×14×512, cg = 2) ran at 44-67 GFLOP/s.
    /// </summary>
    private const int MaxRows512 = 12;

    /// <summary>
    /// The tiles that fit the register budget of a path with <paramref name="lanes"/> lanes. With
    /// <paramref name="pixelVectors"/> (forward and backward-data, whose vectors are pixel vectors), 16-lane tiles keep
    /// vectors ≤ rows, as the direct planner's do (<see cref="DirectConvPlanner.StreamsInputFromL2"/>): such tiles ran
    /// SCC's 14×14×512 forward at 58-67 GFLOP/s against 90-97 on the Vector256 path.
    /// </summary>
    private static IEnumerable<(int Rows, int Vectors)> Shapes(int maxRows, int maxVectors, int lanes, bool pixelVectors = true)
    {
        (int maxAccumulators, int registers) = DirectConvPlanner.RegisterBudget(lanes);
        for (int rows = 1; rows <= Math.Min(maxRows, maxAccumulators); rows++)
        {
            for (int vectors = 1; vectors <= maxVectors && rows * vectors <= maxAccumulators; vectors++)
            {
                if (rows * vectors + Math.Min(rows, vectors) + 1 <= registers && !(pixelVectors && (DirectConvPlanner.StreamsInputFromL2(lanes, rows, vectors) || (lanes == 16 && rows > MaxRows512))))
                {
                    yield return (rows, vectors);
                }
            }
        }
    }

    private static bool Better(double cycles, int accumulators, SccPath? best) =>
        best is null || cycles < best.PredictedCycles * 0.999 ||
        (cycles <= best.PredictedCycles * 1.001 && accumulators > best.Accumulators);

    private static EquatableArray<int> Variants(IEnumerable<int> counts) =>
        counts.Distinct().OrderByDescending(c => c).ToEquatableArray();

    // ---- forward: per window, R filters × V pixel vectors, reduction over the gw window channels ----------------

    private static SccPath? ChooseForward(SccLayerSpec layer, ChannelTable table, WindowInfo[] windows, int lanes)
    {
        int plane = layer.Plane;
        if (lanes > plane)
        {
            return null;
        }
        int maxFilters = windows.Max(w => w.Filters);
        SccPath? bestPath = null;
        foreach ((int rows, int vectors) in Shapes(maxFilters, plane / lanes, lanes))
        {
            int qTiles = ShapeMath.CeilDiv(plane, vectors * lanes);
            double cycles = 0;
            foreach (WindowInfo w in windows)
            {
                foreach (int r in Chunks(w.Filters, rows))
                {
                    cycles += qTiles * (DirectConvPlanner.CyclesPerStep(r, vectors, lanes, layer.GroupWidth) * layer.GroupWidth + r * vectors + BlockOverhead);
                }
            }
            if (Better(cycles, rows * vectors, bestPath))
            {
                bestPath = new SccPath(lanes, rows, vectors, default, default, qTiles, 0, default, default, cycles);
            }
        }
        if (bestPath is not { } chosen)
        {
            return null;
        }

        var blocks = new List<int>();
        var rowCounts = new List<int>();
        foreach (WindowInfo w in windows)
        {
            int b = 0;
            foreach (int r in Chunks(w.Filters, chosen.Rows))
            {
                blocks.AddRange(new[] { w.Index + b * chosen.Rows * table.CycleLength, r, w.Start, w.First, w.Index });
                rowCounts.Add(r);
                b++;
            }
        }
        return chosen with
        {
            RowVariants = Variants(rowCounts),
            TapVariants = EquatableArray<int>.Empty,
            BlockCount = rowCounts.Count,
            Blocks = blocks.ToEquatableArray(),
            Ranges = EquatableArray<int>.Empty,
        };
    }

    /// <summary>Splits <paramref name="count"/> into chunks of <paramref name="size"/> (the last may be shorter).</summary>
    private static IEnumerable<int> Chunks(int count, int size)
    {
        for (int at = 0; at < count; at += size)
        {
            yield return Math.Min(size, count - at);
        }
    }

    // ---- backward-data: R input channels × V pixel vectors, reduction over every (window, filter) reading them ---

    /// <summary>A maximal run of input channels read by the same windows at consecutive taps.</summary>
    private sealed record ChannelRun(int First, int Length, (int Window, int Tap)[] Readers, int Filters);

    private static List<ChannelRun> ChannelRuns(SccLayerSpec layer, WindowInfo[] windows)
    {
        int cin = layer.InChannels, gw = layer.GroupWidth;
        var readers = new List<(int Window, int Tap)>[cin];
        for (int c = 0; c < cin; c++)
        {
            readers[c] = new List<(int, int)>();
        }
        foreach (WindowInfo w in windows)
        {
            for (int j = 0; j < gw; j++)
            {
                int c = j < w.First ? w.Start + j : j - w.First;
                readers[c].Add((w.Index, j));
            }
        }

        var runs = new List<ChannelRun>();
        int start = 0;
        for (int c = 1; c <= cin; c++)
        {
            bool continues = c < cin && readers[c].Count == readers[start].Count &&
                readers[c].Zip(readers[start], (a, b) => a.Window == b.Window && a.Tap == b.Tap + (c - start)).All(x => x);
            if (!continues)
            {
                (int Window, int Tap)[] list = readers[start].ToArray();
                runs.Add(new ChannelRun(start, c - start, list, list.Sum(r => windows[r.Window].Filters)));
                start = c;
            }
        }
        return runs;
    }

    private static SccPath? ChooseBackwardData(SccLayerSpec layer, ChannelTable table, WindowInfo[] windows, int lanes)
    {
        int plane = layer.Plane;
        if (lanes > plane)
        {
            return null;
        }
        List<ChannelRun> runs = ChannelRuns(layer, windows);
        int maxRun = runs.Max(r => r.Length);
        SccPath? best = null;
        foreach ((int rows, int vectors) in Shapes(maxRun, plane / lanes, lanes))
        {
            int qTiles = ShapeMath.CeilDiv(plane, vectors * lanes);
            double cycles = 0;
            foreach (ChannelRun run in runs)
            {
                foreach (int r in Chunks(run.Length, rows))
                {
                    cycles += qTiles * (DirectConvPlanner.CyclesPerStep(r, vectors, lanes, run.Filters) * run.Filters + 6 * run.Readers.Length + r * vectors + BlockOverhead);
                }
            }
            if (Better(cycles, rows * vectors, best))
            {
                best = new SccPath(lanes, rows, vectors, default, default, qTiles, 0, default, default, cycles);
            }
        }
        if (best is null)
        {
            return null;
        }

        var blocks = new List<int>();
        var ranges = new List<int>();
        var rowCounts = new List<int>();
        foreach (ChannelRun run in runs)
        {
            int offset = 0;
            foreach (int r in Chunks(run.Length, best.Rows))
            {
                blocks.AddRange(new[] { run.First + offset, r, ranges.Count / SccPlan.RangeWidth, run.Readers.Length });
                foreach ((int window, int tap) in run.Readers)
                {
                    ranges.AddRange(new[] { window, windows[window].Filters, window * layer.GroupWidth + tap + offset });
                }
                rowCounts.Add(r);
                offset += r;
            }
        }
        return best with
        {
            RowVariants = Variants(rowCounts),
            TapVariants = EquatableArray<int>.Empty,
            BlockCount = rowCounts.Count,
            Blocks = blocks.ToEquatableArray(),
            Ranges = ranges.ToEquatableArray(),
        };
    }

    // ---- backward-weights: R filters × T taps, each accumulator a vector of per-lane partial sums over pixels ----

    private static SccPath? ChooseBackwardWeights(SccLayerSpec layer, ChannelTable table, WindowInfo[] windows, int lanes)
    {
        int plane = layer.Plane, gw = layer.GroupWidth;
        if (lanes > plane)
        {
            return null;
        }
        int maxFilters = windows.Max(w => w.Filters);
        SccPath? best = null;
        foreach ((int rows, int taps) in Shapes(maxFilters, gw, lanes, pixelVectors: false))
        {
            double cycles = 0;
            foreach (WindowInfo w in windows)
            {
                foreach (int r in Chunks(w.Filters, rows))
                {
                    foreach (int t in TapChunks(w, gw, taps).Select(c => c.Taps))
                    {
                        // The accumulators carry across the batch: a long reduction whatever the plane.
                        cycles += DirectConvPlanner.CyclesPerStep(r, t, lanes, reductionSteps: int.MaxValue) * (plane / lanes) + (plane % lanes) * r * t + r * t * 8 + BlockOverhead;
                    }
                }
            }
            if (Better(cycles, rows * taps, best))
            {
                best = new SccPath(lanes, rows, taps, default, default, 1, 0, default, default, cycles);
            }
        }
        if (best is null)
        {
            return null;
        }

        var blocks = new List<int>();
        var rowCounts = new List<int>();
        var tapCounts = new List<int>();
        foreach (WindowInfo w in windows)
        {
            int b = 0;
            foreach (int r in Chunks(w.Filters, best.Rows))
            {
                foreach ((int tap, int t, int channel) in TapChunks(w, gw, best.Vectors))
                {
                    blocks.AddRange(new[] { w.Index + b * best.Rows * table.CycleLength, r, tap, t, channel });
                    rowCounts.Add(r);
                    tapCounts.Add(t);
                }
                b++;
            }
        }
        return best with
        {
            RowVariants = Variants(rowCounts),
            TapVariants = Variants(tapCounts),
            BlockCount = rowCounts.Count,
            Blocks = blocks.ToEquatableArray(),
            Ranges = EquatableArray<int>.Empty,
        };
    }

    /// <summary>The window's taps in chunks of at most <paramref name="size"/> that never straddle the wrap.</summary>
    private static IEnumerable<(int Tap, int Taps, int Channel)> TapChunks(WindowInfo w, int gw, int size)
    {
        for (int at = 0; at < w.First; at += size)
        {
            yield return (at, Math.Min(size, w.First - at), w.Start + at);
        }
        for (int at = w.First; at < gw; at += size)
        {
            yield return (at, Math.Min(size, gw - at), at - w.First);
        }
    }
}

/// <summary>A sliding-channel layer whose channel tables exceed <see cref="SccPlanner.MaxTableEntries"/> or <see cref="SccPlanner.MaxEmittedInts"/>.</summary>
internal sealed class SccTableLimitException : InvalidOperationException
{
    public SccTableLimitException(string message) : base(message)
    {
    }
}
