using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Training.Checkpoints;

/// <summary>
/// Saves and restores everything a run needs to go on as if it had never stopped: the network's parameters and buffers,
/// the optimiser's state (momentum, Adam's moments and step counts), the shuffling and augmentation generator, the global
/// random state (dropout), the history, early stopping's count, the best epoch's weights and the running weight average
/// (<see cref="WeightAverage"/>). The learning rate is a function of the step, so the epoch fixes it.
/// </summary>
internal static class TrainingCheckpoint
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The parts of a run a checkpoint reads and writes.</summary>
    public sealed record RunState(nn.Module Network, optim.Optimizer Optimizer, Generator Generator);

    public static void Save(string path, CheckpointHeader header, RunState run, IReadOnlyDictionary<string, Tensor>? bestWeights,
        IReadOnlyDictionary<string, Tensor>? averageWeights) =>
        CheckpointFile.Write(path, writer =>
        {
            writer.Write(JsonSerializer.Serialize(header, Json));
            WriteTensors(writer, run.Network.state_dict());
            Helper(run.Optimizer).save_state_dict(writer);
            WriteTensors(writer, new Dictionary<string, Tensor> { ["generator"] = run.Generator.get_state(), ["global"] = random.get_rng_state() });
            WriteTensors(writer, bestWeights ?? new Dictionary<string, Tensor>());
            WriteTensors(writer, averageWeights ?? new Dictionary<string, Tensor>());
        });

    /// <summary>
    /// Verifies the checkpoint, checks that it belongs to this run, and loads it into <paramref name="run"/>; returns its
    /// header, the best epoch's weights and the weight average (on the CPU; the caller disposes them).
    /// </summary>
    public static (CheckpointHeader Header, Dictionary<string, Tensor> BestWeights, Dictionary<string, Tensor> AverageWeights) Load(string path, CheckpointIdentity identity, RunState run) =>
        CheckpointFile.Read(path, reader =>
        {
            CheckpointHeader header;
            try
            {
                header = JsonSerializer.Deserialize<CheckpointHeader>(reader.ReadString(), Json)
                         ?? throw new JsonException("empty header");
            }
            catch (JsonException error)
            {
                throw CheckpointFile.Damaged(path, $"its header is not readable ({error.Message})", error);
            }
            if (header.FormatVersion != CheckpointHeader.CurrentFormat)
                throw CheckpointFile.Damaged(path, $"it has format {header.FormatVersion}; this version reads format {CheckpointHeader.CurrentFormat}");
            var differences = identity.DifferencesFrom(header.Identity);
            if (differences.Count > 0)
                throw new InvalidDataException(
                    $"Checkpoint '{path}' belongs to another run: {string.Join("; ", differences)}. It was not loaded and has not been changed.");

            var targets = run.Network.state_dict();
            using (no_grad())
                foreach (var (name, tensor) in ReadTensors(reader, path))
                    using (tensor)
                        CopyInto(path, "network", name, tensor, targets);
            Helper(run.Optimizer).load_state_dict(reader);
            var random = ReadTensors(reader, path).ToDictionary(p => p.Name, p => p.Tensor);
            run.Generator.set_state(random["generator"]);
            TorchSharp.torch.random.set_rng_state(random["global"]);
            foreach (var tensor in random.Values) tensor.Dispose();
            var best = ReadTensors(reader, path).ToDictionary(p => p.Name, p => p.Tensor);
            var average = ReadTensors(reader, path).ToDictionary(p => p.Name, p => p.Tensor);
            return (header, best, average);
        });

    private static OptimizerHelper Helper(optim.Optimizer optimizer) => optimizer as OptimizerHelper
        ?? throw new NotSupportedException($"{optimizer.GetType().Name} cannot save its state in a checkpoint.");

    private static void CopyInto(string path, string part, string name, Tensor value, IDictionary<string, Tensor> targets)
    {
        if (!targets.TryGetValue(name, out var target))
            throw CheckpointFile.Damaged(path, $"its {part} has '{name}', which this network does not");
        if (!target.shape.SequenceEqual(value.shape) || target.dtype != value.dtype)
            throw CheckpointFile.Damaged(path, $"its {part} '{name}' is {value.dtype} [{string.Join(", ", value.shape)}]; the network's is {target.dtype} [{string.Join(", ", target.shape)}]");
        target.copy_(value);
    }

    /// <summary>Writes named tensors: count, then name, dtype, shape and the raw bytes of each (CPU, contiguous).</summary>
    private static void WriteTensors(BinaryWriter writer, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        var list = tensors.ToList();
        writer.Write(list.Count);
        foreach (var (name, tensor) in list)
        {
            using var cpu = tensor.detach().cpu().contiguous();
            writer.Write(name);
            writer.Write((int)cpu.dtype);
            writer.Write((int)cpu.dim());
            foreach (long size in cpu.shape) writer.Write(size);
            var bytes = cpu.bytes;
            writer.Write((long)bytes.Length);
            writer.Write(bytes);
        }
    }

    private static IEnumerable<(string Name, Tensor Tensor)> ReadTensors(BinaryReader reader, string path)
    {
        int count = reader.ReadInt32();
        if (count < 0) throw CheckpointFile.Damaged(path, "a tensor count is negative");
        var result = new List<(string, Tensor)>(count);
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadString();
            var dtype = (ScalarType)reader.ReadInt32();
            int rank = reader.ReadInt32();
            if (rank is < 0 or > 8) throw CheckpointFile.Damaged(path, $"tensor '{name}' has rank {rank}");
            var shape = new long[rank];
            for (int d = 0; d < rank; d++) shape[d] = reader.ReadInt64();
            long length = reader.ReadInt64();
            var tensor = empty(shape, dtype);
            if (tensor.bytes.Length != length)
            {
                tensor.Dispose();
                throw CheckpointFile.Damaged(path, $"tensor '{name}' holds {length} bytes for shape [{string.Join(", ", shape)}] of {dtype}");
            }
            tensor.bytes = reader.ReadBytes((int)length);
            result.Add((name, tensor));
        }
        return result;
    }
}
