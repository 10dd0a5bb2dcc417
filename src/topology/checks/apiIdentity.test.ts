import { describe, expect, test } from 'vitest';
import { NO_EDITS, topologyOf, type Design } from '../design';
import { addCustomComponent } from '../edits';
import { PRESET_DEFAULTS } from '../presets';
import { validateTopology } from './validateTopology';

const withClient = (): Design =>
  addCustomComponent(
    'client',
    'prometheus',
    null,
  )({ presetId: 'kubeadm', params: PRESET_DEFAULTS.kubeadm, edits: NO_EDITS });
const identities = (d: Design) => validateTopology(topologyOf(d), 'kubeadm').filter((f) => f.check === 'api-identity');

describe('a custom client signed by a CA the API server trusts', () => {
  test('is flagged as the API user its CN names', () => {
    const [finding, ...rest] = identities(withClient());
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'warning', target: { kind: 'credential', id: 'cred:prometheus' } });
    expect(finding!.quote).toBe('the API server authenticates prometheus.crt as user "prometheus"');
  });

  test('the one-click fix signs it with a CA of its own, which the API server does not trust', () => {
    const design = withClient();
    const fixed = identities(design)[0]!.fix!.edit(design);
    const topology = topologyOf(fixed);
    const cred = topology.credentials.find((c) => c.id === 'cred:prometheus')!;
    expect(topology.cas.map((ca) => ca.id)).toContain(cred.caId);
    expect(cred.caId).not.toBe('ca:ca');
    expect(identities(fixed)).toEqual([]);
  });

  test("kubeadm's own clients (scheduler, admin) are API users by design and are not flagged", () => {
    expect(identities({ presetId: 'kubeadm', params: PRESET_DEFAULTS.kubeadm, edits: NO_EDITS })).toEqual([]);
  });
});
