using System.Collections;
using MlNetCnn.Models.Weights;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MlNetCnn.Models.Pretrained;

/// <summary>
/// Reads a state dict that PyTorch wrote with <c>torch.save</c> (the zip format of torchvision's <c>.pth</c> files) into
/// tensors, with TorchSharp.PyBridge's state-dict unpickler: it rebuilds tensors, ordered dicts and plain values and
/// calls no Python code the file names. Shapes and keys are checked later, by <see cref="WeightLoader"/>.
/// </summary>
internal static class PthStateDict
{
    /// <summary>
    /// The tensors of the file at <paramref name="path"/>, each key passed through <paramref name="renameKey"/> (null
    /// drops the key), as a source that owns and disposes them.
    /// </summary>
    /// <param name="path">The <c>.pth</c> file.</param>
    /// <param name="name">What the weights are, for messages.</param>
    /// <param name="renameKey">From the file's key to the network's key; null to drop the tensor.</param>
    /// <exception cref="InvalidDataException">The file is not a zip-format state dict, holds anything but tensors, or two keys become one.</exception>
    public static TensorDictionarySource Read(string path, string name, Func<string, string?> renameKey)
    {
        Hashtable table = Unpickle(path);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (DictionaryEntry entry in table)
            {
                string key = entry.Key as string ?? throw new InvalidDataException(
                    $"'{path}': expected text keys in the state dict, found a key of type {entry.Key.GetType().Name}.");
                if (entry.Value is not Tensor tensor)
                    throw new InvalidDataException(
                        $"'{path}': expected a tensor for the key '{key}', found {entry.Value?.GetType().Name ?? "null"}; a state dict holds only tensors.");
                if (renameKey(key) is not { } renamed)
                    tensor.Dispose();
                else if (!tensors.TryAdd(renamed, tensor))
                    throw new InvalidDataException($"'{path}': the keys '{key}' and another one both become '{renamed}'; expected one tensor per key.");
            }
        }
        catch
        {
            foreach (var value in table.Values)
                (value as IDisposable)?.Dispose();
            throw;
        }
        return new TensorDictionarySource(name, tensors, ownsTensors: true);
    }

    private static Hashtable Unpickle(string path)
    {
        try
        {
            using FileStream file = File.OpenRead(path);
            return PyTorchUnpickler.UnpickleStateDict(file);
        }
        catch (Exception e) when (e is not (OperationCanceledException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException))
        {
            throw new InvalidDataException(
                $"'{path}': expected a state dict saved by torch.save in its zip format (as torchvision's .pth files are), could not read it: {e.Message}", e);
        }
    }
}
