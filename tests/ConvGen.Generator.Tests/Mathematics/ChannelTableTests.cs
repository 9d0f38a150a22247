using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Mathematics;
using Xunit;
using Xunit.Sdk;

namespace ConvGen.Generator.Tests.Mathematics;

public sealed class ChannelTableTests
{
    public static IEnumerable<object[]> Ratios => new[] { 0.0, 0.25, 0.5, 0.75, 1.0 }.Select(co => new object[] { co });

    /// <summary>Layers (Cin, Cout, gw, s) covering wraps, multiple wraps, s = 0, s = Cin, Cout &lt; L, odd Cin.</summary>
    private static IEnumerable<(int Cin, int Cout, int Gw, int S)> Layers()
    {
        int[] cins = { 1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 24 };
        foreach (int cin in cins)
        {
            for (int gw = 1; gw <= cin; gw++)
            {
                for (int s = 0; s <= gw; s++)
                {
                    foreach (int cout in new[] { 1, 3, cin, (2 * cin) + 1 })
                    {
                        if ((cin * 7 + gw * 3 + s + cout) % 3 == 0 || gw == cin || s == 0 || s == gw)
                        {
                            yield return (cin, cout, gw, s);
                        }
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(8, 4, 2, 4)]
    [InlineData(8, 4, 3, 8)]
    [InlineData(8, 8, 4, 2)]
    [InlineData(8, 8, 8, 1)]
    [InlineData(8, 4, 0, 1)]
    [InlineData(8, 8, 0, 1)]
    [InlineData(12, 6, 3, 4)]
    [InlineData(12, 3, 3, 4)]
    [InlineData(12, 12, 9, 4)]
    [InlineData(12, 12, 8, 3)]
    [InlineData(16, 4, 3, 16)]
    [InlineData(16, 8, 2, 8)]
    [InlineData(10, 5, 4, 5)]
    [InlineData(10, 5, 5, 2)]
    [InlineData(6, 3, 2, 3)]
    [InlineData(9, 3, 2, 9)]
    [InlineData(15, 5, 3, 5)]
    [InlineData(24, 6, 4, 6)]
    public void CycleLength_IsCinOverGcd(int cin, int gw, int s, int expected)
    {
        ChannelTable table = ChannelTable.Create(cin, 1000, gw, s);
        Assert.Equal(expected, table.CycleLength);
        Assert.Equal(expected, table.UniqueWindowCount);
    }

    [Fact]
    public void SmallestOverlappingCase_LastWindowWraps()
    {
        // Cin=4, cg=2, co=.5: gw=2, s=1 (vector scc_cin4_cout4_cg2_co50).
        ChannelTable table = ChannelTable.Create(4, 4, 2, 1);
        Assert.Equal(4, table.CycleLength);
        Assert.Equal(new[] { 0, 1, 2, 3 }, table.Windows.Select(w => w.Start));
        Assert.Equal(new[] { false, false, false, true }, table.Windows.Select(w => w.Wraps));
        ChannelWindow last = table.Windows[3];
        Assert.Equal(1, last.SplitTap);
        Assert.Equal(1, last.FirstLength);
        Assert.Equal(1, last.SecondLength);
        Assert.Equal(4, last.FirstEnd);
        Assert.Equal(3, last.ChannelOf(0));
        Assert.Equal(0, last.ChannelOf(1));
        Assert.True(last.Contains(0));
        Assert.True(last.Contains(3));
        Assert.False(last.Contains(1));
        Assert.Equal("window 3: [3, 4) + [0, 1)", last.ToString());
        Assert.Equal("window 0: [0, 2)", table.Windows[0].ToString());
    }

    [Fact]
    public void Windows_StartsAndWrapPoints_Cin8Co25()
    {
        // Cin=8, gw=4, co=.25 -> ov=1, s=3: L=8, starts 0,3,6,1,4,7,2,5.
        ChannelTable table = ChannelTable.Create(8, 8, 4, 3);
        Assert.Equal(new[] { 0, 3, 6, 1, 4, 7, 2, 5 }, table.Windows.Select(w => w.Start));
        Assert.Equal(new[] { 4, 4, 2, 4, 4, 1, 4, 3 }, table.Windows.Select(w => w.SplitTap));
        Assert.Equal(new[] { 0, 0, 2, 0, 0, 3, 0, 1 }, table.Windows.Select(w => w.SecondLength));
        Assert.False(table.Windows[4].Wraps); // 4 + 4 == Cin: ends exactly at Cin, no wrap.
        Assert.Equal(new[] { 6, 7, 0, 1 }, Enumerable.Range(0, 4).Select(j => table.Windows[2].ChannelOf(j)));
    }

    [Fact]
    public void FullWidthWindow_NeverWrapsAtZero_ButRotatedOnesDo()
    {
        // cg = 1, co = .5: gw = Cin = 8, s = 4.
        ChannelTable table = ChannelTable.Create(8, 16, 8, 4);
        Assert.Equal(2, table.CycleLength);
        Assert.False(table.Windows[0].Wraps);
        Assert.True(table.Windows[1].Wraps);
        Assert.Equal(4, table.Windows[1].SplitTap);
        Assert.Equal(new[] { 4, 5, 6, 7, 0, 1, 2, 3 }, Enumerable.Range(0, 8).Select(j => table.Windows[1].ChannelOf(j)));
        Assert.Equal(SccLayerKind.RowRotatedDensePointwise, table.Kind);
    }

    [Fact]
    public void ChannelMap_WindowsAndDenseColumns_MatchDefinition() => ForEachLayer(CheckChannelMap_WindowsAndDenseColumns_MatchDefinition);

    private static void CheckChannelMap_WindowsAndDenseColumns_MatchDefinition(int cin, int cout, int gw, int s)
    {
        ChannelTable table = ChannelTable.Create(cin, cout, gw, s);
        int[] map = table.GetChannelMap();
        Assert.Equal(cout * gw, map.Length);
        var distinctRows = new HashSet<string>();
        for (int o = 0; o < cout; o++)
        {
            ChannelWindow window = table.WindowOf(o);
            Assert.Equal(o % table.CycleLength, table.WindowIndexOf(o));
            Assert.Equal(window.Index, table.WindowIndexOf(o));
            var seen = new HashSet<int>();
            for (int j = 0; j < gw; j++)
            {
                int expected = (int)((((long)o * s) + j) % cin);
                Assert.Equal(expected, table.ChannelOf(o, j));
                Assert.Equal(expected, window.ChannelOf(j));
                Assert.Equal(expected, map[(o * gw) + j]);
                Assert.Equal(expected, table.DenseColumnOf(o, j));
                Assert.Equal((o * cin) + expected, table.DenseIndexOf(o, j));
                Assert.True(window.Contains(expected));
                Assert.True(seen.Add(expected)); // distinct channels within a window
            }

            distinctRows.Add(string.Join(",", map.Skip(o * gw).Take(gw)));
        }

        // U distinct windows, and L really is the period.
        Assert.Equal(Math.Min(table.CycleLength, cout), table.UniqueWindowCount);
        Assert.Equal(table.UniqueWindowCount, distinctRows.Count);
        Assert.Equal(0, (long)table.CycleLength * s % cin);
        for (int l = 1; l < table.CycleLength; l++)
        {
            Assert.NotEqual(0, (long)l * s % cin);
        }

        foreach (ChannelWindow w in table.Windows)
        {
            Assert.Equal((int)((long)w.Index * s % cin), w.Start);
            Assert.Equal(w.Start + gw > cin, w.Wraps);
            Assert.Equal(gw, w.FirstLength + w.SecondLength);
            Assert.Equal(w.Wraps ? cin - w.Start : gw, w.SplitTap);
        }
    }

    [Fact]
    public void Readers_AreTheInverseTable() => ForEachLayer(CheckReaders_AreTheInverseTable);

    private static void CheckReaders_AreTheInverseTable(int cin, int cout, int gw, int s)
    {
        ChannelTable table = ChannelTable.Create(cin, cout, gw, s);
        var expected = new List<ChannelTap>[cin];
        for (int c = 0; c < cin; c++)
        {
            expected[c] = new List<ChannelTap>();
        }

        for (int o = 0; o < cout; o++)
        {
            for (int j = 0; j < gw; j++)
            {
                expected[(int)((((long)o * s) + j) % cin)].Add(new ChannelTap(o, j));
            }
        }

        bool anyUnread = false;
        for (int c = 0; c < cin; c++)
        {
            Assert.Equal(expected[c], table.GetReaders(c));
            Assert.Equal(expected[c].Count > 0, table.IsChannelRead(c));
            anyUnread |= expected[c].Count == 0;
        }

        Assert.Equal(anyUnread, table.HasUnreadChannels);
    }

    [Fact]
    public void FiltersOfWindows_PartitionTheOutputs() => ForEachLayer(CheckFiltersOfWindows_PartitionTheOutputs);

    private static void CheckFiltersOfWindows_PartitionTheOutputs(int cin, int cout, int gw, int s)
    {
        ChannelTable table = ChannelTable.Create(cin, cout, gw, s);
        var all = new List<int>();
        for (int u = 0; u < table.UniqueWindowCount; u++)
        {
            int[] filters = table.GetFiltersOfWindow(u);
            Assert.Equal(table.FilterCountOfWindow(u), filters.Length);
            Assert.All(filters, o => Assert.Equal(u, table.WindowIndexOf(o)));
            all.AddRange(filters);
        }

        Assert.Equal(Enumerable.Range(0, cout), all.OrderBy(o => o));
        Assert.Equal(cout % table.CycleLength == 0, table.IsOutChannelsMultipleOfCycle);
        Assert.Equal(!table.IsOutChannelsMultipleOfCycle, table.HasPartialCycle);
        Assert.Equal((table.FullCycleCount * table.CycleLength) + table.PartialCycleLength, cout);
    }

    [Fact]
    public void PartialLastCycle_Cin16Cout50()
    {
        // Vector scc_cin16_cout50_cg4_co50: gw=4, s=2, L=8; 50 = 6*8 + 2.
        ChannelTable table = ChannelTable.FromGroups(16, 50, 4, 2);
        Assert.Equal(8, table.CycleLength);
        Assert.Equal(8, table.UniqueWindowCount);
        Assert.True(table.HasPartialCycle);
        Assert.Equal(6, table.FullCycleCount);
        Assert.Equal(2, table.PartialCycleLength);
        Assert.Equal(7, table.FilterCountOfWindow(0));
        Assert.Equal(7, table.FilterCountOfWindow(1));
        Assert.Equal(6, table.FilterCountOfWindow(2));
        Assert.Equal(new[] { 1, 9, 17, 25, 33, 41, 49 }, table.GetFiltersOfWindow(1));
        Assert.False(table.HasUnreadChannels);
    }

    [Fact]
    public void FewerFiltersThanCycle_LeavesChannelsUnread()
    {
        // Vector scc_cin16_cout3_cg4_co50: channels 8..15 never read.
        ChannelTable table = ChannelTable.FromGroups(16, 3, 4, 2);
        Assert.Equal(8, table.CycleLength);
        Assert.Equal(3, table.UniqueWindowCount);
        Assert.True(table.HasPartialCycle);
        Assert.Equal(0, table.FullCycleCount);
        Assert.True(table.HasUnreadChannels);
        Assert.Equal(Enumerable.Range(8, 8), Enumerable.Range(0, 16).Where(c => !table.IsChannelRead(c)));
    }

    [Fact]
    public void FullCycles_NoPartial()
    {
        ChannelTable table = ChannelTable.FromGroups(12, 24, 2, 3); // gw=6, s=3, L=4
        Assert.Equal(4, table.CycleLength);
        Assert.False(table.HasPartialCycle);
        Assert.Equal(6, table.FullCycleCount);
        Assert.Equal(0, table.PartialCycleLength);
    }

    [Fact]
    public void MultipleWraps_Cin16Cout50Co75()
    {
        // Vector scc_cin16_cout50_cg2_co75: gw=8, ov=6, s=2 -> Cout*s = 100 > Cin several times over.
        ChannelTable table = ChannelTable.FromGroups(16, 50, 2, 6);
        Assert.Equal(2, table.StrideChannels);
        Assert.Equal(8, table.CycleLength);
        Assert.Equal(4, table.GetReaders(5).Count(r => r.Filter < 8)); // 4 filters per cycle cover a channel at co = .75
        Assert.Equal(SccLayerKind.General, table.Kind);
    }

    [Theory]
    [InlineData(8, 8, 2, 0.0, (int)SccLayerKind.GroupedPointwiseInterleaved)]
    [InlineData(4, 8, 2, 0.0, (int)SccLayerKind.GroupedPointwiseInterleaved)]
    [InlineData(12, 24, 4, 0.0, (int)SccLayerKind.GroupedPointwiseInterleaved)]
    [InlineData(16, 50, 2, 0.0, (int)SccLayerKind.GroupedPointwiseInterleaved)]
    [InlineData(8, 8, 1, 0.0, (int)SccLayerKind.DensePointwise)]
    [InlineData(8, 8, 1, 1.0, (int)SccLayerKind.DensePointwise)]
    [InlineData(12, 5, 1, 1.0, (int)SccLayerKind.DensePointwise)]
    [InlineData(8, 16, 1, 0.5, (int)SccLayerKind.RowRotatedDensePointwise)]
    [InlineData(12, 12, 1, 0.25, (int)SccLayerKind.RowRotatedDensePointwise)]
    [InlineData(12, 12, 1, 0.75, (int)SccLayerKind.RowRotatedDensePointwise)]
    [InlineData(8, 8, 2, 1.0, (int)SccLayerKind.SharedWindow)]
    [InlineData(8, 8, 2, 0.5, (int)SccLayerKind.General)]
    [InlineData(8, 8, 2, 0.25, (int)SccLayerKind.General)]
    [InlineData(16, 16, 4, 0.75, (int)SccLayerKind.General)]
    [InlineData(12, 24, 4, 0.5, (int)SccLayerKind.General)]
    public void Classification(int cin, int cout, int cg, double co, int expected)
    {
        SccOverlap overlap = SccOverlap.FromRatio(cin / cg, co);
        ChannelTable table = ChannelTable.FromGroups(cin, cout, cg, overlap);
        Assert.Equal((SccLayerKind)expected, table.Kind);
    }

    [Fact]
    public void Classification_GroupWidthNotDividingCin_IsGeneral()
    {
        // s = gw but gw does not divide Cin: consecutive windows wrap, not a grouped conv.
        ChannelTable table = ChannelTable.Create(10, 10, 4, 4);
        Assert.False(table.HasIntegralGroups);
        Assert.Equal(SccLayerKind.General, table.Kind);
        Assert.Equal(5, table.CycleLength);
    }

    [Fact]
    public void DensePointwise_EveryFilterReadsChannelsInOrder()
    {
        foreach (int s in new[] { 0, 8 })
        {
            ChannelTable table = ChannelTable.Create(8, 8, 8, s);
            Assert.Equal(SccLayerKind.DensePointwise, table.Kind);
            Assert.Equal(1, table.CycleLength);
            for (int o = 0; o < 8; o++)
            {
                for (int j = 0; j < 8; j++)
                {
                    Assert.Equal(j, table.DenseColumnOf(o, j));
                }
            }
        }
    }

    [Fact]
    public void RowRotated_RowOIsRotatedByOTimesS()
    {
        ChannelTable table = ChannelTable.Create(12, 12, 12, 9); // cg=1, co=.25
        for (int o = 0; o < 12; o++)
        {
            Assert.Equal(o * 9 % 12, table.WindowOf(o).Start);
            for (int j = 0; j < 12; j++)
            {
                Assert.Equal(((o * 9) + j) % 12, table.DenseColumnOf(o, j));
            }
        }
    }

    [Fact]
    public void SharedWindow_AllFiltersReadTheFirstGroup()
    {
        ChannelTable table = ChannelTable.FromGroups(8, 8, 2, 4); // co = 1
        Assert.Equal(0, table.StrideChannels);
        Assert.Equal(1, table.CycleLength);
        Assert.Single(table.Windows);
        Assert.Equal(8, table.GetReaders(3).Count);
        Assert.Empty(table.GetReaders(4));
        Assert.True(table.HasUnreadChannels);
    }

    [Theory]
    [InlineData(8, 8, 2)]
    [InlineData(4, 8, 2)]
    [InlineData(12, 24, 4)]
    [InlineData(16, 48, 4)]
    [InlineData(6, 9, 3)]
    public void GroupedPointwise_InterleavedPermutation(int cin, int cout, int cg)
    {
        ChannelTable table = ChannelTable.FromGroups(cin, cout, cg, 0);
        Assert.Equal(SccLayerKind.GroupedPointwiseInterleaved, table.Kind);
        Assert.Equal(cg, table.CycleLength);
        int gw = cin / cg;
        int perGroup = cout / cg;
        var seen = new HashSet<int>();
        for (int o = 0; o < cout; o++)
        {
            int t = table.GroupedConvOutputIndex(o);
            Assert.True(seen.Add(t));

            // Grouped conv output t reads group t / (Cout/cg); SCC filter o reads group o mod cg.
            int group = t / perGroup;
            Assert.Equal(o % cg, group);
            Assert.Equal(group * gw, table.WindowOf(o).Start);
            Assert.False(table.WindowOf(o).Wraps);
        }

        Assert.Equal(cout, seen.Count);
    }

    [Fact]
    public void GroupedPermutation_RejectsOtherLayers()
    {
        Assert.Throws<InvalidOperationException>(() => ChannelTable.FromGroups(8, 8, 2, 2).GroupedConvOutputIndex(0));
        Assert.Throws<InvalidOperationException>(() => ChannelTable.FromGroups(8, 7, 2, 0).GroupedConvOutputIndex(0));
    }

    [Theory]
    [MemberData(nameof(Ratios))]
    public void RatioGrid_NonPowerOfTwoChannels(double co)
    {
        foreach ((int cin, int cg) in new[] { (12, 1), (12, 2), (12, 3), (12, 4), (24, 3), (24, 6), (20, 4), (36, 4), (10, 2), (18, 2) })
        {
            int gw = cin / cg;
            SccOverlap overlap = SccOverlap.FromRatio(gw, co);
            foreach (int cout in new[] { 1, cin / 2, cin, 2 * cin, 50 })
            {
                ChannelTable table = ChannelTable.FromGroups(cin, cout, cg, overlap);
                int ov = (int)Math.Floor((decimal)co * gw);
                int s = gw - ov;
                Assert.Equal(ov, table.OverlapChannels);
                Assert.Equal(s, table.StrideChannels);
                Assert.Equal(s == 0 ? 1 : cin / Gcd(cin, s), table.CycleLength);
                Assert.Equal(Math.Min(table.CycleLength, cout), table.UniqueWindowCount);

                SccLayerKind expected = cg == 1
                    ? (co == 0 || co == 1 ? SccLayerKind.DensePointwise : (s == cin ? SccLayerKind.DensePointwise : SccLayerKind.RowRotatedDensePointwise))
                    : s == gw ? SccLayerKind.GroupedPointwiseInterleaved // co = 0, or co·gw < 1
                    : s == 0 ? SccLayerKind.SharedWindow
                    : SccLayerKind.General;
                Assert.Equal(expected, table.Kind);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Ratios))]
    public void RatioGrid_PowerOfTwoChannels(double co)
    {
        foreach (int cin in new[] { 4, 8, 16, 32, 64, 128 })
        {
            foreach (int cg in new[] { 1, 2, 4, 8 })
            {
                if (cg > cin)
                {
                    continue;
                }

                int gw = cin / cg;
                SccOverlap overlap = SccOverlap.FromRatio(gw, co);
                ChannelTable table = ChannelTable.FromGroups(cin, 2 * cin, cg, overlap);
                Assert.Equal((int)Math.Floor(co * gw), overlap.OverlapChannels); // dyadic: the double product is exact
                Assert.Equal(Math.Min(table.CycleLength, 2 * cin), table.UniqueWindowCount);

                // With co = .5 and cg > 1 each channel is read by exactly 2 filters per cycle.
                if (co == 0.5 && cg > 1 && gw % 2 == 0)
                {
                    ChannelTable oneCycle = ChannelTable.FromGroups(cin, table.CycleLength, cg, overlap);
                    Assert.All(Enumerable.Range(0, cin), c => Assert.Equal(2, oneCycle.GetReaders(c).Count));
                }
            }
        }
    }

    [Fact]
    public void ValueEquality()
    {
        ChannelTable a = ChannelTable.Create(16, 50, 4, 2);
        ChannelTable b = ChannelTable.FromGroups(16, 50, 4, 2);
        ChannelTable c = ChannelTable.FromGroups(16, 50, 4, SccOverlap.FromRatio(4, 0.5));
        Assert.Equal(a, b);
        Assert.Equal(a, c);
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotSame(a, b);
        Assert.NotEqual(a, ChannelTable.Create(16, 49, 4, 2));
        Assert.NotEqual(a, ChannelTable.Create(16, 50, 4, 1));
        Assert.NotEqual(a, ChannelTable.Create(16, 50, 8, 2));
        Assert.NotEqual(a, ChannelTable.Create(8, 50, 4, 2));
        Assert.False(a.Equals(null));
        Assert.False(a.Equals((object)"x"));
        Assert.Equal(a.Windows, b.Windows);
        Assert.Equal(a.Windows[3].GetHashCode(), b.Windows[3].GetHashCode());
        Assert.NotEqual(a.Windows[3], a.Windows[2]);
        Assert.Equal(new ChannelTap(3, 1), new ChannelTap(3, 1));
        Assert.NotEqual(new ChannelTap(3, 1), new ChannelTap(1, 3));
        Assert.Equal("SCC Cin=16 Cout=50 gw=4 s=2 L=8 U=8 General", a.ToString());
    }

    [Fact]
    public void Windows_AreReadOnly()
    {
        ChannelTable table = ChannelTable.Create(8, 8, 4, 2);
        var list = Assert.IsAssignableFrom<IList<ChannelWindow>>(table.Windows);
        Assert.True(list.IsReadOnly);
        int[] map = table.GetChannelMap();
        map[0] = 99;
        Assert.Equal(0, table.GetChannelMap()[0]);
    }

    [Theory]
    [InlineData(0, 8, 1, 0)]
    [InlineData(8, 0, 4, 2)]
    [InlineData(8, 8, 0, 0)]
    [InlineData(8, 8, 9, 1)]
    [InlineData(8, 8, 4, 5)]
    [InlineData(8, 8, 4, -1)]
    public void InvalidLayers_AreRejected(int cin, int cout, int gw, int s)
    {
        Assert.NotNull(ChannelTable.Validate(cin, cout, gw, s));
        Assert.Throws<ArgumentException>(() => ChannelTable.Create(cin, cout, gw, s));
    }

    [Fact]
    public void InvalidGroupsAndIndices_AreRejected()
    {
        Assert.Null(ChannelTable.Validate(8, 8, 4, 2));
        Assert.Throws<ArgumentException>(() => ChannelTable.FromGroups(10, 8, 4, 0)); // Cin % cg != 0
        Assert.Throws<ArgumentException>(() => ChannelTable.FromGroups(8, 8, 2, 5)); // ov > gw
        Assert.Throws<ArgumentException>(() => ChannelTable.FromGroups(8, 8, 4, SccOverlap.FromRatio(4, 0.5))); // gw mismatch
        ChannelTable table = ChannelTable.Create(8, 8, 4, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => table.ChannelOf(8, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.ChannelOf(0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.ChannelOf(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.GetReaders(8));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.FilterCountOfWindow(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.Windows[0].ChannelOf(4));
    }

    [Fact]
    public void LargeLayer_NoOverflow()
    {
        // Cout * s well past int range would overflow a naive o*s.
        ChannelTable table = ChannelTable.Create(65521, 60000, 65521, 65519);
        Assert.Equal(65521, table.CycleLength); // 65521 is prime
        Assert.Equal(60000, table.UniqueWindowCount);
        Assert.Equal((int)((59999L * 65519 + 7) % 65521), table.ChannelOf(59999, 7));
        Assert.Equal(60000, table.GetReaders(123).Count); // gw = Cin: every filter reads every channel once
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    private static void ForEachLayer(Action<int, int, int, int> check)
    {
        int count = 0;
        foreach ((int cin, int cout, int gw, int s) in Layers())
        {
            try
            {
                check(cin, cout, gw, s);
            }
            catch (Exception e)
            {
                throw new XunitException($"Cin={cin} Cout={cout} gw={gw} s={s}: {e.Message}");
            }

            count++;
        }

        Assert.True(count > 1000);
    }
}
