using OpsModule.HelpGenerator;

return HelpGeneratorCommandLine.Run(args, Console.Out, Console.Error);
