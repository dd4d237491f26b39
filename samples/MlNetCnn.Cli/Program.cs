return MlNetCnn.Cli.CliApp.Run(args);
