// Field validators: each accepts what Kubernetes and X.509 accept and refuses the rest with one
// sentence that says why (and, where it helps, what to do instead).
import { describe, expect, it } from 'vitest';
import {
  checkAddress,
  checkCommonName,
  checkDnsDomain,
  checkDnsSan,
  checkFilePath,
  checkIpSan,
  checkNodeIp,
  checkNodeName,
  checkOrganization,
  checkPkcs12Password,
  checkPoolSize,
  checkPort,
  checkSubjectAttribute,
  checkText,
  checkValidFromDays,
  checkValidityDays,
} from './fieldRules';

/** A refusal: a non-empty sentence, not null. */
function refusal(result: string | null): string {
  expect(result, 'expected the value to be refused').not.toBeNull();
  expect(result!.trim().length).toBeGreaterThan(0);
  return result!;
}

describe('checkDnsSan', () => {
  it.each([
    'kubernetes',
    'kubernetes.default.svc.cluster.local',
    'api.example.com',
    'node-01',
    '*.example.com',
    'a'.repeat(63) + '.example.com',
    'xn--bcher-kva.example',
  ])('accepts %s', (value) => {
    expect(checkDnsSan(value)).toBeNull();
  });

  it.each(['10.0.0.1', '192.168.56.10', '127.0.0.1', '::1', 'fd00::10'])(
    'refuses the IP address %s and points to IP SANs',
    (value) => {
      const message = refusal(checkDnsSan(value));
      expect(message).toContain(value);
      expect(message).toMatch(/IP SAN/);
    },
  );

  it.each([
    ['bad_name', 'underscore'],
    ['Upper.example.com', 'upper case'],
    ['-leading.example.com', 'leading hyphen'],
    ['trailing-.example.com', 'trailing hyphen'],
    ['double..dot', 'empty label'],
    ['.leading-dot', 'empty first label'],
    ['has space', 'space'],
    ['*', 'bare wildcard'],
    ['a.*.example.com', 'wildcard not leftmost'],
    ['', 'empty'],
    ['a'.repeat(64) + '.com', 'label over 63 characters'],
    [Array.from({ length: 50 }, () => 'abcde').join('.'), 'name over 253 characters'],
  ])('refuses %s (%s) as not a valid DNS name', (value) => {
    const message = refusal(checkDnsSan(value));
    expect(message).toMatch(/not a valid DNS name/);
    expect(message).not.toMatch(/IP SAN/);
  });
});

describe('checkIpSan', () => {
  it.each(['10.0.0.1', '0.0.0.0', '255.255.255.255', '10.96.0.1', '::1', 'fd00::10', '2001:db8::1', '::ffff:10.0.0.1'])(
    'accepts %s',
    (value) => {
      expect(checkIpSan(value)).toBeNull();
    },
  );

  it.each(['kubernetes', 'api.example.com', 'localhost'])('refuses the DNS name %s and points to DNS SANs', (value) => {
    const message = refusal(checkIpSan(value));
    expect(message).toContain(value);
    expect(message).toMatch(/DNS SAN/);
  });

  it.each(['256.1.1.1', '10.0.0', '10.0.0.1/24', '01.2.3.4', '1:2', '[::1]', 'bad_name', '', '10.0.0.1 '])(
    'refuses %s',
    (value) => {
      refusal(checkIpSan(value));
    },
  );

  it('says what a value that is neither is not', () => {
    expect(refusal(checkIpSan('bad_name'))).toMatch(/not a valid IPv4 or IPv6 address/);
  });
});

describe('checkCommonName', () => {
  it.each(['kube-apiserver', 'system:node:node01', 'system:kube-scheduler', 'a', 'x'.repeat(64)])(
    'accepts %s',
    (value) => {
      expect(checkCommonName(value)).toBeNull();
    },
  );

  it.each(['', ' ', '\t  '])('refuses the blank %j', (value) => {
    expect(refusal(checkCommonName(value))).toMatch(/cannot be empty/);
  });

  it('refuses a CN over 64 characters (RFC 5280 upper bound)', () => {
    expect(refusal(checkCommonName('x'.repeat(65)))).toMatch(/64/);
  });
});

describe('checkOrganization', () => {
  it.each(['system:masters', 'system:nodes', 'kubeadm:cluster-admins', 'o'.repeat(64)])('accepts %s', (value) => {
    expect(checkOrganization(value)).toBeNull();
  });

  it.each(['', '   '])('refuses the blank %j', (value) => {
    expect(refusal(checkOrganization(value))).toMatch(/cannot be empty/);
  });

  it('refuses an organization over 64 characters', () => {
    expect(refusal(checkOrganization('o'.repeat(65)))).toMatch(/64/);
  });
});

