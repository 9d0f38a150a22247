using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ConvGen;

/// <summary>
/// The backward step of an activation fused into a forward kernel, for training: backward kernels take no activation
/// (CNVG0124), so the gradient with respect to the activation's output must first be multiplied by the activation's
/// derivative. For the activations whose derivative is a function of their output, this computes it from the forward
/// output the layer wrote, so nothing else needs keeping: <c>gradient[i] *= f′(x[i])</c>, with f′(x) written in terms
/// of y = f(x), in place.
/// </summary>
/// <remarks>
/// <para>The derivatives, for the output y, with PyTorch's choices at the kinks and for NaN (the backward of
/// <c>relu</c>, <c>hardtanh</c>, <c>leaky_relu</c>, <c>sigmoid</c>, <c>tanh</c> and <c>hardsigmoid</c>):</para>
/// <list type="bullet">
/// <item><see cref="Activation.None"/>: 1 (the gradient is left as it is).</item>
/// <item><see cref="Activation.Relu"/>: 0 where y ≤ 0, else 1 (so +∞ and NaN pass the gradient, as in PyTorch's <c>threshold_backward</c>).</item>
/// <item><see cref="Activation.Relu6"/>: 0 where y ≤ 0 or y ≥ 6, else 1.</item>
/// <item><see cref="Activation.LeakyRelu"/>: 1 where y &gt; 0, else the slope (y &gt; 0 exactly where x &gt; 0, for slopes in
/// [0, 1]; a slope of 0 is <see cref="Activation.Relu"/>, as in the kernels).</item>
/// <item><see cref="Activation.Sigmoid"/>: y·(1 − y).</item>
/// <item><see cref="Activation.Tanh"/>: 1 − y².</item>
/// <item><see cref="Activation.HardSigmoid"/>: 1/6 where 0 &lt; y &lt; 1, else 0 (the gradient times <c>1f / 6</c>, as
/// PyTorch computes it). The interval is decided on the rounded output: just below x = 3, where x + 3 rounds to 6,
/// y is 1 and the gradient 0 (PyTorch, deciding on x, passes it there).</item>
/// </list>
/// <para><see cref="Activation.Silu"/>, <see cref="Activation.HardSwish"/> and <see cref="Activation.Gelu"/> are not
/// monotonic, so their output does not determine their input (y = −0.2 has two preimages under SiLU, with different
/// slopes): train those layers with <c>Activation = None</c> in the forward kernel, keep its output (the
/// pre-activation), and apply the activation and its derivative to it in your own code.</para>
/// <para>Where a piecewise activation's derivative is 0 the gradient becomes 0 whatever it held (selected, not
/// multiplied, as in PyTorch: an infinite gradient does not become NaN); the sigmoid and tanh multiply, as PyTorch's
/// do. The arithmetic is the same on every vector width and in the scalar remainder, so results do not depend on the
/// hardware.</para>
/// </remarks>
public static class ActivationGradient
{
    /// <summary>Whether <see cref="FromOutput"/> takes <paramref name="activation"/>: every activation but SiLU, HardSwish and GELU.</summary>
    public static bool IsComputableFromOutput(Activation activation) => activation switch
    {
        Activation.None or Activation.Relu or Activation.Relu6 or Activation.LeakyRelu or Activation.Sigmoid or Activation.Tanh or Activation.HardSigmoid => true,
        _ => false,
    };

    /// <summary>
    /// Multiplies <paramref name="gradient"/> (the loss's gradient with respect to the layer's activated output) in place
    /// by the derivative of <paramref name="activation"/>, computed from <paramref name="output"/>, the activated output
    /// the forward kernel wrote; the result is the gradient to pass to the layer's backward kernels as <c>gradOutput</c>.
    /// </summary>
    /// <param name="activation">The forward kernel's <c>Activation</c>.</param>
    /// <param name="output">The forward kernel's output, element for element with <paramref name="gradient"/>.</param>
    /// <param name="gradient">Overwritten with itself times the derivative.</param>
    /// <param name="negativeSlope">The forward kernel's <c>NegativeSlope</c>, for <see cref="Activation.LeakyRelu"/> (in [0, 1]; ignored otherwise).</param>
    /// <exception cref="ArgumentException">The spans differ in length or overlap, or the activation's derivative cannot be computed from its output (SiLU, HardSwish, GELU).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="activation"/> is not an <see cref="Activation"/>, or the slope of a leaky ReLU is outside [0, 1].</exception>
    public static void FromOutput(Activation activation, ReadOnlySpan<float> output, Span<float> gradient, float negativeSlope = 0.01f)
    {
        if (!Enum.IsDefined(activation))
        {
            throw new ArgumentOutOfRangeException(nameof(activation), activation, "Not an Activation value.");
        }
        if (!IsComputableFromOutput(activation))
        {
            throw new ArgumentException(
                $"The derivative of {activation} cannot be computed from its output (the activation is not monotonic, so an output has two inputs with different slopes). Train the layer with Activation = None in the forward kernel, keep its output, and apply {activation} and its derivative to that in your own code.",
                nameof(activation));
        }
        if (output.Length != gradient.Length)
        {
            throw new ArgumentException(
                $"'{nameof(gradient)}' has {gradient.Length} elements but '{nameof(output)}' has {output.Length}; they must match element for element.",
                nameof(gradient));
        }
        if (gradient.Overlaps(output))
        {
            throw new ArgumentException($"'{nameof(gradient)}' overlaps '{nameof(output)}'; it is overwritten while the output is read, so they must be separate buffers.", nameof(gradient));
        }
        if (activation == Activation.LeakyRelu && !(negativeSlope >= 0 && negativeSlope <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, "A leaky ReLU's slope must be in [0, 1], as the attribute's NegativeSlope.");
        }
        switch (activation)
        {
            case Activation.Relu:
            case Activation.LeakyRelu when negativeSlope == 0f:
                Apply(new ZeroOutside(0f, float.NaN), output, gradient);
                break;
            case Activation.Relu6:
                Apply(new ZeroOutside(0f, 6f), output, gradient);
                break;
            case Activation.LeakyRelu:
                Apply(new Leaky(negativeSlope), output, gradient);
                break;
            case Activation.HardSigmoid:
                Apply(new HardSigmoid(), output, gradient);
                break;
            case Activation.Sigmoid:
                Apply(new Sigmoid(), output, gradient);
                break;
            case Activation.Tanh:
                Apply(new Tanh(), output, gradient);
                break;
        }
    }

