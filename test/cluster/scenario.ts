/**
 * A realistic small cluster whose endpoints are the real daemons on loopback: meshed and unmeshed
 * workloads across namespaces, a port only the probe can name (SMTP behind a neutral name), SSH (greets
 * first, clients do not wait), a Service whose endpoints disagree (mixed), and a not-ready replica.
 */
import { app, list, namespace, service, type BuiltPod } from '../helpers/cluster-dump.js';

export interface ScenarioPorts {
  readonly mariadb: number;
  readonly exim: number;
  readonly nginx: number;
  readonly openssh: number;
  readonly redis: number;
  readonly memcached: number;
  readonly postgresql: number;
}

const LOOPBACK = (): string => '127.0.0.1';

export function scenarioObjects(p: ScenarioPorts): unknown[] {
  const objects: unknown[] = [];
  const pods: BuiltPod[] = [];
  const add = (r: { objects: unknown[]; pods: BuiltPod[] }): void => {
    objects.push(...r.objects);
    pods.push(...r.pods);
  };
  objects.push(namespace('shop', { 'linkerd.io/inject': 'enabled' }), namespace('ops'), namespace('cache', { 'linkerd.io/inject': 'enabled' }), namespace('mixed'));
  add(app({ namespace: 'shop', name: 'mariadb', kind: 'StatefulSet', proxy: 'stable-2.14.10', replicas: 1, ip: LOOPBACK, containers: [{ name: 'mariadb', image: 'docker.io/library/mariadb:11.4', ports: [{ containerPort: p.mariadb, name: 'mysql' }] }] }));
  add(app({ namespace: 'shop', name: 'mailer', proxy: 'stable-2.14.10', replicas: 1, ip: LOOPBACK, containers: [{ name: 'mailer', image: 'registry.example.com/shop/mailer:3.2', ports: [{ containerPort: p.exim, name: 'relay' }] }] }));
  add(app({ namespace: 'shop', name: 'web', proxy: 'stable-2.14.10', replicas: 2, ip: LOOPBACK, containers: [{ name: 'nginx', image: 'docker.io/library/nginx:1.27', ports: [{ containerPort: p.nginx, name: 'http' }] }] }));
  add(app({ namespace: 'ops', name: 'bastion', proxy: null, replicas: 1, ip: LOOPBACK, containers: [{ name: 'sshd', image: 'lscr.io/linuxserver/openssh-server:9.7', ports: [{ containerPort: p.openssh, name: 'ssh' }] }] }));
  add(app({ namespace: 'cache', name: 'redis', proxy: 'edge-25.3.2', replicas: 1, ip: LOOPBACK, containers: [{ name: 'redis', image: 'docker.io/library/redis:7.2', ports: [{ containerPort: p.redis, name: 'redis' }] }] }));
  add(app({ namespace: 'cache', name: 'memcached', proxy: 'edge-25.3.2', replicas: 1, ip: LOOPBACK, containers: [{ name: 'memcached', image: 'docker.io/library/memcached:1.6', ports: [{ containerPort: p.memcached }] }] }));
  add(app({ namespace: 'cache', name: 'pg', proxy: 'edge-25.3.2', replicas: 2, notReady: [1], ip: LOOPBACK, containers: [{ name: 'postgres', image: 'docker.io/library/postgres:16', ports: [{ containerPort: p.postgresql, name: 'postgres' }] }] }));
  add(app({ namespace: 'mixed', name: 'relay-a', labels: { tier: 'relay' }, proxy: 'stable-2.14.10', replicas: 1, ip: LOOPBACK, containers: [{ name: 'relay', image: 'registry.example.com/relay:1', ports: [{ containerPort: p.exim, name: 'main' }] }] }));
  add(app({ namespace: 'mixed', name: 'relay-b', labels: { tier: 'relay' }, proxy: null, replicas: 1, ip: LOOPBACK, containers: [{ name: 'relay', image: 'registry.example.com/relay:1', ports: [{ containerPort: p.nginx, name: 'main' }] }] }));
  objects.push(
    ...service({ namespace: 'shop', name: 'mariadb', selector: { app: 'mariadb' }, ports: [{ name: 'mysql', port: 3306, targetPort: 'mysql' }] }, pods),
    ...service({ namespace: 'shop', name: 'mailer', selector: { app: 'mailer' }, ports: [{ name: 'relay', port: 2525, targetPort: 'relay' }] }, pods),
    ...service({ namespace: 'shop', name: 'web', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: p.nginx }] }, pods),
    ...service({ namespace: 'ops', name: 'bastion', selector: { app: 'bastion' }, ports: [{ name: 'ssh', port: 22, targetPort: 'ssh' }] }, pods),
    ...service({ namespace: 'cache', name: 'redis', selector: { app: 'redis' }, ports: [{ name: 'redis', port: 6379, targetPort: p.redis }] }, pods),
    ...service({ namespace: 'cache', name: 'memcached', selector: { app: 'memcached' }, ports: [{ port: 11211, targetPort: p.memcached }] }, pods),
    ...service({ namespace: 'cache', name: 'pg', selector: { app: 'pg' }, ports: [{ name: 'postgres', port: 5432, targetPort: 'postgres' }] }, pods),
    ...service({ namespace: 'mixed', name: 'relay', selector: { tier: 'relay' }, ports: [{ name: 'main', port: 25, targetPort: 'main' }] }, pods),
  );
  return objects;
}

