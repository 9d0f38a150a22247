using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;

namespace ConvGen.Generator.Mathematics;

/// <summary>What an SCC layer reduces to (scc-spec.md §2.4, crosscheck §5).</summary>
internal enum SccLayerKind
{
    /// <summary>Sliding windows with overlap 0 &lt; ov &lt; gw and cg &gt; 1 (or gw not dividing Cin).</summary>
    General = 0,

    /// <summary>
    /// co = 0 (s = gw, gw | Cin, cg &gt; 1): grouped pointwise conv with cg groups and <b>interleaved</b> outputs:
    /// filter o reads group o mod cg. With Cout % cg == 0, SCC output o is grouped-conv output
    /// (o mod cg)·(Cout/cg) + o div cg (<see cref="ChannelTable.GroupedConvOutputIndex"/>).
    /// </summary>
    GroupedPointwiseInterleaved = 1,

    /// <summary>cg = 1 with co ∈ {0, 1} (gw = Cin, s ∈ {Cin, 0}): exactly a dense pointwise conv, same weight layout.</summary>
    DensePointwise = 2,

    /// <summary>
    /// cg = 1 with 0 &lt; co &lt; 1 (gw = Cin, 0 &lt; s &lt; Cin): dense pointwise conv whose weight row o is rotated by
    /// o·s: D[o, (o·s + j) mod Cin] = W[o, j].
    /// </summary>
    RowRotatedDensePointwise = 3,

    /// <summary>co = 1 with cg &gt; 1 (s = 0, gw &lt; Cin): every filter reads channels 0..gw−1 only (degenerate).</summary>
    SharedWindow = 4,
}

/// <summary>
/// One distinct window of an SCC cycle: gw consecutive input channels starting at <see cref="Start"/>, modulo Cin.
/// A wrapping window is two contiguous ranges: taps [0, <see cref="SplitTap"/>) read channels
/// [<see cref="Start"/>, Cin), taps [<see cref="SplitTap"/>, gw) read channels [0, <see cref="SecondLength"/>).
/// </summary>
internal sealed class ChannelWindow : IEquatable<ChannelWindow>
{
    internal ChannelWindow(int index, int start, int width, int inChannels)
    {
        Index = index;
        Start = start;
        Width = width;
        InChannels = inChannels;
    }

    /// <summary>u: position in the cycle; filters o ≡ u (mod L) use this window.</summary>
    public int Index { get; }

    /// <summary>First channel: (u·s) mod Cin.</summary>
    public int Start { get; }

    /// <summary>gw: number of channels (taps).</summary>
    public int Width { get; }

    /// <summary>Cin.</summary>
    public int InChannels { get; }

    /// <summary>True when the window crosses Cin: Start + gw &gt; Cin.</summary>
    public bool Wraps => Start + Width > InChannels;

    /// <summary>Length of the first contiguous range [Start, Start + FirstLength): gw, or Cin − Start when wrapping.</summary>
    public int FirstLength => Wraps ? InChannels - Start : Width;

    /// <summary>Length of the second range [0, SecondLength) (0 when not wrapping).</summary>
    public int SecondLength => Width - FirstLength;

    /// <summary>The wrap point as a tap index: taps j ≥ SplitTap read channel j − SplitTap. Equals gw when not wrapping.</summary>
    public int SplitTap => FirstLength;

    /// <summary>One past the last channel of the first range (Start + FirstLength; Cin when wrapping).</summary>
    public int FirstEnd => Start + FirstLength;

    /// <summary>The input channel read by tap j: (Start + j) mod Cin.</summary>
    public int ChannelOf(int tap)
    {
        if ((uint)tap >= (uint)Width)
        {
            throw new ArgumentOutOfRangeException(nameof(tap));
        }

        return tap < FirstLength ? Start + tap : tap - FirstLength;
    }

    /// <summary>True when the window reads <paramref name="channel"/>.</summary>
    public bool Contains(int channel)
    {
        return (channel >= Start && channel < FirstEnd) || (channel >= 0 && channel < SecondLength);
    }

