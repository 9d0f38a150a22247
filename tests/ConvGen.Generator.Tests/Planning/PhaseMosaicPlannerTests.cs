using System;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;
using Xunit;

namespace ConvGen.Generator.Tests.Planning;

/// <summary>
/// The phase mosaic of dilated layers (<see cref="PhaseMosaicPlanner"/>): which layers have one, its geometry, and, in
/// double on small random layers, that the undilated convolution over the mosaic computes the dilated layer exactly
/// where the runtime's <c>KernelPhases</c> reads and writes it.
/// </summary>
public class PhaseMosaicPlannerTests
{
    private static LayerSpec Layer(int c, int k, int h, int w, int dy, int dx, int py, int px, int stride = 1, int groups = 1, int kernel = 3, PassKind pass = PassKind.Forward) =>
        new(c, k, h, w, kernel, kernel, stride, stride, py, px, dy, dx, groups, ActivationKind.None, AlgorithmKind.Auto, HasBias: false, pass);

    [Fact]
    public void SameAtrousLayerStacksFourPhasesOneZeroRowAndColumnApart()
    {
        // DeepLab-style 3×3, dilation 2, padding 2 at 28×28: four 14×14 phases with padding 1.
        PhaseMosaicPlan mosaic = PhaseMosaicPlanner.Plan(Layer(128, 128, 28, 28, 2, 2, 2, 2))!;
        Assert.Equal((2, 2, 15, 15), (mosaic.PhasesY, mosaic.PhasesX, mosaic.RegionRows, mosaic.RegionColumns));
        LayerSpec m = mosaic.Mosaic;
        Assert.Equal((30, 30, 1, 1, 1, 1), (m.Height, m.Width, m.PaddingHeight, m.PaddingWidth, m.DilationHeight, m.DilationWidth));
        Assert.Equal((30, 30), (m.OutHeight, m.OutWidth));
        Assert.True(WinogradPlanner.IsSupportedShape(m));
    }

    [Theory]
    // Unpadded: phases sit side by side with no zeros between them (their outputs end two rows short of the next phase).
    [InlineData(20, 17, 3, 3, 0, 0, 7, 6)]
    // Padding twice the dilation: q = 2 needs two zero rows after each phase (max(q, 2q − 2) = 2).
    [InlineData(11, 9, 2, 2, 4, 4, 8, 7)]
    // q = 3: 2q − 2 = 4 zero rows, so that a phase's 3 extra output rows stay off the next phase's.
    [InlineData(10, 10, 2, 2, 6, 6, 9, 9)]
    // Rows only: columns stay whole (one column phase).
    [InlineData(13, 10, 2, 1, 2, 1, 8, 11)]
    public void RegionsLeaveTheZerosThePaddingNeeds(int h, int w, int dy, int dx, int py, int px, int regionRows, int regionColumns)
    {
        PhaseMosaicPlan mosaic = PhaseMosaicPlanner.Plan(Layer(8, 8, h, w, dy, dx, py, px))!;
        Assert.Equal((regionRows, regionColumns), (mosaic.RegionRows, mosaic.RegionColumns));
        Assert.Equal((dy * regionRows, dx * regionColumns), (mosaic.Mosaic.Height, mosaic.Mosaic.Width));
    }

    [Theory]
    [InlineData(1, 1, 1, 1, 1, 1, 3)]   // not dilated
    [InlineData(2, 2, 1, 1, 1, 1, 3)]   // padding not a multiple of the dilation
    [InlineData(2, 2, 3, 2, 1, 1, 3)]
    [InlineData(2, 2, 2, 2, 2, 1, 3)]   // stride 2
    [InlineData(2, 2, 2, 2, 1, 2, 3)]   // two groups
    [InlineData(2, 2, 4, 4, 1, 1, 5)]   // 5×5
    public void OtherLayersHaveNone(int dy, int dx, int py, int px, int stride, int groups, int kernel)
    {
        Assert.Null(PhaseMosaicPlanner.Plan(Layer(8, 8, 20, 20, dy, dx, py, px, stride, groups, kernel)));
    }

    [Fact]
    public void BackwardPassesHaveNone()
    {
        Assert.Null(PhaseMosaicPlanner.Plan(Layer(8, 8, 20, 20, 2, 2, 2, 2, pass: PassKind.BackwardData)));
        Assert.Null(PhaseMosaicPlanner.Plan(Layer(8, 8, 20, 20, 2, 2, 2, 2, pass: PassKind.BackwardWeights)));
    }

