using System;
using System.Collections.Generic;

namespace ConvGen.Generator.Mathematics;

/// <summary>
/// The operation counts of winograd-spec §3.1 (a port of <c>opcount.py</c>) and the compile-time
/// tile-selection cost model of §3.3.
/// </summary>
internal static class WinogradCostModel
{
    /// <summary>§3.3 default L2 budget: 1 MiB per core.</summary>
    public const long DefaultL2BudgetBytes = 1L << 20;

    /// <summary>§3.3 γ: MACs charged per weight float streamed from beyond L2 (to be calibrated).</summary>
    public const double DefaultStreamedFloatCost = 8.0;

    /// <summary>§3.3: Winograd is chosen only when its cost is below this fraction of direct.</summary>
    public const double WinogradAdvantageThreshold = 0.7;

    /// <summary>§3.3: fewer tiles than this per call means the transformed weights are not reused enough.</summary>
    public const int MinimumTilesForWeightReuse = 32;

    /// <summary>Multiplications per output of 1-D F(m, r): n/m (§1.1).</summary>
    public static Rational MultiplicationsPerOutput1D(int outputTileSize, int filterSize)
    {
        RequirePositive(outputTileSize, filterSize);
        return new Rational(outputTileSize + filterSize - 1, outputTileSize);
    }

    /// <summary>Multiplications (MACs) per output of 2-D F(m×m, r×r): n²/m² ("2D MAC/output" in §3.1).</summary>
    public static Rational MultiplicationsPerOutput2D(int outputTileSize, int filterSize)
    {
        Rational perOutput1D = MultiplicationsPerOutput1D(outputTileSize, filterSize);
        return perOutput1D * perOutput1D;
    }

    /// <summary>r² / (n²/m²): the multiplication saving over direct convolution ("vs direct r²" in §3.1).</summary>
    public static Rational MultiplicationReduction2D(int outputTileSize, int filterSize) =>
        new Rational(filterSize * filterSize) / MultiplicationsPerOutput2D(outputTileSize, filterSize);

    /// <summary>
    /// Ops of one linear form Σ c_j·x_j on an FMA machine: (terms − 1), plus 1 when no coefficient is ±1
    /// (§1.6 rule 1: start with a ±1 term if one exists, every further term is one FMA).
    /// </summary>
    public static int LinearFormCost(IReadOnlyList<Rational> coefficients)
    {
        if (coefficients is null)
        {
            throw new ArgumentNullException(nameof(coefficients));
        }

        int terms = 0;
        bool hasUnitCoefficient = false;
        foreach (Rational coefficient in coefficients)
        {
            if (!coefficient.IsZero)
            {
                terms++;
                hasUnitCoefficient |= coefficient.Abs() == Rational.One;
            }
        }

        if (terms == 0)
        {
            return 0;
        }

        return terms - 1 + (hasUnitCoefficient ? 0 : 1);
    }

    /// <summary>
    /// Ops of y = M·x where each row of M is one output (used for B^T and G). With
    /// <paramref name="pairPoints"/>, rows of a {+p, −p} pair share their even part E and odd part O
    /// (§1.6 rule 2): cost(E) + cost(O normalised) + 2.
    /// </summary>
    public static int RowTransformCost(RationalMatrix matrix, bool pairPoints)
    {
        if (matrix is null)
        {
            throw new ArgumentNullException(nameof(matrix));
        }

        var rows = new List<Rational[]>();
        for (int i = 0; i < matrix.RowCount; i++)
        {
            rows.Add(matrix.GetRow(i));
        }

        int total = 0;
        var paired = new bool[rows.Count];
        if (pairPoints)
        {
            foreach (PointPair pair in FindPointPairs(rows))
            {
                Rational[] row = rows[pair.First];
                total += LinearFormCost(ParityPart(row, odd: false))
                    + LinearFormCost(NormaliseToLeadingOne(ParityPart(row, odd: true)))
                    + 2;
                paired[pair.First] = true;
                paired[pair.Second] = true;
            }
        }

        for (int i = 0; i < rows.Count; i++)
        {
            if (!paired[i])
            {
                total += LinearFormCost(rows[i]);
            }
        }

        return total;
    }

