using System;
using System.Globalization;
using System.Numerics;

namespace ConvGen.Generator.Mathematics;

/// <summary>
/// The overlap between consecutive SCC filters, resolved at compile time (docs: scc-spec.md §2, §2.2, §3.2).
/// <para>
/// Given as an exact channel count <c>ov ∈ [0, gw]</c> (preferred), or as a fraction <c>co ∈ [0, 1]</c>, which is
/// turned into <c>ov = ⌊co·gw⌋</c> exactly as DSXplore's PyTorch reference intends
/// (<c>s = gw − int(co·gw)</c>), but without binary floating point error in the product.
/// </para>
/// <para>
/// <b>Rounding rule.</b> A <see cref="double"/> (or <see cref="float"/>) ratio is read as the decimal number the
/// user wrote: the shortest decimal string that round-trips to the same binary value (what Python's
/// <c>str(co)</c> / C#'s <c>"R"</c> print; 17 significant digits at most for double, 9 for float), found with
/// exact big-integer arithmetic so the result does not depend on the framework's formatter. That decimal is
/// multiplied by <c>gw</c> and floored exactly. So <c>co = 0.3, gw = 10</c> gives 3 (the binary value of 0.3 is
/// 0.29999999999999998889…, whose exact product would floor to 2), and <c>co = 0.29, gw = 100</c> gives 29
/// (Python's <c>int(0.29*100)</c> gives 28). This is the same rule as the spec's reference
/// (<c>Fraction(str(co))</c>) and the test vectors' <c>overlap_channels</c>. A <see cref="decimal"/> ratio is used
/// as is. <see cref="IsIntegral"/> tells whether that decimal times <c>gw</c> was an integer; when it is not,
/// DSXplore's own implementations disagree with each other and the generator should warn (spec §2.2).
/// </para>
/// <para>
/// <b>DSXplore CUDA.</b> The CUDA kernels receive <c>co</c> as a float32 (<see cref="DsxploreRatio"/>) and compute
/// the backward stride <c>const_term = ⌊f32(f32(1 − co)·gw)⌋</c> (<see cref="DsxploreCudaStrideChannels"/>) and
/// the forward window starts <c>⌊f32(f32(o·(1 − co))·gw)⌋ mod Cin</c> (<see cref="DsxploreCudaForwardStart"/>).
/// Both are emulated here with explicit float32 rounding at every step, to report where DSXplore's CUDA
/// operator differs from the canonical one (e.g. co = 0.6, gw = 10: const_term = 3, canonical s = 4).
/// </para>
/// </summary>
internal sealed class SccOverlap : IEquatable<SccOverlap>
{
    private SccOverlap(int groupWidth, int overlapChannels, bool isIntegral, string? ratio, string? product, float dsxploreRatio)
    {
        GroupWidth = groupWidth;
        OverlapChannels = overlapChannels;
        IsIntegral = isIntegral;
        Ratio = ratio;
        Product = product;
        DsxploreRatio = dsxploreRatio;
        DsxploreCudaStrideChannels = CudaConstTerm(groupWidth, dsxploreRatio);
    }

    /// <summary>gw: channels each filter reads (Cin / cg).</summary>
    public int GroupWidth { get; }

    /// <summary>ov: channels shared by consecutive filters, in [0, gw].</summary>
    public int OverlapChannels { get; }

    /// <summary>s = gw − ov: channel stride between consecutive filters, in [0, gw].</summary>
    public int StrideChannels => GroupWidth - OverlapChannels;

    /// <summary>True when co·gw is an integer (always true when the overlap was given as a channel count).</summary>
    public bool IsIntegral { get; }

    /// <summary>True when the overlap was given as a fraction co (see <see cref="Ratio"/>).</summary>
    public bool IsFromRatio => Ratio != null;

    /// <summary>The exact decimal value of co that was used (invariant culture, e.g. "0.3"); null for a channel count.</summary>
    public string? Ratio { get; }

