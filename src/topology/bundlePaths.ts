import type { Topology } from './model';

/** Every path the bundle will hold, to keep file names unique. */
export function bundlePathsOf(topology: Topology): string[] {
  return [
    ...topology.cas.flatMap((ca) => [ca.certFile, ca.keyFile]),
    ...topology.credentials.flatMap((c) => [
      ...(c.files ? [c.files.cert, c.files.key] : []),
      ...(c.kubeconfig ? [c.kubeconfig.file] : []),
    ]),
    ...topology.keyPairs.flatMap((k) => [k.privateFile, k.publicFile]),
  ];
}
