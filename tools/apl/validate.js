// Validates APL documents and data sources with apl-suggester, offline, in one Node process.
// Input (stdin): JSON [{"name", "document", "datasources"}]. Output (stdout): JSON
// [{"name", "problems": [...]}]. Both of the validator's channels are read: validate()'s schema
// warnings, and the ErrorController singleton, where structural errors (an unknown component type,
// a component without a type) arrive (docs: /work/shared/docs/apl-offline.md).
'use strict';
// The validator logs notes of its own ("No mixin for component"): keep stdout for the JSON answer.
console.log = (...parts) => process.stderr.write(parts.join(' ') + '\n');
const suggester = require('apl-suggester');

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const items = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const controller = suggester.ErrorController.getInstance();
  let structural = [];
  controller.registerErrors();
  controller.setErrorInterface({ sendError(error) { structural.push(error); } });
  const validator = new suggester.StaticAplTemplateValidator();
  const results = [];
  for (const item of items) {
    structural = [];
    controller.clearExistingWarn();
    const problems = [];
    const found = await validator.validate(item.document);
    for (const problem of found || []) problems.push(describe(problem));
    if (item.datasources) {
      const dataFound = await validator.validateDataSources(item.datasources);
      for (const problem of dataFound || []) problems.push('datasources: ' + describe(problem));
    }
    for (const error of structural) problems.push('structural: ' + describe(error));
    results.push({ name: item.name, problems: problems });
  }
  process.stdout.write(JSON.stringify(results));
}

function describe(problem) {
  if (typeof problem === 'string') return problem;
  const parts = [problem.level, problem.code, problem.errorMessage || problem.message, problem.path];
  return parts.filter((part) => part !== undefined && part !== null && part !== '').join(' ') ||
    JSON.stringify(problem);
}

main().catch((error) => { process.stderr.write(String(error && error.stack || error)); process.exit(2); });
