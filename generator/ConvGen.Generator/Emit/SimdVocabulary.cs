using System.Collections.Generic;
using System.Linq;

namespace ConvGen.Generator.Emit;

/// <summary>
/// The one place that maps the abstract operations of a tile (load, broadcast, multiply-add, store, clamp) to C#
/// text for Vector256, Vector128 or scalar float. Emitters never write an intrinsic name themselves.
/// </summary>
internal sealed class SimdVocabulary
{
    public static readonly SimdVocabulary Vector512 = new(16, "Vector512");
    public static readonly SimdVocabulary Vector256 = new(8, "Vector256");
    public static readonly SimdVocabulary Vector128 = new(4, "Vector128");
    public static readonly SimdVocabulary Scalar = new(1, null);

    private readonly string? _vector;

    private SimdVocabulary(int lanes, string? vector)
    {
        Lanes = lanes;
        _vector = vector;
    }

    public int Lanes { get; }

    /// <summary>The paths every kernel has a method for, widest first. Kernels whose plan has a Vector512 tile add <see cref="Vector512"/> in front.</summary>
    public static readonly SimdVocabulary[] All = { Vector256, Vector128, Scalar };

    /// <summary><see cref="All"/> with <see cref="Vector512"/> in front.</summary>
    public static readonly SimdVocabulary[] WithVector512 = { Vector512, Vector256, Vector128, Scalar };

    /// <summary>The paths of a kernel that has a Vector512 method exactly when <paramref name="vector512"/>, widest first.</summary>
    public static IReadOnlyList<SimdVocabulary> PathsFor(bool vector512) => vector512 ? WithVector512 : All;

    /// <summary>
    /// The paths of a plan that chose a tile per instruction set, widest first: each (vocabulary, tile) whose tile is
    /// not null. A plan has a Vector512 tile where AVX-512's 32 registers and 16 lanes pay.
    /// </summary>
    public static IEnumerable<(SimdVocabulary Simd, T Tile)> Paths<T>(T? vector512, T? vector256, T? vector128, T? scalar)
        where T : class
    {
        var tiles = new[] { vector512, vector256, vector128, scalar };
        var paths = new[] { Vector512, Vector256, Vector128, Scalar };
        for (int i = 0; i < paths.Length; i++)
        {
            if (tiles[i] is { } tile)
            {
                yield return (paths[i], tile);
            }
        }
    }

    /// <summary>
    /// Lines calling <c>{method}512</c>, <c>{method}256</c>, … or <c>{method}Scalar</c> with <paramref name="arguments"/>,
    /// over <paramref name="paths"/> (widest first, the scalar path last): whichever path this process runs (the JIT
    /// folds the IsHardwareAccelerated checks).
    /// </summary>
    public static IEnumerable<string> Dispatch(string method, string arguments, IReadOnlyList<SimdVocabulary> paths) =>
        DispatchLines(paths, simd => $"{method}{simd.Suffix}({arguments});", braces: false);

    /// <summary>
    /// <see cref="Dispatch"/> for arbitrary statements: <paramref name="statement"/> of each of <paramref name="paths"/>
    /// (widest first, the scalar path last) behind its folded IsHardwareAccelerated check, each in braces when
    /// <paramref name="braces"/>. A single (scalar) path is the bare statement.
    /// </summary>
    public static IEnumerable<string> DispatchLines(IEnumerable<SimdVocabulary> paths, System.Func<SimdVocabulary, string> statement, bool braces)
    {
        string prefix = "";
        foreach (SimdVocabulary simd in paths)
        {
            string header = simd.IsAccelerated is { } guard ? $"{prefix}if ({guard})" : prefix.Length == 0 ? "" : "else";
            prefix = "else ";
            if (header.Length == 0)
            {
                yield return statement(simd);
            }
            else if (braces)
            {
                yield return header;
                yield return "{";
                yield return "    " + statement(simd);
                yield return "}";
            }
            else
            {
                yield return $"{header} {statement(simd)}";
            }
        }
    }

