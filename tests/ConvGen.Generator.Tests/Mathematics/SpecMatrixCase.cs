using System.Collections.Generic;
using ConvGen.Generator.Mathematics;

namespace ConvGen.Generator.Tests.Mathematics;

/// <summary>One expected F(m, r) from the spec: its points, normalisation and printed matrices.</summary>
internal sealed class SpecMatrixCase
{
    public SpecMatrixCase(int m, int r, string[] points, CookToomNormalization normalization, string[] at, string[] g, string[] bt)
    {
        M = m;
        R = r;
        Points = RationalTestData.Points(points);
        Normalization = normalization;
        AT = RationalTestData.Matrix(at);
        G = RationalTestData.Matrix(g);
        BT = RationalTestData.Matrix(bt);
    }

    public int M { get; }

    public int R { get; }

    public IReadOnlyList<Rational> Points { get; }

    public CookToomNormalization Normalization { get; }

    public RationalMatrix AT { get; }

    public RationalMatrix G { get; }

    public RationalMatrix BT { get; }
}
