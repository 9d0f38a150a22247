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
    public void TheLastTransformIsThePointsPowersAndTheScalesCarryTheRest(int m)
    {
        // Column t of V^T is (1, p, p²) for the finite point p and (0, 0, 1) for ∞, derived here from the points alone.
        WinogradTransform forward = CookToom.Standard(m, 3);
        WinogradWeightsTransform? maybe = WinogradWeightsTransform.TryCreate(forward);
        Assert.NotNull(maybe);
        WinogradWeightsTransform transform = maybe!;
        int n = forward.InputTileSize;
        for (int t = 0; t < n; t++)
        {
            Rational[] expected = t < n - 1
                ? new[] { Rational.One, forward.FinitePoints[t], forward.FinitePoints[t] * forward.FinitePoints[t] }
                : new[] { Rational.Zero, Rational.Zero, Rational.One };
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(expected[j], transform.OutputTransform[j, t]);
                Assert.Equal(forward.G[t, j], transform.Scale(t) * expected[j]);
            }
        }
        // F(4,3)'s points ±5/8 and ±3/2 put non-dyadic Lagrange denominators into G: the scales are what V^T leaves out.
        if (m == 4)
        {
            Assert.Contains(System.Linq.Enumerable.Range(0, forward.InputTileSize), t => !transform.Scale(t).IsExactlyRepresentableAsSingle);
        }
    }
}
