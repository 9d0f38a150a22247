using System;

namespace ConvGen;

/// <summary>
/// Declares one 2-D transposed convolution layer (PyTorch <c>ConvTranspose2d</c> semantics). The ConvGen source
/// generator implements the attributed <c>static partial void</c> method with a kernel specialised to exactly this shape:
/// the layer is decomposed at compile time into stride² stride-1 sub-convolutions whose outputs interleave (TDC), so no
/// zero is inserted, nothing is scattered and no col2im buffer is used.
/// </summary>
/// <remarks>
/// <para>Forward signature: <c>(ReadOnlySpan&lt;float&gt; input, ReadOnlySpan&lt;float&gt; weights, [ReadOnlySpan&lt;float&gt; bias,] Span&lt;float&gt; output)</c>.</para>
/// <para>With <see cref="Pass"/> = <see cref="ConvPass.BackwardData"/>: <c>(ReadOnlySpan&lt;float&gt; gradOutput, ReadOnlySpan&lt;float&gt; weights, Span&lt;float&gt; gradInput)</c>;
/// with <see cref="ConvPass.BackwardWeights"/>: <c>(ReadOnlySpan&lt;float&gt; input, ReadOnlySpan&lt;float&gt; gradOutput, Span&lt;float&gt; gradWeights[, Span&lt;float&gt; gradBias])</c>.
/// Backward kernels compute the gradients of the linear part; declare them with <c>Activation = None</c>.</para>
/// <para>Layouts follow PyTorch: input and output NCHW, weights <c>[InChannels][OutChannels/Groups][KernelHeight][KernelWidth]</c>.
/// <see cref="Height"/> and <see cref="Width"/> are the input's; the output is
/// <c>(H − 1)·Stride − 2·Padding + Dilation·(Kernel − 1) + OutputPadding + 1</c> per axis.
/// The batch N is <c>input.Length / (InChannels·Height·Width)</c>; the output is overwritten.</para>
/// <para>Per-axis properties and their square shorthands are mutually exclusive, as on <see cref="Conv2DAttribute"/>.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ConvTranspose2DAttribute : Attribute
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
    /// <summary>Stride (the upsampling factor) on both axes (default 1).</summary>
    public int Stride { get; set; } = 1;
    /// <summary>Vertical stride.</summary>
    public int StrideHeight { get; set; } = 1;
    /// <summary>Horizontal stride.</summary>
    public int StrideWidth { get; set; } = 1;
    /// <summary>Rows and columns removed from both sides of the full output (default 0).</summary>
    public int Padding { get; set; }
    /// <summary>Rows removed above and below.</summary>
    public int PaddingHeight { get; set; }
    /// <summary>Columns removed left and right.</summary>
    public int PaddingWidth { get; set; }
    /// <summary>Extra rows and columns added below and right of the output (default 0; must be less than the stride).</summary>
    public int OutputPadding { get; set; }
    /// <summary>Extra rows added below the output.</summary>
    public int OutputPaddingHeight { get; set; }
    /// <summary>Extra columns added right of the output.</summary>
    public int OutputPaddingWidth { get; set; }
    /// <summary>Dilation on both axes (default 1).</summary>
    public int Dilation { get; set; } = 1;
    /// <summary>Vertical dilation.</summary>
    public int DilationHeight { get; set; } = 1;
    /// <summary>Horizontal dilation.</summary>
    public int DilationWidth { get; set; } = 1;
    /// <summary>Channel groups (default 1).</summary>
    public int Groups { get; set; } = 1;
    /// <summary>Activation fused into the kernel's store.</summary>
    public Activation Activation { get; set; }
    /// <summary>
    /// The slope of <see cref="ConvGen.Activation.LeakyRelu"/> below zero (PyTorch's <c>negative_slope</c>), in [0, 1]; default
    /// 0.01. Set it only with <c>Activation = Activation.LeakyRelu</c>.
    /// </summary>
    public float NegativeSlope { get; set; } = 0.01f;
    /// <summary>Algorithm; <see cref="ConvAlgorithm.Auto"/> lets the generator's planner choose (Winograd on the sub-convolutions where it pays).</summary>
    public ConvAlgorithm Algorithm { get; set; }
    /// <summary>
    /// With <see cref="ConvAlgorithm.Winograd"/>: the output tile of the shared-input Winograd plan on the stride-2 phases,
    /// 2 (F(2×2,3×3), the default and what Auto uses) or 4 (F(4×4,3×3): 1.56 instead of 2.25 multiply-adds per output and
    /// channel pair, error bound κ = 128 instead of 16, pays on inputs of 16×16 and more). 0 = the default.
    /// </summary>
    public int WinogradTile { get; set; }
    /// <summary>The pass to generate (default <see cref="ConvPass.Forward"/>); the signature depends on it.</summary>
    public ConvPass Pass { get; set; }
}
