using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;

namespace ConvGen.Generator.Mathematics;

/// <summary>
/// Derives Winograd F(m, r) transforms exactly with the modified Toom-Cook construction of
/// winograd-spec §1.2 (n − 1 finite points plus the point at infinity), normalises them per §1.3
/// (A^T and B^T dyadic, every other fraction in G) and proves them with the bilinear identity of §1.4.
/// A port of <c>cooktoom.py</c>.
/// </summary>
internal static class CookToom
{
    /// <summary>Largest input tile the spec allows in fp32 (§2: "never go past an 8×8 input tile").</summary>
    public const int MaxStandardInputTileSize = 8;

    private static readonly Rational Half = new Rational(1, 2);

    /// <summary>
    /// Builds F(m, r) from the finite points p_0 … p_{n−2} (n = m + r − 1); the point at infinity is
    /// added as the last row/column. The result is checked against the bilinear identity before it
    /// is returned.
    /// </summary>
    /// <exception cref="ArgumentException">Sizes below 1, a wrong number of points, or repeated points.</exception>
    /// <exception cref="InvalidOperationException">
    /// The identity of §1.4 fails, or an A^T / B^T constant is not exactly representable in fp32 (§1.6 rule 4).
    /// </exception>
    public static WinogradTransform Create(
        int outputTileSize,
        int filterSize,
        IReadOnlyList<Rational> finitePoints,
        CookToomNormalization normalization = CookToomNormalization.FractionsInG)
    {
        ValidateArguments(outputTileSize, filterSize, finitePoints);
        int m = outputTileSize;
        int r = filterSize;
        int n = m + r - 1;
        int pointCount = n - 1;
        string name = "F(" + m + "," + r + ")";

        var at = new Rational[m, n];
        var g = new Rational[n, r];
        var bt = new Rational[n, n];

        for (int i = 0; i < pointCount; i++)
        {
            Rational p = finitePoints[i];
            Rational lagrangeDenominator = Rational.One; // f_i = Π_{k≠i} (p_i − p_k)
            var otherRoots = new List<Rational>(pointCount);
            for (int k = 0; k < pointCount; k++)
            {
                if (k != i)
                {
                    lagrangeDenominator *= p - finitePoints[k];
                    otherRoots.Add(finitePoints[k]);
                }
            }

            // wincnn's sign convention: only row 0 is negated when f_0 < 0 (§1.3).
            Rational rowSign = i == 0 && lagrangeDenominator.Sign < 0 ? Rational.MinusOne : Rational.One;

            for (int k = 0; k < m; k++)
            {
                at[k, i] = p.Pow(k);
            }

            for (int j = 0; j < r; j++)
            {
                g[i, j] = p.Pow(j) / (rowSign * lagrangeDenominator);
            }

            Rational[] lagrangeNumerator = PolynomialFromRoots(otherRoots); // N_i, degree n − 2
            for (int j = 0; j < n; j++)
            {
                bt[i, j] = j < lagrangeNumerator.Length ? rowSign * lagrangeNumerator[j] : Rational.Zero;
            }
        }

        // The point at infinity picks the leading coefficients g_{r−1}·h_{m−1}.
        for (int k = 0; k < m; k++)
        {
            at[k, n - 1] = k == m - 1 ? Rational.One : Rational.Zero;
        }

        for (int j = 0; j < r; j++)
        {
            g[n - 1, j] = j == r - 1 ? Rational.One : Rational.Zero;
        }

        Rational[] nodePolynomial = PolynomialFromRoots(finitePoints); // M(x), degree n − 1
        for (int j = 0; j < n; j++)
        {
            bt[n - 1, j] = nodePolynomial[j];
        }

        if (normalization == CookToomNormalization.IntegerA)
        {
            for (int t = 0; t < pointCount; t++)
            {
                ScaleAgainstG(at, g, bt, t, columnFactorOfAT: new Rational(ColumnDenominatorLcm(at, t)), rowFactorOfBT: Rational.One);
            }
        }

        MakeDyadic(at, g, bt);

        RationalMatrix atMatrix = RationalMatrix.FromArray(at);
        RationalMatrix gMatrix = RationalMatrix.FromArray(g);
        RationalMatrix btMatrix = RationalMatrix.FromArray(bt);
        string pointText = WinogradTransform.DescribePoints(finitePoints);

        if (!SatisfiesBilinearIdentity(m, r, atMatrix, gMatrix, btMatrix, out string? violation))
        {
            throw new InvalidOperationException(
                $"Winograd {name} with points {pointText} is not a correct algorithm: {violation}");
        }

        RequireSingleExact(name, pointText, "A^T", atMatrix);
        RequireSingleExact(name, pointText, "B^T", btMatrix);

        return new WinogradTransform(m, r, finitePoints, normalization, atMatrix, gMatrix, btMatrix);
    }

