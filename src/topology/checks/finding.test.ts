import { describe, expect, test } from 'vitest';
import { connectionState, findingsByConnection, stateOf, type Finding } from './finding';

const finding = (id: string, severity: Finding['severity'], connectionIds: string[]): Finding => ({
  id,
  severity,
  check: id,
  target: { kind: 'credential', id },
  connectionIds,
  subject: id,
  quote: id,
  explanation: id,
});

const findings = [
  finding('a', 'warning', ['conn:1', 'conn:2']),
  finding('b', 'error', ['conn:2']),
  finding('c', 'warning', ['conn:3', 'conn:3']),
  finding('d', 'warning', []),
];

describe('findingsByConnection', () => {
  test('groups findings under each connection they name, in order and each once', () => {
    const byConnection = findingsByConnection(findings);
    expect([...byConnection].map(([id, mine]) => [id, mine.map((f) => f.id)])).toEqual([
      ['conn:1', ['a']],
      ['conn:2', ['a', 'b']],
      ['conn:3', ['c']],
    ]);
  });

  test('gives every edge the state connectionState gives it', () => {
    const byConnection = findingsByConnection(findings);
    for (const id of ['conn:1', 'conn:2', 'conn:3', 'conn:4']) {
      expect(stateOf(byConnection.get(id) ?? [])).toBe(connectionState(findings, id));
    }
    expect(['conn:1', 'conn:2', 'conn:4'].map((id) => connectionState(findings, id))).toEqual([
      'warning',
      'failing',
      'ok',
    ]);
  });
});