    /// <inheritdoc />
    public bool Equals(ChannelWindow? other)
    {
        return other is not null
            && Index == other.Index
            && Start == other.Start
            && Width == other.Width
            && InChannels == other.InChannels;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ChannelWindow);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        unchecked
        {
            int h = 17;
            h = (h * 31) + Index;
            h = (h * 31) + Start;
            h = (h * 31) + Width;
            h = (h * 31) + InChannels;
            return h;
        }
    }

    /// <inheritdoc />
    public override string ToString()
    {
        string u = Index.ToString(CultureInfo.InvariantCulture);
        string a = Start.ToString(CultureInfo.InvariantCulture);
        return Wraps
            ? "window " + u + ": [" + a + ", " + InChannels.ToString(CultureInfo.InvariantCulture) + ") + [0, " + SecondLength.ToString(CultureInfo.InvariantCulture) + ")"
            : "window " + u + ": [" + a + ", " + FirstEnd.ToString(CultureInfo.InvariantCulture) + ")";
    }
}

/// <summary>A (filter o, tap j) pair: weight W[o, j].</summary>
internal readonly struct ChannelTap : IEquatable<ChannelTap>
{
    public ChannelTap(int filter, int tap)
    {
        Filter = filter;
        Tap = tap;
    }

    /// <summary>o: output channel.</summary>
    public int Filter { get; }

    /// <summary>j: tap (weight column) within the filter's window.</summary>
    public int Tap { get; }

    /// <inheritdoc />
    public bool Equals(ChannelTap other) => Filter == other.Filter && Tap == other.Tap;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ChannelTap other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => unchecked((Filter * 397) ^ Tap);

    /// <inheritdoc />
    public override string ToString() => "(" + Filter.ToString(CultureInfo.InvariantCulture) + ", " + Tap.ToString(CultureInfo.InvariantCulture) + ")";
}

/// <summary>
/// The compile-time channel table of a DSXplore sliding-channel convolution (scc-spec.md §2, §2.1, §4):
/// filter o (o &lt; Cout) reads channels chan(o, j) = (o·s + j) mod Cin for taps j &lt; gw, with weights [Cout][gw].
/// <para>
/// The windows repeat with the cycle length L = Cin / gcd(Cin, s) (L = 1 when s = 0). Only
/// U = min(L, Cout) distinct windows exist (<see cref="Windows"/>); filter o uses window o mod L. When Cout is
/// not a multiple of L the last cycle is partial. Immutable, with value equality on (Cin, Cout, gw, s), from which
/// everything else is derived.
/// </para>
/// </summary>
internal sealed class ChannelTable : IEquatable<ChannelTable>
{
    private readonly ChannelWindow[] _windows;

    private ChannelTable(int inChannels, int outChannels, int groupWidth, int strideChannels)
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        GroupWidth = groupWidth;
        StrideChannels = strideChannels;
        CycleLength = strideChannels == 0 ? 1 : inChannels / ShapeMath.GreatestCommonDivisor(inChannels, strideChannels);

        int unique = Math.Min(CycleLength, outChannels);
        _windows = new ChannelWindow[unique];
        for (int u = 0; u < unique; u++)
        {
            _windows[u] = new ChannelWindow(u, (int)((long)u * strideChannels % inChannels), groupWidth, inChannels);
        }

