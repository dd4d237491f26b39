using System.CommandLine;
using System.Globalization;
using MlNetCnn.Cli.Commands;
using MlNetCnn.Pipelines.Sweeps;
using MlNetCnn.Pipelines.Sweeps.Scheduling;
using MlNetCnn.Pipelines.Sweeps.Space;
using MlNetCnn.Pipelines.Sweeps.Tuners;
using MlNetCnn.Trainers;

namespace MlNetCnn.Cli.Sweeps;

/// <summary>The flags of <c>sweep</c>: data, search space, tuner, scheduler, budgets and workers.</summary>
internal sealed class SweepOptions
{
    public DataOptions Data { get; } = new();

    public Option<string?> ValDir { get; } = new Option<string?>("--val-dir")
    {
        HelpName = "DIR",
        Description = "A folder of validation images (one sub-folder per class) to rank trials on, instead of a held-out part of the training images.",
    }.ExistingFolder();

    public Option<double?> ValFraction { get; } = new Option<double?>("--val-fraction")
    {
        HelpName = "F",
        Description = "The share of the training images held out (stratified, seeded) to rank trials on; the test part is never used for ranking. Default 0.2.",
    }.Number();

    public Option<string> Out { get; } = CommonOptions.Out("The sweep's folder: spec, journal, trials, leaderboard, charts and best model. Run the same command again to resume.", "DIR");

    public Option<string> Arch { get; } = new("--arch")
    {
        HelpName = "a,b,c",
        Description = "The architectures to compare, registry names separated by commas ('mlnetcnn list' shows them).",
        Required = true,
    };

    public Option<string[]> Set { get; } = new("--set")
    {
        HelpName = "arch:key=v1,v2",
        Description = "Values to try for an architecture's setting, repeatable, e.g. --set resnet9:width=8,16.",
        DefaultValueFactory = _ => [],
    };

    public Option<string?> LearningRate { get; } = new("--lr")
    {
        HelpName = "LO..HI[:log] | a,b",
        Description = "Learning rates to try: a range (log-uniform with :log) or a list. Default: each architecture's recipe.",
    };

    public Option<string?> Optimizer { get; } = new("--optimizer")
    {
        HelpName = "sgd,adamw",
        Description = "Optimisers to try. Default: each architecture's recipe.",
    };

    public Option<string?> BatchSize { get; } = new("--batch-size")
    {
        HelpName = "64,128",
        Description = "Batch sizes to try. Default: each architecture's recipe.",
    };

    public Option<string[]> Search { get; } = new("--search")
    {
        HelpName = "Option=SPEC",
        Description = "Any other trainer option to search or fix, repeatable, e.g. --search WeightDecay=1e-5..1e-3:log --search LabelSmoothing=0,0.1.",
        DefaultValueFactory = _ => [],
    };

    public Option<string> Tuner { get; } = new Option<string>("--tuner")
    {
        Description = "How configurations are proposed: grid (every combination, ranges on a few points), random, or tpe (learns from finished trials).",
        DefaultValueFactory = _ => "tpe",
    }.OneOf(SweepTuners.Names);

    public Option<int?> Trials { get; } = new Option<int?>("--trials") { HelpName = "N", Description = "Trials to propose in all. Default 12." }.AtLeast(1);

    public Option<string?> Time { get; } = new("--time")
    {
        HelpName = "30m",
        Description = "Wall-time budget of this run (s, m, h, e.g. 90s, 30m, 1h30m); running trials stop at their next epoch boundary. Default: none.",
    };

    public Option<string?> TrialTime { get; } = new("--trial-time")
    {
        HelpName = "10m",
        Description = "Training-time limit of one trial. Default: none.",
    };

    public Option<string> Scheduler { get; } = new Option<string>("--scheduler")
    {
        Description = "sha: successive halving on epochs; asha: its asynchronous variant, for several workers; none: every trial runs all epochs.",
        DefaultValueFactory = _ => SweepSchedulers.SuccessiveHalvingName,
    }.OneOf(SweepSchedulers.Names);

    public Option<int?> MinEpochs { get; } = new Option<int?>("--min-epochs") { HelpName = "N", Description = "Epochs of the first rung. Default 1." }.AtLeast(1);

    public Option<int?> Epochs { get; } = new Option<int?>("--epochs") { HelpName = "N", Description = "Epochs of a full run (the last rung). Default 9." }.AtLeast(1);

    public Option<int?> Eta { get; } = new Option<int?>("--eta") { HelpName = "N", Description = "Successive halving keeps 1/N of each rung. Default 3." }.AtLeast(2);

    public Option<string> Metric { get; } = new Option<string>("--metric")
    {
        Description = "The validation figure trials are ranked by.",
        DefaultValueFactory = _ => "accuracy",
    }.OneOf(["accuracy", "macro-accuracy", "loss"]);

    public Option<int?> Workers { get; } = new Option<int?>("--workers")
    {
        HelpName = "N",
        Description = "Trials at once, each in its own worker process with its share of the CPU threads (or its own GPU with --gpus). Default 1, in this process. " +
                      "With --storage, the workers started on this machine (0: none, start them elsewhere).",
    }.WholeNumber("0 or more", v => v >= 0);

    public Option<string?> Gpus { get; } = new("--gpus")
    {
        HelpName = "0,1",
        Description = "CUDA devices for the workers, one each (--workers defaults to their count).",
    };

    public Option<long?> MaxParams { get; } = new("--max-params")
    {
        HelpName = "N",
        Description = "Refuse, before the first trial, any candidate network with more parameters.",
    };

