using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace ConvGen.Generator.Mathematics;

/// <summary>
/// The per-axis TDC decomposition of a transposed convolution (winograd-spec §5.1, PyTorch
/// ConvTranspose semantics, dilation 1): S phases, each a stride-1 correlation with a T-tap sub-kernel.
/// </summary>
internal sealed class TdcAxisPlan : IEquatable<TdcAxisPlan>
{
    private TdcAxisPlan(int kernelSize, int stride, int padding, int outputPadding, bool isSharedInput, int tapCount, TdcAxisPhase[] phases)
    {
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        OutputPadding = outputPadding;
        IsSharedInput = isSharedInput;
        TapCount = tapCount;
        Phases = new ReadOnlyCollection<TdcAxisPhase>(phases);
    }

    /// <summary>k.</summary>
    public int KernelSize { get; }

    /// <summary>S.</summary>
    public int Stride { get; }

    /// <summary>p.</summary>
    public int Padding { get; }

    /// <summary>op: only changes the output size (§5.1).</summary>
    public int OutputPadding { get; }

    /// <summary>True for the shared-input variant of §5.4: every phase reads the same input window.</summary>
    public bool IsSharedInput { get; }

    /// <summary>Taps per phase: T = ⌈k/S⌉, or T' = T + max e_φ − min e_φ in the shared-input form.</summary>
    public int TapCount { get; }

    /// <summary>The S phases, indexed by output phase φ.</summary>
    public IReadOnlyList<TdcAxisPhase> Phases { get; }

    /// <summary>
    /// Builds the §5.1 phase table: ρ_φ = (φ + p) mod S, c_φ = ⌊(φ + p)/S⌋, e_φ = c_φ − (T − 1),
    /// h_φ[j] = w[ρ_φ + (T − 1 − j)·S] when that index is below k, else a zero tap. With
    /// <paramref name="sharedInput"/>, every sub-kernel is shifted onto e_0 = min e_φ and zero-padded to
    /// T' taps (§5.4).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">k &lt; 1, S &lt; 1, p &lt; 0, or op outside [0, S).</exception>
    public static TdcAxisPlan Create(int kernelSize, int stride, int padding, int outputPadding = 0, bool sharedInput = false)
    {
        if (kernelSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, "The kernel size must be at least 1.");
        }

        if (stride < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, "The stride must be at least 1.");
        }

        if (padding < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(padding), padding, "The padding must not be negative.");
        }

        if (outputPadding < 0 || outputPadding >= stride)
        {
            throw new ArgumentOutOfRangeException(
                nameof(outputPadding), outputPadding, "The output padding must be in [0, stride) (dilation 1).");
        }

        int tapCount = (kernelSize + stride - 1) / stride;
        var phases = new TdcAxisPhase[stride];
        for (int phase = 0; phase < stride; phase++)
        {
            int kernelPhase = (phase + padding) % stride;
            int carry = (phase + padding) / stride;
            var taps = new int?[tapCount];
            for (int j = 0; j < tapCount; j++)
            {
                int kernelIndex = kernelPhase + ((tapCount - 1 - j) * stride);
                taps[j] = kernelIndex < kernelSize ? kernelIndex : (int?)null;
            }

            phases[phase] = new TdcAxisPhase(stride, phase, kernelPhase, carry, carry - (tapCount - 1), taps);
        }

        if (!sharedInput)
        {
            return new TdcAxisPlan(kernelSize, stride, padding, outputPadding, isSharedInput: false, tapCount, phases);
        }

        int minOffset = int.MaxValue;
        int maxOffset = int.MinValue;
        foreach (TdcAxisPhase phase in phases)
        {
            minOffset = Math.Min(minOffset, phase.InputOffset);
            maxOffset = Math.Max(maxOffset, phase.InputOffset);
        }

        int sharedTapCount = tapCount + maxOffset - minOffset;
        var sharedPhases = new TdcAxisPhase[stride];
        for (int p = 0; p < stride; p++)
        {
            TdcAxisPhase phase = phases[p];
            int shift = phase.InputOffset - minOffset;
            var taps = new int?[sharedTapCount];
            for (int j = 0; j < tapCount; j++)
            {
                taps[j + shift] = phase.Taps[j];
            }

            sharedPhases[p] = new TdcAxisPhase(stride, phase.OutputPhase, phase.KernelPhase, phase.Carry, minOffset, taps);
        }

        return new TdcAxisPlan(kernelSize, stride, padding, outputPadding, isSharedInput: true, sharedTapCount, sharedPhases);
    }

    /// <summary>H_out = (H_in − 1)·S − 2p + k + op (§5.1).</summary>
    public int OutputSize(int inputSize) => ((inputSize - 1) * Stride) - (2 * Padding) + KernelSize + OutputPadding;

    public bool Equals(TdcAxisPlan? other)
    {
        if (other is null)
        {
            return false;
        }

        if (KernelSize != other.KernelSize
            || Stride != other.Stride
            || Padding != other.Padding
            || OutputPadding != other.OutputPadding
            || IsSharedInput != other.IsSharedInput
            || TapCount != other.TapCount
            || Phases.Count != other.Phases.Count)
        {
            return false;
        }

        for (int i = 0; i < Phases.Count; i++)
        {
            if (!Phases[i].Equals(other.Phases[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as TdcAxisPlan);

    public override int GetHashCode()
    {
        int hash = HashCombiner.Combine(KernelSize, Stride, Padding);
        hash = HashCombiner.Combine(hash, OutputPadding, IsSharedInput ? 1 : 0);
        foreach (TdcAxisPhase phase in Phases)
        {
            hash = HashCombiner.Combine(hash, phase.GetHashCode());
        }

        return hash;
    }

    public override string ToString() =>
        $"TDC axis k={KernelSize} S={Stride} p={Padding} op={OutputPadding} T={TapCount}{(IsSharedInput ? " shared" : string.Empty)}: "
        + string.Join("; ", Phases);
}
