using Cme.Functions;

return await CmeFunctionHost.RunAsync(args);
