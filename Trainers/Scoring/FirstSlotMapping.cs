using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MlNetCnn.Trainers.Scoring;

/// <summary>
/// Infrastructure of saved models (not for direct use): a stateless <c>CustomMapping</c> that turns the
/// one-slot text vector ONNX Runtime returns for the predicted class name into a scalar, so that
/// <c>PredictedLabel</c> becomes a scalar key. ML.NET finds it by its contract name when a model loads.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class FirstSlotMapping : CustomMappingFactory<FirstSlotMapping.Input, FirstSlotMapping.Output>
{
    /// <summary>The contract name recorded in saved models.</summary>
    public const string ContractName = "MlNetCnn.FirstSlotText";

    /// <summary>The internal column holding the class name as ONNX Runtime returns it (a one-slot vector).</summary>
    public const string InputColumn = "MlNetCnn.PredictedClassNames";

    /// <summary>The internal column holding the class name as a scalar.</summary>
    public const string OutputColumn = "MlNetCnn.PredictedClassName";

    /// <summary>The mapping's input row.</summary>
    public sealed class Input
    {
        /// <summary>The one-slot vector.</summary>
        [ColumnName(InputColumn)]
        public VBuffer<ReadOnlyMemory<char>> Names;
    }

    /// <summary>The mapping's output row.</summary>
    public sealed class Output
    {
        /// <summary>The first slot.</summary>
        [ColumnName(OutputColumn)]
        public ReadOnlyMemory<char> Name;
    }

    /// <summary>Copies the first slot.</summary>
    public static void Map(Input input, Output output) =>
        output.Name = input.Names.Length > 0 ? input.Names.GetItemOrDefault(0) : ReadOnlyMemory<char>.Empty;

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => Map;
}
