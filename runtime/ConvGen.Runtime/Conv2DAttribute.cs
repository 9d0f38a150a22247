using System;

namespace ConvGen;

/// <summary>
/// Declares one 2-D convolution layer. The ConvGen source generator implements the attributed
/// <c>static partial void</c> method with a kernel specialised to exactly this shape.
/// </summary>
/// <remarks>
/// <para>Forward signature: <c>(ReadOnlySpan&lt;float&gt; input, ReadOnlySpan&lt;float&gt; weights, [ReadOnlySpan&lt;float&gt; bias,] Span&lt;float&gt; output)</c>.</para>
/// <para>With <see cref="Pass"/> = <see cref="ConvPass.BackwardData"/>: <c>(ReadOnlySpan&lt;float&gt; gradOutput, ReadOnlySpan&lt;float&gt; weights, Span&lt;float&gt; gradInput)</c>;
/// with <see cref="ConvPass.BackwardWeights"/>: <c>(ReadOnlySpan&lt;float&gt; input, ReadOnlySpan&lt;float&gt; gradOutput, Span&lt;float&gt; gradWeights[, Span&lt;float&gt; gradBias])</c>.
/// Backward kernels compute the gradients of the linear part (convolution + bias): declare them with
/// <c>Activation = None</c> and pass the gradient after the activation's derivative (for ReLU, gradOutput zeroed where the
/// forward output was 0).</para>
/// <para>Layouts follow PyTorch: input and output NCHW, weights <c>[OutChannels][InChannels/Groups][KernelHeight][KernelWidth]</c>.
/// The batch N is <c>input.Length / (InChannels·Height·Width)</c>; the output is overwritten.</para>
/// <para>Per-axis properties (<see cref="KernelHeight"/>, <see cref="StrideWidth"/>, ...) and their square shorthands
/// (<see cref="KernelSize"/>, <see cref="Stride"/>, ...) are mutually exclusive.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class Conv2DAttribute : Attribute
{
    /// <summary>Input channels C.</summary>
    public int InChannels { get; set; }
    /// <summary>Output channels K.</summary>
    public int OutChannels { get; set; }
    /// <summary>Input height H.</summary>
    public int Height { get; set; }
    /// <summary>Input width W.</summary>
    public int Width { get; set; }
    /// <summary>Square kernel size (sets both <see cref="KernelHeight"/> and <see cref="KernelWidth"/>).</summary>
    public int KernelSize { get; set; }
    /// <summary>Kernel height.</summary>
    public int KernelHeight { get; set; }
    /// <summary>Kernel width.</summary>
    public int KernelWidth { get; set; }
    /// <summary>Stride on both axes (default 1).</summary>
    public int Stride { get; set; } = 1;
    /// <summary>Vertical stride.</summary>
    public int StrideHeight { get; set; } = 1;
    /// <summary>Horizontal stride.</summary>
    public int StrideWidth { get; set; } = 1;
    /// <summary>Zero padding on both sides of both axes (default 0).</summary>
    public int Padding { get; set; }
    /// <summary>Zero padding above and below.</summary>
    public int PaddingHeight { get; set; }
    /// <summary>Zero padding left and right.</summary>
    public int PaddingWidth { get; set; }
    /// <summary>Dilation on both axes (default 1).</summary>
    public int Dilation { get; set; } = 1;
    /// <summary>Vertical dilation.</summary>
    public int DilationHeight { get; set; } = 1;
    /// <summary>Horizontal dilation.</summary>
    public int DilationWidth { get; set; } = 1;
    /// <summary>Channel groups (default 1). Depthwise is <c>Groups == InChannels == OutChannels</c>.</summary>
    public int Groups { get; set; } = 1;
    /// <summary>Activation fused into the kernel's store.</summary>
    public Activation Activation { get; set; }
    /// <summary>
    /// The slope of <see cref="ConvGen.Activation.LeakyRelu"/> below zero (PyTorch's <c>negative_slope</c>), in [0, 1]; default
    /// 0.01. Set it only with <c>Activation = Activation.LeakyRelu</c>.
    /// </summary>
    public float NegativeSlope { get; set; } = 0.01f;
    /// <summary>Algorithm; <see cref="ConvAlgorithm.Auto"/> lets the generator's planner choose.</summary>
    public ConvAlgorithm Algorithm { get; set; }
    /// <summary>The pass to generate (default <see cref="ConvPass.Forward"/>); the signature depends on it.</summary>
    public ConvPass Pass { get; set; }
    /// <summary>
    /// Output tile m of Winograd F(m×m, 3×3): 2, 4 or 6; of F(m×m, 5×5) on a 5×5 kernel: 2 or 4 (0, the default, lets the
    /// cost model choose). Only with <see cref="ConvAlgorithm.Winograd"/>.
    /// </summary>
    public int WinogradTile { get; set; }
    /// <summary>
    /// Opts into the lower-precision Winograd plans: F(6×6, 3×3) (error bound κ = 512·2^-23·Σ|w·x| instead of 128 for
    /// F(4×4, 3×3)), and on 5×5 kernels F(2×2, 5×5) and F(4×4, 5×5) (κ = 128 and 512; their fp32 error measures 10-20×
    /// the direct kernel's, for 2.8× and 6.25× fewer multiplications). Required for <c>WinogradTile = 6</c> and for
    /// Winograd on a 5×5 kernel, and lets <see cref="ConvAlgorithm.Auto"/> consider them.
    /// </summary>
    public bool AllowLowPrecisionWinograd { get; set; }
}
