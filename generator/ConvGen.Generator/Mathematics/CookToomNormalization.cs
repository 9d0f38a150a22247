namespace ConvGen.Generator.Mathematics;

/// <summary>
/// Which of the equivalent scalings of winograd-spec §1.3 <see cref="CookToom"/> produces. Either way,
/// A^T and B^T are afterwards made dyadic by moving odd denominators into G (ConvGen's rule, §1.3).
/// </summary>
internal enum CookToomNormalization
{
    /// <summary>
    /// wincnn "FractionsInG" (the default, Lavin's convention): every 1/f_i goes into G; only row 0 is
    /// negated when f_0 &lt; 0. Reproduces the matrices printed in §1.5 and cooktoom_output.txt.
    /// </summary>
    FractionsInG,

    /// <summary>
    /// NNPACK / ncnn "intA": like <see cref="FractionsInG"/>, then every A^T column is multiplied by the
    /// least common multiple of its denominators (so A^T is integral) and the G row divided by it (§1.3).
    /// </summary>
    IntegerA,
}
