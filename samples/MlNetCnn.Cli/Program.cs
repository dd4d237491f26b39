using var ctrlC = new MlNetCnn.Cli.ConsoleCancellation(Console.Error);
return MlNetCnn.Cli.CliApp.Run(args, cancellation: ctrlC.Token);