    /// <summary>
    /// F(m, r) with ConvGen's default points (spec summary, §1.5): {0, ±5/8, ±3/2} for F(4,3), the
    /// textbook points of §1.5 otherwise (F(2,3): {0, ±1}; F(6,3): {0, ±1, ±2, ±1/2}; F(2,5): {0, ±1, ±2}; …).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">n = m + r − 1 exceeds 8 or a size is below 1.</exception>
    public static WinogradTransform Standard(int outputTileSize, int filterSize) =>
        Create(outputTileSize, filterSize, DefaultPoints(outputTileSize, filterSize));

    /// <summary>F(m, r) with the textbook "standard points" column of §1.5 (e.g. {0, ±1, ±2} for F(4,3)).</summary>
    /// <exception cref="ArgumentOutOfRangeException">n = m + r − 1 exceeds 8 or a size is below 1.</exception>
    public static WinogradTransform Textbook(int outputTileSize, int filterSize) =>
        Create(outputTileSize, filterSize, TextbookPoints(InputTileSize(outputTileSize, filterSize)));

    /// <summary>The points <see cref="Standard"/> uses for F(m, r).</summary>
    public static IReadOnlyList<Rational> DefaultPoints(int outputTileSize, int filterSize)
    {
        int n = InputTileSize(outputTileSize, filterSize);
        return outputTileSize == 4 && filterSize == 3 ? OneDnnF43Points() : TextbookPoints(n);
    }

    /// <summary>
    /// The §1.5 standard points for an input tile of n (n − 1 finite points): each row of the table
    /// extends the previous one, 0, 1, −1, 2, −2, 1/2, −1/2, so this is a prefix of that sequence.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputTileSize"/> is not in 1 … 8.</exception>
    public static IReadOnlyList<Rational> TextbookPoints(int inputTileSize)
    {
        RequireStandardInputTileSize(inputTileSize);
        Rational[] sequence = { 0, 1, -1, 2, -2, Half, -Half };
        return Prefix(sequence, inputTileSize - 1);
    }

    /// <summary>{0, 5/8, −5/8, 3/2, −3/2}: the F(4,3) points oneDNN shipped and ConvGen uses (§1.5, §2).</summary>
    public static IReadOnlyList<Rational> OneDnnF43Points() =>
        new Rational[] { 0, new Rational(5, 8), new Rational(-5, 8), new Rational(3, 2), new Rational(-3, 2) };

    /// <summary>
    /// Barabasz et al.'s empirically best points for an input tile of n = 4 … 10 (§1.5, as tabulated in
    /// apache/tvm and cooktoom.py). n ≥ 9 is too inaccurate for fp32 (§2) but still constructible.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputTileSize"/> is not in 4 … 10.</exception>
    public static IReadOnlyList<Rational> BarabaszPoints(int inputTileSize)
    {
        Rational quarter = new Rational(1, 4);
        switch (inputTileSize)
        {
            case 4: return new Rational[] { 0, -1, 1 };
            case 5: return new Rational[] { 0, -1, 1, Half };
            case 6: return new Rational[] { 0, -1, 1, Half, -2 };
            case 7: return new Rational[] { 0, -1, 1, Half, -2, -Half };
            case 8: return new Rational[] { 0, -1, 1, Half, -Half, 2, -2 };
            case 9: return new Rational[] { 0, -1, 1, Half, -Half, 2, -2, -quarter };
            case 10: return new Rational[] { 0, -1, 1, Half, -Half, 2, -2, -quarter, 4 };
            default:
                throw new ArgumentOutOfRangeException(
                    nameof(inputTileSize), inputTileSize, "Barabasz point sets exist for input tiles of 4 to 10.");
        }
    }

