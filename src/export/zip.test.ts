import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { zipBundle } from './zip';

// Python's zipfile reads the archive independently of fflate, which wrote it.
const LIST = `
import sys, zipfile, json
z = zipfile.ZipFile(sys.argv[1])
print(json.dumps({i.filename: [oct((i.external_attr >> 16) & 0o777), i.create_system, z.read(i).decode()] for i in z.infolist()}))
`;

test('the zip holds every file under the root folder, with Unix modes 0600 for keys and 0644 for certs', () => {
  const zip = zipBundle(
    [
      { path: 'pki/ca.crt', content: 'cert\n', mode: 0o644 },
      { path: 'pki/ca.key', content: 'key\n', mode: 0o600 },
      { path: 'admin.conf', content: 'kind: Config\n', mode: 0o600 },
    ],
    'kubernetes',
  );
  const file = join(mkdtempSync(join(tmpdir(), 'zip-test-')), 'bundle.zip');
  writeFileSync(file, zip);
  const listed = JSON.parse(execFileSync('python3', ['-c', LIST, file], { encoding: 'utf8' }));
  expect(listed).toEqual({
    'kubernetes/pki/ca.crt': ['0o644', 3, 'cert\n'],
    'kubernetes/pki/ca.key': ['0o600', 3, 'key\n'],
    'kubernetes/admin.conf': ['0o600', 3, 'kind: Config\n'],
  });
});
