// Runs Azurite on behalf of one parent process (the CME host, the cme command or a test run)
// and exits as soon as that parent is gone, so a parent killed without warning never leaves
// the emulator behind holding its ports and data folder.
"use strict";
const parentPid = Number(process.env.CME_AZURITE_PARENT_PID || "0");
if (parentPid > 0) {
  setInterval(() => {
    try {
      process.kill(parentPid, 0);
    } catch {
      process.exit(0);
    }
  }, 1000);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => process.exit(0));
}
require("azurite/dist/src/azurite.js");