    /// <summary>
    /// The exact correctness check of §1.4: for all k &lt; m, i &lt; r, j &lt; n,
    /// <c>Σ_t A^T[k][t]·G[t][i]·B^T[t][j] == [j == k + i]</c>. It holds if and only if the algorithm
    /// computes the correlation for every input.
    /// </summary>
    /// <param name="outputTileSize">m.</param>
    /// <param name="filterSize">r.</param>
    /// <param name="at">A^T, m × n.</param>
    /// <param name="g">G, n × r.</param>
    /// <param name="bt">B^T, n × n.</param>
    /// <param name="violation">On failure, which (k, i, j) failed and why; otherwise null.</param>
    public static bool SatisfiesBilinearIdentity(
        int outputTileSize,
        int filterSize,
        RationalMatrix at,
        RationalMatrix g,
        RationalMatrix bt,
        out string? violation)
    {
        if (at is null)
        {
            throw new ArgumentNullException(nameof(at));
        }

        if (g is null)
        {
            throw new ArgumentNullException(nameof(g));
        }

        if (bt is null)
        {
            throw new ArgumentNullException(nameof(bt));
        }

        int m = outputTileSize;
        int r = filterSize;
        int n = m + r - 1;
        if (at.RowCount != m || at.ColumnCount != n || g.RowCount != n || g.ColumnCount != r
            || bt.RowCount != n || bt.ColumnCount != n)
        {
            violation = string.Format(
                CultureInfo.InvariantCulture,
                "expected A^T {0}x{1}, G {1}x{2}, B^T {1}x{1} but got A^T {3}x{4}, G {5}x{6}, B^T {7}x{8}",
                m, n, r, at.RowCount, at.ColumnCount, g.RowCount, g.ColumnCount, bt.RowCount, bt.ColumnCount);
            return false;
        }

        for (int k = 0; k < m; k++)
        {
            for (int i = 0; i < r; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    Rational sum = Rational.Zero;
                    for (int t = 0; t < n; t++)
                    {
                        sum += at[k, t] * g[t, i] * bt[t, j];
                    }

                    Rational expected = j == k + i ? Rational.One : Rational.Zero;
                    if (sum != expected)
                    {
                        violation = string.Format(
                            CultureInfo.InvariantCulture,
                            "the bilinear identity \u03A3_t A^T[k][t]\u00B7G[t][i]\u00B7B^T[t][j] = [j = k + i] fails at k={0}, i={1}, j={2}: got {3}, expected {4}",
                            k, i, j, sum, expected);
                        return false;
                    }
                }
            }
        }

