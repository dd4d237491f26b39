namespace MlNetCnn.Pipelines.DataSets.Downloads;

/// <summary>One file of a data set on its server: the name under the base address and its published MD5.</summary>
/// <param name="Name">File name, appended to <see cref="DataSetFiles.BaseUrl"/> and used as the name in the cache.</param>
/// <param name="Md5">The expected MD5 of the file as served, 32 hexadecimal digits.</param>
public sealed record DataSetFile(string Name, string Md5);

/// <summary>
/// Where the files of one data set are published and what they must hash to. The tables of the public sets are in
/// <see cref="PublicDataSets"/>; tests and mirrors build their own.
/// </summary>
/// <param name="Name">The data set's name, also its folder in the cache (<c>cifar10</c>, <c>mnist</c>, ...).</param>
/// <param name="BaseUrl">The address every file name is appended to; it should end with <c>/</c>.</param>
/// <param name="Files">The files to fetch.</param>
/// <param name="DataFolder">
/// The folder, relative to the data set's cache folder, that holds the files the loader reads: empty when the
/// downloaded files are read as they are, else the folder that the <c>.tar.gz</c> archives among
/// <paramref name="Files"/> create when extracted (CIFAR-10: <c>cifar-10-batches-bin</c>).
/// </param>
public sealed record DataSetFiles(string Name, Uri BaseUrl, IReadOnlyList<DataSetFile> Files, string DataFolder = "")
{
    /// <summary>The address of <paramref name="file"/> under <paramref name="baseUrl"/> (or <see cref="BaseUrl"/>).</summary>
    public Uri UrlOf(DataSetFile file, Uri? baseUrl = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        Uri root = baseUrl ?? BaseUrl;
        string text = root.AbsoluteUri;
        return new Uri(text.EndsWith('/') ? text + file.Name : text + "/" + file.Name);
    }

    /// <summary>True for a file that is extracted after download (a <c>.tar.gz</c> or <c>.tgz</c> archive).</summary>
    public static bool IsArchive(DataSetFile file) =>
        file.Name.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) ||
        file.Name.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);
}
