// make-certs.sh is run by an operator as root: no value of a design may run a command or write
// outside the output folder. For every embeddable field and a corpus of payloads, either the
// gate refuses the value (link, file and script alike, naming the field) or the script is run
// for real with bash and openssl, and no marker appears and nothing is written outside.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { afterAll, describe, expect, test } from 'vitest';
import { withCommonName } from '../pki/profile';
import { topologyOf, type Design } from '../topology/design';
import { topologyProblem } from '../topology/designRules';
import { parseDesign } from '../topology/designSchema';
import { shellPayloads } from '../testing/hostileCorpus';
import { fieldDesigns, smallDesign, TEXT_FIELDS } from '../testing/hostileDesigns';
import { caCommands, credentialCommands } from './opensslCommands';
import { opensslScript } from './opensslScript';

const run = promisify(execFile);
const base = mkdtempSync(join(tmpdir(), 'hostile-script-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const outside = join(base, 'outside');
mkdirSync(outside);
const MARK = join(outside, 'marker');
const PAYLOADS = shellPayloads(MARK);

const ADMIN = 'cred:admin';
const small = smallDesign;
const FIELDS = TEXT_FIELDS;

/** A design as it arrives by link or file: serialised, then through the gate. */
const arriving = (d: Design) => parseDesign(JSON.parse(JSON.stringify(d)));

/** Runs the script as an operator would, in a scratch folder; returns whether it finished. */
async function runScript(script: string, name: string): Promise<{ dir: string; ok: boolean; stderr: string }> {
  const dir = join(base, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'make-certs.sh'), script);
  try {
    await run('bash', ['make-certs.sh', 'out'], { cwd: dir, timeout: 60_000 });
    return { dir, ok: true, stderr: '' };
  } catch (error) {
    return { dir, ok: false, stderr: String((error as { stderr?: string }).stderr ?? error) };
  }
}

function expectNothingOutside(): void {
  expect(readdirSync(outside), 'files outside the scratch folders').toEqual([]);
  expect(
    readdirSync(base)
      .sort()
      .filter((f) => !f.startsWith('run-') && !f.startsWith('cmd-')),
    'entries beside the scratch folders',
  ).toEqual(['outside']);
}

/** Each field's hostile values as a link or file brings them: those the gate accepts, and those it refuses (with the design). */
function verdicts(): {
  accepted: Map<string, string[]>;
  refused: Array<{ field: string; names: RegExp; payload: string; design: Design; error: string }>;
} {
  const accepted = new Map<string, string[]>();
  const refused = [];
  for (const { field, names, value: payload, design } of fieldDesigns(PAYLOADS)) {
    const result = arriving(design);
    if (result.ok) accepted.set(field, [...(accepted.get(field) ?? []), payload]);
    else refused.push({ field, names, payload, design, error: result.error });
  }
  return { accepted, refused };
}

describe('make-certs.sh under hostile values', () => {
  test('a value the field rules refuse is refused by a link or file and by the script, with the field named', () => {
    const { accepted, refused } = verdicts();
    let refusedByScript = 0;
    for (const { field, names, payload, design, error } of refused) {
      expect(error, `${field} = ${JSON.stringify(payload.slice(0, 80))}`).toMatch(names);
      // Some refused values cannot even be built into a topology; those that can, the script refuses.
      let topology;
      try {
        topology = topologyOf(design);
      } catch {
        continue;
      }
      // A parameter the rules refuse may build into clean values (the URL parser drops a tab from a
      // host); what reaches the topology refused, the script refuses.
      if (topologyProblem(topology) === null) continue;
      refusedByScript++;
      expect(() => opensslScript(topology), `${field} = ${JSON.stringify(payload.slice(0, 80))}`).toThrow(
        /make-certs.sh was not written/,
      );
    }
    // Paths, SANs, node and cluster names hold none of these; free text holds most of them.
    for (const strict of [
      'DNS SAN',
      'IP SAN',
      'certificate file',
      'key file',
      'kubeconfig file',
      'CA file',
      'node name',
      'cluster name',
      'kubeconfig server',
    ]) {
      expect(accepted.get(strict) ?? [], strict).toEqual([]);
    }
    for (const text of ['CN', 'O', 'kubeconfig user', 'credential label', 'CA name', 'component name']) {
      expect(accepted.get(text), text).toEqual(
        expect.arrayContaining([`O'Brien`, `$(touch ${MARK})`, `x'$(touch ${MARK})'`]),
      );
    }
    expect(refused.length).toBeGreaterThan(700);
    expect(refusedByScript).toBeGreaterThan(500);
  });

  test('every accepted value, all fields at once, makes a script bash parses and runs without running the payload', async () => {
    const { accepted } = verdicts();
    // One design per payload, carrying it in every field that accepts it.
    const designs = PAYLOADS.map((payload) =>
      FIELDS.reduce(
        (design, { field, edit }) => (accepted.get(field)?.includes(payload) ? edit(design, payload) : design),
        small(),
      ),
    ).filter((_, i) => FIELDS.some(({ field }) => accepted.get(field)?.includes(PAYLOADS[i]!)));
    expect(designs.length).toBeGreaterThan(30);
    const results = [];
    // Two at a time: the machine has two cores and each run starts some forty openssl processes.
    for (let i = 0; i < designs.length; i += 2) {
      results.push(
        ...(await Promise.all(
          designs.slice(i, i + 2).map(async (design, j) => {
            const parsed = arriving(design);
            expect(parsed.ok).toBe(true);
            const script = opensslScript(topologyOf(design));
            execFileSync('bash', ['-n'], { input: script });
            return { design, ...(await runScript(script, `run-${i + j}`)) };
          }),
        )),
      );
    }
    expectNothingOutside();
    for (const { design, dir, ok, stderr } of results) {
      const topology = topologyOf(design);
      const cred = topology.credentials.find((c) => c.id === ADMIN)!;
      expect(ok, stderr).toBe(true);
      // Values arrive as written: the certificate's CN and the kubeconfig's names are the payload itself.
      const subject = execFileSync(
        'openssl',
        ['x509', '-in', join(dir, 'out', cred.files!.cert), '-noout', '-subject', '-nameopt', 'utf8,sep_multiline'],
        { encoding: 'utf8' },
      );
      expect(subject).toContain(`CN=${cred.subject.find((a) => a.type === 'CN')!.value}`);
      const conf = parse(readFileSync(join(dir, 'out', cred.kubeconfig!.file), 'utf8'));
      expect(conf.users[0].name).toBe(cred.kubeconfig!.userName);
      expect(conf.clusters[0].name).toBe(cred.kubeconfig!.clusterName);
      expect(Object.keys(conf.users[0].user).sort()).toEqual(['client-certificate-data', 'client-key-data']);
      execFileSync('openssl', [
        'verify',
        '-CAfile',
        join(dir, 'out', topology.cas[0]!.certFile),
        join(dir, 'out', cred.files!.cert),
      ]);
    }
  });

  test("the viewer's openssl commands quote every value too, even for values no design could hold", async () => {
    const topology = topologyOf(small());
    const ca = topology.cas[0]!;
    const cred = topology.credentials.find((c) => c.id === ADMIN)!;
    // Paths that stay in the folder but are full of metacharacters; SANs and subject values of any kind.
    const hostile = PAYLOADS.filter(
      (p) =>
        !p.includes('..') && !p.startsWith('/') && !/[\0\n\r]/.test(p) && p.length < 200 && p.trim() === p && p !== '',
    );
    for (const [i, payload] of hostile.entries()) {
      const file = `f${i}${payload.replace(/\//g, '_')}`;
      const commands = [
        ...caCommands({ ...ca, subject: withCommonName(ca.subject, payload), dnsNames: [] }, 'ECDSA-P256'),
        ...credentialCommands(
          {
            ...cred,
            files: { cert: `${file}.crt`, key: `${file}.key` },
            subject: withCommonName(cred.subject, payload),
            dnsNames: ['ok.example'],
          },
          ca,
          'ECDSA-P256',
        ),
      ];
      const script = commands.join('\n');
      execFileSync('bash', ['-n'], { input: script });
      const dir = join(base, `cmd-${i}`);
      mkdirSync(dir);
      await run('bash', ['-c', script], { cwd: dir, timeout: 60_000 }).catch(() => undefined);
    }
    expectNothingOutside();
  });

  test('a DNS SAN with openssl config syntax is kept literally, never expanded from the environment', () => {
    const topology = topologyOf(small());
    const cred = topology.credentials.find((c) => c.id === ADMIN)!;
    const ca = topology.cas[0]!;
    const dir = join(base, 'cmd-env');
    mkdirSync(dir);
    const script = [
      ...caCommands(ca, 'ECDSA-P256'),
      ...credentialCommands({ ...cred, dnsNames: ['${ENV::HOME}', '$HOME', 'a#b'] }, ca, 'ECDSA-P256'),
    ].join('\n');
    execFileSync('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: dir,
      env: { ...process.env, HOME: '/secret/home' },
    });
    const sans = execFileSync('openssl', ['x509', '-in', join(dir, 'admin.crt'), '-noout', '-ext', 'subjectAltName'], {
      encoding: 'utf8',
    });
    expect(sans).toContain('DNS:${ENV::HOME}');
    expect(sans).toContain('DNS:$HOME');
    expect(sans).toContain('DNS:a#b');
    expect(sans).not.toContain('/secret/home');
  });
});
