using Cme.LocalRunner;

return await CmeFunctionHost.RunAsync(args);
