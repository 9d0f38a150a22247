namespace ConvGen.Generator.Model;

/// <summary>
/// What a <c>[ConvTranspose2D]</c> layer adds to the <see cref="LayerSpec"/> that implements it. The layer spec of a
/// transposed layer is its <em>equivalent convolution</em> (the convolution whose backward-data is the transposed
/// forward): in = the transposed layer's output channels and size, out = its input channels and size, the same kernel,
/// stride, padding, dilation and groups, and weights [Cin_t][Cout_t/g][kh][kw], which are that convolution's OIHW.
/// Each transposed pass then runs as a convolution pass of it (<see cref="ImplementingPass"/>).
/// </summary>
/// <param name="OutputPaddingHeight">Extra output rows (below); only the output size depends on it.</param>
/// <param name="OutputPaddingWidth">Extra output columns (right).</param>
/// <param name="Pass">The pass the user asked for on the transposed layer.</param>
/// <param name="HasBias">Whether the transposed layer has a bias (forward) or a bias gradient (backward-weights).</param>
internal sealed record TransposedShape(int OutputPaddingHeight, int OutputPaddingWidth, PassKind Pass, bool HasBias)
{
    /// <summary>
    /// The convolution pass that computes <paramref name="pass"/> of the transposed layer: its forward is the
    /// convolution's backward-data (TDC: stride² stride-1 phase correlations), its backward-data the convolution's
    /// forward, and its backward-weights the convolution's backward-weights with input and gradOutput swapped.
    /// </summary>
    public static PassKind ImplementingPass(PassKind pass) => pass switch
    {
        PassKind.Forward => PassKind.BackwardData,
        PassKind.BackwardData => PassKind.Forward,
        _ => PassKind.BackwardWeights,
    };
}