    public Option<int?> TestTop { get; } = new Option<int?>("--test-top")
    {
        HelpName = "K",
        Description = "Score the top K trials on the test part once at the end (classic sets). Default 3; 0 scores none.",
    }.WholeNumber("0 or more", v => v >= 0);

    public Option<int?> Retries { get; } = new Option<int?>("--retries")
    {
        HelpName = "N",
        Description = "Run a trial that throws again from its last checkpoint up to N times. Default 0.",
    }.WholeNumber("0 or more", v => v >= 0);

    public Option<int?> MaxFailures { get; } = new Option<int?>("--max-failures")
    {
        HelpName = "N",
        Description = "Stop proposing after N trials in a row failed. Default 5.",
    }.AtLeast(1);

    public Option<int?> Seed { get; } = new Option<int?>("--seed") { HelpName = "N", Description = "Seed of the split, the tuner and every trial. Default 1." }.WholeNumber();

    public Option<int?> Limit { get; } = new Option<int?>("--limit") { HelpName = "N", Description = "Use the first N training images only." }.AtLeast(1);

    public Option<int?> ImageSize { get; } = new Option<int?>("--image-size")
    {
        HelpName = "S",
        Description = "Square input size of every trial. Default: the largest of the architectures' default sizes, so that each gets at least the size it was designed for.",
    }.AtLeast(1);

    public Option<int?> InChannels { get; } = new Option<int?>("--in-channels")
    {
        HelpName = "C",
        Description = "Input channels: 3 (RGB, default) or 1 (grey).",
    }.WholeNumber("1 or 3", v => v is 1 or 3);

    public StoreOptions Store { get; } = new();

    public void AddTo(Command command)
    {
        Data.AddTo(command);
        Store.AddTo(command);
        foreach (Option option in new Option[]
                 {
                     ValDir, ValFraction, Out, Arch, Set, LearningRate, Optimizer, BatchSize, Search, Tuner, Trials, Time, TrialTime, Scheduler,
                     MinEpochs, Epochs, Eta, Metric, Workers, Gpus, MaxParams, TestTop, Retries, MaxFailures, Seed, Limit, ImageSize, InChannels,
                 })
            command.Add(option);
    }

    /// <summary>The search space of <c>--arch</c>, <c>--set</c>, <c>--lr</c>, <c>--optimizer</c>, <c>--batch-size</c> and <c>--search</c>.</summary>
    /// <exception cref="UsageException">A flag's text does not parse or names what does not exist; the message names the flag.</exception>
    public SearchSpace Space(ParseResult parsed)
    {
        var options = new List<SearchSpaceText.OptionText>();
        void Add(Option<string?> flag, string option)
        {
            if (parsed.GetValue(flag) is { } text) options.Add(new(option, text, flag.Name));
        }
        Add(LearningRate, nameof(CnnTrainer.Options.LearningRate));
        Add(Optimizer, nameof(CnnTrainer.Options.Optimizer));
        Add(BatchSize, nameof(CnnTrainer.Options.BatchSize));
        foreach (string pair in parsed.GetRequiredValue(Search))
        {
            int equals = pair.IndexOf('=');
            if (equals <= 0 || equals == pair.Length - 1)
                throw new UsageException($"{Search.Name}: expected Option=SPEC (e.g. WeightDecay=1e-5..1e-3:log); got '{pair}'.");
            options.Add(new(pair[..equals], pair[(equals + 1)..], $"{Search.Name} {pair[..equals]}"));
        }
        try
        {
            return SearchSpaceText.Parse(parsed.GetRequiredValue(Arch), parsed.GetRequiredValue(Set), options);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>A duration such as <c>90s</c>, <c>30m</c>, <c>2h</c> or <c>1h30m</c>.</summary>
    /// <exception cref="UsageException">The text is not a duration; the message names <paramref name="flag"/>.</exception>
    public static TimeSpan? Duration(string? text, string flag)
    {
        if (text is null) return null;
        var total = TimeSpan.Zero;
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char unit = char.ToLowerInvariant(text[i]);
            if (unit is not ('s' or 'm' or 'h')) continue;
            if (!double.TryParse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 0)
                throw new UsageException($"{flag}: expected a duration such as 90s, 30m, 2h or 1h30m; got '{text}'.");
            total += unit switch { 's' => TimeSpan.FromSeconds(value), 'm' => TimeSpan.FromMinutes(value), _ => TimeSpan.FromHours(value) };
            start = i + 1;
        }
        if (start != text.Length || total <= TimeSpan.Zero)
            throw new UsageException($"{flag}: expected a positive duration such as 90s, 30m, 2h or 1h30m; got '{text}'.");
        return total;
    }

    /// <summary>The GPU ids of <c>--gpus</c>.</summary>
    public IReadOnlyList<int> GpuList(ParseResult parsed)
    {
        if (parsed.GetValue(Gpus) is not { } text) return [];
        var ids = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
            ids.Add(int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int id)
                ? id
                : throw new UsageException($"{Gpus.Name}: expected CUDA device numbers separated by commas, e.g. 0,1; got '{text}'."));
        if (ids.Distinct().Count() != ids.Count)
            throw new UsageException($"{Gpus.Name}: a device is listed twice in '{text}'.");
        return ids;
    }

    /// <summary>The metric of <c>--metric</c>.</summary>
    public SweepMetric MetricOf(ParseResult parsed) => parsed.GetRequiredValue(Metric) switch
    {
        "macro-accuracy" => SweepMetric.MacroAccuracy,
        "loss" => SweepMetric.Loss,
        _ => SweepMetric.Accuracy,
    };
}
