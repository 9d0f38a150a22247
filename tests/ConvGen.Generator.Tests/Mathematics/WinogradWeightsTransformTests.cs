using System;
using ConvGen.Generator.Mathematics;
using Xunit;

namespace ConvGen.Generator.Tests.Mathematics;

/// <summary>
/// The weight-gradient form of F(m, 3) in exact arithmetic: V^T·[(S·A·Z·A^T·S) ⊙ (B^T·D·B)]·V against the direct
/// correlation of an input tile with a gradient tile, and the factorisation G = diag(s)·V behind it.
/// </summary>
public sealed class WinogradWeightsTransformTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(6)]
    public void TheWeightGradientOfOneTileEqualsTheDirectCorrelation(int m)
    {
        WinogradWeightsTransform transform = WinogradWeightsTransform.TryCreate(CookToom.Standard(m, 3))!;
        Assert.NotNull(transform);
        var random = new Random(17 * m);
        int n = m + 2;
        for (int trial = 0; trial < 3; trial++)
        {
            RationalMatrix z = random.NextRationalMatrix(m, m);
            RationalMatrix d = random.NextRationalMatrix(n, n);
            // dW[p][q] = Σ_i Σ_j z[i][j]·d[i + p][j + q].
            RationalMatrix expected = RationalMatrix.Create(3, 3, (p, q) =>
            {
                Rational sum = Rational.Zero;
                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < m; j++)
                    {
                        sum += z[i, j] * d[i + p, j + q];
                    }
                }
                return sum;
            });
            Assert.Equal(expected, transform.Apply(z, d));
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void EveryConstantTheKernelAppliesIsExactInFloat32AndTheScalesRebuildG(int m)
    {
        WinogradTransform forward = CookToom.Standard(m, 3);
        WinogradWeightsTransform transform = WinogradWeightsTransform.TryCreate(forward)!;
        Assert.True(transform.GradientTransform.All(x => x.IsExactlyRepresentableAsSingle));
        Assert.True(transform.OutputTransform.All(x => x.IsExactlyRepresentableAsSingle));
        Assert.True(transform.InputTransform.All(x => x.IsExactlyRepresentableAsSingle));
        for (int t = 0; t < forward.InputTileSize; t++)
        {
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(forward.G[t, j], transform.Scale(t) * transform.OutputTransform[j, t]);
            }
        }
        // F(4,3)'s points ±5/8 and ±3/2 put non-dyadic Lagrange denominators into G: the scales are what V^T leaves out.
        if (m == 4)
        {
            Assert.Contains(System.Linq.Enumerable.Range(0, forward.InputTileSize), t => !transform.Scale(t).IsExactlyRepresentableAsSingle);
        }
    }
}
