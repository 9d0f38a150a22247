using System;
using ConvGen.Generator.Mathematics;
using Xunit;

namespace ConvGen.Generator.Tests.Mathematics;

/// <summary>
/// The weight-gradient form of F(m, 3) and F(m, 5) in exact arithmetic: V^T·[(S·A·Z·A^T·S) ⊙ (B^T·D·B)]·V against the direct
/// correlation of an input tile with a gradient tile, and the factorisation G = diag(s)·V behind it.
/// </summary>
public sealed class WinogradWeightsTransformTests
{
    [Theory]
    [InlineData(2, 3)]
    [InlineData(4, 3)]
    [InlineData(6, 3)]
    [InlineData(2, 5)]
    [InlineData(4, 5)]
    public void TheWeightGradientOfOneTileEqualsTheDirectCorrelation(int m, int r)
    {
        WinogradWeightsTransform transform = WinogradWeightsTransform.TryCreate(CookToom.Standard(m, r))!;
        Assert.NotNull(transform);
        var random = new Random(17 * m + r);
        int n = m + r - 1;
        for (int trial = 0; trial < 3; trial++)
        {
            RationalMatrix z = random.NextRationalMatrix(m, m);
            RationalMatrix d = random.NextRationalMatrix(n, n);
            // dW[p][q] = Σ_i Σ_j z[i][j]·d[i + p][j + q].
            RationalMatrix expected = RationalMatrix.Create(r, r, (p, q) =>
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
    [InlineData(2, 3)]
    [InlineData(4, 3)]
    [InlineData(2, 5)]
    [InlineData(4, 5)]
    public void TheLastTransformIsThePointsPowersAndTheScalesCarryTheRest(int m, int r)
    {
        // Column t of V^T is (1, p, …, p^(r−1)) for the finite point p and (0, …, 0, 1) for ∞, derived here from the points alone.
        WinogradTransform forward = CookToom.Standard(m, r);
        WinogradWeightsTransform? maybe = WinogradWeightsTransform.TryCreate(forward);
        Assert.NotNull(maybe);
        WinogradWeightsTransform transform = maybe!;
        int n = forward.InputTileSize;
        for (int t = 0; t < n; t++)
        {
            var expected = new Rational[r];
            for (int j = 0; j < r; j++)
            {
                expected[j] = t < n - 1 ? Power(forward.FinitePoints[t], j) : j == r - 1 ? Rational.One : Rational.Zero;
            }
            for (int j = 0; j < r; j++)
            {
                Assert.Equal(expected[j], transform.OutputTransform[j, t]);
                Assert.Equal(forward.G[t, j], transform.Scale(t) * expected[j]);
            }
        }
        // F(4,3)'s points ±5/8 and ±3/2 put non-dyadic Lagrange denominators into G: the scales are what V^T leaves out.
        if (m == 4 && r == 3)
        {
            Assert.Contains(System.Linq.Enumerable.Range(0, forward.InputTileSize), t => !transform.Scale(t).IsExactlyRepresentableAsSingle);
        }
    }

    private static Rational Power(Rational p, int k)
    {
        Rational result = Rational.One;
        for (int i = 0; i < k; i++)
        {
            result *= p;
        }
        return result;
    }
}
