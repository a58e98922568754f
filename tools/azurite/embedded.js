// Runs Azurite on behalf of one parent process (the CME host, the cme command or a test run)
// and shuts it down as soon as that parent is gone, so a parent killed without warning never
// leaves the emulator behind holding its ports. Shutdown goes through Azurite's own SIGTERM
// handler, which saves its data files before exiting.
"use strict";
const parentPid = Number(process.env.CME_AZURITE_PARENT_PID || "0");
if (parentPid > 0) {
  const watch = setInterval(() => {
    try {
      process.kill(parentPid, 0);
    } catch {
      clearInterval(watch);
      process.kill(process.pid, "SIGTERM");
      // If a graceful close hangs, leave anyway.
      setTimeout(() => process.exit(0), 10000).unref();
    }
  }, 1000);
  // The watch must not keep the process alive once Azurite has closed its servers.
  watch.unref();

  // Ctrl-C in a terminal sends SIGINT to every process in the foreground group, this one too. Were
  // Azurite to close on it, the parent's triggers, still stopping, would meet a refused connection
  // (the WebJobs SDK's legacy queue listener then ends the process with 134). The parent stops
  // Azurite with SIGTERM once it has stopped, or the watch above does when the parent is gone.
  process.on("SIGINT", () => {});
  for (const register of ["on", "once", "addListener"]) {
    const original = process[register].bind(process);
    process[register] = (event, listener) => (event === "SIGINT" ? process : original(event, listener));
  }
}
require("azurite/dist/src/azurite.js");
