namespace ConvGen;

/// <summary>Which pass of a layer a generated kernel computes.</summary>
public enum ConvPass
{
    /// <summary>The forward pass: output from input and weights.</summary>
    Forward = 0,
    /// <summary>The gradient with respect to the input, from the output gradient and the weights.</summary>
    BackwardData = 1,
    /// <summary>The gradient with respect to the weights (and the bias), from the input and the output gradient.</summary>
    BackwardWeights = 2,
}
