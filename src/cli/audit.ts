import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { readActualCertificates } from '../export/actualCertificates';
import { IMPORT_LIMITS, inputsProblem } from '../export/importLimits';
import { importPki, type ImportInput } from '../export/importPki';
import { DAY_MS } from '../pki/profile';
import { topologyFromCertificates } from '../topology/checks/actualCertificates';
import { validateTopology } from '../topology/checks/validateTopology';
import { topologyOf } from '../topology/design';
import { rowsFromCertificates, rowState } from '../topology/timeline';
import { certificateSeries, prometheusText } from './auditFormats';
import { findingJson, findingText } from './findings';
import { EXIT, InputError, type CliIo } from './io';
import { kindOf, openFailure, readRegularFile } from './readInput';

/** A file the folder walk passes over, and why: only regular files are read. */
interface Skipped {
  readonly path: string;
  readonly reason: string;
}

/**
 * Every regular file under a folder, named by its path from the folder's parent, as a browser's
 * folder import names them. Links to files are followed (kubelet-client-current.pem is one), links
 * to folders are not (no loops); anything else is passed over with its reason. The walk stops
 * once there are more files than an import reads, before a byte is read.
 */
async function filesUnder(
  dir: string,
  skipped: Skipped[],
): Promise<Array<{ path: string; name: string; size: number }>> {
  const found: Array<{ path: string; name: string; size: number }> = [];
  const walk = async (at: string) => {
    const entries = await readdir(at, { withFileTypes: true }).catch((error: unknown) => {
      throw new InputError(`${at}: ${openFailure(error)}`);
    });
    for (const entry of entries) {
      if (found.length > IMPORT_LIMITS.files) throw new InputError(`${dir}: Import refused: ${inputsProblem(found)}`);
      const path = join(at, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
        continue;
      }
      const info = await stat(path).catch(() => null);
      if (!info) skipped.push({ path, reason: 'a link to nothing: not read.' });
      else if (info.isDirectory()) skipped.push({ path, reason: 'a link to a folder: not followed.' });
      else if (!info.isFile()) skipped.push({ path, reason: `${kindOf(info)}: only regular files are read.` });
      else found.push({ path, name: join(basename(dir), relative(dir, path)), size: info.size });
    }
  };
  await walk(dir);
  return found;
}

/** The files to import: a folder's, or the one file (a zip, a PEM) given; judged by their sizes before any is read. */
async function inputsOf(path: string, skipped: Skipped[]): Promise<ImportInput[]> {
  const info = await stat(path).catch((error: unknown) => {
    throw new InputError(`${path}: ${openFailure(error)}`);
  });
  const files = info.isDirectory()
    ? await filesUnder(path, skipped)
    : [{ path, name: basename(path), size: info.size }];
  const tooMuch = inputsProblem(files);
  if (tooMuch) throw new InputError(`${path}: Import refused: ${tooMuch}`);
  return Promise.all(
    files.map(async (f) => ({
      name: f.name,
      bytes: await readRegularFile(f.path, IMPORT_LIMITS.totalBytes, 'a file of a PKI'),
    })),
  );
}

export interface AuditArgs {
  /** Folders and files read together as one PKI (/etc/kubernetes and /var/lib/kubelet/pki). */
  readonly inputs: readonly string[];
  readonly warnDays: number;
  readonly format: 'text' | 'json' | 'prometheus';
}

