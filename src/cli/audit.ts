import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { readActualCertificates } from '../export/actualCertificates';
import { importPki, type ImportInput } from '../export/importPki';
import { DAY_MS } from '../pki/profile';
import { topologyFromCertificates } from '../topology/checks/actualCertificates';
import { validateTopology } from '../topology/checks/validateTopology';
import { topologyOf } from '../topology/design';
import { rowsFromCertificates, rowState } from '../topology/timeline';
import { findingJson, findingText } from './findings';
import { EXIT, UsageError, type CliIo } from './io';

export const AUDIT_HELP = `Usage: k8s-tls-designer audit <folder|file.zip> [--warn-days N] [--json]

Reads an existing PKI, such as a copy of /etc/kubernetes or a bundle zip, as Import PKI does in
the browser, and prints the roles it found, the problems the checks find in the certificates
themselves, the expiry timeline and the files it could not read. Exits 1 when a check fails or a
certificate has expired, 2 when the input cannot be read, 0 otherwise.

  --warn-days <N>   mark certificates that expire within N days as due (default 30)
  --json            the same as JSON
  -h, --help        this help`;

/** Every file under a folder, named by its path from the folder's parent, as a browser's folder import names them. */
async function filesUnder(dir: string): Promise<ImportInput[]> {
  const inputs: ImportInput[] = [];
  const walk = async (at: string) => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) inputs.push({ name: join(basename(dir), relative(dir, path)), bytes: await readFile(path) });
    }
  };
  await walk(dir);
  return inputs;
}

async function inputsOf(path: string): Promise<ImportInput[]> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new UsageError(`${path}: no such file or folder`);
  return info.isDirectory() ? filesUnder(path) : [{ name: basename(path), bytes: await readFile(path) }];
}

export async function auditCommand(args: { readonly input: string; readonly warnDays: number; readonly json: boolean }, io: CliIo, now = new Date()): Promise<number> {
  if (!Number.isInteger(args.warnDays) || args.warnDays < 0) throw new UsageError('--warn-days is a whole number of days, 0 or more');
  const report = await importPki(await inputsOf(args.input));
  if (report.refused) throw new UsageError(`${args.input}: ${report.refused}`);
  const topology = topologyOf(report.design);
  const actual = await readActualCertificates(topology, report.certificates);
  const findings = validateTopology(topologyFromCertificates(topology, actual, now), report.design.presetId);
  const { describeCertificate } = await import('../pki/inspect');
  const facts = new Map(await Promise.all(Object.entries(report.certificates).map(async ([id, pem]) => [id, await describeCertificate(pem)] as const)));
  const expiry = rowsFromCertificates(topology, facts)
    .sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime())
    .map((row) => {
      const daysLeft = Math.floor((row.notAfter.getTime() - now.getTime()) / DAY_MS);
      const state = rowState(row, now);
      return { label: row.label, notAfter: row.notAfter.toISOString(), daysLeft, state: state === 'ok' && daysLeft <= args.warnDays ? 'due' : state };
    });
  const failing = findings.filter((f) => f.severity === 'error');
  const expired = expiry.filter((e) => e.state === 'expired');
  if (args.json) {
    io.out(`${JSON.stringify({
      recognised: report.recognised, findings: findings.map(findingJson), expiry,
      rejected: report.rejected, unassigned: report.unassigned,
    }, null, 2)}\n`);
  } else {
    const matched = report.keys.filter((k) => k.matches !== null).length;
    const lines = [`${args.input}: ${report.recognised.length} files recognised, ${matched} of ${report.keys.length} keys match their certificates.`, '', 'ROLES'];
    lines.push(...report.recognised.map((r) => `  ${r.path}  ${r.role}`));
    lines.push('', 'PROBLEMS', ...(findings.length === 0 ? ['  none: every connection would handshake'] : findings.map((f) => findingText(f, '  '))));
    const mark = { expired: 'EXPIRED', 'renew-now': 'RENEW NOW', due: 'DUE', 'outlives-ca': 'OUTLIVES ITS CA', ok: '' } as const;
    lines.push('', 'EXPIRY', ...expiry.map((e) => `  ${e.notAfter.slice(0, 10)}  ${(e.daysLeft < 0 ? `${-e.daysLeft} days ago` : `in ${e.daysLeft} days`).padEnd(16)}  ${e.label}${mark[e.state as keyof typeof mark] ? `  ${mark[e.state as keyof typeof mark]}` : ''}`));
    if (report.rejected.length + report.unassigned.length > 0) {
      lines.push('', 'NOT USED', ...report.rejected.map((r) => `  ${r.path}: ${r.reason}`), ...report.unassigned.map((u) => `  ${u.path}: a certificate (${u.subject}) with no role here`));
    }
    io.out(`${lines.join('\n')}\n\n${failing.length} failing, ${expired.length} expired.\n`);
  }
  return failing.length > 0 || expired.length > 0 ? EXIT.failing : EXIT.ok;
}
