'use strict';
// "--key value" pairs into an object, starting from defaults; unknown keys are an error so a
// typo in a test harness fails loudly instead of silently using a default.
function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    if (!key.startsWith('--') || i + 1 >= argv.length) {
      throw new Error(`expected "--name value" pairs, got "${argv.slice(i).join(' ')}"`);
    }
    const name = key.slice(2);
    if (!(name in out)) {
      throw new Error(`unknown option ${key}; known: ${Object.keys(defaults).map((k) => '--' + k).join(', ')}`);
    }
    out[name] = argv[i + 1];
  }
  return out;
}

module.exports = { parseArgs };
