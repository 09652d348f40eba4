using Viggotech.Cli;

return await CliApp.Create().RunAsync(args);
