namespace ConvGen;

/// <summary>Element-wise activation fused into a generated kernel's output.</summary>
public enum Activation
{
    /// <summary>Identity.</summary>
    None = 0,
    /// <summary><c>max(x, 0)</c>.</summary>
    Relu = 1,
    /// <summary><c>min(max(x, 0), 6)</c>, as in MobileNet.</summary>
    Relu6 = 2,
}