    /// <summary>
    /// Ops of y = M·x with pairing on the columns of M (used for A^T): for each {+p, −p} column pair,
    /// s = x_p + x_{−p} and d = x_p − x_{−p} are formed once (2 ops), then every output is a linear
    /// form over the even/odd parts (§1.6 rule 2).
    /// </summary>
    public static int ColumnTransformCost(RationalMatrix matrix, bool pairPoints)
    {
        if (matrix is null)
        {
            throw new ArgumentNullException(nameof(matrix));
        }

        if (!pairPoints)
        {
            int unpaired = 0;
            for (int i = 0; i < matrix.RowCount; i++)
            {
                unpaired += LinearFormCost(matrix.GetRow(i));
            }

            return unpaired;
        }

        var columns = new List<Rational[]>();
        for (int j = 0; j < matrix.ColumnCount; j++)
        {
            columns.Add(matrix.GetColumn(j));
        }

        var newColumns = new List<Rational[]>();
        var paired = new bool[columns.Count];
        int total = 0;
        foreach (PointPair pair in FindPointPairs(columns))
        {
            newColumns.Add(ParityPart(columns[pair.First], odd: false));
            newColumns.Add(ParityPart(columns[pair.First], odd: true));
            paired[pair.First] = true;
            paired[pair.Second] = true;
            total += 2;
        }

        for (int j = 0; j < columns.Count; j++)
        {
            if (!paired[j])
            {
                newColumns.Add(columns[j]);
            }
        }

        var outputRow = new Rational[newColumns.Count];
        for (int k = 0; k < matrix.RowCount; k++)
        {
            for (int j = 0; j < newColumns.Count; j++)
            {
                outputRow[j] = newColumns[j][k];
            }

            total += LinearFormCost(outputRow);
        }

        return total;
    }

    /// <summary>All §3.1 counts for one transform set.</summary>
    public static WinogradOpCounts CountOperations(WinogradTransform transform)
    {
        if (transform is null)
        {
            throw new ArgumentNullException(nameof(transform));
        }

        return new WinogradOpCounts(
            transform.OutputTileSize,
            transform.FilterSize,
            inputTransform1D: RowTransformCost(transform.BT, pairPoints: true),
            outputTransform1D: ColumnTransformCost(transform.AT, pairPoints: true),
            filterTransform1D: RowTransformCost(transform.G, pairPoints: true),
            unpairedInputTransform1D: RowTransformCost(transform.BT, pairPoints: false),
            unpairedOutputTransform1D: ColumnTransformCost(transform.AT, pairPoints: false),
            unpairedFilterTransform1D: RowTransformCost(transform.G, pairPoints: false));
    }

    /// <summary>
    /// The numeric part of the §3.3 eligibility rule: C ≥ 8, K ≥ 8, C·K ≥ 256, min(OH, OW) ≥ 4. The caller
    /// also requires a 3×3 kernel, stride 1, dilation 1, one group, fp32 and a non-Strict precision policy.
    /// </summary>
    public static bool IsEligibleShape(int inputChannels, int outputChannels, int outputHeight, int outputWidth) =>
        inputChannels >= 8
        && outputChannels >= 8
        && (long)inputChannels * outputChannels >= 256
        && Math.Min(outputHeight, outputWidth) >= 4;

