// Every help text of the command line, apart from the commands themselves: `--help` loads this
// module alone, never the engine (x509, zod, the presets), so it answers at once.

export const HELP = `Usage: k8s-tls-designer <command> [options]

The engine of Kubernetes TLS Designer on the command line: the same checks and the same bundle
as the browser, from a saved design (Save design), a kubeadm-config.yaml, a preset and a few
flags, or an existing PKI.

Commands:
  generate <design.json|kubeadm-config.yaml> -o <bundle.zip>
                                           make the bundle the browser makes
  generate --preset kubeadm [design options] -o <bundle.zip>
                                           the same, from a preset and flags
  init --preset kubeadm [design options] [-o <design.json>]
                                           write that design as a file to edit or open in the browser
  check <design.json|kubeadm-config.yaml>  the Problems list; exit 1 when a connection fails
  audit <folder|file.zip>...               roles, problems and expiry of an existing PKI

Run k8s-tls-designer <command> --help for its options. Exit codes: 0 done, 1 a check failed
(or, for audit, a certificate has expired), 2 input that cannot be read or output that cannot be written.`;

/** The flags that make a design without a file, shared by generate, check and init. */
export const DESIGN_OPTIONS = `Design options (with --preset; each value passes the editor's own field rules):
  --preset <preset>            kubeadm, course or hardway
  --cluster-name <name>        the cluster's name (default kubernetes)
  --control-plane <NAME=IP>    a control-plane node; repeat for more (default controlplane=192.168.56.10)
  --worker <NAME=IP>           a worker node; repeat for more (default node01, node02)
  --pool <NAME=IP:COUNT>       COUNT identical workers NAME-1.. from IP up; repeatable
  --endpoint <HOST[:PORT]>     the load balancer or DNS name in front of the API servers
  --key-algorithm <alg>        RSA-2048 (default), RSA-3072, RSA-4096, ECDSA-P256 or ECDSA-P384
  --separate-etcd-ca           etcd's server and the apiserver's etcd client under their own CA (course)
  --validity-days <N>          the leaf certificates' lifetime in days (default 365)
  --ca-validity-days <N>       the CAs' lifetime in days (default 3650)
  --service-cidr <CIDR>        the Service network (default 10.96.0.0/12)
  --dns-domain <domain>        the cluster's DNS domain (default cluster.local)
  --extra-san <SAN>            an extra name or address in apiserver.crt; repeatable`;

export const GENERATE_HELP = `Usage: k8s-tls-designer generate <design.json|kubeadm-config.yaml> -o <bundle.zip> [options]
       k8s-tls-designer generate --preset <preset> [design options] -o <bundle.zip> [options]

Makes every key, certificate and kubeconfig of a design and writes the same zip the browser
downloads: the same files, folders, README.txt, make-certs.sh and manifests. The design is a
saved design (Save design in the browser), a kubeadm-config.yaml (kubeadm's InitConfiguration,
ClusterConfiguration and JoinConfiguration, v1beta3 or v1beta4; fields it cannot honour are
named) or a preset and the design options below. Keys are new each run, made on every core.
The zip holds private keys: it is written as a new file, readable by you alone (0600), never
through a symbolic link.

  -o, --output <file>   where to write the zip (required); - writes it to standard output
  --force               replace an existing file of that name (never a link, never the design)
  --layout <layout>     design (default): the design's own tree; per-host: a folder per host
  --external-ca         leave the CA private keys out of the bundle
  -h, --help            this help

${DESIGN_OPTIONS}`;

export const INIT_HELP = `Usage: k8s-tls-designer init --preset <preset> [design options] [-o <design.json>] [--force]
       k8s-tls-designer init <kubeadm-config.yaml> [-o <design.json>] [--force]

Writes the design that generate would make from the same flags (or kubeadm config) as a design
file, to edit, check, generate from, or open in the browser (Open design). Without -o it is
printed. It holds no keys.

  -o, --output <file>   where to write the design; - or none prints it
  --force               replace an existing file of that name (never a link)
  -h, --help            this help

${DESIGN_OPTIONS}`;

export const CHECK_HELP = `Usage: k8s-tls-designer check <design.json|kubeadm-config.yaml> [--json]
       k8s-tls-designer check --preset <preset> [design options] [--json]

Runs the browser's Problems checks on a design: handshakes (CAs, SANs, usages), identities,
lifetimes and the bundle's files. Prints each problem with the error the real component would
log, and why. Exits 1 when any check fails (a connection that would not handshake, two files
of the same name), 0 when only warnings or nothing remain, 2 when the file is not a design.

  --json       the findings as JSON, one object each
  -h, --help   this help

${DESIGN_OPTIONS}`;

export const AUDIT_HELP = `Usage: k8s-tls-designer audit <folder|file.zip>... [--warn-days N] [--format text|json|prometheus]

Reads an existing PKI, such as a copy of /etc/kubernetes or a bundle zip, as Import PKI does in
the browser, and prints the roles it found, the problems the checks find in the certificates
themselves, the expiry timeline and the files it could not read. Several inputs are read as one
PKI: on a node, audit /etc/kubernetes /var/lib/kubelet/pki. Exits 1 when a check fails or a
certificate has expired, 2 when the input cannot be read, 0 otherwise.

  --warn-days <N>       mark certificates that expire within N days as due (default 30)
  --format <format>     text (default); json, the same as JSON; prometheus, the not-after and
                        not-before of each certificate in the text format a node-exporter
                        textfile collector reads, named as x509-certificate-exporter names them
  --json                the same as --format json
  -h, --help            this help`;
