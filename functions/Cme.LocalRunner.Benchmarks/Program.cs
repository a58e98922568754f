using Cme.LocalRunner.Benchmarks;

return await HostBenchmarksCommand.Create().Parse(args).InvokeAsync();
