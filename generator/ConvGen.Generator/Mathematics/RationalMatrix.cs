using System;
using System.Collections.Generic;
using System.Text;

namespace ConvGen.Generator.Mathematics;

/// <summary>
/// A small immutable matrix of exact <see cref="Rational"/> entries: the A^T, G and B^T transform
/// matrices of winograd-spec §1.2 and anything computed from them (e.g. U = G g G^T, §1.6 rule 5).
/// </summary>
internal sealed class RationalMatrix : IEquatable<RationalMatrix>
{
    private readonly Rational[,] _entries;

    /// <summary>Takes ownership of <paramref name="entries"/>; callers never expose the array.</summary>
    private RationalMatrix(Rational[,] entries)
    {
        _entries = entries;
    }

    public int RowCount => _entries.GetLength(0);

    public int ColumnCount => _entries.GetLength(1);

    public Rational this[int row, int column] => _entries[row, column];

    /// <summary>Creates a matrix holding a copy of <paramref name="entries"/>.</summary>
    public static RationalMatrix FromArray(Rational[,] entries)
    {
        if (entries is null)
        {
            throw new ArgumentNullException(nameof(entries));
        }

        return new RationalMatrix((Rational[,])entries.Clone());
    }

    /// <summary>Builds a matrix from rows of equal length.</summary>
    /// <exception cref="ArgumentException">The rows differ in length.</exception>
    public static RationalMatrix FromRows(params Rational[][] rows)
    {
        if (rows is null)
        {
            throw new ArgumentNullException(nameof(rows));
        }

        int columnCount = rows.Length == 0 ? 0 : rows[0].Length;
        var entries = new Rational[rows.Length, columnCount];
        for (int i = 0; i < rows.Length; i++)
        {
            if (rows[i].Length != columnCount)
            {
                throw new ArgumentException(
                    $"Row {i} has {rows[i].Length} entries but row 0 has {columnCount}.", nameof(rows));
            }

            for (int j = 0; j < columnCount; j++)
            {
                entries[i, j] = rows[i][j];
            }
        }

        return new RationalMatrix(entries);
    }

