using MlNetCnn.Trainers.Training;
using static TorchSharp.torch;

namespace MlNetCnn.Benchmarks;

/// <summary>
/// Where one training step of an architecture spends its time (<c>--mode step</c>): the training loop's own step —
/// batch feed, gradients dropped, forward, loss, backward, <see cref="SgdUpdate"/>, tally — timed section by section on
/// the CPU (where every operation is synchronous), the fastest of the steps (on a shared machine the least disturbed).
/// benchmarks/profile_step.py times the same sections in PyTorch.
/// </summary>
internal static class StepProfile
{
    private static readonly string[] Sections = { "feed", "zero_grad", "forward", "loss", "backward", "optimizer", "tally", "dispose" };

    public static Dictionary<string, object> Run(string architecture, BenchmarkOptions options)
    {
        using var fixture = new StepFixture(architecture, options);
        var clock = fixture.Clock;
        manual_seed(1);
        using var network = fixture.Info.Create(fixture.Spec);
        network.train();
        var parameters = network.parameters().ToArray();
        using var optimizer = optim.SGD(parameters, 0.01, 0.9, weight_decay: ArchitectureBenchmark.WeightDecay);
        var sgd = new SgdUpdate(optimizer);
        var tally = new EpochTally(10);
        var times = Sections.ToDictionary(s => s, _ => new List<double>());
        var totals = new List<double>();
        const int warmup = 5;
        for (int i = 0; i < warmup + options.Steps; i++)
        {
            double stepStart = clock.NowMs(), start = stepStart;
            void Lap(string section)
            {
                if (i >= warmup) times[section].Add(clock.NowMs() - start);
                start = clock.NowMs();
            }
            var scope = NewDisposeScope();
            var (x, y) = fixture.Batch(i);
            Lap("feed");
            foreach (var p in parameters) p.grad = null;
            Lap("zero_grad");
            var logits = network.forward(x);
            Lap("forward");
            var loss = TrainingStep.Loss(logits, y, 0);
            Lap("loss");
            loss.backward();
            Lap("backward");
            sgd.Step();
            Lap("optimizer");
            tally.Add(loss, logits, y);
            Lap("tally");
            scope.Dispose();
            Lap("dispose");
            if (i >= warmup) totals.Add(clock.NowMs() - stepStart);
        }
        var result = new Dictionary<string, object>
        {
            ["threads"] = get_num_threads(),
            ["batch"] = options.BatchSize,
            ["step_ms"] = Math.Round(totals.Min(), 3),
            ["images_per_s"] = Math.Round(options.BatchSize / (totals.Min() / 1000), 1),
        };
        foreach (var (section, list) in times) result[section + "_ms"] = Math.Round(list.Min(), 3);
        return result;
    }
}
