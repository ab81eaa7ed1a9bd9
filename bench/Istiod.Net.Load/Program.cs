using Istiod.Net.Load.Cli;

return await LoadCommand.RunAsync(args);