    /// <summary>
    /// §3.3 mac(m) for one call: T·n²·C·K + T·(in2d·C + out2d·K) with T = N·⌈OH/m⌉·⌈OW/m⌉, plus
    /// γ·(weight floats) when the transformed weights (4·n²·C·K bytes) exceed the L2 budget and T &lt; 32.
    /// </summary>
    public static double EstimateWinogradMacs(
        WinogradTransform transform,
        int batch,
        int inputChannels,
        int outputChannels,
        int outputHeight,
        int outputWidth,
        long l2BudgetBytes = DefaultL2BudgetBytes,
        double streamedFloatCost = DefaultStreamedFloatCost)
    {
        if (transform is null)
        {
            throw new ArgumentNullException(nameof(transform));
        }

        int m = transform.OutputTileSize;
        double n = transform.InputTileSize;
        WinogradOpCounts counts = CountOperations(transform);
        double tiles = (double)batch * CeilingDivide(outputHeight, m) * CeilingDivide(outputWidth, m);
        double channelProduct = (double)inputChannels * outputChannels;
        double macs = (tiles * n * n * channelProduct)
            + (tiles * (((double)counts.InputTransform2D * inputChannels) + ((double)counts.OutputTransform2D * outputChannels)));
        double weightBytes = 4.0 * n * n * channelProduct;
        if (weightBytes > l2BudgetBytes && tiles < MinimumTilesForWeightReuse)
        {
            macs += streamedFloatCost * weightBytes / 4.0;
        }

        return macs;
    }

    /// <summary>
    /// §3.3 direct cost: r²·N·OH·OW·C·K, plus γ·r²·C·K when the weights (4·r²·C·K bytes) exceed the L2
    /// budget and N·OH·OW &lt; 32. The spec writes it for r = 3 (9 and 36).
    /// </summary>
    public static double EstimateDirectMacs(
        int filterSize,
        int batch,
        int inputChannels,
        int outputChannels,
        int outputHeight,
        int outputWidth,
        long l2BudgetBytes = DefaultL2BudgetBytes,
        double streamedFloatCost = DefaultStreamedFloatCost)
    {
        double taps = (double)filterSize * filterSize;
        double channelProduct = (double)inputChannels * outputChannels;
        double outputs = (double)batch * outputHeight * outputWidth;
        double macs = taps * outputs * channelProduct;
        if (4.0 * taps * channelProduct > l2BudgetBytes && outputs < MinimumTilesForWeightReuse)
        {
            macs += streamedFloatCost * taps * channelProduct;
        }

        return macs;
    }

    /// <summary>
    /// The §3.3 selection rule for a 3×3, stride-1 layer: among F(2,3), F(4,3) and, when
    /// <paramref name="allowLargeTile"/> (the "Fast" policy), F(6,3), pick the cheapest
    /// <see cref="EstimateWinogradMacs"/>, and return its m if that is below 0.7 × direct; otherwise null
    /// (use direct / implicit GEMM). Also null when <see cref="IsEligibleShape"/> fails.
    /// </summary>
    public static int? SelectOutputTileSize3x3(
        int batch,
        int inputChannels,
        int outputChannels,
        int outputHeight,
        int outputWidth,
        bool allowLargeTile,
        long l2BudgetBytes = DefaultL2BudgetBytes,
        double streamedFloatCost = DefaultStreamedFloatCost)
    {
        if (!IsEligibleShape(inputChannels, outputChannels, outputHeight, outputWidth))
        {
            return null;
        }

        int[] candidates = allowLargeTile ? new[] { 2, 4, 6 } : new[] { 2, 4 };
        int bestTile = 0;
        double bestMacs = double.PositiveInfinity;
        foreach (int m in candidates)
        {
            double macs = EstimateWinogradMacs(
                CookToom.Standard(m, 3), batch, inputChannels, outputChannels, outputHeight, outputWidth, l2BudgetBytes, streamedFloatCost);
            if (macs < bestMacs)
            {
                bestMacs = macs;
                bestTile = m;
            }
        }

        double direct = EstimateDirectMacs(3, batch, inputChannels, outputChannels, outputHeight, outputWidth, l2BudgetBytes, streamedFloatCost);
        return bestMacs < WinogradAdvantageThreshold * direct ? bestTile : (int?)null;
    }