        violation = null;
        return true;
    }

    /// <summary>Coefficients, lowest degree first, of Π (x − root); [1] for no roots.</summary>
    internal static Rational[] PolynomialFromRoots(IReadOnlyList<Rational> roots)
    {
        var coefficients = new Rational[] { Rational.One };
        foreach (Rational root in roots)
        {
            var next = new Rational[coefficients.Length + 1];
            for (int i = 0; i < coefficients.Length; i++)
            {
                next[i] -= root * coefficients[i];
                next[i + 1] += coefficients[i];
            }

            coefficients = next;
        }

        return coefficients;
    }

    /// <summary>
    /// §1.3, ConvGen's rule: for every product t, multiply column t of A^T and row t of B^T by the odd
    /// part of the lcm of their denominators and divide row t of G by both, so A^T and B^T become dyadic.
    /// A no-op for dyadic points (all of §1.5), so the printed matrices are reproduced unchanged.
    /// </summary>
    private static void MakeDyadic(Rational[,] at, Rational[,] g, Rational[,] bt)
    {
        int n = g.GetLength(0);
        for (int t = 0; t < n; t++)
        {
            var atFactor = new Rational(BigIntegerBits.OddPart(ColumnDenominatorLcm(at, t)));
            var btFactor = new Rational(BigIntegerBits.OddPart(RowDenominatorLcm(bt, t)));
            ScaleAgainstG(at, g, bt, t, atFactor, btFactor);
        }
    }

    /// <summary>Column t of A^T ·= a, row t of B^T ·= b, row t of G ·= 1/(a·b) (§1.3: a·b·c = 1).</summary>
    private static void ScaleAgainstG(Rational[,] at, Rational[,] g, Rational[,] bt, int t, Rational columnFactorOfAT, Rational rowFactorOfBT)
    {
        Rational product = columnFactorOfAT * rowFactorOfBT;
        if (product == Rational.One)
        {
            return;
        }

        for (int k = 0; k < at.GetLength(0); k++)
        {
            at[k, t] *= columnFactorOfAT;
        }

        for (int j = 0; j < bt.GetLength(1); j++)
        {
            bt[t, j] *= rowFactorOfBT;
        }

        for (int j = 0; j < g.GetLength(1); j++)
        {
            g[t, j] /= product;
        }
    }

    private static BigInteger ColumnDenominatorLcm(Rational[,] matrix, int column)
    {
        BigInteger lcm = BigInteger.One;
        for (int i = 0; i < matrix.GetLength(0); i++)
        {
            lcm = Lcm(lcm, matrix[i, column].Denominator);
        }

        return lcm;
    }

    private static BigInteger RowDenominatorLcm(Rational[,] matrix, int row)
    {
        BigInteger lcm = BigInteger.One;
        for (int j = 0; j < matrix.GetLength(1); j++)
        {
            lcm = Lcm(lcm, matrix[row, j].Denominator);
        }

        return lcm;
    }

    private static BigInteger Lcm(BigInteger a, BigInteger b) => a / BigInteger.GreatestCommonDivisor(a, b) * b;

    private static void RequireSingleExact(string name, string pointText, string matrixName, RationalMatrix matrix)
    {
        for (int i = 0; i < matrix.RowCount; i++)
        {
            for (int j = 0; j < matrix.ColumnCount; j++)
            {
                if (!matrix[i, j].IsExactlyRepresentableAsSingle)
                {
                    throw new InvalidOperationException(string.Format(
                        CultureInfo.InvariantCulture,
                        "Winograd {0} with points {1}: {2}[{3}][{4}] = {5} is not exactly representable in float32; " +
                        "A^T and B^T constants must be (winograd-spec \u00A71.6 rule 4).",
                        name, pointText, matrixName, i, j, matrix[i, j]));
                }
            }
        }
    }

    private static void ValidateArguments(int outputTileSize, int filterSize, IReadOnlyList<Rational> finitePoints)
    {
        if (outputTileSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(outputTileSize), outputTileSize, "The output tile size m must be at least 1.");
        }

        if (filterSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(filterSize), filterSize, "The filter size r must be at least 1.");
        }

        if (finitePoints is null)
        {
            throw new ArgumentNullException(nameof(finitePoints));
        }

        int expected = outputTileSize + filterSize - 2;
        if (finitePoints.Count != expected)
        {
            throw new ArgumentException(
                $"F({outputTileSize},{filterSize}) needs {expected} finite points plus infinity, but {finitePoints.Count} were given.",
                nameof(finitePoints));
        }

        for (int i = 0; i < finitePoints.Count; i++)
        {
            for (int k = 0; k < i; k++)
            {
                if (finitePoints[i] == finitePoints[k])
                {
                    throw new ArgumentException(
                        $"The interpolation points must be distinct, but {finitePoints[i]} appears twice.",
                        nameof(finitePoints));
                }
            }
        }
    }

    private static int InputTileSize(int outputTileSize, int filterSize)
    {
        if (outputTileSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(outputTileSize), outputTileSize, "The output tile size m must be at least 1.");
        }

        if (filterSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(filterSize), filterSize, "The filter size r must be at least 1.");
        }

        int n = outputTileSize + filterSize - 1;
        RequireStandardInputTileSize(n);
        return n;
    }

    private static void RequireStandardInputTileSize(int inputTileSize)
    {
        if (inputTileSize < 1 || inputTileSize > MaxStandardInputTileSize)
        {
            throw new ArgumentOutOfRangeException(
                nameof(inputTileSize),
                inputTileSize,
                "Standard point sets cover input tiles n = m + r - 1 of 1 to 8; larger tiles are too inaccurate in fp32 (winograd-spec \u00A72).");
        }
    }

    private static Rational[] Prefix(Rational[] sequence, int count)
    {
        var result = new Rational[count];
        Array.Copy(sequence, result, count);
        return result;
    }
}
