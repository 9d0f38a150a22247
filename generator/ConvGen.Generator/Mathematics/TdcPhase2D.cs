using System;

namespace ConvGen.Generator.Mathematics;

/// <summary>
/// One of the S_y·S_x output phases (φy, φx) of a 2-D TDC decomposition (winograd-spec §5.1): a stride-1
/// correlation whose conv-layout sub-kernel is
/// <c>h[co][ci][jy][jx] = w[ci][co][ρy + (T−1−jy)·S][ρx + (T−1−jx)·S]</c> and whose output lands at
/// <c>y[S·u + φy, S·v + φx]</c>.
/// </summary>
internal sealed class TdcPhase2D : IEquatable<TdcPhase2D>
{
    public TdcPhase2D(TdcAxisPhase y, TdcAxisPhase x)
    {
        Y = y ?? throw new ArgumentNullException(nameof(y));
        X = x ?? throw new ArgumentNullException(nameof(x));
    }

    /// <summary>The vertical (row) axis phase φy.</summary>
    public TdcAxisPhase Y { get; }

    /// <summary>The horizontal (column) axis phase φx.</summary>
    public TdcAxisPhase X { get; }

    public int TapCountY => Y.TapCount;

    public int TapCountX => X.TapCount;

    /// <summary>Taps (jy, jx) that use an original kernel tap.</summary>
    public int NonZeroTapCount => Y.NonZeroTapCount * X.NonZeroTapCount;

    /// <summary>
    /// The original kernel tap (kh, kw) used at sub-kernel position (jy, jx); false for a zero tap.
    /// </summary>
    public bool TryGetKernelTap(int jy, int jx, out int kh, out int kw)
    {
        int? row = Y.Taps[jy];
        int? column = X.Taps[jx];
        kh = row ?? -1;
        kw = column ?? -1;
        return row.HasValue && column.HasValue;
    }

    public bool Equals(TdcPhase2D? other) => other is not null && Y.Equals(other.Y) && X.Equals(other.X);

    public override bool Equals(object? obj) => Equals(obj as TdcPhase2D);

    public override int GetHashCode() => HashCombiner.Combine(Y.GetHashCode(), X.GetHashCode());

    public override string ToString() => "y: " + Y + " | x: " + X;
}
