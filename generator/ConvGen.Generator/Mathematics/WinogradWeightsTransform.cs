using System;

namespace ConvGen.Generator.Mathematics;

/// <summary>
/// The weight-gradient form of a Winograd algorithm F(m, r) (the transpose principle): where F(m, r) computes
/// <c>y = A^T [(G w) ⊙ (B^T d)]</c>, the same three matrices compute the correlation of an input tile d (n = m + r − 1
/// samples) with a gradient tile z (m samples), <c>dw[j] = Σ_i z[i]·d[i + j]</c> (r outputs), as
/// <c>dw = G^T [(A z) ⊙ (B^T d)]</c>: both sides equal Σ_t (A z)_t (G w)_t (B^T d)_t for every w. In 2-D,
/// <c>dW = G^T [(A Z A^T) ⊙ (B^T D B)] G</c>, summed over the tiles before the last transform.
/// </summary>
/// <remarks>
/// G holds every non-dyadic constant (Cook–Toom's Lagrange denominators), which float32 code cannot apply exactly. Each
/// row of G is a scale s_t times a dyadic row (1, p, p², … for the point p), so G = S·V with S = diag(s) and V dyadic,
/// and <c>dW = V^T [S (A Z A^T) S ⊙ (B^T D B)] V</c>: the kernel multiplies each ξ = (a, b) of the reduced product by
/// the one rounded constant s_a·s_b (<see cref="PointScale"/>) and applies V^T … V with dyadic constants.
/// </remarks>
internal sealed class WinogradWeightsTransform
{
    private WinogradWeightsTransform(WinogradTransform forward, RationalMatrix gradientTransform, RationalMatrix outputTransform, Rational[] scales)
    {
        Forward = forward;
        GradientTransform = gradientTransform;
        OutputTransform = outputTransform;
        _scales = scales;
    }

    private readonly Rational[] _scales;

    /// <summary>The forward algorithm whose matrices this form reuses.</summary>
    public WinogradTransform Forward { get; }

    /// <summary>A = (A^T)^T, n × m, dyadic: the gradient tile's transform.</summary>
    public RationalMatrix GradientTransform { get; }

    /// <summary>V^T, r × n, dyadic: the last transform, from the n × n reduced products to the r × r weight gradient.</summary>
    public RationalMatrix OutputTransform { get; }

    /// <summary>B^T, n × n, dyadic: the input tile's transform, the forward algorithm's own.</summary>
    public RationalMatrix InputTransform => Forward.BT;

    /// <summary>s_t, the scale of row t of G (G = diag(s)·V).</summary>
    public Rational Scale(int t) => _scales[t];

    /// <summary>s_a·s_b, the factor of transform position ξ = a·n + b.</summary>
    public Rational PointScale(int a, int b) => _scales[a] * _scales[b];

    /// <summary>
    /// The weight-gradient form of <paramref name="forward"/>, or null when some row of G is not a scale times a dyadic row
    /// (non-dyadic points), so V^T would need constants float32 cannot hold.
    /// </summary>
    public static WinogradWeightsTransform? TryCreate(WinogradTransform forward)
    {
        if (forward is null)
        {
            throw new ArgumentNullException(nameof(forward));
        }
        int n = forward.InputTileSize, r = forward.FilterSize;
        var scales = new Rational[n];
        var v = new Rational[n, r];
        for (int t = 0; t < n; t++)
        {
            Rational scale = Rational.Zero;
            for (int j = 0; j < r && scale.IsZero; j++)
            {
                scale = forward.G[t, j];
            }
            if (scale.IsZero)
            {
                return null;
            }
            scales[t] = scale;
            for (int j = 0; j < r; j++)
            {
                v[t, j] = forward.G[t, j] / scale;
                if (!v[t, j].IsExactlyRepresentableAsSingle)
                {
                    return null;
                }
            }
        }
        RationalMatrix a = forward.AT.Transpose();
        if (!a.All(x => x.IsExactlyRepresentableAsSingle))
        {
            return null;
        }
        return new WinogradWeightsTransform(forward, a, RationalMatrix.FromArray(v).Transpose(), scales);
    }

    /// <summary>
    /// The 2-D weight gradient of one tile pair in exact arithmetic, as the kernel computes it:
    /// V^T [(S A Z A^T S) ⊙ (B^T D B)] V, for an m × m gradient tile Z and an n × n input tile D.
    /// </summary>
    public RationalMatrix Apply(RationalMatrix gradientTile, RationalMatrix inputTile)
    {
        int n = Forward.InputTileSize;
        RationalMatrix z = GradientTransform * gradientTile * GradientTransform.Transpose();
        RationalMatrix d = InputTransform * inputTile * InputTransform.Transpose();
        RationalMatrix product = RationalMatrix.Create(n, n, (a, b) => PointScale(a, b) * z[a, b] * d[a, b]);
        return OutputTransform * product * OutputTransform.Transpose();
    }
}
