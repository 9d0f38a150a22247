using System;

namespace ConvGen;

/// <summary>
/// Declares one DSXplore sliding-channel convolution (SCC) layer: a 1×1 convolution in which filter o reads the
/// <c>gw = InChannels / ChannelGroups</c> consecutive input channels <c>(o·s + j) mod InChannels</c>, j &lt; gw,
/// where the channel stride is <c>s = gw − overlap channels</c>. The ConvGen source generator implements the
/// attributed <c>static partial void</c> method for exactly this shape, with the cyclic channel table computed at
/// compile time.
/// </summary>
/// <remarks>
/// <para>Signatures, by <see cref="Pass"/>:</para>
/// <list type="bullet">
/// <item><see cref="ConvPass.Forward"/>: <c>(ReadOnlySpan&lt;float&gt; input, ReadOnlySpan&lt;float&gt; weights, [ReadOnlySpan&lt;float&gt; bias,] Span&lt;float&gt; output)</c>.</item>
/// <item><see cref="ConvPass.BackwardData"/>: <c>(ReadOnlySpan&lt;float&gt; gradOutput, ReadOnlySpan&lt;float&gt; weights, Span&lt;float&gt; gradInput)</c>.</item>
/// <item><see cref="ConvPass.BackwardWeights"/>: <c>(ReadOnlySpan&lt;float&gt; input, ReadOnlySpan&lt;float&gt; gradOutput, Span&lt;float&gt; gradWeights[, Span&lt;float&gt; gradBias])</c>.</item>
/// </list>
/// <para>Layouts: activations NCHW, weights <c>[OutChannels][InChannels / ChannelGroups]</c>. The batch is inferred
/// from the span lengths; outputs are overwritten.</para>
/// <para>Set exactly one of <see cref="Overlap"/> (DSXplore's co, a fraction) and <see cref="OverlapChannels"/>
/// (an exact count).</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class SlidingChannelConvAttribute : Attribute
{
    /// <summary>Input channels Cin.</summary>
    public int InChannels { get; set; }
    /// <summary>Output channels Cout (the number of filters).</summary>
    public int OutChannels { get; set; }
    /// <summary>Height H of the input and output.</summary>
    public int Height { get; set; }
    /// <summary>Width W of the input and output.</summary>
    public int Width { get; set; }
    /// <summary>DSXplore's cg: the group width is <c>gw = InChannels / ChannelGroups</c> (must divide).</summary>
    public int ChannelGroups { get; set; }
    /// <summary>DSXplore's co ∈ [0, 1]: the overlap is <c>⌊co·gw⌋</c> channels, as DSXplore's PyTorch reference computes it.</summary>
    public double Overlap { get; set; }
    /// <summary>The overlap as an exact channel count in [0, gw].</summary>
    public int OverlapChannels { get; set; }
    /// <summary>Activation fused into the forward pass's store.</summary>
    public Activation Activation { get; set; }
    /// <summary>
    /// The slope of <see cref="ConvGen.Activation.LeakyRelu"/> below zero (PyTorch's <c>negative_slope</c>), in [0, 1]; default
    /// 0.01. Set it only with <c>Activation = Activation.LeakyRelu</c>.
    /// </summary>
    public float NegativeSlope { get; set; } = 0.01f;
    /// <summary>The pass the method computes (default <see cref="ConvPass.Forward"/>).</summary>
    public ConvPass Pass { get; set; }
}