    /// <summary>
    /// The §3.3 "simple fallback that reproduces the library behaviour": F(2,3) if min(OH, OW) ≤ 8 or
    /// (C·K ≥ 128·128 and min(OH, OW) ≤ 14); F(6,3) only when <paramref name="allowLargeTile"/>,
    /// max(C, K) ≤ 64 and min(OH, OW) ≥ 16; F(4,3) otherwise. Returns m.
    /// </summary>
    public static int SimpleRuleOutputTileSize3x3(int inputChannels, int outputChannels, int outputHeight, int outputWidth, bool allowLargeTile)
    {
        int minSide = Math.Min(outputHeight, outputWidth);
        if (minSide <= 8 || ((long)inputChannels * outputChannels >= 128 * 128 && minSide <= 14))
        {
            return 2;
        }

        if (allowLargeTile && Math.Max(inputChannels, outputChannels) <= 64 && minSide >= 16)
        {
            return 6;
        }

        return 4;
    }

    /// <summary>
    /// {+p, −p} pairs as in opcount.py: vectors v_a, v_b with v_b[j] = s·(−1)^j·v_a[j] (s = ±1), where
    /// v_a has non-zero entries at both an even and an odd index. Greedy, in index order.
    /// </summary>
    private static List<PointPair> FindPointPairs(List<Rational[]> vectors)
    {
        var pairs = new List<PointPair>();
        var used = new bool[vectors.Count];
        for (int a = 0; a < vectors.Count; a++)
        {
            if (used[a] || !HasEvenAndOddEntries(vectors[a]))
            {
                continue;
            }

            for (int b = a + 1; b < vectors.Count && !used[a]; b++)
            {
                if (used[b])
                {
                    continue;
                }

                if (IsMirror(vectors[a], vectors[b], Rational.One) || IsMirror(vectors[a], vectors[b], Rational.MinusOne))
                {
                    pairs.Add(new PointPair(a, b));
                    used[a] = true;
                    used[b] = true;
                }
            }
        }

        return pairs;
    }

    private static bool IsMirror(Rational[] first, Rational[] second, Rational sign)
    {
        for (int j = 0; j < first.Length; j++)
        {
            Rational expected = (j % 2 == 0 ? sign : -sign) * first[j];
            if (second[j] != expected)
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasEvenAndOddEntries(Rational[] vector)
    {
        bool even = false;
        bool odd = false;
        for (int j = 0; j < vector.Length; j++)
        {
            if (!vector[j].IsZero)
            {
                even |= j % 2 == 0;
                odd |= j % 2 == 1;
            }
        }

        return even && odd;
    }

    /// <summary>The entries at even (or odd) indices, zeros elsewhere.</summary>
    private static Rational[] ParityPart(Rational[] vector, bool odd)
    {
        var part = new Rational[vector.Length];
        for (int j = 0; j < vector.Length; j++)
        {
            part[j] = (j % 2 == 1) == odd ? vector[j] : Rational.Zero;
        }

        return part;
    }

    /// <summary>The vector divided by its first non-zero entry (the factored-out constant c of §1.6 rule 2).</summary>
    private static Rational[] NormaliseToLeadingOne(Rational[] vector)
    {
        Rational leading = Rational.Zero;
        foreach (Rational entry in vector)
        {
            if (!entry.IsZero)
            {
                leading = entry;
                break;
            }
        }

        if (leading.IsZero)
        {
            return vector;
        }

        var result = new Rational[vector.Length];
        for (int j = 0; j < vector.Length; j++)
        {
            result[j] = vector[j] / leading;
        }

        return result;
    }

    private static int CeilingDivide(int numerator, int denominator) => (numerator + denominator - 1) / denominator;

    private static void RequirePositive(int outputTileSize, int filterSize)
    {
        if (outputTileSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(outputTileSize), outputTileSize, "Must be at least 1.");
        }

        if (filterSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(filterSize), filterSize, "Must be at least 1.");
        }
    }

    private readonly struct PointPair
    {
        public PointPair(int first, int second)
        {
            First = first;
            Second = second;
        }

        public int First { get; }

        public int Second { get; }
    }
}
