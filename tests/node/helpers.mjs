// Shared by the node --test suites: where the built package is, small scenarios with known decisions,
// a helper to run a command and capture its output, and seeded pseudo-random numbers for generated inputs.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const pkgDir = join(root, 'pkg');
export const bin = join(root, 'node_modules', '.bin');

if (!existsSync(join(pkgDir, 'package.json'))) {
  throw new Error('pkg/ is not built: run `make pkg` (or `make test-node`, which builds it)');
}

export const ALICE = 'arn:aws:iam::111122223333:user/alice';

/** Identity policy text: Allow s3:GetObject on reports/*. Positions in results refer to this string. */
export const ALLOW_REPORTS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'ReadReports', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }],
}, null, 2);

/** Identity policy object: Deny s3:* on secrets/*. */
export const DENY_SECRETS = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'NoSecrets', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::secrets/*' }],
};

export const policies = () => ({ identity: [ALLOW_REPORTS, { id: 'guard', document: DENY_SECRETS }] });

export const request = (resource, action = 's3:GetObject') => ({ principal: ALICE, action, resource });

export const scenario = (resource, action) => ({ request: request(resource, action), policies: policies() });

/** Resources and the decision each must get under policies(). */
export const KNOWN = [
  ['arn:aws:s3:::reports/q1.csv', 'allowed'],
  ['arn:aws:s3:::secrets/key', 'explicitDeny'],
  ['arn:aws:s3:::elsewhere/key', 'implicitDeny'],
];

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32): generated inputs reproduce from their seed. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sh(cmd, args, options = {}) {
  return execFileSync(cmd, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, npm_config_audit: 'false', npm_config_fund: 'false' },
    ...options,
  });
}
