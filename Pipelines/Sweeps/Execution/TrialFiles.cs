using System.Text.Json;
using System.Text.Json.Serialization;
using MlNetCnn.Models.IO;

namespace MlNetCnn.Pipelines.Sweeps.Execution;

/// <summary>The files of a trial's folder, and the JSON they are written in (indented, enums by name, atomic writes).</summary>
public static class TrialFiles
{
    /// <summary>The session's result, written at the end of every session.</summary>
    public const string Outcome = "outcome.json";

    /// <summary>The checkpoint a trial goes on from, while it can (see <see cref="TrialRequest.CheckpointPath"/>).</summary>
    public const string Checkpoint = "checkpoint.mlnc";

    /// <summary>A worker's request (<see cref="WorkerRequest"/>).</summary>
    public const string Request = "request.json";

    /// <summary>The full text of the last failure: every inner exception and stack.</summary>
    public const string Error = "error.txt";

    /// <summary>The per-epoch history so far.</summary>
    public const string History = "history.json";

    /// <summary>Training seconds and sessions so far, summed into the trial's cost.</summary>
    public const string Sessions = "sessions.json";

    /// <summary>The whole chain (featurizer and classifier) of a completed trial, for <c>mlContext.Model.Load</c>.</summary>
    public const string Model = "model.zip";

    /// <summary>The scoring graph of a completed trial.</summary>
    public const string Onnx = "model.onnx";

    /// <summary>A worker process's standard error and output.</summary>
    public const string WorkerLog = "worker.log";

    /// <summary>The serializer settings of these files.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes <paramref name="value"/> as JSON to <paramref name="path"/>, atomically.</summary>
    public static void WriteJson<T>(string path, T value) => AtomicFile.WriteText(path, JsonSerializer.Serialize(value, Json) + "\n");

    /// <summary>Reads a JSON file written by <see cref="WriteJson{T}"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not JSON of a <typeparamref name="T"/>; the message names the file.</exception>
    public static T ReadJson<T>(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"'{path}' holds null; expected a {typeof(T).Name}.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a valid {typeof(T).Name} (JSON): {e.Message}", e);
        }
    }

    /// <summary>The outcome in <paramref name="folder"/>, or null when there is none.</summary>
    public static TrialOutcome? ReadOutcome(string folder)
    {
        string path = Path.Combine(folder, Outcome);
        return File.Exists(path) ? ReadJson<TrialOutcome>(path) : null;
    }
}
