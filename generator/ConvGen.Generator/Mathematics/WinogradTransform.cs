using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Text;

namespace ConvGen.Generator.Mathematics;

/// <summary>
/// An exact Winograd minimal filtering algorithm F(m, r) (winograd-spec §1.1):
/// <c>y = A^T [ (G g) ⊙ (B^T d) ]</c> for the 1-D correlation <c>y[k] = Σ_{i&lt;r} g[i]·d[k+i]</c>,
/// and <c>Y = A^T [ (G g G^T) ⊙ (B^T d B) ] A</c> in 2-D.
/// </summary>
/// <remarks>
/// Instances come from <see cref="CookToom"/>, which has checked the bilinear identity of §1.4.
/// Equality is value equality over m, r, the points and the three matrices.
/// </remarks>
internal sealed class WinogradTransform : IEquatable<WinogradTransform>
{
    internal WinogradTransform(
        int outputTileSize,
        int filterSize,
        IReadOnlyList<Rational> finitePoints,
        CookToomNormalization normalization,
        RationalMatrix at,
        RationalMatrix g,
        RationalMatrix bt)
    {
        OutputTileSize = outputTileSize;
        FilterSize = filterSize;
        var points = new Rational[finitePoints.Count];
        for (int i = 0; i < points.Length; i++)
        {
            points[i] = finitePoints[i];
        }

        FinitePoints = new ReadOnlyCollection<Rational>(points);
        Normalization = normalization;
        AT = at;
        G = g;
        BT = bt;
    }

    /// <summary>m: outputs per tile (rows of A^T).</summary>
    public int OutputTileSize { get; }

    /// <summary>r: filter taps (columns of G).</summary>
    public int FilterSize { get; }

    /// <summary>n = m + r − 1: input samples per tile and multiplications per 1-D tile.</summary>
    public int InputTileSize => OutputTileSize + FilterSize - 1;

    /// <summary>
    /// The n − 1 finite interpolation points p_0 … p_{n−2}, in row order; the point at infinity is
    /// implicit and always the last row/column (§1.2, the "modified" Toom-Cook algorithm).
    /// </summary>
    public IReadOnlyList<Rational> FinitePoints { get; }

    public CookToomNormalization Normalization { get; }

    /// <summary>A^T, m × n, dyadic: the output transform.</summary>
    public RationalMatrix AT { get; }

    /// <summary>G, n × r: the filter transform; holds every non-dyadic constant (§1.3).</summary>
    public RationalMatrix G { get; }

    /// <summary>
    /// Every entry of G is exact in float (dyadic, as F(2,3)'s 0, 1 and 1/2), so the filter transform can run in float:
    /// G's constants then add no error of their own, only the roundings of the sums (winograd-spec §2.1 measured fp32
    /// and fp64 filter transforms alike).
    /// </summary>
    public bool HasSingleExactG => G.All(g => g.IsExactlyRepresentableAsSingle);

    /// <summary>B^T, n × n, dyadic: the input transform.</summary>
    public RationalMatrix BT { get; }

    /// <summary>"F(m,r)".</summary>
    public string Name => "F(" + OutputTileSize + "," + FilterSize + ")";

    public bool Equals(WinogradTransform? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (OutputTileSize != other.OutputTileSize
            || FilterSize != other.FilterSize
            || FinitePoints.Count != other.FinitePoints.Count)
        {
            return false;
        }

        for (int i = 0; i < FinitePoints.Count; i++)
        {
            if (FinitePoints[i] != other.FinitePoints[i])
            {
                return false;
            }
        }

        return AT.Equals(other.AT) && G.Equals(other.G) && BT.Equals(other.BT);
    }

    public override bool Equals(object? obj) => Equals(obj as WinogradTransform);

    public override int GetHashCode()
    {
        int hash = HashCombiner.Combine(OutputTileSize, FilterSize);
        foreach (Rational point in FinitePoints)
        {
            hash = HashCombiner.Combine(hash, point.GetHashCode());
        }

        return HashCombiner.Combine(hash, AT.GetHashCode(), BT.GetHashCode());
    }

    /// <summary>"F(2,3) points {0, 1, -1, ∞}" followed by the three matrices, for debugging.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Name).Append(" points ").Append(DescribePoints());
        text.Append("\nAT =\n").Append(AT);
        text.Append("\nG =\n").Append(G);
        text.Append("\nBT =\n").Append(BT);
        return text.ToString();
    }

    /// <summary>"{0, 5/8, -5/8, 3/2, -3/2, ∞}".</summary>
    public string DescribePoints() => DescribePoints(FinitePoints);

    internal static string DescribePoints(IReadOnlyList<Rational> finitePoints)
    {
        var text = new StringBuilder("{");
        foreach (Rational point in finitePoints)
        {
            text.Append(point).Append(", ");
        }

        return text.Append("\u221E}").ToString();
    }
}