export async function auditCommand(args: AuditArgs, io: CliIo, now = new Date()): Promise<number> {
  const skipped: Skipped[] = [];
  const files = (await Promise.all(args.inputs.map((input) => inputsOf(input, skipped)))).flat();
  const tooMuch =
    args.inputs.length > 1 ? inputsProblem(files.map((f) => ({ name: f.name, size: f.bytes.length }))) : null;
  if (tooMuch) throw new InputError(`${args.inputs.join(', ')}: Import refused: ${tooMuch}`);
  const report = await importPki(files);
  const input = args.inputs.join(' ');
  // Why nothing was taken, file by file: a zip too large when inflated, corrupt, nested, a file that is no PEM.
  const notRead = [...skipped, ...report.rejected];
  if (report.refused)
    throw new InputError([`${input}: ${report.refused}`, ...notRead.map((r) => `  ${r.path}: ${r.reason}`)].join('\n'));
  const topology = topologyOf(report.design);
  const actual = await readActualCertificates(topology, report.certificates);
  const findings = validateTopology(topologyFromCertificates(topology, actual, now), report.design.presetId);
  const { describeCertificate } = await import('../pki/inspect');
  const facts = new Map(
    await Promise.all(
      Object.entries(report.certificates).map(async ([id, pem]) => [id, await describeCertificate(pem)] as const),
    ),
  );
  const expiry = rowsFromCertificates(topology, facts)
    .sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime())
    .map((row) => {
      const daysLeft = Math.floor((row.notAfter.getTime() - now.getTime()) / DAY_MS);
      const state = rowState(row, now);
      return {
        label: row.label,
        notAfter: row.notAfter.toISOString(),
        daysLeft,
        state: state === 'ok' && daysLeft <= args.warnDays ? 'due' : state,
      };
    });
  const failing = findings.filter((f) => f.severity === 'error');
  const expired = expiry.filter((e) => e.state === 'expired');
  if (args.format === 'prometheus') {
    io.out(prometheusText(await certificateSeries(report, args.inputs, files), now));
  } else if (args.format === 'json') {
    io.out(
      `${JSON.stringify(
        {
          layout: report.layout ?? null,
          recognised: report.recognised,
          findings: findings.map(findingJson),
          expiry,
          certificates: await certificateSeries(report, args.inputs, files),
          rejected: notRead,
          unassigned: report.unassigned,
          filledIn: report.filledIn ?? [],
          notDrawn: report.notDrawn ?? [],
        },
        null,
        2,
      )}\n`,
    );
  } else {
    const matched = report.keys.filter((k) => k.matches !== null).length;
    const lines = [
      `${input}: ${report.recognised.length} files recognised, ${matched} of ${report.keys.length} keys match their certificates.`,
    ];
    if (report.layout) lines.push(`Layout: ${report.layout}`);
    lines.push('', 'ROLES');
    lines.push(...report.recognised.map((r) => `  ${r.path}  ${r.role}`));
    lines.push(
      '',
      'PROBLEMS',
      ...(findings.length === 0
        ? ['  none: every connection would handshake']
        : findings.map((f) => findingText(f, '  '))),
    );
    const mark = {
      expired: 'EXPIRED',
      'renew-now': 'RENEW NOW',
      due: 'DUE',
      'outlives-ca': 'OUTLIVES ITS CA',
      ok: '',
    } as const;
    lines.push(
      '',
      'EXPIRY',
      ...expiry.map(
        (e) =>
          `  ${e.notAfter.slice(0, 10)}  ${(e.daysLeft < 0 ? `${-e.daysLeft} days ago` : `in ${e.daysLeft} days`).padEnd(16)}  ${e.label}${mark[e.state as keyof typeof mark] ? `  ${mark[e.state as keyof typeof mark]}` : ''}`,
      ),
    );
    if (notRead.length + report.unassigned.length > 0) {
      lines.push(
        '',
        'NOT USED',
        ...notRead.map((r) => `  ${r.path}: ${r.reason}`),
        ...report.unassigned.map(
          (u) => `  ${u.path}: a certificate (${u.subject}) with no role here${u.reason ? `: ${u.reason}` : ''}`,
        ),
      );
    }
    if (report.filledIn?.length)
      lines.push('', 'FILLED IN (not in the files)', ...report.filledIn.map((f) => `  ${f}`));
    if (report.notDrawn?.length)
      lines.push('', 'NOT CHECKED (no file proves them)', ...report.notDrawn.map((f) => `  ${f}`));
    io.out(`${lines.join('\n')}\n\n${failing.length} failing, ${expired.length} expired.\n`);
  }
  return failing.length > 0 || expired.length > 0 ? EXIT.failing : EXIT.ok;
}