    /// <summary>
    /// An expression choosing <paramref name="value"/> of the widest accelerated path among <paramref name="paths"/>
    /// (widest first, the scalar path last); the JIT folds the checks.
    /// </summary>
    public static string Pick(IReadOnlyList<SimdVocabulary> paths, System.Func<SimdVocabulary, string> value)
    {
        string text = value(paths[paths.Count - 1]);
        for (int i = paths.Count - 2; i >= 0; i--)
        {
            text = $"{paths[i].IsAccelerated} ? {value(paths[i])} : {text}";
        }
        return text;
    }

    /// <summary>Suffix for method names: 512, 256, 128 or Scalar.</summary>
    public string Suffix => _vector is null ? "Scalar" : _vector.Substring("Vector".Length);

    /// <summary>The path's name for doc comments: "Vector512 path (AVX-512)", "Vector256 path (AVX2/FMA)", "Vector128 path (SSE/NEON/WASM SIMD)" or "Scalar path".</summary>
    public string PathName => Lanes switch
    {
        16 => "Vector512 path (AVX-512)",
        8 => "Vector256 path (AVX2/FMA)",
        4 => "Vector128 path (SSE/NEON/WASM SIMD)",
        _ => "Scalar path",
    };

    public string Type => _vector is null ? "float" : _vector + "<float>";

    /// <summary>The vector class (<c>Vector256</c>, …), or null on the scalar path.</summary>
    public string? VectorName => _vector;

    /// <summary>The guard that selects this path; the JIT folds it to a constant.</summary>
    public string? IsAccelerated => _vector is null ? null : _vector + ".IsHardwareAccelerated";

    public string Zero => _vector is null ? "0f" : _vector + "<float>.Zero";

    public string Broadcast(string scalar) => _vector is null ? scalar : $"{_vector}.Create({scalar})";

    /// <summary>A load at a constant element offset, which may be negative (a vector load then starts from <c>Unsafe.Subtract</c>).</summary>
    public string Load(string reference, int offset) =>
        _vector is null ? $"Unsafe.Add(ref {reference}, {offset})"
        : offset < 0 ? $"{_vector}.LoadUnsafe(ref Unsafe.Subtract(ref {reference}, {-offset}))"
        : $"{_vector}.LoadUnsafe(ref {reference}, {offset})";

    /// <summary>A vector holding <paramref name="scalar"/> in lane 0 and zeros elsewhere (the scalar itself on the scalar path).</summary>
    public string CreateScalar(string scalar) => _vector is null ? scalar : $"{_vector}.CreateScalar({scalar})";

    /// <summary>A load at an element offset given as an expression (a non-negative int or nuint).</summary>
    public string Load(string reference, string offset) =>
        _vector is null ? $"Unsafe.Add(ref {reference}, {offset})" : $"{_vector}.LoadUnsafe(ref {reference}, (nuint)({offset}))";

    /// <summary>acc + a·b: one fused multiply-add where the hardware has it.</summary>
    public string MultiplyAdd(string a, string b, string accumulator) =>
        _vector is null ? $"{accumulator} + {a} * {b}" : $"{_vector}.MultiplyAddEstimate({a}, {b}, {accumulator})";

    public string Store(string value, string reference, int offset) =>
        _vector is null ? $"Unsafe.Add(ref {reference}, {offset}) = {value};" : $"{value}.StoreUnsafe(ref {reference}, {offset});";

    /// <summary>The x86 intrinsics namespace, fully qualified: generated files import no X86 namespace.</summary>
    public const string X86 = "global::System.Runtime.Intrinsics.X86";

    /// <summary>The condition under which a kernel takes a path written with AVX2 intrinsics (the JIT folds it).</summary>
    public const string Avx2Condition = X86 + ".Avx2.IsSupported && Vector256.IsHardwareAccelerated";

    /// <summary>The AVX-512 foundation class, fully qualified: generated files import no X86 namespace.</summary>
    public const string Avx512F = "global::System.Runtime.Intrinsics.X86.Avx512F";

