using Istiod.Net.Cli;

return await CliApp.RunAsync(args);
