/** clusterNetworks: CIDR parsing and matching, the outside-clusterNetworks hint, and --server external (and --egress-network) using it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/main.js';
import { memoryIo } from '../../src/io.js';
import { DEFAULT_CLUSTER_NETWORKS, inNetworks, isLoopback, parseCidrList } from '../../src/linkerd/cluster-networks.js';
import { analyzeBytes } from '../../src/capture/analyze.js';
import { summarizePorts } from '../../src/capture/port-summary.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import { UsageError } from '../../src/errors.js';
import { conversation, pcap } from './helpers/synth.js';

const nets = parseCidrList(DEFAULT_CLUSTER_NETWORKS);
const version = parseLinkerdVersion('latest');

test('the default clusterNetworks: private IPv4 ranges, CGNAT and fd00::/8', () => {
  for (const a of ['10.1.2.3', '100.64.0.1', '100.127.255.255', '172.16.0.1', '172.31.255.255', '192.168.1.1', 'fd12::1']) assert.ok(inNetworks(a, nets), a);
  for (const a of ['8.8.8.8', '172.32.0.1', '100.128.0.1', '192.169.0.1', '2001:db8::1', 'fe80::1', '127.0.0.1']) assert.ok(!inNetworks(a, nets), a);
  assert.ok(isLoopback('127.0.0.1') && isLoopback('::1') && !isLoopback('10.0.0.1'));
});

test('bad CIDRs are usage errors', () => {
  for (const bad of ['10.0.0.0/33', '300.1.1.1/8', 'fd00::/129', 'x', '10.0.0/8', '1::2::3/64']) assert.throws(() => parseCidrList(bad), UsageError, bad);
  assert.deepEqual(parseCidrList('10.0.0.0/8, 192.168.0.0/16').map((c) => c.prefix), [8, 16]);
});

function mysqlTo(server: string) {
  return analyzeBytes(pcap(conversation({ client: '10.0.0.5', server, cport: 40000, sport: 3306, say: [{ from: 'server', bytes: 'J\0\0\0\x0a5.5.5-10.11.6-MariaDB\0' }, { from: 'client', bytes: 'login' }] }), { linkType: 101 }), { version });
}

test('a MySQL server at a public address: flagged as outside clusterNetworks; as an external destination it needs action (linkerd/linkerd2#13475)', () => {
  const a = mysqlTo('52.1.2.3');
  const [meshed] = summarizePorts(a.flows, { version, client: 'meshed', server: 'meshed' });
  assert.deepEqual(meshed?.outsideClusterNetworks, ['52.1.2.3']);
  assert.equal(meshed?.needsAction, false, 'in-cluster 3306 is default-opaque');
  const [external] = summarizePorts(a.flows, { version, client: 'meshed', server: 'external' });
  assert.equal(external?.needsAction, true);
});

test('an external MySQL inside clusterNetworks gets the default opaque ports', () => {
  const [p] = summarizePorts(mysqlTo('10.20.30.40').flows, { version, client: 'meshed', server: 'external' });
  assert.deepEqual(p?.outsideClusterNetworks, []);
  assert.equal(p?.needsAction, false);
  const [custom] = summarizePorts(mysqlTo('10.20.30.40').flows, { version, client: 'meshed', server: 'external', clusterNetworks: parseCidrList('192.168.0.0/16') });
  assert.equal(custom?.needsAction, true, 'with a narrower clusterNetworks the same address is outside');
});

test('--egress-network: an external MySQL outside clusterNetworks is covered by an EgressNetwork without opaque-ports (the default list applies), not by one that leaves 3306 out', async () => {
  const flows = mysqlTo('52.1.2.3').flows;
  const [plain] = summarizePorts(flows, { version, client: 'meshed', server: 'external', egressNetwork: { name: 'internet' } });
  assert.equal(plain?.needsAction, false);
  const [narrow] = summarizePorts(flows, { version, client: 'meshed', server: 'external', egressNetwork: { name: 'internet', namespace: 'egress' }, opaquePorts: '4222' });
  assert.equal(narrow?.needsAction, true);
  assert.deepEqual(narrow?.suggestions.map((s) => [s.target, s.value, s.object?.name, s.alternative ?? false]), [
    ['egress-network', '3306,4222', 'internet', false],
    ['client-pod', '3306,4567,4568', undefined, true],
  ]);
  const io = memoryIo();
  assert.equal(await main(['capture', '-', '--egress-network', 'internet'], io), 2, 'only with --server external');
  assert.match(io.err(), /--egress-network applies to --server external/);
});
