using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace ConvGen.Tests.Reference;

/// <summary>One tensor of a test vector: shape and row-major float32 data.</summary>
public sealed class VectorTensor
{
    /// <summary>Creates a tensor; the product of <paramref name="shape"/> must equal the data length.</summary>
    public VectorTensor(int[] shape, float[] data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException("Negative dimension.");
            }

            count *= d;
        }

        if (count != data.Length)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "Shape [{0}] needs {1} values, got {2}.", string.Join(",", shape), count, data.Length));
        }

        Shape = shape;
        Data = data;
    }

    /// <summary>Dimensions.</summary>
    public int[] Shape { get; }

    /// <summary>Row-major values.</summary>
    public float[] Data { get; }

    /// <summary>Number of values.</summary>
    public int Length => Data.Length;
}

/// <summary>A <c>convgen-testvector-v1</c> file (see tests/testdata/vectors/README.md).</summary>
public sealed class TestVector
{
    internal TestVector(string path, JsonElement root, IReadOnlyDictionary<string, VectorTensor> tensors)
    {
        FilePath = path;
        Root = root;
        Tensors = tensors;
        Schema = GetString(root, "schema");
        Name = GetString(root, "name");
        Op = GetString(root, "op");
        Description = root.TryGetProperty("description", out JsonElement d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        Params = root.GetProperty("params");
        Seed = root.TryGetProperty("seed", out JsonElement s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : (long?)null;
        ExactFp32 = root.TryGetProperty("exact_fp32", out JsonElement e) && e.ValueKind == JsonValueKind.True;
    }

    /// <summary>The file it was read from.</summary>
    public string FilePath { get; }

    /// <summary>"convgen-testvector-v1".</summary>
    public string Schema { get; }

    /// <summary>Case name, e.g. "scc_cin4_cout4_cg2_co50".</summary>
    public string Name { get; }

    /// <summary>"scc", "depthwise_conv2d" or "conv2d".</summary>
    public string Op { get; }

    /// <summary>Free text.</summary>
    public string? Description { get; }

    /// <summary>The "params" object (cin, cout, stride, padding, cg, co, ...).</summary>
    public JsonElement Params { get; }

    /// <summary>The whole document (for channel_table, channel_map, dsxplore_cuda_*, layout, ...).</summary>
    public JsonElement Root { get; }

    /// <summary>The seed the generator used, if present.</summary>
    public long? Seed { get; }

    /// <summary>True when the file promises fp32-exact outputs (compare with tolerance 0).</summary>
    public bool ExactFp32 { get; }

    /// <summary>Tensors by name: input, weight, [bias], output, grad_output, grad_input, grad_weight, [grad_bias], ...</summary>
    public IReadOnlyDictionary<string, VectorTensor> Tensors { get; }

    /// <summary>The tensor <paramref name="name"/>; throws when absent.</summary>
    public VectorTensor Tensor(string name)
    {
        if (!Tensors.TryGetValue(name, out VectorTensor? tensor))
        {
            throw new KeyNotFoundException(Name + " has no tensor '" + name + "'.");
        }

        return tensor;
    }

    /// <summary>The tensor, or null when absent.</summary>
    public VectorTensor? TryTensor(string name) => Tensors.TryGetValue(name, out VectorTensor? tensor) ? tensor : null;

    /// <summary>True when params has <paramref name="name"/>.</summary>
    public bool HasParam(string name) => Params.TryGetProperty(name, out _);

    /// <summary>An integer parameter.</summary>
    public int GetInt(string name) => Param(name).GetInt32();

    /// <summary>A numeric parameter.</summary>
    public double GetDouble(string name) => Param(name).GetDouble();

    /// <summary>A boolean parameter.</summary>
    public bool GetBool(string name) => Param(name).GetBoolean();

    /// <summary>A string parameter.</summary>
    public string GetString(string name) => Param(name).GetString() ?? string.Empty;

    /// <summary>An integer parameter, or <paramref name="fallback"/> when absent.</summary>
    public int GetInt(string name, int fallback) => Params.TryGetProperty(name, out JsonElement v) ? v.GetInt32() : fallback;

    /// <summary>A per-axis parameter given either as one integer or as [h, w] (or [n] for both): returns (h, w).</summary>
    public (int Height, int Width) GetIntPair(string name)
    {
        JsonElement v = Param(name);
        if (v.ValueKind == JsonValueKind.Number)
        {
            int n = v.GetInt32();
            return (n, n);
        }

        if (v.ValueKind == JsonValueKind.Array)
        {
            int length = v.GetArrayLength();
            if (length == 1)
            {
                return (v[0].GetInt32(), v[0].GetInt32());
            }

            if (length == 2)
            {
                return (v[0].GetInt32(), v[1].GetInt32());
            }
        }

        throw new FormatException(Name + ": parameter '" + name + "' is not an integer or a pair.");
    }

    /// <summary>A per-axis parameter, or (fallback, fallback) when absent.</summary>
    public (int Height, int Width) GetIntPair(string name, int fallback) => HasParam(name) ? GetIntPair(name) : (fallback, fallback);

    /// <summary>A top-level integer matrix such as "channel_table" or "channel_map"; null when absent.</summary>
    public int[][]? GetIntMatrix(string key)
    {
        if (!Root.TryGetProperty(key, out JsonElement m) || m.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return m.EnumerateArray().Select(row => row.EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToArray();
    }

    /// <summary>A top-level string such as "dsxplore_cuda_forward"; null when absent.</summary>
    public string? GetRootString(string key) => Root.TryGetProperty(key, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <inheritdoc />
    public override string ToString() => Name;

    private JsonElement Param(string name)
    {
        if (!Params.TryGetProperty(name, out JsonElement v))
        {
            throw new KeyNotFoundException(Name + " has no parameter '" + name + "'.");
        }

        return v;
    }

    private static string GetString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out JsonElement v) || v.ValueKind != JsonValueKind.String)
        {
            throw new FormatException("Test vector without string '" + name + "'.");
        }

        return v.GetString() ?? string.Empty;
    }
}

/// <summary>Finds and reads the <c>convgen-testvector-v1</c> JSON files.</summary>
public static class TestVectors
{
    /// <summary>The schema tag every vector carries.</summary>
    public const string Schema = "convgen-testvector-v1";

    /// <summary>Where the test projects copy the vectors: &lt;test output&gt;/vectors.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "vectors");

    /// <summary>
    /// <see cref="DefaultDirectory"/> when it exists; otherwise the first "tests/testdata/vectors" found walking up
    /// from the test output directory (so a project that does not copy the files still finds the repo's copy).
    /// </summary>
    public static string FindDirectory()
    {
        if (Directory.Exists(DefaultDirectory))
        {
            return DefaultDirectory;
        }

        for (DirectoryInfo? dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "testdata", "vectors");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }

            candidate = Path.Combine(dir.FullName, "testdata", "vectors");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("No test vectors at " + DefaultDirectory + " nor in a tests/testdata/vectors above it.");
    }

    /// <summary>Reads one vector file.</summary>
    public static TestVector Load(string path)
    {
        using FileStream stream = File.OpenRead(path);
        using JsonDocument document = JsonDocument.Parse(stream);
        JsonElement root = document.RootElement.Clone();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schema", out JsonElement schema) || schema.GetString() != Schema)
        {
            throw new FormatException(path + " is not a " + Schema + " file.");
        }

        var tensors = new Dictionary<string, VectorTensor>(StringComparer.Ordinal);
        foreach (JsonProperty property in root.GetProperty("tensors").EnumerateObject())
        {
            int[] shape = property.Value.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            JsonElement data = property.Value.GetProperty("data");
            var values = new float[data.GetArrayLength()];
            int i = 0;
            foreach (JsonElement x in data.EnumerateArray())
            {
                values[i++] = x.GetSingle();
            }

            tensors.Add(property.Name, new VectorTensor(shape, values));
        }

        return new TestVector(path, root, new ReadOnlyDictionary<string, VectorTensor>(tensors));
    }

    /// <summary>Reads the vector called <paramref name="name"/> (file name without ".json") from <see cref="FindDirectory"/>.</summary>
    public static TestVector LoadNamed(string name) => Load(Path.Combine(FindDirectory(), name + ".json"));

    /// <summary>All vectors (optionally only those with the given op), sorted by name. Other JSON files (index.json) are skipped.</summary>
    public static IReadOnlyList<TestVector> LoadAll(string? op = null)
    {
        var result = new List<TestVector>();
        foreach (string path in Directory.GetFiles(FindDirectory(), "*.json").OrderBy(p => p, StringComparer.Ordinal))
        {
            if (!IsVectorFile(path))
            {
                continue;
            }

            TestVector vector = Load(path);
            if (op == null || vector.Op == op)
            {
                result.Add(vector);
            }
        }

        return result;
    }

    /// <summary>Names of all vectors (optionally of one op), sorted.</summary>
    public static IReadOnlyList<string> Names(string? op = null) => LoadAll(op).Select(v => v.Name).ToList();

    /// <summary>xUnit MemberData rows: one { name } per vector (optionally of one op).</summary>
    public static IEnumerable<object[]> TheoryData(string? op = null) => Names(op).Select(n => new object[] { n });

    private static bool IsVectorFile(string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            using JsonDocument document = JsonDocument.Parse(stream);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("schema", out JsonElement schema)
                && schema.ValueKind == JsonValueKind.String
                && schema.GetString() == Schema;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