    /// <summary>The exact decimal value of co·gw (e.g. "1.5"), for diagnostics; null for a channel count.</summary>
    public string? Product { get; }

    /// <summary>The float32 co DSXplore's CUDA kernels would see ((float)co; for a channel count, (float)(ov / gw)).</summary>
    public float DsxploreRatio { get; }

    /// <summary>DSXplore's CUDA backward stride <c>const_term = ⌊f32(f32(1 − co)·f32(gw))⌋</c> (scc_cuda_kernel.cu L228).</summary>
    public int DsxploreCudaStrideChannels { get; }

    /// <summary>The overlap DSXplore's CUDA backward assumes: gw − const_term.</summary>
    public int DsxploreCudaOverlapChannels => GroupWidth - DsxploreCudaStrideChannels;

    /// <summary>True when DSXplore's CUDA stride (const_term) differs from the canonical stride s.</summary>
    public bool DsxploreCudaStrideDiffers => DsxploreCudaStrideChannels != StrideChannels;

    /// <summary>
    /// The first input channel DSXplore's CUDA forward gives filter <paramref name="filter"/>:
    /// <c>⌊f32(f32(f32(o)·f32(1 − co))·f32(gw))⌋ mod Cin</c> (scc_cuda_kernel.cu L121).
    /// </summary>
    public int DsxploreCudaForwardStart(int filter, int inChannels)
    {
        if (filter < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(filter));
        }

