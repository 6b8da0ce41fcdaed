// dynalite on 127.0.0.1 on a port the OS picks (dynalite's own CLI turns --port 0 into 4567), printing
// "listening <port>" once it accepts connections, so a test fixture can read the port without the race of
// probing for a free one first. In memory; tables become ACTIVE at once. Stops when its stdin closes, so
// a test run that dies never leaves it behind.
"use strict";
const dynalite = require("dynalite");

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
