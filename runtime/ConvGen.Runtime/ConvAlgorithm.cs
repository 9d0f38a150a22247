namespace ConvGen;

/// <summary>How a convolution is computed.</summary>
public enum ConvAlgorithm
{
    /// <summary>The generator's planner chooses by a compile-time cost model.</summary>
    Auto = 0,
    /// <summary>Direct convolution with register-blocked SIMD tiles.</summary>
    Direct = 1,
    /// <summary>
    /// Winograd F(m×m, 3×3) with transforms derived exactly at compile time (3×3, stride 1, dilation 1, one group).
    /// <see cref="Conv2DAttribute.WinogradTile"/> picks m = 2 or 4 (default: the cost model's choice); m = 6 also needs
    /// <see cref="Conv2DAttribute.AllowLowPrecisionWinograd"/>. Its transforms mix each tile's inputs, so an infinite or
    /// NaN input may reach any output of the tiles whose input window holds it, not only its receptive field (a test
    /// checks that bound); choose <see cref="Direct"/> where inputs may hold non-finite values that must stay confined.
    /// </summary>
    Winograd = 2,
}