        if (inChannels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inChannels));
        }

        float oneMinus = (float)(1.0f - DsxploreRatio);
        float t = (float)((float)filter * oneMinus);
        t = (float)(t * (float)GroupWidth);
        long start = (long)Math.Floor(t);
        return (int)(start % inChannels);
    }

    /// <summary>
    /// True when DSXplore's CUDA forward reads the canonical windows <c>(o·s + j) mod Cin</c> for every filter
    /// o &lt; <paramref name="outChannels"/>. (Its two-range loop reads the window start..start+gw−1 mod Cin, so
    /// comparing starts is enough.)
    /// </summary>
    public bool DsxploreCudaForwardMatches(int inChannels, int outChannels)
    {
        if (inChannels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inChannels));
        }

        for (int o = 0; o < outChannels; o++)
        {
            long canonical = (long)o * StrideChannels % inChannels;
            if (DsxploreCudaForwardStart(o, inChannels) != canonical)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when DSXplore's CUDA input-centric backward computes the canonical gradients: its stride must be
    /// non-zero (else it divides by zero) and equal to s, and at most two filters may read any channel
    /// (min(Cout, ⌈gw/s⌉) ≤ 2, i.e. co ≤ 0.5 when Cout is large), since it visits only the first and the last
    /// covering filter (spec §3.2). The forward must match too (<see cref="DsxploreCudaForwardMatches"/>).
    /// </summary>
    public bool DsxploreCudaBackwardMatches(int inChannels, int outChannels)
    {
        int s = StrideChannels;
        if (DsxploreCudaStrideChannels <= 0 || DsxploreCudaStrideDiffers || s <= 0)
        {
            return false;
        }

        int maxCover = Math.Min(outChannels, (GroupWidth + s - 1) / s);
        return maxCover <= 2 && DsxploreCudaForwardMatches(inChannels, outChannels);
    }

    /// <summary>An overlap given as an exact channel count ov ∈ [0, gw].</summary>
    public static SccOverlap FromChannels(int groupWidth, int overlapChannels)
    {
        CheckGroupWidth(groupWidth);
        if (overlapChannels < 0 || overlapChannels > groupWidth)
        {
            throw new ArgumentOutOfRangeException(nameof(overlapChannels), overlapChannels, "The overlap must be in [0, gw].");
        }

        float dsx = (float)((double)overlapChannels / groupWidth);
        return new SccOverlap(groupWidth, overlapChannels, true, null, null, dsx);
    }

    /// <summary>An overlap given as a fraction co ∈ [0, 1]: ov = ⌊co·gw⌋ with co read as its shortest round-trip decimal.</summary>
    public static SccOverlap FromRatio(int groupWidth, double ratio)
    {
        CheckGroupWidth(groupWidth);
        CheckRatio(ratio);
        ShortestDecimal(ratio, out BigInteger digits, out int exponent);
        return FromDecimal(groupWidth, digits, exponent, (float)ratio);
    }

    /// <summary>An overlap given as a float32 fraction co ∈ [0, 1]: co is read as its shortest float32 round-trip decimal (0.3f → 0.3).</summary>
    public static SccOverlap FromRatio(int groupWidth, float ratio)
    {
        CheckGroupWidth(groupWidth);
        CheckRatio(ratio);
        ShortestDecimal(ratio, out BigInteger digits, out int exponent);
        return FromDecimal(groupWidth, digits, exponent, ratio);
    }

    /// <summary>An overlap given as an exact decimal fraction co ∈ [0, 1].</summary>
    public static SccOverlap FromRatio(int groupWidth, decimal ratio)
    {
        CheckGroupWidth(groupWidth);
        if (ratio < 0m || ratio > 1m)
        {
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "The overlap ratio must be in [0, 1].");
        }

        int[] bits = decimal.GetBits(ratio);
        BigInteger digits = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        int scale = (bits[3] >> 16) & 0xFF;
        return FromDecimal(groupWidth, digits, -scale, (float)(double)ratio);
    }

    /// <summary>Like <see cref="FromRatio(int, double)"/>, but reports invalid input as a message instead of throwing.</summary>
    public static bool TryFromRatio(int groupWidth, double ratio, out SccOverlap? overlap, out string? error)
    {
        overlap = null;
        error = null;
        if (groupWidth < 1)
        {
            error = "The group width gw = Cin / cg must be at least 1.";
            return false;
        }

        if (double.IsNaN(ratio) || ratio < 0.0 || ratio > 1.0)
        {
            error = "The overlap ratio must be in [0, 1], got " + ratio.ToString("R", CultureInfo.InvariantCulture) + ".";
            return false;
        }

        overlap = FromRatio(groupWidth, ratio);
        return true;
    }

    /// <summary>Like <see cref="FromChannels"/>, but reports invalid input as a message instead of throwing.</summary>
    public static bool TryFromChannels(int groupWidth, int overlapChannels, out SccOverlap? overlap, out string? error)
    {
        overlap = null;
        error = null;
        if (groupWidth < 1)
        {
            error = "The group width gw = Cin / cg must be at least 1.";
            return false;
        }

        if (overlapChannels < 0 || overlapChannels > groupWidth)
        {
            error = "The overlap must be in [0, gw] = [0, " + groupWidth.ToString(CultureInfo.InvariantCulture) + "] channels, got "
                + overlapChannels.ToString(CultureInfo.InvariantCulture) + ".";
            return false;
        }

        overlap = FromChannels(groupWidth, overlapChannels);
        return true;
    }

    /// <summary>DSXplore's const_term = ⌊f32(f32(1 − co)·f32(gw))⌋, with float32 rounding after every operation.</summary>
    internal static int CudaConstTerm(int groupWidth, float ratio)
    {
        float oneMinus = (float)(1.0f - ratio);
        float t = (float)(oneMinus * (float)groupWidth);
        return (int)Math.Floor(t);
    }

    /// <inheritdoc />
    public bool Equals(SccOverlap? other)
    {
        if (other is null)
        {
            return false;
        }

        return GroupWidth == other.GroupWidth
            && OverlapChannels == other.OverlapChannels
            && IsIntegral == other.IsIntegral
            && string.Equals(Ratio, other.Ratio, StringComparison.Ordinal)
            && DsxploreRatio.Equals(other.DsxploreRatio);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SccOverlap);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        unchecked
        {
            int h = 17;
            h = (h * 31) + GroupWidth;
            h = (h * 31) + OverlapChannels;
            h = (h * 31) + (IsIntegral ? 1 : 0);
            h = (h * 31) + (Ratio == null ? 0 : StringComparer.Ordinal.GetHashCode(Ratio));
            h = (h * 31) + DsxploreRatio.GetHashCode();
            return h;
        }
    }

    /// <inheritdoc />
    public override string ToString()
    {
        string text = "gw=" + GroupWidth.ToString(CultureInfo.InvariantCulture)
            + " ov=" + OverlapChannels.ToString(CultureInfo.InvariantCulture)
            + " s=" + StrideChannels.ToString(CultureInfo.InvariantCulture);
        return Ratio == null ? text : text + " (co=" + Ratio + ", co*gw=" + Product + ")";
    }

    private static SccOverlap FromDecimal(int groupWidth, BigInteger digits, int exponent, float dsxploreRatio)
    {
        // value = digits * 10^exponent; product = value * gw; ov = floor(product).
        Normalize(ref digits, ref exponent);
        BigInteger productDigits = digits * groupWidth;
        int productExponent = exponent;
        Normalize(ref productDigits, ref productExponent);

        BigInteger floor;
        bool integral;
        if (productExponent >= 0)
        {
            floor = productDigits * BigInteger.Pow(10, productExponent);
            integral = true;
        }
        else
        {
            floor = BigInteger.DivRem(productDigits, BigInteger.Pow(10, -productExponent), out BigInteger remainder);
            integral = remainder.IsZero;
        }

        if (floor < 0 || floor > groupWidth)
        {
            throw new ArgumentOutOfRangeException("ratio", "The overlap ratio must be in [0, 1].");
        }

        return new SccOverlap(
            groupWidth,
            (int)floor,
            integral,
            FormatDecimal(digits, exponent),
            FormatDecimal(productDigits, productExponent),
            dsxploreRatio);
    }

    private static void CheckGroupWidth(int groupWidth)
    {
        if (groupWidth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(groupWidth), groupWidth, "The group width gw = Cin / cg must be at least 1.");
        }
    }

    private static void CheckRatio(double ratio)
    {
        if (double.IsNaN(ratio) || ratio < 0.0 || ratio > 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "The overlap ratio must be in [0, 1].");
        }
    }

    // ---- shortest round-trip decimal, exact (framework-independent) ------------------------------------------

    private static void ShortestDecimal(double value, out BigInteger digits, out int exponent)
    {
        long bits = BitConverter.DoubleToInt64Bits(value) & long.MaxValue; // -0.0 -> 0.0; value >= 0 checked before
        int biased = (int)(bits >> 52);
        long fraction = bits & ((1L << 52) - 1);
        if (biased == 0 && fraction == 0)
        {
            digits = BigInteger.Zero;
            exponent = 0;
            return;
        }

        long mantissa = biased == 0 ? fraction : fraction | (1L << 52);
        int binaryExponent = biased == 0 ? -1074 : biased - 1075;
        bool narrowBelow = fraction == 0 && biased > 1;
        Shortest(mantissa, binaryExponent, narrowBelow, out digits, out exponent);
    }

    private static void ShortestDecimal(float value, out BigInteger digits, out int exponent)
    {
        int bits = SingleToInt32Bits(value) & int.MaxValue;
        int biased = bits >> 23;
        int fraction = bits & ((1 << 23) - 1);
        if (biased == 0 && fraction == 0)
        {
            digits = BigInteger.Zero;
            exponent = 0;
            return;
        }

        long mantissa = biased == 0 ? fraction : fraction | (1 << 23);
        int binaryExponent = biased == 0 ? -149 : biased - 150;
        bool narrowBelow = fraction == 0 && biased > 1;
        Shortest(mantissa, binaryExponent, narrowBelow, out digits, out exponent);
    }

    private static int SingleToInt32Bits(float value) => BitConverter.ToInt32(BitConverter.GetBytes(value), 0);

    /// <summary>
    /// Shortest decimal digits·10^exponent inside the round-to-nearest-even interval of mantissa·2^binaryExponent;
    /// among the shortest, the one closest to the binary value (David Gay's "mode 0", as Python's repr).
    /// All quantities are rationals num/den with a common power-of-two-and-ten denominator.
    /// </summary>
    private static void Shortest(long mantissa, int binaryExponent, bool narrowBelow, out BigInteger digits, out int exponent)
    {
        // Scale everything by 2^(2 - binaryExponent) (or keep integers) so that the value and both half-gaps are integers:
        // value = 4m, upper half-gap = 2, lower half-gap = 1 or 2, all over den = 2^(2 - binaryExponent).
        BigInteger den = binaryExponent >= 2 ? BigInteger.One : BigInteger.Pow(2, 2 - binaryExponent);
        BigInteger mul = binaryExponent >= 2 ? BigInteger.Pow(2, binaryExponent - 2) : BigInteger.One;
        BigInteger value = 4 * (BigInteger)mantissa * mul;
        BigInteger high = value + (2 * mul);
        BigInteger low = value - ((narrowBelow ? 1 : 2) * mul);
        bool inclusive = (mantissa & 1) == 0;

        // Decimal exponent k with 10^(k-1) <= value/den < 10^k.
        int k = 0;
        while (Compare(value, den, k) >= 0)
        {
            k++;
        }

        while (Compare(value, den, k - 1) < 0)
        {
            k--;
        }

        for (int precision = 1; ; precision++)
        {
            int e = k - precision;

            // q = floor(value / (den * 10^e)).
            BigInteger q = e >= 0
                ? BigInteger.Divide(value, den * BigInteger.Pow(10, e))
                : BigInteger.Divide(value * BigInteger.Pow(10, -e), den);

            bool found = false;
            BigInteger best = BigInteger.Zero;
            BigInteger bestDistance = BigInteger.Zero;
            for (int c = 0; c < 2; c++)
            {
                BigInteger candidate = q + c;

                // candidate * 10^e in units of 1/den, scaled by 10^max(0,-e) on both sides to stay integral.
                BigInteger scaledCandidate;
                BigInteger scale;
                if (e >= 0)
                {
                    scaledCandidate = candidate * BigInteger.Pow(10, e) * den;
                    scale = BigInteger.One;
                }
                else
                {
                    scaledCandidate = candidate * den;
                    scale = BigInteger.Pow(10, -e);
                }

                BigInteger lo = low * scale;
                BigInteger hi = high * scale;
                bool inside = inclusive
                    ? scaledCandidate >= lo && scaledCandidate <= hi
                    : scaledCandidate > lo && scaledCandidate < hi;
                if (!inside)
                {
                    continue;
                }

                BigInteger distance = BigInteger.Abs(scaledCandidate - (value * scale));
                if (!found || distance < bestDistance || (distance == bestDistance && candidate.IsEven))
                {
                    found = true;
                    best = candidate;
                    bestDistance = distance;
                }
            }

            if (found)
            {
                digits = best;
                exponent = e;
                Normalize(ref digits, ref exponent);
                return;
            }
        }
    }

    /// <summary>Compares value/den with 10^power.</summary>
    private static int Compare(BigInteger value, BigInteger den, int power)
    {
        return power >= 0
            ? value.CompareTo(den * BigInteger.Pow(10, power))
            : (value * BigInteger.Pow(10, -power)).CompareTo(den);
    }

    private static void Normalize(ref BigInteger digits, ref int exponent)
    {
        if (digits.IsZero)
        {
            exponent = 0;
            return;
        }

        while ((digits % 10).IsZero)
        {
            digits /= 10;
            exponent++;
        }
    }

    private static string FormatDecimal(BigInteger digits, int exponent)
    {
        if (digits.IsZero)
        {
            return "0";
        }

        string text = digits.ToString(CultureInfo.InvariantCulture);
        if (exponent >= 0)
        {
            return text + new string('0', exponent);
        }

        int point = text.Length + exponent;
        return point > 0
            ? text.Substring(0, point) + "." + text.Substring(point)
            : "0." + new string('0', -point) + text;
    }
}
