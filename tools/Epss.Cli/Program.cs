using Epss.Cli;

return EpssCommandLine.Run(args, Console.Out, Console.Error);
