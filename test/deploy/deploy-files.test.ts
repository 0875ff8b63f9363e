import fs from 'node:fs';
import type { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../src/app/config.ts';
import { buildProgram } from '../../src/cli/main.ts';
import { SUBSCRIPTIONS } from '../../src/engine/topology.ts';
import { topicNames } from '../../src/log/kafka-topics.ts';

/**
 * Docker cannot run here, so the deployment files are checked against the code they start: every command,
 * flag, flag value, role, variable, port, probe path, consumer group and topic they name must exist in the CLI,
 * the configuration, the API and the pipeline. A renamed flag or variable fails here, not in a user's cluster.
 */

const IMAGE = 'portfolio-analytics-system';
const root = new URL('../../', import.meta.url);
const read = (file: string) => fs.readFileSync(new URL(file, root), 'utf8');
// biome-ignore lint/suspicious/noExplicitAny: YAML documents read back as plain data
type Doc = Record<string, any>;
const yamlDocs = (file: string): Doc[] =>
  parseAllDocuments(read(file), { merge: true }).map((d) => {
    if (d.errors.length > 0) throw new Error(`${file}: ${d.errors[0]!.message}`);
    return d.toJS({ maxAliasCount: 100 }) as Doc;
  });

const compose = yamlDocs('docker-compose.yml')[0]!;
const k8sFiles = fs.readdirSync(new URL('deploy/kubernetes/', root)).filter((f) => f.endsWith('.yaml'));
const k8s = k8sFiles.flatMap((f) => yamlDocs(`deploy/kubernetes/${f}`).map((doc) => ({ file: f, doc })));
const dockerfile = read('Dockerfile');
const configurationDoc = read('docs/configuration.md');
const sources = fs
  .readdirSync(new URL('src/', root), { recursive: true })
  .filter((f) => String(f).endsWith('.ts'))
  .map((f) => read(`src/${f}`))
  .join('\n');

/** Checks one `pas …` argument list against the CLI: the command exists, and each flag and its value. */
function checkInvocation(where: string, argv: readonly string[]): void {
  let command: Command = buildProgram();
  let i = 0;
  for (; i < argv.length && !argv[i]!.startsWith('-'); i++) {
    const sub = command.commands.find((c) => c.name() === argv[i]);
    expect(sub, `${where}: \`pas ${argv.slice(0, i + 1).join(' ')}\` is not a command`).toBeDefined();
    command = sub!;
  }
  expect(command.commands, `${where}: \`pas ${argv.join(' ')}\` names no runnable command`).toEqual([]);
  while (i < argv.length) {
    const flag = argv[i++]!;
    const option = command.options.find((o: Option) => o.long === flag || o.short === flag);
    expect(option, `${where}: \`pas ${command.name()}\` has no flag ${flag}`).toBeDefined();
    if (option!.required || option!.optional) {
      const value = argv[i++];
      expect(value, `${where}: ${flag} needs a value`).toBeDefined();
      // The flag's own parser (ports, integers, role lists) refuses what the CLI would refuse.
      expect(() => option!.parseArg?.(value!, undefined), `${where}: ${flag} ${value}`).not.toThrow();
    }
  }
}

/** A variable the deployment sets must be one the code reads and docs/configuration.md documents. */
function checkVariable(where: string, name: string): void {
  expect(configurationDoc, `${where}: ${name} is not in docs/configuration.md`).toContain(`\`${name}\``);
  expect(sources, `${where}: no code reads ${name}`).toMatch(new RegExp(`\\b${name}\\b`));
}

describe('Dockerfile', () => {
  const instruction = (name: string) =>
    dockerfile
      .split('\n')
      .filter((l) => l.startsWith(`${name} `))
      .map((l) => l.slice(name.length + 1).trim());

  it('builds on Node 24, runs as a user other than root, and starts the CLI', () => {
    expect(instruction('FROM').every((from) => /^node:24(-|\b)/.test(from))).toBe(true);
    const users = instruction('USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)$/);
    expect(JSON.parse(instruction('ENTRYPOINT').at(-1)!)).toEqual(['node', 'bin/pas.mjs']);
    expect(fs.existsSync(new URL('bin/pas.mjs', root))).toBe(true);
    checkInvocation('Dockerfile CMD', JSON.parse(instruction('CMD').at(-1)!));
  });

  it('sets only variables the configuration reads, and exposes the port it listens on', () => {
    const env = Object.fromEntries(
      [...dockerfile.matchAll(/^\s*(?:ENV\s+)?([A-Z][A-Z0-9_]+)=(\S+?)\s*\\?$/gm)].map((m) => [m[1]!, m[2]!]),
    );
    expect(Object.keys(env)).toContain('PAS_PORT');
    for (const name of Object.keys(env).filter((n) => n !== 'NODE_ENV')) checkVariable('Dockerfile', name);
    const config = loadConfig(env);
    expect(instruction('EXPOSE')).toEqual([String(config.port)]);
    expect(dockerfile).toContain(`/health/live`);
  });
});

describe('docker-compose.yml', () => {
  const services = Object.entries(compose.services as Record<string, Doc>);
  const ours = services.filter(([, s]) => s.image?.startsWith(IMAGE));

  it('runs every role of the pipeline, each in a container of its own, with commands the CLI has', () => {
    expect(ours.length).toBeGreaterThanOrEqual(8);
    for (const [name, service] of ours) checkInvocation(`compose service ${name}`, service.command);
    const roles = ours.flatMap(([, s]) => {
      const at = (s.command as string[]).indexOf('--roles');
      return at < 0 ? [] : (s.command[at + 1] as string).split(',');
    });
    expect(new Set(roles)).toEqual(
      new Set(['ingest', 'query', 'relay', ...SUBSCRIPTIONS.map((s) => `stage:${s.group}`)]),
    );
  });

  it('sets only documented variables, on PostgreSQL and Kafka, and publishes the port the API listens on', () => {
    for (const [name, service] of ours) {
      const env = service.environment as Record<string, string>;
      for (const variable of Object.keys(env)) checkVariable(`compose service ${name}`, variable);
      expect(env.DATABASE_URL, name).toMatch(/^postgresql:\/\//);
      expect(env.KAFKA_BROKERS, name).toBe('kafka:9092');
      const port = loadConfig(env).port;
      for (const mapping of (service.ports ?? []) as string[])
        expect(mapping.split(':').at(-1)).toBe(String(port));
    }
    expect(compose.services.kafka.environment.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(compose.services.kafka.environment.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
  });

  it('mounts the monitoring files that exist', () => {
    for (const name of ['prometheus', 'grafana']) {
      for (const volume of compose.services[name].volumes as string[]) {
        const local = volume.split(':')[0]!;
        expect(fs.existsSync(new URL(local, root)), `${name}: ${local}`).toBe(true);
      }
    }
  });
});

describe('Kubernetes manifests (deploy/kubernetes)', () => {
  const kind = (k: string) => k8s.filter((m) => m.doc.kind === k);
  const containers = (m: Doc) => m.spec.template.spec.containers as Doc[];
  const configMap = kind('ConfigMap')[0]!.doc.data as Record<string, string>;
  const secret = kind('Secret')[0]!.doc.stringData as Record<string, string>;

  it('lists every manifest file in the kustomization', () => {
    const kustomization = yamlDocs('deploy/kubernetes/kustomization.yaml')[0]!;
    expect(new Set(kustomization.resources)).toEqual(
      new Set(k8sFiles.filter((f) => f !== 'kustomization.yaml')),
    );
  });

  it('has a Deployment per role and Jobs for migrations and topics, with commands the CLI has', () => {
    const roles: string[] = [];
    for (const { file, doc } of [...kind('Deployment'), ...kind('Job')]) {
      for (const c of containers(doc)) {
        expect(c.image).toBe(IMAGE);
        checkInvocation(`${file} ${doc.metadata.name}`, c.args);
        const at = (c.args as string[]).indexOf('--roles');
        if (at >= 0) roles.push(...(c.args[at + 1] as string).split(','));
      }
      expect(doc.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    }
    expect(new Set(roles)).toEqual(
      new Set(['ingest', 'query', 'relay', ...SUBSCRIPTIONS.map((s) => `stage:${s.group}`)]),
    );
    expect(kind('Job').map((j) => containers(j.doc)[0]!.args.join(' '))).toEqual(['migrate', 'kafka init']);
  });

  it('configures only documented variables, and probes the health routes on the port the API listens on', () => {
    for (const name of [...Object.keys(configMap), ...Object.keys(secret)])
      checkVariable('ConfigMap/Secret', name);
    const port = loadConfig(configMap).port;
    const openapi = JSON.parse(read('openapi.json')) as { paths: Record<string, unknown> };
    for (const { doc } of kind('Deployment')) {
      const [c] = containers(doc);
      const ports = c!.ports as Doc[];
      expect(ports.map((p) => p.containerPort)).toEqual([port]);
      expect(c!.livenessProbe.httpGet.path).toBe('/health/live');
      expect(c!.readinessProbe.httpGet.path).toBe('/health/ready');
      for (const probe of [c!.livenessProbe, c!.readinessProbe]) {
        expect(openapi.paths[probe.httpGet.path], probe.httpGet.path).toBeDefined();
        expect(ports.map((p) => p.name)).toContain(probe.httpGet.port);
      }
      expect(doc.spec.template.metadata.annotations['prometheus.io/port']).toBe(String(port));
    }
    for (const { doc } of kind('Service')) {
      const selected = kind('Deployment').filter((d) =>
        Object.entries(doc.spec.selector).every(([k, v]) => d.doc.spec.template.metadata.labels[k] === v),
      );
      expect(selected.length, `Service ${doc.metadata.name} selects a Deployment`).toBe(1);
    }
  });

  it('scales each stage with a KEDA ScaledObject on its own consumer group and one of its topics', () => {
    const scaled = kind('ScaledObject');
    const names = topicNames(configMap.PAS_KAFKA_TOPIC_PREFIX ?? '');
    expect(scaled.map((s) => s.doc.spec.scaleTargetRef.name).sort()).toEqual(
      SUBSCRIPTIONS.map((s) => `pas-stage-${s.group}`).sort(),
    );
    for (const { doc } of scaled) {
      const target = kind('Deployment').find((d) => d.doc.metadata.name === doc.spec.scaleTargetRef.name);
      expect(target, doc.spec.scaleTargetRef.name).toBeDefined();
      const [trigger] = doc.spec.triggers as Doc[];
      expect(trigger!.type).toBe('kafka');
      expect(trigger!.metadata.bootstrapServers).toBe(configMap.KAFKA_BROKERS);
      const subscription = SUBSCRIPTIONS.find(
        (s) => names.group(s.group) === trigger!.metadata.consumerGroup,
      );
      expect(subscription, `consumer group ${trigger!.metadata.consumerGroup}`).toBeDefined();
      expect(containers(target!.doc)[0]!.args).toContain(`stage:${subscription!.group}`);
      expect(subscription!.topics.map((t) => names.toKafka(t))).toContain(trigger!.metadata.topic);
      expect(doc.spec.maxReplicaCount).toBeLessThanOrEqual(loadConfig(configMap).kafkaPartitions);
    }
  });
});
