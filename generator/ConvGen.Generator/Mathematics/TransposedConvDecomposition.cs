using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace ConvGen.Generator.Mathematics;

/// <summary>
/// TDC (winograd-spec §5): a 2-D transposed convolution (PyTorch ConvTranspose2d semantics, weight
/// (C_in, C_out, k, k), dilation 1) rewritten as S_y·S_x stride-1 correlations whose outputs are
/// interleaved. Each axis follows the §5.1 formula independently; the phases are the tensor product.
/// </summary>
internal sealed class TransposedConvDecomposition : IEquatable<TransposedConvDecomposition>
{
    private TransposedConvDecomposition(TdcAxisPlan axisY, TdcAxisPlan axisX)
    {
        AxisY = axisY;
        AxisX = axisX;
        var phases = new TdcPhase2D[axisY.Phases.Count * axisX.Phases.Count];
        int index = 0;
        foreach (TdcAxisPhase y in axisY.Phases)
        {
            foreach (TdcAxisPhase x in axisX.Phases)
            {
                phases[index++] = new TdcPhase2D(y, x);
            }
        }

        Phases = new ReadOnlyCollection<TdcPhase2D>(phases);
    }

    public TdcAxisPlan AxisY { get; }

    public TdcAxisPlan AxisX { get; }

    /// <summary>All phases, φy-major: Phases[φy·S_x + φx].</summary>
    public IReadOnlyList<TdcPhase2D> Phases { get; }

    /// <summary>A square decomposition: the same k, S, p, op on both axes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">See <see cref="TdcAxisPlan.Create"/>.</exception>
    public static TransposedConvDecomposition Create(int kernelSize, int stride, int padding, int outputPadding = 0, bool sharedInput = false)
    {
        TdcAxisPlan axis = TdcAxisPlan.Create(kernelSize, stride, padding, outputPadding, sharedInput);
        return new TransposedConvDecomposition(axis, axis);
    }

    /// <summary>A decomposition with independent parameters per axis.</summary>
    public static TransposedConvDecomposition Create(TdcAxisPlan axisY, TdcAxisPlan axisX) =>
        new TransposedConvDecomposition(
            axisY ?? throw new ArgumentNullException(nameof(axisY)),
            axisX ?? throw new ArgumentNullException(nameof(axisX)));

    /// <summary>The phase (φy, φx).</summary>
    public TdcPhase2D GetPhase(int phaseY, int phaseX) => Phases[(phaseY * AxisX.Phases.Count) + phaseX];

    /// <summary>
    /// Which entries of the transformed sub-kernel U = G h G^T can be non-zero for this phase, given the
    /// structural zero taps of h (§5.3): entry (ξ, ν) is structurally zero when G[ξ][a]·G[ν][b] = 0 for
    /// every non-zero tap (a, b). Those entries are exact 0.0 in fp32 and their multiplications can be
    /// skipped (§5.3, §5.4).
    /// </summary>
    /// <exception cref="ArgumentException">The transform's r differs from the phase's tap counts.</exception>
    public static bool[,] StructurallyNonZeroTransformedTaps(WinogradTransform transform, TdcPhase2D phase)
    {
        if (transform is null)
        {
            throw new ArgumentNullException(nameof(transform));
        }

        if (phase is null)
        {
            throw new ArgumentNullException(nameof(phase));
        }

        if (transform.FilterSize != phase.TapCountY || transform.FilterSize != phase.TapCountX)
        {
            throw new ArgumentException(
                $"{transform.Name} needs a {transform.FilterSize}x{transform.FilterSize} sub-kernel, but the phase has {phase.TapCountY}x{phase.TapCountX} taps.",
                nameof(transform));
        }

        int n = transform.InputTileSize;
        RationalMatrix g = transform.G;
        var nonZero = new bool[n, n];
        for (int xi = 0; xi < n; xi++)
        {
            for (int nu = 0; nu < n; nu++)
            {
                for (int a = 0; a < phase.TapCountY && !nonZero[xi, nu]; a++)
                {
                    for (int b = 0; b < phase.TapCountX; b++)
                    {
                        if (phase.Y.Taps[a].HasValue && phase.X.Taps[b].HasValue && !(g[xi, a] * g[nu, b]).IsZero)
                        {
                            nonZero[xi, nu] = true;
                            break;
                        }
                    }
                }
            }
        }

        return nonZero;
    }

    public bool Equals(TransposedConvDecomposition? other) =>
        other is not null && AxisY.Equals(other.AxisY) && AxisX.Equals(other.AxisX);

    public override bool Equals(object? obj) => Equals(obj as TransposedConvDecomposition);

    public override int GetHashCode() => HashCombiner.Combine(AxisY.GetHashCode(), AxisX.GetHashCode());

    public override string ToString() => "rows: " + AxisY + "\ncolumns: " + AxisX;
}