    /// <summary>
    /// For random dilations 1-4 (not both 1), padding 0-2 times the dilation and planes of 1-23 rows and columns: the
    /// dilated convolution, and the undilated one over the mosaic built as <c>KernelPhases.GatherRow</c> builds it (input
    /// row qy + d_y·i, column qx + d_x·j at mosaic (qy·R + i, qx·Q + j), zero elsewhere), read where
    /// <c>KernelPhases.MergePlane</c> reads it, are equal term by term (both in double, same summation order).
    /// </summary>
    [Fact]
    public void TheMosaicConvolutionIsTheDilatedOne()
    {
        var random = new Random(20261207);
        int checkedLayers = 0;
        while (checkedLayers < 300)
        {
            int dy = random.Next(1, 5), dx = random.Next(1, 5);
            if (dy == 1 && dx == 1)
            {
                continue;
            }
            int h = random.Next(1, 24), w = random.Next(1, 24);
            LayerSpec layer = Layer(1, 1, h, w, dy, dx, dy * random.Next(0, 3), dx * random.Next(0, 3));
            if (layer.OutHeight < 1 || layer.OutWidth < 1)
            {
                continue;
            }
            PhaseMosaicPlan mosaic = PhaseMosaicPlanner.Plan(layer)!;
            LayerSpec m = mosaic.Mosaic;
            double[] x = new double[h * w], g = new double[9];
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = random.Next(-8, 9);
            }
            for (int i = 0; i < g.Length; i++)
            {
                g[i] = random.Next(-8, 9);
            }
            double[] mosaicInput = new double[m.Height * m.Width];
            for (int r = 0; r < m.Height; r++)
            {
                for (int c = 0; c < m.Width; c++)
                {
                    int qy = r / mosaic.RegionRows, qx = c / mosaic.RegionColumns;
                    int iy = qy + dy * (r - qy * mosaic.RegionRows), ix = qx + dx * (c - qx * mosaic.RegionColumns);
                    mosaicInput[r * m.Width + c] = iy < h && ix < w ? x[iy * w + ix] : 0;
                }
            }
            double[] expected = Convolve(x, g, layer), computed = Convolve(mosaicInput, g, m);
            var written = new bool[layer.OutHeight * layer.OutWidth];
            for (int r = 0; r < m.OutHeight; r++)
            {
                for (int c = 0; c < m.OutWidth; c++)
                {
                    int qy = r / mosaic.RegionRows, qx = c / mosaic.RegionColumns;
                    int oy = qy + dy * (r - qy * mosaic.RegionRows), ox = qx + dx * (c - qx * mosaic.RegionColumns);
                    if (qy < dy && qx < dx && oy < layer.OutHeight && ox < layer.OutWidth)
                    {
                        Assert.False(written[oy * layer.OutWidth + ox], $"{layer}: output ({oy}, {ox}) comes from two mosaic positions");
                        written[oy * layer.OutWidth + ox] = true;
                        Assert.True(expected[oy * layer.OutWidth + ox] == computed[r * m.OutWidth + c], $"{layer}: output ({oy}, {ox}) is {expected[oy * layer.OutWidth + ox]}, the mosaic gives {computed[r * m.OutWidth + c]}");
                    }
                }
            }
            Assert.All(written, Assert.True);
            checkedLayers++;
        }
    }

    /// <summary>One channel, a 3×3 kernel, stride 1: the layer's dilation and padding, taps in row-major order.</summary>
    private static double[] Convolve(double[] x, double[] g, LayerSpec l)
    {
        var y = new double[l.OutHeight * l.OutWidth];
        for (int oy = 0; oy < l.OutHeight; oy++)
        {
            for (int ox = 0; ox < l.OutWidth; ox++)
            {
                double sum = 0;
                for (int a = 0; a < 3; a++)
                {
                    for (int b = 0; b < 3; b++)
                    {
                        int iy = oy - l.PaddingHeight + a * l.DilationHeight, ix = ox - l.PaddingWidth + b * l.DilationWidth;
                        sum += (uint)iy < (uint)l.Height && (uint)ix < (uint)l.Width ? g[a * 3 + b] * x[iy * l.Width + ix] : 0;
                    }
                }
                y[oy * l.OutWidth + ox] = sum;
            }
        }
        return y;
    }
}
