using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Mathematics;

namespace ConvGen.Generator.Emit;

/// <summary>How a 1-D transform shares work between the rows of a ± point pair.</summary>
internal enum PointPairing
{
    /// <summary>No sharing.</summary>
    None,
    /// <summary>Rows p and −p of B^T: even part E and odd part O once, then E + O and ±(E − O).</summary>
    Rows,
    /// <summary>Columns p and −p of A^T: m_p + m_−p and m_p − m_−p once, used by every row.</summary>
    Columns,
}

/// <summary>
/// Turns an exact rational matrix into straight-line code applying it to a vector of variables: zero terms dropped,
/// ±1 as add/sub, every other constant one fused multiply-add, ± point pairs sharing work. Every constant must be
/// exact in float32 (A^T and B^T are dyadic); anything else is a generator bug and throws.
/// </summary>
internal sealed class WinogradTransformEmitter
{
    private readonly SimdVocabulary _simd;
    private int _temps;

    public WinogradTransformEmitter(SimdVocabulary simd) => _simd = simd;

    /// <summary>
    /// Emits <c>var {prefix}{r} = Σ_j matrix[r][j]·inputs[j];</c> for every row r (a comment names each row); returns
    /// the output names (a zero row is the zero vector).
    /// </summary>
    public string[] Apply(List<string> lines, RationalMatrix matrix, IReadOnlyList<string> inputs, string prefix, PointPairing pairing, string rowLabel)
    {
        int rows = matrix.RowCount, columns = matrix.ColumnCount;
        if (columns != inputs.Count)
        {
            throw new ArgumentException("Matrix and input sizes differ.");
        }
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < columns; j++)
            {
                if (!matrix[r, j].IsExactlyRepresentableAsSingle)
                {
                    throw new InvalidOperationException($"Transform constant {matrix[r, j]} is not exact in float32.");
                }
            }
        }
        var outputs = new string[rows];
        var done = new bool[rows];

        // Column pairs: (j1, j2) with column j2 = ±column j1 row by row.
        var columnPair = new Dictionary<int, (int Partner, string Sum, string Difference)>();
        if (pairing == PointPairing.Columns)
        {
            for (int j1 = 0; j1 < columns; j1++)
            {
                if (columnPair.ContainsKey(j1))
                {
                    continue;
                }
                for (int j2 = j1 + 1; j2 < columns; j2++)
                {
                    if (columnPair.ContainsKey(j2) || !ColumnsPair(matrix, j1, j2))
                    {
                        continue;
                    }
                    string sum = Temp("s"), difference = Temp("d");
                    lines.Add($"var {sum} = {inputs[j1]} + {inputs[j2]}; var {difference} = {inputs[j1]} - {inputs[j2]}; // columns {j1}, {j2}: a ± point pair");
                    columnPair[j1] = (j2, sum, difference);
                    columnPair[j2] = (j1, sum, difference);
                    break;
                }
            }
        }

        for (int r1 = 0; r1 < rows; r1++)
        {
            if (done[r1])
            {
                continue;
            }
            if (pairing == PointPairing.Rows)
            {
                for (int r2 = r1 + 1; r2 < rows; r2++)
                {
                    if (done[r2] || RowsPair(matrix, r1, r2) is not int sign)
                    {
                        continue;
                    }
                    var even = new List<(Rational, string)>();
                    var odd = new List<(Rational, string)>();
                    for (int j = 0; j < columns; j++)
                    {
                        if (!matrix[r1, j].IsZero)
                        {
                            (j % 2 == 0 ? even : odd).Add((matrix[r1, j], inputs[j]));
                        }
                    }
                    string e = Temp("e"), o = Temp("o");
                    lines.Add($"// {rowLabel} rows {r1} and {r2}: a ± point pair, {Describe(matrix, r1)} and {Describe(matrix, r2)}");
                    lines.Add($"var {e} = {Form(even)}; var {o} = {Form(odd)};");
                    outputs[r1] = prefix + r1;
                    outputs[r2] = prefix + r2;
                    lines.Add($"var {outputs[r1]} = {e} + {o}; var {outputs[r2]} = {(sign > 0 ? $"{e} - {o}" : $"{o} - {e}")};");
                    done[r1] = done[r2] = true;
                    break;
                }
                if (done[r1])
                {
                    continue;
                }
            }
            var terms = new List<(Rational, string)>();
            var usedPairs = new HashSet<int>();
            for (int j = 0; j < columns; j++)
            {
                Rational c = matrix[r1, j];
                if (c.IsZero)
                {
                    continue;
                }
                if (columnPair.TryGetValue(j, out var pair))
                {
                    int first = Math.Min(j, pair.Partner);
                    if (!usedPairs.Add(first))
                    {
                        continue;
                    }
                    Rational c1 = matrix[r1, first], c2 = matrix[r1, Math.Max(j, pair.Partner)];
                    terms.Add((c1, c1 == c2 ? pair.Sum : pair.Difference));
                    continue;
                }
                terms.Add((c, inputs[j]));
            }
            outputs[r1] = terms.Count == 0 ? _simd.Zero : prefix + r1;
            lines.Add($"// {rowLabel} row {r1}: {Describe(matrix, r1)}");
            if (terms.Count > 0)
            {
                lines.Add($"var {outputs[r1]} = {Form(terms)};");
            }
            done[r1] = true;
        }
        return outputs;
    }

    /// <summary>
    /// Emits the straight-line 2-D transform L·X·L^T of a square block X (L = <paramref name="matrix"/>): L applied to each
    /// column of X, then to each row of the result. Column j gets <paramref name="columnComment"/>(j) and the declarations
    /// of X[i][j] (<paramref name="declare"/>(i, j), naming the variable <paramref name="element"/>(i, j)); row a gets
    /// <paramref name="rowComment"/>(a) and one <paramref name="store"/>(a, b, value) line per output b.
    /// </summary>
    public List<string> ApplySeparable(RationalMatrix matrix, PointPairing pairing, string label,
        Func<int, int, string> element, Func<int, int, string> declare, Func<int, string> columnComment, string columnPrefix,
        Func<int, string> rowComment, string rowPrefix, Func<int, int, string, string> store)
    {
        int size = matrix.ColumnCount, outputs = matrix.RowCount;
        var lines = new List<string>();
        var columns = new string[size][];
        for (int j = 0; j < size; j++)
        {
            lines.Add(columnComment(j));
            var x = new string[size];
            for (int i = 0; i < size; i++)
            {
                x[i] = element(i, j);
                lines.Add(declare(i, j));
            }
            columns[j] = Apply(lines, matrix, x, $"{columnPrefix}{j}_", pairing, label);
        }
        for (int a = 0; a < outputs; a++)
        {
            lines.Add(rowComment(a));
            string[] row = Enumerable.Range(0, size).Select(j => columns[j][a]).ToArray();
            string[] y = Apply(lines, matrix, row, $"{rowPrefix}{a}_", pairing, label);
            for (int b = 0; b < outputs; b++)
            {
                lines.Add(store(a, b, y[b]));
            }
        }
        return lines;
    }

    private string Temp(string kind) => $"{kind}{_temps++}";

    /// <summary>Column j2 equals ± column j1 in every row, with the same zero pattern and at least one non-zero.</summary>
    private static bool ColumnsPair(RationalMatrix m, int j1, int j2)
    {
        bool any = false, differs = false;
        for (int r = 0; r < m.RowCount; r++)
        {
            Rational a = m[r, j1], b = m[r, j2];
            if (a.IsZero != b.IsZero || (b != a && b != -a))
            {
                return false;
            }
            any |= !a.IsZero;
            differs |= !a.IsZero && b != a;
        }
        return any && differs;
    }

    /// <summary>+1 or −1 when row r2 = ±(−1)^j·row r1 with both parity parts non-zero; else null.</summary>
    private static int? RowsPair(RationalMatrix m, int r1, int r2)
    {
        bool even = false, odd = false;
        foreach (int sign in new[] { 1, -1 })
        {
            bool ok = true;
            for (int j = 0; j < m.ColumnCount && ok; j++)
            {
                Rational expected = (j % 2 == 0 ? sign : -sign) * m[r1, j];
                ok = m[r2, j] == expected;
            }
            if (ok)
            {
                for (int j = 0; j < m.ColumnCount; j++)
                {
                    if (!m[r1, j].IsZero)
                    {
                        if (j % 2 == 0) even = true; else odd = true;
                    }
                }
                return even && odd ? sign : null;
            }
        }
        return null;
    }

    /// <summary>Σ c·x, starting from a ±1 term when there is one so that every further term is one add or FMA.</summary>
    private string Form(List<(Rational Coefficient, string Name)> terms)
    {
        if (terms.Count == 0)
        {
            return _simd.Zero;
        }
        int start = terms.FindIndex(t => t.Coefficient == Rational.One);
        if (start < 0)
        {
            start = terms.FindIndex(t => t.Coefficient == Rational.MinusOne);
        }
        string expression;
        if (start < 0)
        {
            start = 0;
            expression = $"{terms[0].Name} * {Constant(terms[0].Coefficient)}";
        }
        else
        {
            expression = terms[start].Coefficient == Rational.One ? terms[start].Name : "-" + terms[start].Name;
        }
        for (int i = 0; i < terms.Count; i++)
        {
            if (i == start)
            {
                continue;
            }
            (Rational c, string name) = terms[i];
            if (c == Rational.One)
            {
                expression = $"{expression} + {name}";
            }
            else if (c == Rational.MinusOne)
            {
                expression = $"{expression} - {name}";
            }
            else
            {
                expression = _simd.MultiplyAdd(name, Constant(c), expression);
            }
        }
        return expression;
    }

    private string Constant(Rational value) => _simd.Constant(value.ToSingle());

    private static string Describe(RationalMatrix m, int row) =>
        "[" + string.Join(", ", Enumerable.Range(0, m.ColumnCount).Select(j => m[row, j].ToString())) + "]";
}
