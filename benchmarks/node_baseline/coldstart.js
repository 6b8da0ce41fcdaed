// One cold start of the Node.js baseline, run as its own process: load the skill, answer one event.
//
//     node benchmarks/node_baseline/coldstart.js EVENT_JSON
//
// Prints one JSON line like benchmarks/coldstart.py does for the Python skills: how long loading the
// module and the first turn took inside the process, the DynamoDB requests the turn made (counted by
// a middleware on the skill's client) and the process's peak RSS. The parent times the whole process.
'use strict';

const fs = require('fs');

// VmHWM on Linux: getrusage's maxRSS (process.resourceUsage) keeps the parent's peak across fork + exec.
function peakRssKib() {
  try {
    const line = fs.readFileSync('/proc/self/status', 'ascii').split('\n').find((l) => l.startsWith('VmHWM:'));
    return Number(line.split(/\s+/)[1]);
  } catch (error) {
    return process.resourceUsage().maxRSS;
  }
}

async function main() {
  const event = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const started = process.hrtime.bigint();
  const skill = require('./index.js'); // the measured load
  const loaded = process.hrtime.bigint();
  let requests = 0;
  skill.client.middlewareStack.add((next) => async (args) => {
    requests += 1;
    return next(args);
  }, { step: 'initialize', name: 'countRequests' });
  const reply = await new Promise((resolve, reject) => {
    skill.handler(event, {}, (error, response) => (error ? reject(error) : resolve(response)));
  });
  const answered = process.hrtime.bigint();
  const speech = ((reply.response || {}).outputSpeech || {}).ssml || '';
  console.log(JSON.stringify({
    import_ms: Number(loaded - started) / 1e6,
    first_turn_ms: Number(answered - loaded) / 1e6,
    peak_rss_kib: peakRssKib(),
    spoke: speech.includes('Hello'),
    requests,
  }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