    /// <summary>One activation's backward step, g·f′ written in terms of the output y, on a vector and on one element (the same arithmetic).</summary>
    private interface IDerivative
    {
        Vector<float> Apply(Vector<float> y, Vector<float> g);

        float Apply(float y, float g);
    }

    /// <summary>gradient[i] = d.Apply(output[i], gradient[i]): whole vectors, then the remainder one element at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Apply<TDerivative>(TDerivative derivative, ReadOnlySpan<float> output, Span<float> gradient)
        where TDerivative : struct, IDerivative
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= gradient.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                derivative.Apply(new Vector<float>(output.Slice(i)), new Vector<float>(gradient.Slice(i))).CopyTo(gradient.Slice(i));
            }
        }
        for (; i < gradient.Length; i++)
        {
            gradient[i] = derivative.Apply(output[i], gradient[i]);
        }
    }

    /// <summary>
    /// 0 where y ≤ low or y ≥ high (NaN: no upper bound), else the gradient as it is: selected, not multiplied, so an
    /// infinite or NaN gradient there gives 0, and a NaN output passes it.
    /// </summary>
    private readonly struct ZeroOutside : IDerivative
    {
        private readonly float _low, _high;
        private readonly Vector<float> _lows, _highs;

        public ZeroOutside(float low, float high)
        {
            (_low, _high) = (low, high);
            (_lows, _highs) = (new Vector<float>(low), new Vector<float>(high));
        }

        public Vector<float> Apply(Vector<float> y, Vector<float> g) =>
            Vector.ConditionalSelect(Vector.LessThanOrEqual(y, _lows) | Vector.GreaterThanOrEqual(y, _highs), Vector<float>.Zero, g);

        public float Apply(float y, float g) => y <= _low || y >= _high ? 0f : g;
    }

    /// <summary>The gradient where y &gt; 0, else the gradient times the slope (also where y is NaN).</summary>
    private readonly struct Leaky : IDerivative
    {
        private readonly float _slope;
        private readonly Vector<float> _slopes;

        public Leaky(float slope) => (_slope, _slopes) = (slope, new Vector<float>(slope));

        public Vector<float> Apply(Vector<float> y, Vector<float> g) => Vector.ConditionalSelect(Vector.GreaterThan(y, Vector<float>.Zero), g, g * _slopes);

        public float Apply(float y, float g) => y > 0f ? g : g * _slope;
    }

    /// <summary>g·(1f / 6) where 0 &lt; y &lt; 1, else 0 (PyTorch's <c>hardsigmoid_backward</c> multiplies by its float one-sixth).</summary>
    private readonly struct HardSigmoid : IDerivative
    {
        private const float OneSixth = 1f / 6;

        public Vector<float> Apply(Vector<float> y, Vector<float> g) =>
            Vector.ConditionalSelect(Vector.GreaterThan(y, Vector<float>.Zero) & Vector.LessThan(y, Vector<float>.One), g * new Vector<float>(OneSixth), Vector<float>.Zero);

        public float Apply(float y, float g) => y > 0f && y < 1f ? g * OneSixth : 0f;
    }

    /// <summary>g·(y·(1 − y)).</summary>
    private readonly struct Sigmoid : IDerivative
    {
        public Vector<float> Apply(Vector<float> y, Vector<float> g) => g * (y * (Vector<float>.One - y));

        public float Apply(float y, float g) => g * (y * (1f - y));
    }

    /// <summary>g·(1 − y·y).</summary>
    private readonly struct Tanh : IDerivative
    {
        public Vector<float> Apply(Vector<float> y, Vector<float> g) => g * (Vector<float>.One - y * y);

        public float Apply(float y, float g) => g * (1f - y * y);
    }
}
