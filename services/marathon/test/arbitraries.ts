/** fast-check arbitraries of valid Marathon app JSON and of group trees. */
import fc from 'fast-check';
import { fromSegments } from '../src/core/index.js';

export const segment = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,5}[a-z0-9])?$/);
export const appId = fc.array(segment, { minLength: 1, maxLength: 3 }).map(fromSegments);

const portName = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/);
const labels = fc.dictionary(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,5}$/), fc.string({ maxLength: 8 }), {
  maxKeys: 2,
});
const seconds = (min: number, max: number) => fc.integer({ min, max });

interface PortSpec {
  port: number;
  protocol: 'tcp' | 'udp' | 'udp,tcp';
  name?: string;
  labels: Record<string, string>;
}

/** Port definitions with unique non-zero ports and unique names. */
const portSpecs = fc
  .array(
    fc.record({
      port: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 65535 })),
      protocol: fc.constantFrom('tcp', 'udp', 'udp,tcp'),
      name: fc.option(portName, { nil: undefined }),
      labels,
    }),
    { maxLength: 3 },
  )
  .map((specs): PortSpec[] => {
    const ports = new Set<number>();
    const names = new Set<string>();
    return specs.map(({ port, protocol, name, labels }) => {
      const uniquePort = port !== 0 && ports.has(port) ? 0 : port;
      ports.add(uniquePort);
      const uniqueName = name !== undefined && names.has(name) ? undefined : name;
      if (uniqueName !== undefined) names.add(uniqueName);
      return { port: uniquePort, protocol, ...(uniqueName !== undefined && { name: uniqueName }), labels };
    });
  });

const constraint = fc.oneof(
  fc.constant(['hostname', 'UNIQUE']),
  fc
    .tuple(fc.constantFrom('rack', 'zone'), fc.constantFrom('CLUSTER', 'IS'), fc.stringMatching(/^[a-z0-9]{1,4}$/))
    .map((c) => [...c]),
  fc
    .tuple(
      fc.constantFrom('rack', 'hostname'),
      fc.constant('GROUP_BY'),
      fc.option(fc.integer({ min: 1, max: 5 }).map(String), { nil: undefined }),
    )
    .map(([field, op, value]) => (value === undefined ? [field, op] : [field, op, value])),
  fc
    .tuple(
      fc.constantFrom('rack', 'os'),
      fc.constantFrom('LIKE', 'UNLIKE'),
      fc.constantFrom('rack-[0-9]+', 'linux|bsd', '.*'),
    )
    .map((c) => [...c]),
  fc
    .tuple(fc.constantFrom('hostname', 'rack'), fc.constant('MAX_PER'), fc.integer({ min: 1, max: 9 }).map(String))
    .map((c) => [...c]),
);

const fetchItem = fc
  .record(
    {
      uri: fc.constantFrom(
        'https://example.org/app.tgz',
        'http://example.org/run.sh',
        'file:///opt/x.zip',
        '/opt/data.bin',
        'https://example.org/a.tar.bz2',
      ),
      executable: fc.boolean(),
      extract: fc.boolean(),
      cache: fc.boolean(),
      destPath: fc.constantFrom('lib/a', 'b'),
    },
    { requiredKeys: ['uri'] },
  )
  .map((item) =>
    // The agent cannot unpack .tar.bz2: such an item never extracts (the default, true, would be refused).
    item.uri.endsWith('.tar.bz2') && item.destPath === undefined ? { ...item, extract: false } : item,
  );

function healthCheck(portCount: number) {
  const timing = fc.record(
    {
      gracePeriodSeconds: seconds(0, 600),
      intervalSeconds: seconds(2, 120),
      maxConsecutiveFailures: seconds(0, 10),
      delaySeconds: seconds(0, 30),
      ignoreHttp1xx: fc.boolean(),
    },
    { requiredKeys: [] },
  );
  const target =
    portCount > 0
      ? fc.oneof(
          fc.record({ portIndex: fc.integer({ min: 0, max: portCount - 1 }) }),
          fc.record({ port: fc.integer({ min: 1, max: 65535 }) }),
          fc.constant({}),
        )
      : fc.record({ port: fc.integer({ min: 1, max: 65535 }) });
  const http = fc
    .tuple(
      fc.constantFrom('HTTP', 'HTTPS', 'MESOS_HTTP', 'MESOS_HTTPS'),
      fc.constantFrom('/', '/health', '/v1/ping'),
      target,
    )
    .map(([protocol, path, at]) => ({ protocol, path, ...at }));
  const tcp = fc.tuple(fc.constantFrom('TCP', 'MESOS_TCP'), target).map(([protocol, at]) => ({ protocol, ...at }));
  const command = fc
    .constantFrom('true', 'curl -f http://localhost:$PORT0/')
    .map((value) => ({ protocol: 'COMMAND', command: { value } }));
  return fc.tuple(fc.oneof(http, tcp, command), timing).map(([kind, times]) => {
    const interval = times.intervalSeconds ?? 60;
    // timeoutSeconds must stay below the interval.
    return { ...kind, ...times, timeoutSeconds: Math.max(1, Math.min(20, interval - 1)) };
  });
}

