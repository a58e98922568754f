using Cme.Cli;

return await CmeCommand.Create().Parse(args).InvokeAsync();
