using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Mathematics;
using ConvGen.Tests.Reference;
using Xunit;

namespace ConvGen.Generator.Tests.Mathematics;

/// <summary>Cross-checks <see cref="ChannelTable"/> and <see cref="SccOverlap"/> against every scc_*.json vector.</summary>
public sealed class ChannelTableVectorTests
{
    public static IEnumerable<object[]> SccVectors => TestVectors.TheoryData("scc");

    [Theory]
    [MemberData(nameof(SccVectors))]
    public void OverlapAndTable_MatchVectorParams(string name)
    {
        TestVector v = TestVectors.LoadNamed(name);
        int cin = v.GetInt("cin"), cout = v.GetInt("cout"), cg = v.GetInt("cg"), gw = v.GetInt("gw");
        Assert.Equal(cin / cg, gw);

        SccOverlap overlap = SccOverlap.FromRatio(gw, v.GetDouble("co"));
        Assert.Equal(v.GetInt("overlap_channels"), overlap.OverlapChannels);
        Assert.Equal(v.GetInt("stride_channels"), overlap.StrideChannels);
        Assert.Equal(v.GetBool("integral_overlap"), overlap.IsIntegral);

        ChannelTable table = ChannelTable.FromGroups(cin, cout, cg, overlap);
        Assert.Equal(ChannelTable.FromGroups(cin, cout, cg, v.GetInt("overlap_channels")), table);
        Assert.Equal(v.GetInt("cycle_length"), table.CycleLength);
        Assert.Equal(v.GetInt("unique_windows"), table.UniqueWindowCount);
        Assert.Equal(v.GetInt("stride_channels"), table.StrideChannels);
        Assert.Equal(v.GetInt("overlap_channels"), table.OverlapChannels);
    }

    [Theory]
    [MemberData(nameof(SccVectors))]
    public void ChannelTableAndMap_MatchVector(string name)
    {
        TestVector v = TestVectors.LoadNamed(name);
        ChannelTable table = TableOf(v);

        int[][] expectedTable = v.GetIntMatrix("channel_table")!;
        Assert.Equal(expectedTable.Length, table.UniqueWindowCount);
        for (int u = 0; u < expectedTable.Length; u++)
        {
            ChannelWindow window = table.Windows[u];
            Assert.Equal(expectedTable[u], Enumerable.Range(0, table.GroupWidth).Select(window.ChannelOf));
            Assert.Equal(expectedTable[u][0], window.Start);

            // Wrap point: the tap where the channel index drops back to 0.
            int drop = Enumerable.Range(1, table.GroupWidth - 1).FirstOrDefault(j => expectedTable[u][j] < expectedTable[u][j - 1]);
            Assert.Equal(drop != 0, window.Wraps);
            Assert.Equal(drop != 0 ? drop : table.GroupWidth, window.SplitTap);
        }

        int[][] expectedMap = v.GetIntMatrix("channel_map")!;
        Assert.Equal(table.OutChannels, expectedMap.Length);
        Assert.Equal(expectedMap.SelectMany(row => row), table.GetChannelMap());
        for (int o = 0; o < table.OutChannels; o++)
        {
            Assert.Equal(expectedTable[table.WindowIndexOf(o)], expectedMap[o]);
        }
    }

    [Theory]
    [MemberData(nameof(SccVectors))]
    public void DenseMapping_PlacesEveryWeight(string name)
    {
        TestVector v = TestVectors.LoadNamed(name);
        ChannelTable table = TableOf(v);
        float[] weight = v.Tensor("weight").Data;
        VectorTensor dense = v.Tensor("equivalent_dense_weight");
        Assert.Equal(new[] { table.OutChannels, table.InChannels }, dense.Shape);

        var expected = new float[table.OutChannels * table.InChannels];
        for (int o = 0; o < table.OutChannels; o++)
        {
            for (int j = 0; j < table.GroupWidth; j++)
            {
                Assert.Equal(0f, expected[table.DenseIndexOf(o, j)]);
                expected[table.DenseIndexOf(o, j)] = weight[(o * table.GroupWidth) + j];
            }
        }

        Assert.Equal(expected, dense.Data);
    }

    [Theory]
    [MemberData(nameof(SccVectors))]
    public void DsxploreVerdicts_MatchEmulation(string name)
    {
        TestVector v = TestVectors.LoadNamed(name);
        int cin = v.GetInt("cin"), cout = v.GetInt("cout");
        SccOverlap overlap = SccOverlap.FromRatio(v.GetInt("gw"), v.GetDouble("co"));

        string? forward = v.GetRootString("dsxplore_cuda_forward");
        Assert.Equal(overlap.DsxploreCudaForwardMatches(cin, cout), forward == "agrees");

        string? backward = v.GetRootString("dsxplore_cuda_input_centric_backward");
        Assert.Equal(overlap.DsxploreCudaBackwardMatches(cin, cout), backward == "agrees");
        Assert.Equal(overlap.DsxploreCudaStrideChannels <= 0, backward == "division by zero");
    }

    private static ChannelTable TableOf(TestVector v) =>
        ChannelTable.Create(v.GetInt("cin"), v.GetInt("cout"), v.GetInt("gw"), v.GetInt("stride_channels"));
}
