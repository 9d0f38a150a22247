using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Text;

namespace ConvGen.Generator.Mathematics;

/// <summary>
/// One output phase φ of one axis of a transposed convolution decomposed by TDC (winograd-spec §5.1):
/// <c>y[S·u + φ] = Σ_{j&lt;T} h_φ[j] · x[u + e + j]</c> (x = 0 outside the input), a stride-1 correlation
/// with the T-tap sub-kernel <see cref="Taps"/>.
/// </summary>
internal sealed class TdcAxisPhase : IEquatable<TdcAxisPhase>
{
    public TdcAxisPhase(int stride, int outputPhase, int kernelPhase, int carry, int inputOffset, IReadOnlyList<int?> taps)
    {
        if (taps is null)
        {
            throw new ArgumentNullException(nameof(taps));
        }

        Stride = stride;
        OutputPhase = outputPhase;
        KernelPhase = kernelPhase;
        Carry = carry;
        InputOffset = inputOffset;
        var copy = new int?[taps.Count];
        for (int j = 0; j < copy.Length; j++)
        {
            copy[j] = taps[j];
        }

        Taps = new ReadOnlyCollection<int?>(copy);
    }

    /// <summary>S.</summary>
    public int Stride { get; }

    /// <summary>φ ∈ [0, S): this phase writes outputs S·u + φ.</summary>
    public int OutputPhase { get; }

    /// <summary>ρ_φ = (φ + p) mod S: the phase uses kernel taps ≡ ρ (mod S).</summary>
    public int KernelPhase { get; }

    /// <summary>c_φ = ⌊(φ + p) / S⌋.</summary>
    public int Carry { get; }

    /// <summary>
    /// e: the input index read by tap 0 for u = 0. e_φ = c_φ − (T − 1) in the separate form; the common
    /// e_0 = min_φ e_φ in the shared-input form (§5.4).
    /// </summary>
    public int InputOffset { get; }

    /// <summary>
    /// The sub-kernel in correlation order: Taps[j] is the original kernel index ρ + (T − 1 − j)·S
    /// (flipped), or null for a zero tap (index ≥ k, or shared-input padding).
    /// </summary>
    public IReadOnlyList<int?> Taps { get; }

    /// <summary>T (or T' in the shared-input form).</summary>
    public int TapCount => Taps.Count;

    /// <summary>Zeros to the left of the input for this stride-1 correlation: pad_left = T − 1 − c = −e (§5.1).</summary>
    public int LeftPadding => -InputOffset;

    /// <summary>Number of taps that are not structurally zero.</summary>
    public int NonZeroTapCount
    {
        get
        {
            int count = 0;
            foreach (int? tap in Taps)
            {
                if (tap.HasValue)
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>Tap j = 0 is zero: the U row/column of point 0 vanishes exactly (§5.3).</summary>
    public bool IsLeadingTapZero => !Taps[0].HasValue;

    /// <summary>Tap j = T − 1 is zero: the U row/column of the point at infinity vanishes exactly (§5.3).</summary>
    public bool IsTrailingTapZero => !Taps[Taps.Count - 1].HasValue;

    /// <summary>Output index written for phase-local position u: S·u + φ.</summary>
    public int OutputIndex(int u) => (Stride * u) + OutputPhase;

    /// <summary>Input index read by tap j at phase-local position u: u + e + j.</summary>
    public int InputIndex(int u, int tap) => u + InputOffset + tap;

    /// <summary>Outputs of this phase for a full output of <paramref name="outputSize"/>: ⌈(H_out − φ)/S⌉, or 0.</summary>
    public int OutputLength(int outputSize) =>
        outputSize <= OutputPhase ? 0 : (outputSize - OutputPhase + Stride - 1) / Stride;

    public bool Equals(TdcAxisPhase? other)
    {
        if (other is null)
        {
            return false;
        }

        if (Stride != other.Stride
            || OutputPhase != other.OutputPhase
            || KernelPhase != other.KernelPhase
            || Carry != other.Carry
            || InputOffset != other.InputOffset
            || Taps.Count != other.Taps.Count)
        {
            return false;
        }

        for (int j = 0; j < Taps.Count; j++)
        {
            if (Taps[j] != other.Taps[j])
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as TdcAxisPhase);

    public override int GetHashCode()
    {
        int hash = HashCombiner.Combine(Stride, OutputPhase, KernelPhase);
        hash = HashCombiner.Combine(hash, Carry, InputOffset);
        foreach (int? tap in Taps)
        {
            hash = HashCombiner.Combine(hash, tap ?? -1);
        }

        return hash;
    }

    /// <summary>"φ=0 ρ=1 c=0 e=-1 taps [w3, w1]", with "0" for zero taps, as in spec §5.1.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("\u03C6=").Append(OutputPhase)
            .Append(" \u03C1=").Append(KernelPhase)
            .Append(" c=").Append(Carry)
            .Append(" e=").Append(InputOffset)
            .Append(" taps [");
        for (int j = 0; j < Taps.Count; j++)
        {
            if (j > 0)
            {
                text.Append(", ");
            }

            int? tap = Taps[j];
            text.Append(tap.HasValue ? "w" + tap.Value : "0");
        }

        return text.Append(']').ToString();
    }
}