export function scenarioDump(p: ScenarioPorts): string {
  return list(scenarioObjects(p));
}

/**
 * The same kind of cluster with the ports real deployments use (for the static goldens): the
 * injector's opaque-ports on the MariaDB pods (3306 is a default), NATS without any annotation, a
 * Service with appProtocol, an unmeshed namespace, and a pod whose version only its image tag says.
 */
export function staticObjects(): unknown[] {
  const objects: unknown[] = [];
  const pods: BuiltPod[] = [];
  const add = (r: { objects: unknown[]; pods: BuiltPod[] }): void => {
    objects.push(...r.objects);
    pods.push(...r.pods);
  };
  let ip = 10;
  const next = (): string => `10.244.1.${ip++}`;
  objects.push(namespace('shop', { 'linkerd.io/inject': 'enabled' }), namespace('messaging', { 'linkerd.io/inject': 'enabled' }), namespace('legacy'));
  add(app({ namespace: 'shop', name: 'mariadb', kind: 'StatefulSet', proxy: 'stable-2.14.10', injectedOpaque: '3306', replicas: 2, ip: next, containers: [{ name: 'mariadb', image: 'docker.io/library/mariadb:11.4', ports: [{ containerPort: 3306, name: 'mysql' }] }] }));
  add(app({ namespace: 'shop', name: 'web', proxy: 'stable-2.14.10', replicas: 2, ip: next, containers: [{ name: 'nginx', image: 'docker.io/library/nginx:1.27', ports: [{ containerPort: 8080, name: 'http' }] }] }));
  add(app({ namespace: 'messaging', name: 'nats', kind: 'StatefulSet', proxy: ['stable-2.14.10', null, 'stable-2.14.10'], replicas: 3, ip: next, containers: [{ name: 'nats', image: 'docker.io/library/nats:2.10', ports: [{ containerPort: 4222, name: 'client' }, { containerPort: 8222, name: 'monitor' }] }] }));
  add(app({ namespace: 'legacy', name: 'ftp', proxy: null, replicas: 1, ip: next, containers: [{ name: 'vsftpd', image: 'docker.io/fauria/vsftpd:latest', ports: [{ containerPort: 21, name: 'ftp' }] }] }));
  objects.push(
    ...service({ namespace: 'shop', name: 'mariadb', selector: { app: 'mariadb' }, annotations: { 'config.linkerd.io/opaque-ports': '3306' }, ports: [{ name: 'mysql', port: 3306, targetPort: 'mysql' }] }, pods),
    ...service({ namespace: 'shop', name: 'web', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', appProtocol: 'http' }] }, pods),
    ...service({ namespace: 'messaging', name: 'nats', selector: { app: 'nats' }, ports: [{ name: 'client', port: 4222, targetPort: 4222 }, { name: 'monitor', port: 8222, targetPort: 'monitor' }] }, pods),
    ...service({ namespace: 'legacy', name: 'ftp', selector: { app: 'ftp' }, ports: [{ name: 'ftp', port: 21, targetPort: 21 }] }, pods),
  );
  return objects;
}
