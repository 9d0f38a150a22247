namespace ConvGen;

/// <summary>Which pass of a convolution layer a generated kernel computes.</summary>
public enum ConvPass
{
    /// <summary>The forward pass: <c>output = conv(input, weights) [+ bias]</c>, then the activation.</summary>
    Forward = 0,

    /// <summary>
    /// Backward-data: the gradient with respect to the input, <c>gradInput = conv_transposed(gradOutput, weights)</c>.
    /// Signature <c>(ReadOnlySpan&lt;float&gt; gradOutput, ReadOnlySpan&lt;float&gt; weights, Span&lt;float&gt; gradInput)</c>.
    /// </summary>
    BackwardData = 1,

    /// <summary>
    /// Backward-weights: the gradient with respect to the weights (and optionally the bias), reduced over the batch
    /// and every output position. Signature <c>(ReadOnlySpan&lt;float&gt; input, ReadOnlySpan&lt;float&gt; gradOutput,
    /// Span&lt;float&gt; gradWeights[, Span&lt;float&gt; gradBias])</c>.
    /// </summary>
    BackwardWeights = 2,
}
