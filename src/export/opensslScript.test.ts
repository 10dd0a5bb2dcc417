import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, test } from 'vitest';
import { topologyFromCertificates } from '../topology/checks/actualCertificates';
import { validateTopology } from '../topology/checks/validateTopology';
import { NO_EDITS, topologyOf } from '../topology/design';
import type { Topology } from '../topology/model';
import { expandDesign } from '../topology/pools';
import { buildPreset, PRESET_DEFAULTS } from '../topology/presets';
import { PRESET_IDS } from '../topology/presetParams';
import { readActualCertificates } from './actualCertificates';
import { credentialPaths } from './opensslCommands';
import { opensslScript } from './opensslScript';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Runs the script with the real openssl, then collects every certificate it made, by element id. */
function runScript(topology: Topology): { dir: string; pems: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'make-certs-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'make-certs.sh'), opensslScript(topology));
  execFileSync('bash', [join(dir, 'make-certs.sh'), join(dir, 'out')], { stdio: 'pipe' });
  const out = join(dir, 'out');
  const pems: Record<string, string> = {};
  for (const ca of topology.cas) pems[ca.id] = readFileSync(join(out, ca.certFile), 'utf8');
  for (const c of topology.credentials) {
    if (c.files) pems[c.id] = readFileSync(join(out, c.files.cert), 'utf8');
    else if (c.kubeconfig) {
      const conf = parse(readFileSync(join(out, c.kubeconfig.file), 'utf8'));
      pems[c.id] = Buffer.from(conf.users[0].user['client-certificate-data'], 'base64').toString();
    }
  }
  return { dir: out, pems };
}

describe.each(PRESET_IDS.map((id) => [id] as const))(
  'make-certs.sh for the %s preset, run with the real openssl',
  (id) => {
    test("makes every file of the design, and its certificates pass the same checks as the browser's", async () => {
      const topology = buildPreset(id, { ...PRESET_DEFAULTS[id], keyAlgorithm: 'ECDSA-P256' });
      const { dir, pems } = runScript(topology);
      for (const c of topology.credentials) {
        const ca = topology.cas.find((x) => x.id === c.caId)!;
        if (c.files) {
          execFileSync('openssl', ['verify', '-CAfile', join(dir, ca.certFile), join(dir, c.files.cert)], {
            stdio: 'pipe',
          });
          const pub = (args: string[]) => execFileSync('openssl', args, { encoding: 'utf8' });
          expect(pub(['pkey', '-in', join(dir, c.files.key), '-pubout'])).toBe(
            pub(['x509', '-in', join(dir, c.files.cert), '-noout', '-pubkey']),
          );
        } else {
          // A kubeconfig-only pair leaves no loose files behind.
          expect(() => readFileSync(join(dir, credentialPaths(c, 'bundle').key))).toThrow();
        }
      }
      for (const pair of topology.keyPairs) {
        expect(readFileSync(join(dir, pair.publicFile), 'utf8')).toContain('BEGIN PUBLIC KEY');
      }
      const actual = await readActualCertificates(topology, pems);
      expect(actual.size).toBe(topology.credentials.length);
      // The same subjects, SANs, usages and signers as designed: the checks find nothing new.
      const plan = validateTopology(topology).map((f) => f.id);
      const made = validateTopology(topologyFromCertificates(topology, actual, new Date())).map((f) => f.id);
      expect(made).toEqual(plan);
      for (const c of topology.credentials) {
        expect(actual.get(c.id)?.subject, c.label).toEqual(c.subject);
        expect([...(actual.get(c.id)?.dnsNames ?? [])].sort(), c.label).toEqual([...new Set(c.dnsNames)].sort());
      }
    });
  },
);

test('a pool of 1,000 workers, expanded for generation, is written: the drawing limits do not apply to it', () => {
  const design = {
    presetId: 'kubeadm' as const,
    params: { ...PRESET_DEFAULTS.kubeadm, workers: [{ name: 'pool', ip: '10.1.0.1', count: 1000 }] },
    edits: NO_EDITS,
  };
  const topology = topologyOf(expandDesign(design));
  expect(topology.components.length).toBeGreaterThan(2000);
  const script = opensslScript(topology);
  expect(script).toContain('nodes/pool-1000/kubelet.conf');
  execFileSync('bash', ['-n'], { input: script });
});
