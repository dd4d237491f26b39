using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MlNetCnn.Trainers.Scoring;

/// <summary>
/// Infrastructure of saved models (not for direct use): a stateless <c>CustomMapping</c> that splits a score vector into its
/// first slot (a scalar) and the rest. <see cref="ScoringChain"/> applies it once per class to give every class's probability a
/// scalar column named after the class, which ML.NET's <c>Concatenate</c> turns into the slot names of <c>Score</c>.
/// ML.NET finds it by its contract name when a model loads.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class ScoreSlotMapping : CustomMappingFactory<ScoreSlotMapping.Input, ScoreSlotMapping.Output>
{
    /// <summary>The contract name recorded in saved models.</summary>
    public const string ContractName = "MlNetCnn.ScoreHeadTail";

    /// <summary>The internal column holding the scores not yet split off.</summary>
    public const string SlotsColumn = "MlNetCnn.ScoreSlots";

    /// <summary>The internal column holding the first of them.</summary>
    public const string HeadColumn = "MlNetCnn.ScoreHead";

    /// <summary>The internal column holding the others.</summary>
    public const string TailColumn = "MlNetCnn.ScoreTail";

    /// <summary>The mapping's input row.</summary>
    public sealed class Input
    {
        /// <summary>The scores not yet split off.</summary>
        [ColumnName(SlotsColumn)]
        public VBuffer<float> Slots;
    }

    /// <summary>The mapping's output row.</summary>
    public sealed class Output
    {
        /// <summary>The first score.</summary>
        [ColumnName(HeadColumn)]
        public float Head;

        /// <summary>The other scores.</summary>
        [ColumnName(TailColumn)]
        public float[] Tail = [];
    }

    /// <summary>Splits off the first slot (NaN when the vector is empty).</summary>
    public static void Map(Input input, Output output)
    {
        var dense = input.Slots.DenseValues().ToArray();
        output.Head = dense.Length > 0 ? dense[0] : float.NaN;
        output.Tail = dense.Length > 1 ? dense[1..] : [];
    }

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => Map;
}
