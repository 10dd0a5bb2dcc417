// audit --format prometheus and json (issue 21), as a monitoring cron job runs them: the built
// command on a node's /etc/kubernetes and /var/lib/kubelet/pki together. The text is read by a
// parser of the exposition format from npm (parse-prometheus-text-format) for its series, and
// judged by promtool (Debian's prometheus package), the format's reference parser, which refuses
// an escape the format does not have; .ci/run installs it and sets REQUIRE_PROMTOOL=1.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import parsePrometheus from 'parse-prometheus-text-format';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, openssl, type TempDir } from '../export/testing/bundleOnDisk';
import { labelValue, prometheusText, type CertificateSeries } from './auditFormats';
import { builtCli } from './testing/builtCli';

const havePromtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' }).status === 0;
if (!havePromtool && process.env.REQUIRE_PROMTOOL)
  throw new Error('REQUIRE_PROMTOOL is set but promtool is missing: apt-get install prometheus');

const BIN = builtCli();
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });

interface Family {
  name: string;
  type: string;
  metrics: Array<{ value: string; labels: Record<string, string> }>;
}
const families = (text: string) => parsePrometheus(text) as Family[];

/** promtool's verdict on a text: its parser's error, or null when it reads every line. */
function promtoolProblem(text: string): string | null {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return run.status === 0 ? null : `${run.stdout}${run.stderr}`;
}

let dir: TempDir;
let etc: string;
let kubeletPki: string;
beforeAll(() => {
  dir = makeTempDir('audit-formats-');
  const zip = dir.path('bundle.zip');
  const run = cli(
    'generate',
    '--preset',
    'kubeadm',
    '--control-plane',
    'controlplane=192.168.56.10',
    '--key-algorithm',
    'ECDSA-P256',
    '--worker',
    'node01=192.168.56.21',
    '-o',
    zip,
  );
  expect(run.status, run.stderr).toBe(0);
  // The control plane's /etc/kubernetes, as the bundle lays it out.
  etc = dir.path('etc/kubernetes');
  for (const [name, bytes] of Object.entries(unzipSync(fs.readFileSync(zip)))) {
    const to = path.join(etc, name.replace(/^kubernetes\//, ''));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.writeFileSync(to, bytes);
  }
  // Its /var/lib/kubelet/pki: the kubelet's self-signed serving pair (as a kubelet makes it), with
  // a subject that holds a quote and a backslash, and its client pair (kubelet.conf's, as one file).
  kubeletPki = dir.path('var/lib/kubelet/pki');
  fs.mkdirSync(kubeletPki, { recursive: true });
  openssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '365',
    '-subj',
    '/O=say "hi"/CN=controlplane-ca@1700000000\\\\x',
    '-keyout',
    path.join(kubeletPki, 'kubelet.key'),
    '-out',
    path.join(kubeletPki, 'kubelet.crt'),
  ]);
  const user = (
    parse(fs.readFileSync(path.join(etc, 'kubelet.conf'), 'utf8')) as { users: Array<{ user: Record<string, string> }> }
  ).users[0]!.user;
  const pem = (b64: string) => Buffer.from(b64, 'base64').toString();
  fs.writeFileSync(
    path.join(kubeletPki, 'kubelet-client-current.pem'),
    pem(user['client-certificate-data']!) + pem(user['client-key-data']!),
  );
}, 300_000);
afterAll(() => dir?.cleanup());

/** Every file of a folder that holds a certificate: .crt files and kubeconfigs. */
const certificateFiles = (at: string) =>
  fs
    .readdirSync(at, { recursive: true })
    .map(String)
    .filter((f) => /\.(crt|conf)$/.test(f))
    .map((f) => path.join(at, f))
    .sort();

