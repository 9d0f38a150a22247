using System;
using System.IO;
using System.IO.Compression;

namespace ConvGen.Samples.Training.Training;

/// <summary>One split of an IDX image data set: normalised 28×28 images and their labels.</summary>
internal sealed class ImageSet
{
    public ImageSet(float[] images, byte[] labels)
    {
        Images = images;
        Labels = labels;
    }

    public float[] Images { get; }
    public byte[] Labels { get; }
    public int Count => Labels.Length;
}

/// <summary>Reads Fashion-MNIST's IDX files (gzipped or not) as Debian's dataset-fashion-mnist package installs them.</summary>
internal static class FashionMnist
{
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Fashion-MNIST's pixel mean and standard deviation (pixels scaled to [0, 1]).</summary>
    private const float Mean = 0.2860f, Std = 0.3530f;

    /// <summary>The train and test splits, or null with <paramref name="problem"/> saying what is missing and how to get it.</summary>
    public static (ImageSet Train, ImageSet Test)? TryLoad(string directory, out string? problem)
    {
        string[] names = { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" };
        var paths = new string[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            string plain = Path.Combine(directory, names[i]);
            paths[i] = File.Exists(plain + ".gz") ? plain + ".gz" : plain;
            if (!File.Exists(paths[i]))
            {
                problem = $"Fashion-MNIST not found: '{plain}(.gz)' is missing.\n" +
                    $"Install it with 'apt-get install dataset-fashion-mnist' (files go to {DefaultDirectory}),\n" +
                    "or pass --data DIR with the four IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, optionally .gz).";
                return null;
            }
        }
        problem = null;
        return (new ImageSet(ReadImages(paths[0]), ReadLabels(paths[1])), new ImageSet(ReadImages(paths[2]), ReadLabels(paths[3])));
    }

    private static byte[] ReadAll(string path)
    {
        using FileStream file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static int BigEndian(byte[] data, int offset) => (data[offset] << 24) | (data[offset + 1] << 16) | (data[offset + 2] << 8) | data[offset + 3];

    internal static float[] ReadImages(string path)
    {
        byte[] data = ReadAll(path);
        if (BigEndian(data, 0) != 0x803)
        {
            throw new InvalidDataException($"{path} is not an IDX image file (magic {BigEndian(data, 0):X}).");
        }
        int count = BigEndian(data, 4), rows = BigEndian(data, 8), columns = BigEndian(data, 12);
        if (rows != 28 || columns != 28 || data.Length != 16 + count * rows * columns)
        {
            throw new InvalidDataException($"{path}: expected 28×28 images, found {count} of {rows}×{columns} in {data.Length} bytes.");
        }
        var images = new float[count * 784];
        for (int i = 0; i < images.Length; i++)
        {
            images[i] = (data[16 + i] / 255f - Mean) / Std;
        }
        return images;
    }

    internal static byte[] ReadLabels(string path)
    {
        byte[] data = ReadAll(path);
        if (BigEndian(data, 0) != 0x801)
        {
            throw new InvalidDataException($"{path} is not an IDX label file (magic {BigEndian(data, 0):X}).");
        }
        int count = BigEndian(data, 4);
        return data.AsSpan(8, count).ToArray();
    }
}
