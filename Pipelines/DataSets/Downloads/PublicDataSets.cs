namespace MlNetCnn.Pipelines.DataSets.Downloads;

/// <summary>
/// The canonical sources of the public data sets and the published MD5 of every file, as data.
/// MNIST is served from the PyTorch mirror of <c>yann.lecun.com/exdb/mnist</c> (the original site now refuses
/// scripted downloads); the files are byte-identical, so the published checksums hold.
/// </summary>
public static class PublicDataSets
{
    /// <summary>The four IDX file names shared by MNIST and Fashion-MNIST, in the order of the MD5 arguments of <c>Idx</c>
    /// (declared first: static fields are initialised in textual order).</summary>
    private static readonly string[] IdxFileNames =
        ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];

    /// <summary>CIFAR-10, binary version: one archive that extracts to <c>cifar-10-batches-bin/</c>.</summary>
    public static DataSetFiles Cifar10 { get; } = new(
        "cifar10", new Uri("https://www.cs.toronto.edu/~kriz/"),
        [new("cifar-10-binary.tar.gz", "c32a1d4ab5d03f1284b67883e8d87530")],
        DataFolder: "cifar-10-batches-bin");

    /// <summary>MNIST: the four gzipped IDX files.</summary>
    public static DataSetFiles Mnist { get; } = Idx(
        "mnist", "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "f68b3c2dcbeaaa9fbdd348bbdeb94873", "d53e105ee54ea40749a09fcbcd1e9432",
        "9fb629c4189551a2d022fa330f9573f3", "ec29112dd5afa0611ce80d1b7f02629c");

    /// <summary>Fashion-MNIST: the four gzipped IDX files, from Zalando's published address.</summary>
    public static DataSetFiles FashionMnist { get; } = Idx(
        "fashion-mnist", "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        "8d4fb7e6c68d591d4c3dfef9ec88bf0d", "25c81989df183df01b3e8a0aad5dffbe",
        "bef4ecab320f06d8554ea6380940ec79", "bb300cfdad3c16e7a12a480ee83cd310");

    /// <summary>Every table above.</summary>
    public static IReadOnlyList<DataSetFiles> All { get; } = [Cifar10, Mnist, FashionMnist];

    private static DataSetFiles Idx(string name, string baseUrl, params string[] md5s) =>
        new(name, new Uri(baseUrl), IdxFileNames.Zip(md5s, (file, md5) => new DataSetFile(file, md5)).ToArray());
}
