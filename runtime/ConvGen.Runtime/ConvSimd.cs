using System.Runtime.Intrinsics;

namespace ConvGen;

/// <summary>Which instruction-set path generated kernels take in this process.</summary>
public static class ConvSimd
{
    /// <summary>
    /// The widest accelerated path: "Vector512" (AVX-512), "Vector256" (AVX2/FMA), "Vector128" (SSE, NEON, WASM SIMD)
    /// or "Scalar". Every generated kernel has the last three; a kernel whose plan found no 16-lane tile for its shape
    /// (rows narrower than 8, say) runs its Vector256 path on an AVX-512 machine.
    /// </summary>
    public static string ActivePath =>
        Vector512.IsHardwareAccelerated ? "Vector512"
        : Vector256.IsHardwareAccelerated ? "Vector256"
        : Vector128.IsHardwareAccelerated ? "Vector128"
        : "Scalar";
}