        Windows = new ReadOnlyCollection<ChannelWindow>(_windows);
        Kind = Classify(inChannels, groupWidth, strideChannels);
    }

    /// <summary>Cin.</summary>
    public int InChannels { get; }

    /// <summary>Cout (number of filters).</summary>
    public int OutChannels { get; }

    /// <summary>gw: channels each filter reads (Cin / cg).</summary>
    public int GroupWidth { get; }

    /// <summary>s: channel stride between consecutive filters (gw − ov).</summary>
    public int StrideChannels { get; }

    /// <summary>ov = gw − s: channels shared by consecutive filters.</summary>
    public int OverlapChannels => GroupWidth - StrideChannels;

    /// <summary>True when gw divides Cin, so that cg = Cin / gw is an integer (always so for layers built from cg).</summary>
    public bool HasIntegralGroups => InChannels % GroupWidth == 0;

    /// <summary>cg = Cin / gw (rounded down when gw does not divide Cin).</summary>
    public int ChannelGroups => InChannels / GroupWidth;

    /// <summary>L: cyclic distance: window(o) == window(o + L). Cin / gcd(Cin, s), or 1 when s = 0.</summary>
    public int CycleLength { get; }

    /// <summary>U = min(L, Cout): number of distinct windows actually used.</summary>
    public int UniqueWindowCount => _windows.Length;

    /// <summary>The U distinct windows; window u starts at (u·s) mod Cin.</summary>
    public IReadOnlyList<ChannelWindow> Windows { get; }

    /// <summary>True when Cout is a multiple of L (every cycle complete).</summary>
    public bool IsOutChannelsMultipleOfCycle => OutChannels % CycleLength == 0;

    /// <summary>True when the last cycle is partial (Cout not a multiple of L; includes Cout &lt; L).</summary>
    public bool HasPartialCycle => !IsOutChannelsMultipleOfCycle;

    /// <summary>⌊Cout / L⌋: number of complete cycles.</summary>
    public int FullCycleCount => OutChannels / CycleLength;

    /// <summary>Cout mod L: filters in the partial last cycle (0 when there is none).</summary>
    public int PartialCycleLength => OutChannels % CycleLength;

    /// <summary>True when some input channel is never read (its gradient is 0), e.g. Cout·s &lt; Cin or s = 0 with gw &lt; Cin.</summary>
    public bool HasUnreadChannels
    {
        get
        {
            for (int c = 0; c < InChannels; c++)
            {
                if (!IsChannelRead(c))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Which special case this layer is.</summary>
    public SccLayerKind Kind { get; }

    /// <summary>Builds the table from (Cin, Cout, gw, s). Requires Cin ≥ 1, Cout ≥ 1, 1 ≤ gw ≤ Cin, 0 ≤ s ≤ gw.</summary>
    public static ChannelTable Create(int inChannels, int outChannels, int groupWidth, int strideChannels)
    {
        string? error = Validate(inChannels, outChannels, groupWidth, strideChannels);
        if (error != null)
        {
            throw new ArgumentException(error);
        }

        return new ChannelTable(inChannels, outChannels, groupWidth, strideChannels);
    }

    /// <summary>Builds the table from DSXplore's parameters: cg channel groups (Cin % cg == 0) and an overlap of ov channels.</summary>
    public static ChannelTable FromGroups(int inChannels, int outChannels, int channelGroups, int overlapChannels)
    {
        if (channelGroups < 1 || inChannels < 1 || inChannels % channelGroups != 0)
        {
            throw new ArgumentException("Cin must be a positive multiple of the channel groups cg.");
        }

        int gw = inChannels / channelGroups;
        return Create(inChannels, outChannels, gw, gw - overlapChannels);
    }

    /// <summary>Builds the table from cg and a resolved <see cref="SccOverlap"/> (whose group width must be Cin / cg).</summary>
    public static ChannelTable FromGroups(int inChannels, int outChannels, int channelGroups, SccOverlap overlap)
    {
        if (overlap is null)
        {
            throw new ArgumentNullException(nameof(overlap));
        }

        if (channelGroups < 1 || inChannels < 1 || inChannels % channelGroups != 0 || inChannels / channelGroups != overlap.GroupWidth)
        {
            throw new ArgumentException("Cin must be cg times the overlap's group width.");
        }

        return Create(inChannels, outChannels, overlap.GroupWidth, overlap.StrideChannels);
    }

    /// <summary>Null when (Cin, Cout, gw, s) is a valid SCC layer, otherwise why not (for a diagnostic).</summary>
    public static string? Validate(int inChannels, int outChannels, int groupWidth, int strideChannels)
    {
        if (inChannels < 1)
        {
            return "SCC needs at least one input channel.";
        }

        if (outChannels < 1)
        {
            return "SCC needs at least one output channel.";
        }

        if (groupWidth < 1 || groupWidth > inChannels)
        {
            return "The SCC group width gw must be in [1, Cin] = [1, " + inChannels.ToString(CultureInfo.InvariantCulture) + "], got "
                + groupWidth.ToString(CultureInfo.InvariantCulture) + ".";
        }

        if (strideChannels < 0 || strideChannels > groupWidth)
        {
            return "The SCC channel stride s = gw - overlap must be in [0, gw] = [0, " + groupWidth.ToString(CultureInfo.InvariantCulture) + "], got "
                + strideChannels.ToString(CultureInfo.InvariantCulture) + ".";
        }

        return null;
    }

    /// <summary>u = o mod L: the index into <see cref="Windows"/> of filter o's window.</summary>
    public int WindowIndexOf(int filter)
    {
        CheckFilter(filter);
        return filter % CycleLength;
    }

    /// <summary>The window filter o reads.</summary>
    public ChannelWindow WindowOf(int filter) => _windows[WindowIndexOf(filter)];

    /// <summary>chan(o, j) = (o·s + j) mod Cin: the input channel multiplied by weight W[o, j].</summary>
    public int ChannelOf(int filter, int tap)
    {
        CheckFilter(filter);
        if ((uint)tap >= (uint)GroupWidth)
        {
            throw new ArgumentOutOfRangeException(nameof(tap));
        }

        return (int)((((long)filter * StrideChannels) + tap) % InChannels);
    }

    /// <summary>
    /// Equivalent dense weight: the column of D[Cout][Cin] (a 1×1 conv weight giving the same output) that holds W[o, j].
    /// All other entries of D are 0; within a row the gw columns are distinct. Same as <see cref="ChannelOf"/>.
    /// </summary>
    public int DenseColumnOf(int filter, int tap) => ChannelOf(filter, tap);

    /// <summary>Flat row-major index o·Cin + chan(o, j) of W[o, j] in the equivalent dense weight D[Cout][Cin].</summary>
    public int DenseIndexOf(int filter, int tap) => (filter * InChannels) + ChannelOf(filter, tap);

    /// <summary>The channel map [Cout][gw] flattened row-major: map[o·gw + j] = chan(o, j) = dense column of W[o, j].</summary>
    public int[] GetChannelMap()
    {
        var map = new int[OutChannels * GroupWidth];
        for (int o = 0; o < OutChannels; o++)
        {
            ChannelWindow w = _windows[o % CycleLength];
            for (int j = 0; j < GroupWidth; j++)
            {
                map[(o * GroupWidth) + j] = w.ChannelOf(j);
            }
        }

        return map;
    }

    /// <summary>Number of filters o &lt; Cout with o ≡ u (mod L).</summary>
    public int FilterCountOfWindow(int windowIndex)
    {
        CheckWindow(windowIndex);
        return ((OutChannels - windowIndex - 1) / CycleLength) + 1;
    }

    /// <summary>The filters u, u + L, u + 2L, … &lt; Cout that use window u (the rows of window u's GEMM).</summary>
    public int[] GetFiltersOfWindow(int windowIndex)
    {
        var filters = new int[FilterCountOfWindow(windowIndex)];
        for (int i = 0; i < filters.Length; i++)
        {
            filters[i] = windowIndex + (i * CycleLength);
        }

        return filters;
    }

    /// <summary>
    /// The inverse table: every (o, j) with chan(o, j) = c, sorted by o (at most one j per o, since gw ≤ Cin).
    /// dX[c] = Σ W[o, j]·dY[o] over these (the general input-centric backward, spec §4.2). Empty for an unread channel.
    /// </summary>
    public IReadOnlyList<ChannelTap> GetReaders(int channel)
    {
        if ((uint)channel >= (uint)InChannels)
        {
            throw new ArgumentOutOfRangeException(nameof(channel));
        }

        var readers = new List<ChannelTap>();
        int s = StrideChannels;
        if (s == 0)
        {
            if (channel < GroupWidth)
            {
                for (int o = 0; o < OutChannels; o++)
                {
                    readers.Add(new ChannelTap(o, channel));
                }
            }

            return readers.AsReadOnly();
        }

        // Virtual channels v = c + k·Cin; filter o covers v when o·s ≤ v < o·s + gw.
        long lastVirtual = ((long)(OutChannels - 1) * s) + GroupWidth - 1;
        for (long v = channel; v <= lastVirtual; v += InChannels)
        {
            long first = Math.Max(0, CeilDiv(v - GroupWidth + 1, s));
            long last = Math.Min(OutChannels - 1, v / s);
            for (long o = first; o <= last; o++)
            {
                readers.Add(new ChannelTap((int)o, (int)(v - (o * s))));
            }
        }

        return readers.AsReadOnly();
    }

    /// <summary>True when at least one filter reads channel c.</summary>
    public bool IsChannelRead(int channel) => GetReaders(channel).Count > 0;

    /// <summary>
    /// For <see cref="SccLayerKind.GroupedPointwiseInterleaved"/> with Cout % cg == 0: the output index t of the
    /// equivalent grouped 1×1 conv (groups = cg) that equals SCC output o: t = (o mod cg)·(Cout/cg) + o div cg.
    /// The grouped conv's weight row t is W[o].
    /// </summary>
    public int GroupedConvOutputIndex(int filter)
    {
        CheckFilter(filter);
        if (Kind != SccLayerKind.GroupedPointwiseInterleaved || OutChannels % ChannelGroups != 0)
        {
            throw new InvalidOperationException("Only a co = 0 layer (s = gw, cg > 1) with Cout % cg == 0 is a permuted grouped pointwise conv.");
        }

        int cg = ChannelGroups;
        return ((filter % cg) * (OutChannels / cg)) + (filter / cg);
    }

    /// <inheritdoc />
    public bool Equals(ChannelTable? other)
    {
        return other is not null
            && InChannels == other.InChannels
            && OutChannels == other.OutChannels
            && GroupWidth == other.GroupWidth
            && StrideChannels == other.StrideChannels;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ChannelTable);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        unchecked
        {
            int h = 17;
            h = (h * 31) + InChannels;
            h = (h * 31) + OutChannels;
            h = (h * 31) + GroupWidth;
            h = (h * 31) + StrideChannels;
            return h;
        }
    }

    /// <inheritdoc />
    public override string ToString()
    {
        return "SCC Cin=" + InChannels.ToString(CultureInfo.InvariantCulture)
            + " Cout=" + OutChannels.ToString(CultureInfo.InvariantCulture)
            + " gw=" + GroupWidth.ToString(CultureInfo.InvariantCulture)
            + " s=" + StrideChannels.ToString(CultureInfo.InvariantCulture)
            + " L=" + CycleLength.ToString(CultureInfo.InvariantCulture)
            + " U=" + UniqueWindowCount.ToString(CultureInfo.InvariantCulture)
            + " " + Kind.ToString();
    }

    private static SccLayerKind Classify(int inChannels, int groupWidth, int strideChannels)
    {
        if (groupWidth == inChannels)
        {
            // cg = 1: s = Cin (co = 0) and s = 0 (co = 1) read channels 0..Cin-1 in order for every filter.
            return strideChannels == 0 || strideChannels == inChannels
                ? SccLayerKind.DensePointwise
                : SccLayerKind.RowRotatedDensePointwise;
        }

        if (strideChannels == 0)
        {
            return SccLayerKind.SharedWindow;
        }

        if (strideChannels == groupWidth && inChannels % groupWidth == 0)
        {
            return SccLayerKind.GroupedPointwiseInterleaved;
        }

        return SccLayerKind.General;
    }

    private void CheckFilter(int filter)
    {
        if ((uint)filter >= (uint)OutChannels)
        {
            throw new ArgumentOutOfRangeException(nameof(filter));
        }
    }

    private void CheckWindow(int windowIndex)
    {
        if ((uint)windowIndex >= (uint)_windows.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(windowIndex));
        }
    }

    private static long CeilDiv(long a, long b)
    {
        // b > 0; rounds toward +infinity for negative a too.
        long q = a / b;
        return (a % b != 0 && a > 0) ? q + 1 : q;
    }
}