    /// <summary>Builds a <paramref name="rowCount"/>×<paramref name="columnCount"/> matrix from a function of (row, column).</summary>
    public static RationalMatrix Create(int rowCount, int columnCount, Func<int, int, Rational> entry)
    {
        if (rowCount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rowCount), rowCount, "Must not be negative.");
        }

        if (columnCount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(columnCount), columnCount, "Must not be negative.");
        }

        if (entry is null)
        {
            throw new ArgumentNullException(nameof(entry));
        }

        var entries = new Rational[rowCount, columnCount];
        for (int i = 0; i < rowCount; i++)
        {
            for (int j = 0; j < columnCount; j++)
            {
                entries[i, j] = entry(i, j);
            }
        }

        return new RationalMatrix(entries);
    }

    public static RationalMatrix Identity(int size) =>
        Create(size, size, (i, j) => i == j ? Rational.One : Rational.Zero);

    public static RationalMatrix Zero(int rowCount, int columnCount) =>
        Create(rowCount, columnCount, (i, j) => Rational.Zero);

    /// <summary>The matrix product <paramref name="left"/>·<paramref name="right"/>.</summary>
    /// <exception cref="ArgumentException">The inner dimensions differ.</exception>
    public static RationalMatrix operator *(RationalMatrix left, RationalMatrix right)
    {
        if (left is null)
        {
            throw new ArgumentNullException(nameof(left));
        }

        if (right is null)
        {
            throw new ArgumentNullException(nameof(right));
        }

        if (left.ColumnCount != right.RowCount)
        {
            throw new ArgumentException(
                $"Cannot multiply a {left.RowCount}x{left.ColumnCount} matrix by a {right.RowCount}x{right.ColumnCount} matrix.");
        }

        var product = new Rational[left.RowCount, right.ColumnCount];
        for (int i = 0; i < left.RowCount; i++)
        {
            for (int j = 0; j < right.ColumnCount; j++)
            {
                Rational sum = Rational.Zero;
                for (int t = 0; t < left.ColumnCount; t++)
                {
                    sum += left._entries[i, t] * right._entries[t, j];
                }

                product[i, j] = sum;
            }
        }

        return new RationalMatrix(product);
    }

    /// <summary>The matrix-vector product M·<paramref name="vector"/>.</summary>
    /// <exception cref="ArgumentException">The vector length differs from <see cref="ColumnCount"/>.</exception>
    public Rational[] Multiply(IReadOnlyList<Rational> vector)
    {
        if (vector is null)
        {
            throw new ArgumentNullException(nameof(vector));
        }

        if (vector.Count != ColumnCount)
        {
            throw new ArgumentException(
                $"Cannot multiply a {RowCount}x{ColumnCount} matrix by a vector of length {vector.Count}.", nameof(vector));
        }

        var result = new Rational[RowCount];
        for (int i = 0; i < RowCount; i++)
        {
            Rational sum = Rational.Zero;
            for (int j = 0; j < ColumnCount; j++)
            {
                sum += _entries[i, j] * vector[j];
            }

            result[i] = sum;
        }

        return result;
    }

    public RationalMatrix Transpose() => Create(ColumnCount, RowCount, (i, j) => _entries[j, i]);

    /// <summary>A copy of row <paramref name="row"/>.</summary>
    public Rational[] GetRow(int row)
    {
        var result = new Rational[ColumnCount];
        for (int j = 0; j < ColumnCount; j++)
        {
            result[j] = _entries[row, j];
        }

        return result;
    }

    /// <summary>A copy of column <paramref name="column"/>.</summary>
    public Rational[] GetColumn(int column)
    {
        var result = new Rational[RowCount];
        for (int i = 0; i < RowCount; i++)
        {
            result[i] = _entries[i, column];
        }

        return result;
    }

    /// <summary>A copy with row <paramref name="row"/> multiplied by <paramref name="factor"/> (§1.3 normalisation).</summary>
    public RationalMatrix ScaleRow(int row, Rational factor) =>
        Create(RowCount, ColumnCount, (i, j) => i == row ? _entries[i, j] * factor : _entries[i, j]);

    /// <summary>A copy with column <paramref name="column"/> multiplied by <paramref name="factor"/> (§1.3 normalisation).</summary>
    public RationalMatrix ScaleColumn(int column, Rational factor) =>
        Create(RowCount, ColumnCount, (i, j) => j == column ? _entries[i, j] * factor : _entries[i, j]);

    /// <summary>True when every entry satisfies <paramref name="predicate"/>.</summary>
    public bool All(Func<Rational, bool> predicate)
    {
        if (predicate is null)
        {
            throw new ArgumentNullException(nameof(predicate));
        }

        foreach (Rational entry in _entries)
        {
            if (!predicate(entry))
            {
                return false;
            }
        }

        return true;
    }

    public bool Equals(RationalMatrix? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (RowCount != other.RowCount || ColumnCount != other.ColumnCount)
        {
            return false;
        }

        for (int i = 0; i < RowCount; i++)
        {
            for (int j = 0; j < ColumnCount; j++)
            {
                if (_entries[i, j] != other._entries[i, j])
                {
                    return false;
                }
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as RationalMatrix);

    public override int GetHashCode()
    {
        int hash = HashCombiner.Combine(RowCount, ColumnCount);
        foreach (Rational entry in _entries)
        {
            hash = HashCombiner.Combine(hash, entry.GetHashCode());
        }

        return hash;
    }

    /// <summary>Multi-line text with right-aligned columns, as printed in cooktoom_output.txt.</summary>
    public override string ToString()
    {
        var widths = new int[ColumnCount];
        for (int i = 0; i < RowCount; i++)
        {
            for (int j = 0; j < ColumnCount; j++)
            {
                widths[j] = Math.Max(widths[j], _entries[i, j].ToString().Length);
            }
        }

        var text = new StringBuilder();
        for (int i = 0; i < RowCount; i++)
        {
            if (i > 0)
            {
                text.Append('\n');
            }

            text.Append("[ ");
            for (int j = 0; j < ColumnCount; j++)
            {
                if (j > 0)
                {
                    text.Append("  ");
                }

                text.Append(_entries[i, j].ToString().PadLeft(widths[j]));
            }

            text.Append(" ]");
        }

        return text.ToString();
    }
}
