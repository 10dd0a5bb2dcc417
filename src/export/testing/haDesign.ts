// Test fixture: the kubeadm design issue 10's acceptance names: three control planes behind a load
// balancer, two workers, a custom server on node01 and a custom client on node02 that dials it.
import { NO_EDITS, topologyOf, type Design } from '../../topology/design';
import { addCustomComponent, connect } from '../../topology/edits';
import { PRESET_DEFAULTS } from '../../topology/presets';

export const HA_INIT = 'cp1';
export const HA_CONTROL_PLANES = [HA_INIT, 'cp2', 'cp3'];
export const HA_WORKERS = ['node01', 'node02'];

export function haDesign(): Design {
  let d: Design = {
    presetId: 'kubeadm',
    params: {
      ...PRESET_DEFAULTS.kubeadm,
      keyAlgorithm: 'ECDSA-P256',
      controlPlaneEndpoint: 'lb.example.com:6443',
      controlPlane: HA_CONTROL_PLANES.map((name, i) => ({ name, ip: `10.0.0.${11 + i}` })),
      workers: HA_WORKERS.map((name, i) => ({ name, ip: `10.0.0.${21 + i}` })),
    },
    edits: NO_EDITS,
  };
  const hostId = (name: string) => topologyOf(d).hosts.find((h) => h.name === name)!.id;
  d = addCustomComponent('server', 'ingress controller', hostId('node01'))(d);
  d = addCustomComponent('client', 'prometheus', hostId('node02'))(d);
  const named = (name: string) => topologyOf(d).components.find((c) => c.name === name)!.id;
  return connect(named('prometheus'), named('ingress controller'))(d);
}