describe('audit --format prometheus', () => {
  it('gives one series per certificate of /etc/kubernetes, named as x509-certificate-exporter names them, with its file, role, subject and issuer', () => {
    const run = cli('audit', etc, '--format', 'prometheus');
    expect(run.status, run.stderr).toBe(0);
    if (havePromtool) expect(promtoolProblem(run.stdout)).toBeNull();
    const parsed = families(run.stdout);
    expect(parsed.map((f) => [f.name, f.type])).toEqual([
      ['x509_cert_not_after', 'GAUGE'],
      ['x509_cert_not_before', 'GAUGE'],
      ['x509_cert_expired', 'GAUGE'],
    ]);
    const [notAfter, notBefore, expired] = parsed;
    // One series per certificate file, and no two series alike.
    expect(notAfter!.metrics.map((m) => m.labels.filepath).sort()).toEqual(certificateFiles(etc));
    expect(new Set(notAfter!.metrics.map((m) => JSON.stringify(m.labels))).size).toBe(notAfter!.metrics.length);
    expect(notBefore!.metrics).toHaveLength(notAfter!.metrics.length);
    expect(expired!.metrics.every((m) => m.value === '0')).toBe(true);
    // The figures are the certificate's own, as openssl reads them.
    const apiserver = path.join(etc, 'pki/apiserver.crt');
    const series = notAfter!.metrics.find((m) => m.labels.filepath === apiserver)!;
    const dates = openssl(['x509', '-in', apiserver, '-noout', '-startdate', '-enddate', '-serial']);
    expect(Number(series.value)).toBe(Date.parse(/notAfter=(.*)/.exec(dates)![1]!) / 1000);
    expect(Number(notBefore!.metrics.find((m) => m.labels.filepath === apiserver)!.value)).toBe(
      Date.parse(/notBefore=(.*)/.exec(dates)![1]!) / 1000,
    );
    expect(series.labels).toMatchObject({
      filename: 'apiserver.crt',
      role: 'apiserver@controlplane',
      subject_CN: 'kube-apiserver',
      issuer_CN: 'kubernetes',
      serial_number: BigInt(`0x${/serial=(\w+)/.exec(dates)![1]}`).toString(10),
    });
    const admin = notAfter!.metrics.find((m) => m.labels.filepath === path.join(etc, 'admin.conf'))!;
    expect(admin.labels).toMatchObject({
      subject_CN: 'kubernetes-admin',
      subject_O: 'kubeadm:cluster-admins',
      issuer_CN: 'kubernetes',
    });
  });

  it('reads /etc/kubernetes and /var/lib/kubelet/pki together: every certificate of both, one with no role here too, its quote and backslash escaped', () => {
    const run = cli('audit', etc, kubeletPki, '--format', 'prometheus');
    expect(run.status, run.stderr).toBe(0);
    if (havePromtool) expect(promtoolProblem(run.stdout)).toBeNull();
    const notAfter = families(run.stdout)[0]!.metrics;
    const paths = notAfter.map((m) => m.labels.filepath);
    expect(paths).toEqual(expect.arrayContaining([...certificateFiles(etc), path.join(kubeletPki, 'kubelet.crt')]));
    const serving = notAfter.find((m) => m.labels.filepath === path.join(kubeletPki, 'kubelet.crt'))!;
    expect(serving.labels.subject_O).toBe('say "hi"');
    expect(serving.labels.subject_CN).toBe('controlplane-ca@1700000000\\x');
    const json = JSON.parse(cli('audit', etc, kubeletPki, '--format', 'json').stdout) as {
      certificates: CertificateSeries[];
    };
    expect(json.certificates.map((c) => c.filepath).sort()).toEqual([...paths].sort());
  });

  it('takes one format: --json is --format json; another format or both at once exit 2', () => {
    expect(cli('audit', etc, '--json').stdout).toBe(cli('audit', etc, '--format', 'json').stdout);
    expect(cli('audit', etc, '--format', 'xml').stderr).toMatch(/--format is text, json or prometheus, not "xml"/);
    expect(cli('audit', etc, '--format', 'xml').status).toBe(2);
    expect(cli('audit', etc, '--json', '--format', 'prometheus').status).toBe(2);
  });
});

describe('label values in the exposition format', () => {
  const series = (value: string): CertificateSeries => ({
    filepath: '/x',
    role: 'r',
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2027-01-01T00:00:00.000Z',
    labels: { subject_CN: value },
  });

  it('escapes backslash and quote, and writes a line feed, an escape code or a bidi override as its code: every line parses, promtool too', () => {
    const hostile = 'a"b\\c\nd\u001b[2J\u202e}e 1';
    const text = prometheusText([series(hostile)], new Date('2026-06-01T00:00:00Z'));
    // eslint-disable-next-line no-control-regex -- the point: none of these is written
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202a-\u202e]/);
    expect(text.split('\n').filter((l) => l.startsWith('x509_cert_not_after'))).toHaveLength(1);
    if (havePromtool) expect(promtoolProblem(text)).toBeNull();
    const [notAfter, , expired] = families(text);
    expect(notAfter!.metrics[0]!.labels.subject_CN).toBe('a"b\\c\\u000Ad\\u001B[2J\\u202E}e 1');
    expect(Number(notAfter!.metrics[0]!.value)).toBe(Date.parse('2027-01-01T00:00:00Z') / 1000);
    expect(expired!.metrics[0]!.value).toBe('0');
    expect(labelValue('plain')).toBe('plain');
  });

  it.runIf(havePromtool)(
    'promtool refuses what the format does not allow, so its verdicts above mean something',
    () => {
      expect(promtoolProblem('# HELP x h\n# TYPE x gauge\nx{a="b\\u001B"} 1\n')).toMatch(/invalid escape sequence/);
      expect(promtoolProblem('# HELP x h\n# TYPE x gauge\nx{a="b"c"} 1\n')).not.toBeNull();
    },
  );
});