    /// <summary>The condition under which a kernel takes a path written with <see cref="Avx512F"/> intrinsics.</summary>
    public const string Avx512Condition = Avx512F + ".IsSupported && Vector512.IsHardwareAccelerated";

    /// <summary>How an epilogue comment names its work: "ReLU, then store", "SiLU, then store" or "Store".</summary>
    public static string StoreVerb(Model.FusedActivation activation) =>
        Model.ActivationNames.Display(activation.Kind) is string name ? name + ", then store" : "Store";

    /// <summary>
    /// Statements storing the activated accumulators at their offsets in order, each as a whole vector whose lanes past
    /// its rows spill into the next store's (which overwrites them), the last one at exactly <paramref name="lastCount"/>
    /// lanes so nothing is written past it. A store whose whole vector would still reach past that end (the last
    /// vector is short and starts less than a vector after it) is cut at the end too: its spill would land in the
    /// next channel's plane, which another thread may be writing, or past the output span.
    /// </summary>
    public IEnumerable<string> StoreInOrder(IReadOnlyList<(string Accumulator, int Offset)> stores, string reference, Model.FusedActivation activation, int lastCount)
    {
        int end = stores[stores.Count - 1].Offset + lastCount;
        for (int i = 0; i < stores.Count; i++)
        {
            (string accumulator, int offset) = stores[i];
            string value = Activate(accumulator, activation);
            int count = System.Math.Min(Lanes, end - offset);
            if (i < stores.Count - 1 && count < Lanes)
            {
                yield return $"// {accumulator}: its first {count} lanes only, since a whole vector would reach past the last row.";
            }
            yield return count == Lanes
                ? Store(value, reference, offset)
                : (value == accumulator ? "" : $"{accumulator} = {value}; ") + StoreFirst(accumulator, reference, offset, count);
        }
    }

    /// <summary>
    /// Stores only the first <paramref name="count"/> lanes of the variable <paramref name="value"/>: from half a vector
    /// up, the lower half, then the last half-vector of lanes shifted down and stored overlapping it; below half a
    /// vector, lane by lane.
    /// </summary>
    public string StoreFirst(string value, string reference, int offset, int count)
    {
        if (_vector is null || count == Lanes)
        {
            return Store(value, reference, offset);
        }
        int half = Lanes / 2;
        if (count < half)
        {
            return string.Join(" ", Enumerable.Range(0, count).Select(i => $"Unsafe.Add(ref {reference}, {offset + i}) = {Element(value, i)};"));
        }
        string lower = $"{value}.GetLower().StoreUnsafe(ref {reference}, {offset});";
        if (count == half)
        {
            return lower;
        }
        string indices = string.Join(", ", Enumerable.Range(count - half, half).Concat(Enumerable.Repeat(0, Lanes - half)));
        return $"{lower} {_vector}.Shuffle({value}, {_vector}.Create({indices})).GetLower().StoreUnsafe(ref {reference}, {offset + count - half});";
    }

