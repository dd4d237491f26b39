// Writes the small real CIFAR-10 subset of the repository (samples/data/cifar10-small) from the
// original test batch: the first TRAIN_PER_CLASS records of every class (in file order) become
// train/<class>/<index>.png, the next TEST_PER_CLASS of every class test/<class>/<index>.png,
// where <index> is the record's position in test_batch. Lossless PNG, 32x32 RGB.
//
//   dotnet run --project tools/MakeSubset -c Release -- [BATCH] [OUT_DIR] [TRAIN_PER_CLASS] [TEST_PER_CLASS]
//
// Defaults: ../shared/data/cifar10/test_batch.bin.gz, samples/data/cifar10-small, 250, 50
// (paths relative to the current directory, the repository root).
using MlNetCnn.Pipelines.DataSets;

string batchPath = args.Length > 0 ? args[0] : Path.Combine("..", "shared", "data", "cifar10", "test_batch.bin.gz");
string outDir = args.Length > 1 ? args[1] : Path.Combine("samples", "data", "cifar10-small");
int trainPerClass = args.Length > 2 ? int.Parse(args[2]) : 250;
int testPerClass = args.Length > 3 ? int.Parse(args[3]) : 50;

IReadOnlyList<string> classNames = Cifar10Files.ReadClassNames(Path.GetDirectoryName(Path.GetFullPath(batchPath))!);
RawImageSet batch = Cifar10Files.ReadBatch(batchPath, classNames.Count);

var taken = new int[classNames.Count];
var written = new Dictionary<string, int> { ["train"] = 0, ["test"] = 0 };
for (int index = 0; index < batch.Count; index++)
{
    int label = batch.Labels[index];
    int rank = taken[label]++;
    string? part = rank < trainPerClass ? "train" : rank < trainPerClass + testPerClass ? "test" : null;
    if (part is null)
        continue;
    string folder = Path.Combine(outDir, part, classNames[label]);
    Directory.CreateDirectory(folder);
    File.WriteAllBytes(Path.Combine(folder, $"{index}.png"), ImageEncoding.Encode(batch, index, EncodedImageFormat.Png));
    written[part]++;
}

int short_ = taken.Count(t => t < trainPerClass + testPerClass);
if (short_ > 0)
{
    Console.Error.WriteLine($"{batchPath} has fewer than {trainPerClass + testPerClass} records for {short_} classes.");
    return 1;
}
Console.WriteLine($"{written["train"]} train and {written["test"]} test images written to {outDir}.");
return 0;
