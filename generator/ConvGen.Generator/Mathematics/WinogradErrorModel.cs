using System;

namespace ConvGen.Generator.Mathematics;

/// <summary>
/// fp32 error-growth estimates and test tolerances of winograd-spec §2.4 (measured in §2.1), plus the
/// cheap 1-D amplification proxy of <c>cooktoom.py</c>.
/// </summary>
internal static class WinogradErrorModel
{
    /// <summary>ε = 2^-23 (FLT_EPSILON), the unit of the §2.4 bound.</summary>
    public const double SingleEpsilon = 1.0 / 8388608.0;

    /// <summary>κ for direct / im2col / GEMM kernels (§2.4).</summary>
    public const int DirectKappa = 4;

    /// <summary>Added to κ when the reference is an fp32 direct convolution instead of fp64 (§2.4).</summary>
    public const int Fp32ReferenceKappaIncrement = 4;

    /// <summary>§2.4 aggregate relL2 limit for direct kernels (C ≤ 512).</summary>
    public const double DirectRelativeL2Limit = 1e-6;

    /// <summary>
    /// κ(n) of the §2.4 per-element bound <c>|y − y64| ≤ κ · 2^-23 · Σ|w||x|</c> for a Winograd kernel
    /// with input tile n: 16 (n ≤ 4), 64 (n = 5), 128 (n = 6), 256 (n = 7), 512 (n = 8); about 4× the
    /// worst observed error. Use the n of the F actually used (also for TDC, §5.4).
    /// </summary>
    /// <param name="inputTileSize">n = m + r − 1.</param>
    /// <param name="fp32Reference">True when the reference is fp32 direct rather than fp64 (adds 4).</param>
    /// <exception cref="ArgumentOutOfRangeException">n is not in 1 … 8 (larger tiles are not allowed in fp32).</exception>
    public static int ElementwiseKappa(int inputTileSize, bool fp32Reference = false)
    {
        int kappa;
        switch (inputTileSize)
        {
            case 1:
            case 2:
            case 3:
            case 4:
                kappa = 16;
                break;
            case 5:
                kappa = 64;
                break;
            case 6:
                kappa = 128;
                break;
            case 7:
                kappa = 256;
                break;
            case 8:
                kappa = 512;
                break;
            default:
                throw new ArgumentOutOfRangeException(
                    nameof(inputTileSize), inputTileSize, "Tolerances are defined for input tiles of 1 to 8 (winograd-spec \u00A72.4).");
        }

        return fp32Reference ? kappa + Fp32ReferenceKappaIncrement : kappa;
    }

    /// <summary>κ for direct kernels, optionally against an fp32 reference.</summary>
    public static int DirectElementwiseKappa(bool fp32Reference = false) =>
        fp32Reference ? DirectKappa + Fp32ReferenceKappaIncrement : DirectKappa;

    /// <summary>
    /// The §2.4 per-element tolerance κ · 2^-23 · S, where S = Σ|w|·|x| (+|bias|) is computed in double
    /// alongside the reference. Never use a plain relative tolerance instead.
    /// </summary>
    public static double ElementwiseTolerance(int kappa, double sumOfAbsoluteProducts) =>
        kappa * SingleEpsilon * sumOfAbsoluteProducts;

    /// <summary>
    /// The §2.4 secondary aggregate limit on relL2 = ‖e‖₂/‖y‖₂ for C ≤ 512: 2e-6 (n ≤ 4), 1.5e-5 (n = 5, 6),
    /// 3e-5 (n = 7, 8).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">n is not in 1 … 8.</exception>
    public static double RelativeL2Limit(int inputTileSize)
    {
        if (inputTileSize >= 1 && inputTileSize <= 4)
        {
            return 2e-6;
        }

        if (inputTileSize == 5 || inputTileSize == 6)
        {
            return 1.5e-5;
        }

        if (inputTileSize == 7 || inputTileSize == 8)
        {
            return 3e-5;
        }

        throw new ArgumentOutOfRangeException(
            nameof(inputTileSize), inputTileSize, "Limits are defined for input tiles of 1 to 8 (winograd-spec \u00A72.4).");
    }

    /// <summary>
    /// The 1-D amplification proxy of <c>cooktoom.py</c>: max_k Σ_t |A^T[k][t]| · ‖G[t]‖₁ · ‖B^T[t]‖₁.
    /// Larger means larger fp error; the 2-D proxy is its square. Exact, and invariant under the
    /// §1.3 rescalings (a_t·b_t·c_t = 1 cancels in every term). Examples: F(2,3) 8,
    /// F(4,3) standard 48, F(4,3) {0, ±5/8, ±3/2} ≈ 23.7.
    /// </summary>
    public static Rational AmplificationProxy(WinogradTransform transform)
    {
        if (transform is null)
        {
            throw new ArgumentNullException(nameof(transform));
        }

        int n = transform.InputTileSize;
        var gRowNorms = new Rational[n];
        var btRowNorms = new Rational[n];
        for (int t = 0; t < n; t++)
        {
            gRowNorms[t] = AbsoluteRowSum(transform.G, t);
            btRowNorms[t] = AbsoluteRowSum(transform.BT, t);
        }

        Rational worst = Rational.Zero;
        for (int k = 0; k < transform.OutputTileSize; k++)
        {
            Rational sum = Rational.Zero;
            for (int t = 0; t < n; t++)
            {
                sum += transform.AT[k, t].Abs() * gRowNorms[t] * btRowNorms[t];
            }

            if (sum > worst)
            {
                worst = sum;
            }
        }

        return worst;
    }

    private static Rational AbsoluteRowSum(RationalMatrix matrix, int row)
    {
        Rational sum = Rational.Zero;
        for (int j = 0; j < matrix.ColumnCount; j++)
        {
            sum += matrix[row, j].Abs();
        }

        return sum;
    }
}