    /// <summary>
    /// Statements storing the horizontal sums of 8 Vector256 or Vector512 accumulators as 8 consecutive floats: on x86
    /// three rounds of pairwise adds (hadd, hadd, a 128-bit lane swap) instead of 8 separate reductions, Vector512
    /// accumulators first folded to their halves' sum; elsewhere 8 <see cref="Sum"/>s. Null on the other paths, which
    /// reduce one accumulator at a time.
    /// </summary>
    public IReadOnlyList<string>? StoreSums8(IReadOnlyList<string> accumulators, string reference, int offset)
    {
        if ((Lanes != 8 && Lanes != 16) || accumulators.Count != 8)
        {
            return null;
        }
        const string avx = "global::System.Runtime.Intrinsics.X86.Avx";
        // Sixteen lanes fold each accumulator's halves into a Vector256 first.
        string a(int i) => Lanes == 16 ? $"halves{i}" : accumulators[i];
        var lines = new List<string> { $"if ({avx}.IsSupported)", "{" };
        if (Lanes == 16)
        {
            lines.Add("    Vector256<float> " + string.Join(", ", Enumerable.Range(0, 8).Select(i => $"{a(i)} = {accumulators[i]}.GetLower() + {accumulators[i]}.GetUpper()")) + ";");
        }
        lines.Add($"    Vector256<float> pairs01 = {avx}.HorizontalAdd({a(0)}, {a(1)}), pairs23 = {avx}.HorizontalAdd({a(2)}, {a(3)}), pairs45 = {avx}.HorizontalAdd({a(4)}, {a(5)}), pairs67 = {avx}.HorizontalAdd({a(6)}, {a(7)});");
        lines.Add($"    Vector256<float> quads0123 = {avx}.HorizontalAdd(pairs01, pairs23), quads4567 = {avx}.HorizontalAdd(pairs45, pairs67);");
        lines.Add($"    ({avx}.Permute2x128(quads0123, quads4567, 0x20) + {avx}.Permute2x128(quads0123, quads4567, 0x31)).StoreUnsafe(ref {reference}, {offset});");
        lines.Add("}");
        lines.Add("else");
        lines.Add("{");
        lines.Add("    " + string.Join(" ", Enumerable.Range(0, 8).Select(i => $"Unsafe.Add(ref {reference}, {offset + i}) = {Sum(accumulators[i])};")));
        lines.Add("}");
        return lines;
    }

    /// <summary>Stores at an offset given as an expression (it must be a non-negative int).</summary>
    public string Store(string value, string reference, string offset) =>
        _vector is null ? $"Unsafe.Add(ref {reference}, {offset}) = {value};" : $"{value}.StoreUnsafe(ref {reference}, (nuint)({offset}));";

    /// <summary>Lane <paramref name="lane"/> of <paramref name="value"/> as a float (the value itself on the scalar path).</summary>
    public string Element(string value, int lane) => _vector is null ? value : $"{value}.GetElement({lane})";

    public string Max(string a, string b) => _vector is null ? $"MathF.Max({a}, {b})" : $"{_vector}.Max({a}, {b})";

    public string Min(string a, string b) => _vector is null ? $"MathF.Min({a}, {b})" : $"{_vector}.Min({a}, {b})";

    /// <summary>The sum of the lanes (a fixed, deterministic order), as a float.</summary>
    public string Sum(string value) => _vector switch
    {
        null => value,
        // Vector512.Sum reduces each 256-bit half on its own (some twenty shuffles and adds); folding the halves first halves that.
        "Vector512" => $"Vector256.Sum({value}.GetLower() + {value}.GetUpper())",
        // Likewise Vector256.Sum reduces each 128-bit half on its own (ten instructions against six).
        "Vector256" => $"Vector128.Sum({value}.GetLower() + {value}.GetUpper())",
        _ => $"{_vector}.Sum({value})",
    };

    public string Constant(float value) => Broadcast(Literal.Float(value));

    /// <summary>
    /// The fused activation applied to <paramref name="value"/>: max(x, 0) for ReLU, min(max(x, 0), 6) for ReLU6, and for
    /// the hard sigmoid, hard swish and leaky ReLU a call of the runtime's <c>KernelActivations</c> (inlined, so that
    /// <paramref name="value"/>, which may be an expression, is computed once; overloads for each width and float). The
    /// sigmoid, tanh, SiLU and GELU are never fused (<see cref="Model.FusedActivation"/>): asking for one of them is a
    /// generator bug, reported as CNVG0900.
    /// </summary>
    public string Activate(string value, Model.FusedActivation activation) => activation.Kind switch
    {
        Model.ActivationKind.None => value,
        Model.ActivationKind.Relu => Max(value, Zero),
        Model.ActivationKind.Relu6 => Min(Max(value, Zero), Constant(6f)),
        Model.ActivationKind.HardSigmoid or Model.ActivationKind.HardSwish => $"KernelActivations.{activation.Kind}({value})",
        Model.ActivationKind.LeakyRelu => $"KernelActivations.LeakyRelu({value}, {Literal.Float(activation.NegativeSlope)})",
        _ => throw new System.InvalidOperationException($"The {activation.Kind} activation runs as a pass over the output and is never fused into a kernel's stores."),
    };
}
