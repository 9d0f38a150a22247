namespace ConvGen;

/// <summary>How a convolution is computed.</summary>
public enum ConvAlgorithm
{
    /// <summary>The generator's planner chooses by a compile-time cost model.</summary>
    Auto = 0,
    /// <summary>Direct convolution with register-blocked SIMD tiles.</summary>
    Direct = 1,
}
