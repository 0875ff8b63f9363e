// Which Node versions can run `pas`: plain JavaScript that every Node version parses, so that an old Node
// says what it needs instead of failing on an option or a syntax it does not know.

/** The oldest Node that runs pas: 22.12 (commander 15 and vitest need it; 22.12–22.17 with a flag). */
export const MINIMUM_NODE = [22, 12];

/** Whether `version` ('v20.20.2' or '20.20.2') is at least the minimum. */
export function nodeIsSupported(version) {
  const [major, minor] = String(version).replace(/^v/, '').split('.').map(Number);
  return major > MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor >= MINIMUM_NODE[1]);
}

/** What pas prints on an unsupported Node before exiting 1. */
export function unsupportedNodeMessage(version, execPath) {
  return (
    `pas needs Node.js >= ${MINIMUM_NODE.join('.')} (Node 24 LTS recommended); this is Node ${version} ` +
    `(${execPath}). Install a newer Node, e.g. from https://nodejs.org or with nvm: nvm install 24`
  );
}
