namespace ConvGen;

/// <summary>
/// Element-wise activation applied to a generated kernel's output, after the bias. ReLU, ReLU6, the leaky ReLU and the
/// hard ones are fused into the kernel's stores; the sigmoid, tanh, SiLU and GELU compute an exponential (about 20
/// vector instructions a vector, within 6·2^-24 relative of the exact value; GELU about three times the work, within
/// 8·2^-24) in a pass over the output after the kernel, split across threads, so that their constants do not take
/// registers from the kernel's tiles.
/// </summary>
public enum Activation
{
    /// <summary>Identity.</summary>
    None = 0,
    /// <summary><c>max(x, 0)</c>.</summary>
    Relu = 1,
    /// <summary><c>min(max(x, 0), 6)</c>, as in MobileNet.</summary>
    Relu6 = 2,
    /// <summary><c>1 / (1 + e^−x)</c>.</summary>
    Sigmoid = 3,
    /// <summary><c>tanh(x)</c>, as in the last layer of a DCGAN generator.</summary>
    Tanh = 4,
    /// <summary><c>x·σ(x)</c> (SiLU, also called swish), as in EfficientNet and YOLOv5.</summary>
    Silu = 5,
    /// <summary><c>min(max(x + 3, 0), 6) / 6</c>, as in MobileNetV3 (PyTorch's <c>Hardsigmoid</c>).</summary>
    HardSigmoid = 6,
    /// <summary><c>x·min(max(x + 3, 0), 6) / 6</c>, as in MobileNetV3 (PyTorch's <c>Hardswish</c>).</summary>
    HardSwish = 7,
    /// <summary>
    /// <c>x</c> for x ≥ 0 and <c>slope·x</c> below, the slope set by the attribute's <c>NegativeSlope</c> (default 0.01,
    /// PyTorch's): 0.1 in YOLOv3's Darknet, 0.2 in a DCGAN discriminator. Fused into the stores as <c>max(x, slope·x)</c>.
    /// </summary>
    LeakyRelu = 8,
    /// <summary>
    /// <c>x·Φ(x)</c>, Φ the standard normal distribution function (PyTorch's <c>GELU()</c> with erf, not its tanh
    /// approximation), as in ConvNeXt. Runs as a pass over the output, within 8·2^-24 relative of the exact value down
    /// to the subnormals (its exponent is kept exact; see <c>KernelActivations.Gelu</c>).
    /// </summary>
    Gelu = 9,
}