/** Valid app JSON as users write it (a mix of given fields, defaulted fields and legacy forms). */
export const validAppJson = fc
  .tuple(portSpecs, fc.constantFrom('portDefinitions', 'ports', 'none'))
  .chain(([ports, portForm]) => {
    const portCount = portForm === 'none' ? 1 : ports.length;
    const named =
      portForm === 'portDefinitions'
        ? ports.flatMap((p) => (p.name === undefined ? [] : [p.name]))
        : portForm === 'none'
          ? ['default']
          : [];
    const readiness =
      named.length === 0
        ? fc.constant(undefined)
        : fc.option(
            fc.array(
              fc.record({
                portName: fc.constantFrom(...named),
                path: fc.constantFrom('/', '/ready'),
                httpStatusCodesForReady: fc.uniqueArray(fc.integer({ min: 200, max: 299 }), {
                  minLength: 1,
                  maxLength: 2,
                }),
              }),
              { maxLength: 1 },
            ),
            { nil: undefined },
          );
    return fc
      .record(
        {
          id: appId,
          command: fc.oneof(
            fc.string({ minLength: 1, maxLength: 12 }).map((cmd) => ({ cmd })),
            fc.array(fc.string({ maxLength: 6 }), { minLength: 1, maxLength: 3 }).map((args) => ({ args })),
          ),
          instances: fc.integer({ min: 0, max: 20 }),
          cpus: fc.double({ min: 0, max: 8, noNaN: true }),
          mem: fc.integer({ min: 0, max: 4096 }),
          disk: fc.integer({ min: 0, max: 1000 }),
          gpus: fc.integer({ min: 0, max: 2 }),
          env: fc.dictionary(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,6}$/), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
          labels,
          user: fc.constantFrom('nobody', 'www-data'),
          requirePorts: fc.boolean(),
          fetch: fc.array(fetchItem, { maxLength: 2 }),
          constraints: fc.uniqueArray(constraint, { maxLength: 3, selector: (c) => JSON.stringify(c) }),
          healthChecks: fc.array(healthCheck(portCount), { maxLength: 2 }),
          readinessChecks: readiness,
          upgradeStrategy: fc.record(
            {
              minimumHealthCapacity: fc.double({ min: 0, max: 1, noNaN: true }),
              maximumOverCapacity: fc.double({ min: 0, max: 1, noNaN: true }),
            },
            { requiredKeys: [] },
          ),
          backoffSeconds: fc.integer({ min: 0, max: 60 }),
          backoffFactor: fc.double({ min: 1, max: 3, noNaN: true }),
          maxLaunchDelaySeconds: fc.integer({ min: 0, max: 3600 }),
          dependencies: fc.uniqueArray(appId, { maxLength: 2 }),
          killSelection: fc.constantFrom('YOUNGEST_FIRST', 'OLDEST_FIRST'),
          unreachableStrategy: fc.oneof(
            fc.constant('disabled'),
            fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 })).map(([a, b]) => ({
              inactiveAfterSeconds: Math.min(a, b),
              expungeAfterSeconds: Math.max(a, b),
            })),
          ),
          taskKillGracePeriodSeconds: fc.integer({ min: 0, max: 120 }),
          role: fc.constantFrom('marathon', 'web', 'batch/low'),
        },
        {
          requiredKeys: ['id', 'command'],
        },
      )
      .map(({ command, ...fields }) => {
        const json: Record<string, unknown> = { ...fields, ...command };
        if (portForm === 'portDefinitions') json['portDefinitions'] = ports;
        if (portForm === 'ports') json['ports'] = ports.map((p) => p.port);
        if (readiness === undefined) delete json['readinessChecks'];
        return json;
      });
  });
