using MlNetCnn.Trainers.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetCnn.Benchmarks;

/// <summary>
/// Interleaved A/B timing of ways to run one training step (<c>--mode variants --variants loop,zero_grad,none_sgd</c>):
/// every variant trains its own copy of the network, and the variants take turns step by step, so a busy machine slows
/// them alike. <c>loop</c> is the training loop's step (<see cref="TrainingStep"/> and <see cref="EpochTally"/>);
/// <c>zero_grad</c> is the step before gradients were dropped and SGD ran through <see cref="SgdUpdate"/> (gradients
/// zeroed, TorchSharp's <c>SGD.step</c>); <c>none_sgd</c> drops gradients but keeps TorchSharp's <c>SGD.step</c>.
/// </summary>
internal static class StepVariants
{
    public static Dictionary<string, object> Run(string architecture, BenchmarkOptions options)
    {
        using var fixture = new StepFixture(architecture, options);
        var variants = options.Variants.Distinct().Select(name => (Name: name, Step: Create(name, fixture))).ToList();
        var times = variants.ToDictionary(v => v.Name, _ => new List<double>());
        const int warmup = 5;
        for (int i = 0; i < warmup + options.Steps; i++)
            foreach (var (name, step) in variants)
            {
                using var scope = NewDisposeScope();
                double start = fixture.Clock.NowMs();
                var (x, y) = fixture.Batch(i);
                step(x, y);
                if (i >= warmup) times[name].Add(fixture.Clock.NowMs() - start);
            }
        var result = new Dictionary<string, object> { ["threads"] = get_num_threads() };
        foreach (var (name, list) in times)
        {
            list.Sort();
            result[name] = new { min_ms = Math.Round(list[0], 3), median_ms = Math.Round(list[list.Count / 2], 3) };
        }
        return result;
    }

    private static Action<Tensor, Tensor> Create(string variant, StepFixture fixture)
    {
        manual_seed(1);
        var network = fixture.Info.Create(fixture.Spec);
        network.train();
        var parameters = network.parameters().ToArray();
        var optimizer = optim.SGD(parameters, 0.01, 0.9, weight_decay: ArchitectureBenchmark.WeightDecay);
        var tally = new EpochTally(10);
        return variant switch
        {
            "loop" => LoopStep(new TrainingStep(network, optimizer, 0, null), tally),
            "zero_grad" => TorchSharpSgdStep(network, optimizer, tally, () => optimizer.zero_grad()),
            "none_sgd" => TorchSharpSgdStep(network, optimizer, tally, () => { foreach (var p in parameters) p.grad = null; }),
            _ => throw new ArgumentException($"Unknown variant '{variant}'; expected loop, zero_grad or none_sgd."),
        };
    }

    private static Action<Tensor, Tensor> LoopStep(TrainingStep step, EpochTally tally) => (x, y) =>
    {
        var (loss, logits, _) = step.Run(x, y);
        tally.Add(loss, logits, y);
    };

    private static Action<Tensor, Tensor> TorchSharpSgdStep(nn.Module<Tensor, Tensor> network, SGD optimizer, EpochTally tally, Action clearGradients) =>
        (x, y) =>
        {
            clearGradients();
            var logits = network.forward(x);
            var loss = TrainingStep.Loss(logits, y, 0);
            loss.backward();
            optimizer.step();
            tally.Add(loss, logits, y);
        };
}