describe('checkValidityDays', () => {
  it.each([1, 365, 3650, 36500])('accepts %d', (value) => {
    expect(checkValidityDays(value)).toBeNull();
  });

  it.each([0, -1, 1.5, 0.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses %d as not a whole number of days of at least 1',
    (value) => {
      expect(refusal(checkValidityDays(value))).toMatch(/whole number of days, at least 1/);
    },
  );

  it('refuses more than 100 years', () => {
    expect(refusal(checkValidityDays(36501))).toMatch(/36500/);
  });
});

describe('checkFilePath', () => {
  const others = ['pki/ca.crt', 'pki/ca.key', 'admin.conf'];

  it.each(['pki/apiserver.crt', 'nodes/node03/kubelet.conf', 'etcd-ca.crt', 'pki/etcd/server.key', 'my_file.pem'])(
    'accepts %s',
    (value) => {
      expect(checkFilePath(value, others)).toBeNull();
    },
  );

  it.each([
    ['../x', 'parent folder'],
    ['pki/../../etc/passwd', 'parent folder inside'],
    ['..', 'parent folder alone'],
    ['./x', 'current folder'],
    ['pki/./ca.crt', 'current folder inside'],
    ['/etc/kubernetes/pki/ca.crt', 'absolute'],
    ['pki//ca.crt', 'empty segment'],
    ['pki/', 'trailing slash'],
    ['pki\\ca.crt', 'backslash'],
    ['my file.crt', 'space'],
    ['C:/ca.crt', 'drive letter'],
  ])('refuses %s (%s) as not a safe relative path', (value) => {
    const message = refusal(checkFilePath(value, []));
    expect(message).toMatch(/not a safe relative path/);
  });

  it('refuses an empty name', () => {
    expect(refusal(checkFilePath('', []))).toMatch(/cannot be empty/);
  });

  it('refuses a path another file of the bundle already uses', () => {
    const message = refusal(checkFilePath('pki/ca.crt', others));
    expect(message).toContain('pki/ca.crt');
    expect(message).toMatch(/already used/);
    // The same name in another folder is a different file.
    expect(checkFilePath('ca.crt', others)).toBeNull();
  });
});

describe('checkNodeName', () => {
  it.each(['node01', 'controlplane', 'node-2', 'worker.example.com'])('accepts %s', (value) => {
    expect(checkNodeName(value, ['node02'])).toBeNull();
  });

  it.each(['Node01', 'node_1', '-node', 'node-', '*.example.com', '', 'node 1'])(
    'refuses %s as not a valid node name',
    (value) => {
      expect(refusal(checkNodeName(value, []))).toMatch(/not a valid node name/);
    },
  );

  it('refuses a name another node already has', () => {
    const message = refusal(checkNodeName('node02', ['node01', 'node02']));
    expect(message).toContain('node02');
    expect(message).toMatch(/already/);
  });
});

describe('checkAddress', () => {
  it.each(['192.168.56.10', 'fd00::10', 'server.kubernetes.local', 'metrics-server.kube-system.svc', 'localhost'])(
    'accepts %s',
    (value) => {
      expect(checkAddress(value)).toBeNull();
    },
  );

  it.each(['bad_name', 'has space', '', 'https://api.example.com', 'api.example.com:6443'])('refuses %j', (value) => {
    expect(refusal(checkAddress(value))).toMatch(/neither a DNS name nor an IP address/);
  });
});

describe('checkPort', () => {
  it.each([1, 443, 2379, 6443, 10250, 65535])('accepts %d', (value) => {
    expect(checkPort(value)).toBeNull();
  });

  it.each([0, -1, 65536, 80.5, Number.NaN])('refuses %d', (value) => {
    expect(refusal(checkPort(value))).toMatch(/1 to 65535/);
  });
});

describe('checkSubjectAttribute', () => {
  it.each([
    ['C', 'DE'],
    ['ST', 'Bavaria'],
    ['L', 'x'.repeat(128)],
    ['OU', 'o'.repeat(64)],
    ['CN', 'admin'],
    ['O', 'system:masters'],
  ] as const)('accepts %s=%s', (type, value) => {
    expect(checkSubjectAttribute(type, value)).toBeNull();
  });

  it.each([
    ['C', 'de'],
    ['C', 'DEU'],
    ['C', 'D1'],
  ] as const)('refuses %s=%s as no two-letter country code', (type, value) => {
    expect(refusal(checkSubjectAttribute(type, value))).toBe(`"${value}" is not a two-letter country code (C).`);
  });

  it('holds ST, L and OU to RFC 5280 upper bounds, naming the attribute', () => {
    expect(refusal(checkSubjectAttribute('ST', 's'.repeat(129)))).toMatch(/^The ST attribute .*128/);
    expect(refusal(checkSubjectAttribute('OU', 'o'.repeat(65)))).toMatch(/^The OU attribute .*64/);
    expect(refusal(checkSubjectAttribute('CN', 'c'.repeat(65)))).toMatch(/64/);
    expect(refusal(checkSubjectAttribute('O', ''))).toMatch(/empty|blank/i);
  });
});

describe('checkText', () => {
  it('names half a surrogate pair by its code point, as the Unicode charts write it', () => {
    expect(refusal(checkText('A name', 'a\ud83db', 100))).toBe(
      'A name cannot hold U+D83D, half of a character: it is not text a certificate or a file can carry.',
    );
    expect(checkText('A name', 'a\ud83d\ude00b', 100)).toBeNull();
  });
});

describe('checkPoolSize', () => {
  it.each([1, 2, 50, 100_000])('accepts %d nodes', (value) => {
    expect(checkPoolSize(value)).toBeNull();
  });

  it.each([0, -1, 1.5, 100_001, Number.NaN])('refuses %d nodes', (value) => {
    expect(refusal(checkPoolSize(value))).toBe('A pool holds 1 to 100,000 nodes.');
  });

  it('keeps every member within IPv4, counting up from the first address', () => {
    expect(checkPoolSize(6, '255.255.255.250')).toBeNull();
    expect(refusal(checkPoolSize(7, '255.255.255.250'))).toBe(
      '7 nodes from 255.255.255.250 run past 255.255.255.255: start the pool lower or make it smaller.',
    );
    expect(refusal(checkPoolSize(100, '255.255.255.250'))).toMatch(/^100 nodes from 255\.255\.255\.250/);
    // A first address that is not IPv4 is its own field's problem, not the size's.
    expect(checkPoolSize(100, 'not-an-ip')).toBeNull();
  });
});

describe('checkValidFromDays', () => {
  it.each([0, 1, -1, 36_500, -36_500])('accepts %d', (value) => {
    expect(checkValidFromDays(value)).toBeNull();
  });

  it.each([36_501, -36_501, 0.5, Number.NaN])('refuses %d', (value) => {
    expect(refusal(checkValidFromDays(value))).toBe(
      'A whole number of days, negative to backdate, at most 36500 either way.',
    );
  });
});

describe('checkPkcs12Password', () => {
  it('accepts no password (no PKCS#12 files) and one of 4 characters or more', () => {
    expect(checkPkcs12Password('')).toBeNull();
    expect(checkPkcs12Password('abcd')).toBeNull();
    expect(checkPkcs12Password('p'.repeat(256))).toBeNull();
  });

  it('refuses a password openssl would refuse, or one with a control character', () => {
    expect(refusal(checkPkcs12Password('abc'))).toBe(
      'The password needs at least 4 characters, or leave it empty for no PKCS#12 files.',
    );
    expect(refusal(checkPkcs12Password('p'.repeat(257)))).toMatch(/^The password is at most 256/);
    expect(refusal(checkPkcs12Password('pass\nword'))).toMatch(
      /^The password cannot hold the control character U\+000A/,
    );
  });
});

describe('messages quote the value they refuse', () => {
  it.each([
    ['a node name', () => checkNodeName('Node_1', []), '"Node_1" is not a valid node name'],
    ['a node name ending in a number', () => checkNodeName('rack.7', []), '"rack.7" is not a usable node name'],
    ['a node IP', () => checkNodeIp('10.0.0'), '"10.0.0" is not a valid IPv4 address'],
    ['an IPv6 node IP', () => checkNodeIp('fd00::1'), 'Pools and nodes use IPv4 here.'],
    ['a DNS domain', () => checkDnsDomain('Cluster.Local'), '"Cluster.Local" is not a valid DNS domain.'],
    ['a numeric DNS domain', () => checkDnsDomain('cluster.1'), '"cluster.1" is not a usable DNS domain'],
    ['an address', () => checkAddress('a b'), '"a b" is neither a DNS name nor an IP address.'],
    ['an address ending in a number', () => checkAddress('256.1.1.1'), '"256.1.1.1" is not a valid IP address'],
    ['a DNS SAN ending in a number', () => checkDnsSan('010.0.0.1'), '"010.0.0.1" is not a valid IP address'],
  ])('%s', (_, check, start) => {
    expect(refusal(check())).toContain(start);
  });

  it('accepts what those refusals point to', () => {
    expect(checkNodeIp('10.0.0.1')).toBeNull();
    expect(checkDnsDomain('cluster.local')).toBeNull();
    expect(checkNodeName('ip-10-0-0-5.ec2.internal', [])).toBeNull();
  });
});

describe('checkIpSan on a mistyped address', () => {
  it.each(['10.0.0', '010.0.0.1', '256.1.1.1'])('says %s is no valid address, not that it is a DNS name', (value) => {
    expect(refusal(checkIpSan(value))).toBe(`"${value}" is not a valid IPv4 or IPv6 address.`);
  });
});
