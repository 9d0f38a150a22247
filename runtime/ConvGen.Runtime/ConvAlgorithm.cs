namespace ConvGen;

/// <summary>How a convolution is computed.</summary>
public enum ConvAlgorithm
{
    /// <summary>The generator's planner chooses by a compile-time cost model.</summary>
    Auto = 0,
    /// <summary>Direct convolution with register-blocked SIMD tiles.</summary>
    Direct = 1,
    /// <summary>
    /// Winograd F(m×m, 3×3) with transforms derived exactly at compile time (3×3, stride 1, one group; a dilated layer
    /// padded by a multiple of its dilation runs on its phase mosaic), or F(m×m, 5×5) on a 5×5 kernel (stride 1, no
    /// dilation, one group, every pass, with <see cref="Conv2DAttribute.AllowLowPrecisionWinograd"/>).
    /// <see cref="Conv2DAttribute.WinogradTile"/> picks m = 2 or 4 (default: the cost model's choice); m = 6 (3×3 only)
    /// also needs <see cref="Conv2DAttribute.AllowLowPrecisionWinograd"/>. Its transforms mix each tile's inputs, so an infinite or
    /// NaN input may reach any output of the tiles whose input window holds it, not only its receptive field (a test
    /// checks that bound); choose <see cref="Direct"/> where inputs may hold non-finite values that must stay confined.
    /// </summary>
    Winograd = 2,
}
