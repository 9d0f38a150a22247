using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ConvGen.Benchmarks;

/// <summary>
/// Measures one thread's FP32 FMA peak on the widest accelerated vector (the path the kernels take): 16 independent
/// chains of fused multiply-adds, enough to cover the FMA latency on two pipes, best of five runs of about 50 ms.
/// On the Zen 5 VM on 2026-12-05 this read 229-230 GFLOP/s with Vector512, where the quick tool had assumed 216.
/// </summary>
internal static class FmaPeak
{
    private const int Chains = 16;

    /// <summary>GFLOP/s of one thread, counting two FLOPs per lane of each FMA.</summary>
    public static double MeasureGflopsPerThread()
    {
        int lanes = Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : Vector128.IsHardwareAccelerated ? 4 : 1;
        Func<long, float> run = lanes switch
        {
            16 => Chains512,
            8 => Chains256,
            4 => Chains128,
            _ => ChainsScalar,
        };
        run(10_000); // JIT and warm-up
        long iterations = 1_000_000;
        double best = 0;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            long start = Stopwatch.GetTimestamp();
            float sink = run(iterations);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            GC.KeepAlive(sink);
            best = Math.Max(best, iterations * Chains * lanes * 2.0 / seconds / 1e9);
            // Aim each later run at about 50 ms.
            iterations = Math.Max(iterations, (long)(iterations * 0.05 / seconds));
        }
        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains512(long iterations)
    {
        Vector512<float> x = Vector512.Create(0.999999f), y = Vector512.Create(1e-7f);
        Vector512<float> a0 = Vector512<float>.One, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        Vector512<float> a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, x, y); a1 = Vector512.FusedMultiplyAdd(a1, x, y); a2 = Vector512.FusedMultiplyAdd(a2, x, y); a3 = Vector512.FusedMultiplyAdd(a3, x, y);
            a4 = Vector512.FusedMultiplyAdd(a4, x, y); a5 = Vector512.FusedMultiplyAdd(a5, x, y); a6 = Vector512.FusedMultiplyAdd(a6, x, y); a7 = Vector512.FusedMultiplyAdd(a7, x, y);
            a8 = Vector512.FusedMultiplyAdd(a8, x, y); a9 = Vector512.FusedMultiplyAdd(a9, x, y); a10 = Vector512.FusedMultiplyAdd(a10, x, y); a11 = Vector512.FusedMultiplyAdd(a11, x, y);
            a12 = Vector512.FusedMultiplyAdd(a12, x, y); a13 = Vector512.FusedMultiplyAdd(a13, x, y); a14 = Vector512.FusedMultiplyAdd(a14, x, y); a15 = Vector512.FusedMultiplyAdd(a15, x, y);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains256(long iterations)
    {
        Vector256<float> x = Vector256.Create(0.999999f), y = Vector256.Create(1e-7f);
        Vector256<float> a0 = Vector256<float>.One, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        Vector256<float> a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, x, y); a1 = Vector256.FusedMultiplyAdd(a1, x, y); a2 = Vector256.FusedMultiplyAdd(a2, x, y); a3 = Vector256.FusedMultiplyAdd(a3, x, y);
            a4 = Vector256.FusedMultiplyAdd(a4, x, y); a5 = Vector256.FusedMultiplyAdd(a5, x, y); a6 = Vector256.FusedMultiplyAdd(a6, x, y); a7 = Vector256.FusedMultiplyAdd(a7, x, y);
            a8 = Vector256.FusedMultiplyAdd(a8, x, y); a9 = Vector256.FusedMultiplyAdd(a9, x, y); a10 = Vector256.FusedMultiplyAdd(a10, x, y); a11 = Vector256.FusedMultiplyAdd(a11, x, y);
            a12 = Vector256.FusedMultiplyAdd(a12, x, y); a13 = Vector256.FusedMultiplyAdd(a13, x, y); a14 = Vector256.FusedMultiplyAdd(a14, x, y); a15 = Vector256.FusedMultiplyAdd(a15, x, y);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains128(long iterations)
    {
        Vector128<float> x = Vector128.Create(0.999999f), y = Vector128.Create(1e-7f);
        Vector128<float> a0 = Vector128<float>.One, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        Vector128<float> a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector128.FusedMultiplyAdd(a0, x, y); a1 = Vector128.FusedMultiplyAdd(a1, x, y); a2 = Vector128.FusedMultiplyAdd(a2, x, y); a3 = Vector128.FusedMultiplyAdd(a3, x, y);
            a4 = Vector128.FusedMultiplyAdd(a4, x, y); a5 = Vector128.FusedMultiplyAdd(a5, x, y); a6 = Vector128.FusedMultiplyAdd(a6, x, y); a7 = Vector128.FusedMultiplyAdd(a7, x, y);
            a8 = Vector128.FusedMultiplyAdd(a8, x, y); a9 = Vector128.FusedMultiplyAdd(a9, x, y); a10 = Vector128.FusedMultiplyAdd(a10, x, y); a11 = Vector128.FusedMultiplyAdd(a11, x, y);
            a12 = Vector128.FusedMultiplyAdd(a12, x, y); a13 = Vector128.FusedMultiplyAdd(a13, x, y); a14 = Vector128.FusedMultiplyAdd(a14, x, y); a15 = Vector128.FusedMultiplyAdd(a15, x, y);
        }
        return Vector128.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float ChainsScalar(long iterations)
    {
        float x = 0.999999f, y = 1e-7f;
        float a0 = 1, a1 = 1, a2 = 1, a3 = 1, a4 = 1, a5 = 1, a6 = 1, a7 = 1, a8 = 1, a9 = 1, a10 = 1, a11 = 1, a12 = 1, a13 = 1, a14 = 1, a15 = 1;
        for (long i = 0; i < iterations; i++)
        {
            a0 = MathF.FusedMultiplyAdd(a0, x, y); a1 = MathF.FusedMultiplyAdd(a1, x, y); a2 = MathF.FusedMultiplyAdd(a2, x, y); a3 = MathF.FusedMultiplyAdd(a3, x, y);
            a4 = MathF.FusedMultiplyAdd(a4, x, y); a5 = MathF.FusedMultiplyAdd(a5, x, y); a6 = MathF.FusedMultiplyAdd(a6, x, y); a7 = MathF.FusedMultiplyAdd(a7, x, y);
            a8 = MathF.FusedMultiplyAdd(a8, x, y); a9 = MathF.FusedMultiplyAdd(a9, x, y); a10 = MathF.FusedMultiplyAdd(a10, x, y); a11 = MathF.FusedMultiplyAdd(a11, x, y);
            a12 = MathF.FusedMultiplyAdd(a12, x, y); a13 = MathF.FusedMultiplyAdd(a13, x, y); a14 = MathF.FusedMultiplyAdd(a14, x, y); a15 = MathF.FusedMultiplyAdd(a15, x, y);
        }
        return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15;
    }
}
