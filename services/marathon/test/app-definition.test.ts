import { describe, expect, it } from 'vitest';
import {
  appJsonSchema,
  appToJson,
  applyPatch,
  marathonValidationError,
  MAX_APP_ENVIRONMENT_VARIABLES,
  MAX_APP_ID_LENGTH,
  MAX_APP_INSTANCES,
  MAX_APP_LABELS,
  MAX_APP_TEXT_BYTES,
  PROTO_KEY,
  UNKNOWN_FIELD,
  type AppDefinition,
} from '../src/core/index.js';
import {
  app,
  DEFAULT_ROLE,
  echoPair,
  LATER,
  marathonGetAnswer,
  NOW,
  parse,
  problemsOf,
  pythonWebServer,
} from './fixtures.js';

const minimal = { id: '/web', cmd: 'sleep 1000' };

describe('defaults (Marathon 1.x)', () => {
  const parsed = app(minimal);

  it.each<[keyof AppDefinition, unknown]>([
    ['instances', 1],
    ['cpus', 1],
    ['mem', 128],
    ['disk', 0],
    ['gpus', 0],
    ['env', {}],
    ['labels', {}],
    ['user', undefined],
    ['args', undefined],
    ['portDefinitions', [{ port: 0, protocol: 'tcp', name: 'default', labels: {} }]],
    ['requirePorts', false],
    ['fetch', []],
    ['constraints', []],
    ['acceptedResourceRoles', undefined],
    ['healthChecks', []],
    ['readinessChecks', []],
    ['upgradeStrategy', { minimumHealthCapacity: 1, maximumOverCapacity: 1 }],
    ['backoffSeconds', 1],
    ['backoffFactor', 1.15],
    ['maxLaunchDelaySeconds', 300],
    ['dependencies', []],
    ['killSelection', 'YOUNGEST_FIRST'],
    ['unreachableStrategy', { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 }],
    ['taskKillGracePeriodSeconds', undefined],
    ['role', DEFAULT_ROLE],
    ['version', NOW],
    ['versionInfo', { lastScalingAt: NOW, lastConfigChangeAt: NOW }],
  ])('%s defaults to %j', (field, expected) => {
    expect(parsed[field]).toEqual(expected);
  });

  it('fills a partly given upgradeStrategy and unreachableStrategy with the defaults', () => {
    const parsed = app({
      ...minimal,
      upgradeStrategy: { maximumOverCapacity: 0 },
      unreachableStrategy: { expungeAfterSeconds: 60 },
    });
    expect(parsed.upgradeStrategy).toEqual({ minimumHealthCapacity: 1, maximumOverCapacity: 0 });
    expect(parsed.unreachableStrategy).toEqual({ inactiveAfterSeconds: 0, expungeAfterSeconds: 60 });
  });

  it('fills a port definition: port 0, tcp, no name, no labels', () => {
    expect(app({ ...minimal, portDefinitions: [{}, { port: 8080, name: 'http' }] }).portDefinitions).toEqual([
      { port: 0, protocol: 'tcp', name: undefined, labels: {} },
      { port: 8080, protocol: 'tcp', name: 'http', labels: {} },
    ]);
  });

  it('gives an app with an explicit empty list of ports no ports', () => {
    expect(app({ ...minimal, portDefinitions: [] }).portDefinitions).toEqual([]);
    expect(app({ ...minimal, ports: [] }).portDefinitions).toEqual([]);
  });

  it.each([
    // [protocol, path, portIndex]
    ['HTTP', '/', 0],
    ['HTTPS', '/', 0],
    ['TCP', '/', 0],
    ['MESOS_HTTP', '/', 0],
    ['MESOS_HTTPS', '/', 0],
    ['MESOS_TCP', '/', 0],
  ])('fills a %s health check with Marathon defaults', (protocol, path, portIndex) => {
    expect(app({ ...minimal, healthChecks: [{ protocol }] }).healthChecks).toEqual([
      {
        protocol,
        path,
        portIndex,
        port: undefined,
        command: undefined,
        gracePeriodSeconds: 300,
        intervalSeconds: 60,
        timeoutSeconds: 20,
        maxConsecutiveFailures: 3,
        delaySeconds: 15,
        ignoreHttp1xx: false,
      },
    ]);
  });

  it('makes HTTP the protocol of a health check that names none, and needs no port for COMMAND', () => {
    const parsed = app({
      ...minimal,
      healthChecks: [
        {},
        { protocol: 'COMMAND', command: { value: 'curl -f http://localhost:$PORT0/' } },
        { port: 9000 },
      ],
    });
    expect(parsed.healthChecks.map((check) => [check.protocol, check.portIndex, check.port, check.command])).toEqual([
      ['HTTP', 0, undefined, undefined],
      ['COMMAND', undefined, undefined, 'curl -f http://localhost:$PORT0/'],
      ['HTTP', undefined, 9000, undefined],
    ]);
  });

  it('fills a readiness check with Marathon defaults', () => {
    const parsed = app({ ...minimal, portDefinitions: [{ name: 'http-api' }], readinessChecks: [{}] });
    expect(parsed.readinessChecks).toEqual([
      {
        name: 'readinessCheck',
        protocol: 'HTTP',
        path: '/',
        portName: 'http-api',
        intervalSeconds: 30,
        timeoutSeconds: 10,
        httpStatusCodesForReady: [200],
        preserveLastResponse: false,
      },
    ]);
  });

  it('fills fetch items: extract, not executable, not cached', () => {
    expect(app({ ...minimal, fetch: [{ uri: 'https://example.org/a.tgz' }] }).fetch).toEqual([
      { uri: 'https://example.org/a.tgz', executable: false, extract: true, cache: false, destPath: undefined },
    ]);
  });
});

describe('legacy forms', () => {
  it('turns ports into port definitions without names', () => {
    expect(app({ ...minimal, ports: [0, 0, 8080] }).portDefinitions).toEqual([
      { port: 0, protocol: 'tcp', name: undefined, labels: {} },
      { port: 0, protocol: 'tcp', name: undefined, labels: {} },
      { port: 8080, protocol: 'tcp', name: undefined, labels: {} },
    ]);
  });

  it('accepts ports next to portDefinitions when they agree (as Marathon answers both)', () => {
    expect(
      app({ ...minimal, ports: [0, 9000], portDefinitions: [{}, { port: 9000, name: 'admin' }] }).portDefinitions,
    ).toEqual([
      { port: 0, protocol: 'tcp', name: undefined, labels: {} },
      { port: 9000, protocol: 'tcp', name: 'admin', labels: {} },
    ]);
  });

  it("turns uris into fetch items, extracting only what Marathon's uris extract", () => {
    const uris = [
      'https://example.org/app.tgz',
      'https://example.org/app.tar.gz',
      'https://example.org/app.zip?token=1',
      'https://example.org/app.tar',
      'https://example.org/app.jar',
      'file:///opt/app/config.yml',
      '/opt/app/run.sh',
    ];
    expect(
      app({ ...minimal, uris }).fetch.map((item) => [item.uri, item.extract, item.executable, item.cache]),
    ).toEqual([
      ['https://example.org/app.tgz', true, false, false],
      ['https://example.org/app.tar.gz', true, false, false],
      ['https://example.org/app.zip?token=1', true, false, false],
      ['https://example.org/app.tar', false, false, false],
      ['https://example.org/app.jar', false, false, false],
      ['file:///opt/app/config.yml', false, false, false],
      ['/opt/app/run.sh', false, false, false],
    ]);
  });

  it('spells the two-protocol port "udp,tcp" whichever way it is given', () => {
    expect(
      app({ ...minimal, portDefinitions: [{ protocol: 'tcp,udp' }, { protocol: 'udp,tcp' }] }).portDefinitions.map(
        (p) => p.protocol,
      ),
    ).toEqual(['udp,tcp', 'udp,tcp']);
  });
});

describe('ids and dependencies', () => {
  it('resolves a relative id against the base group and dependencies against the app’s group', () => {
    const parsed = app(
      { ...minimal, id: 'api', dependencies: ['../db/mongo', 'cache', '/shared/log'] },
      NOW,
      '/prod/web',
    );
    expect(parsed.id).toBe('/prod/web/api');
    expect(parsed.dependencies).toEqual(['/prod/db/mongo', '/prod/web/cache', '/shared/log']);
  });

  it('keeps the role given, or the default one', () => {
    expect(app({ ...minimal, role: 'billing', acceptedResourceRoles: ['billing', '*'] }).role).toBe('billing');
    expect(app({ ...minimal, acceptedResourceRoles: ['*'] }).acceptedResourceRoles).toEqual(['*']);
  });
});

describe('refusals: every problem, with its path and message', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    // [what, fields over the minimal app, path, message]
    ['a missing id', { id: undefined }, '/id', 'is required'],
    [
      'an invalid id',
      { id: '/Web' },
      '/id',
      "'/Web' is not a valid path id: 'Web' has uppercase letters (ids are lowercase)",
    ],
    ['the root as id', { id: '/' }, '/id', "'/' is the root group, which cannot be an app"],
    ['an id above the root', { id: '../x' }, '/id', "'../x' climbs above the root group"],
    [
      'neither cmd nor args',
      { cmd: undefined },
      '/',
      'one of cmd or args is required: Tessera runs the command itself (there are no containers)',
    ],
    [
      'empty args alone',
      { cmd: undefined, args: [] },
      '/',
      'one of cmd or args is required: Tessera runs the command itself (there are no containers)',
    ],
    ['both cmd and args', { args: ['sleep', '1'] }, '/', 'give either cmd or args, not both'],
    ['an empty cmd', { cmd: '' }, '/cmd', 'must not be empty'],
    ['negative cpus', { cpus: -0.5 }, '/cpus', 'must be >= 0'],
    ['cpus as text', { cpus: '1' }, '/cpus', 'must be a number'],
    ['negative mem', { mem: -1 }, '/mem', 'must be >= 0'],
    ['negative disk', { disk: -1 }, '/disk', 'must be >= 0'],
    ['fractional gpus', { gpus: 0.5 }, '/gpus', 'must be an integer'],
    ['fractional instances', { instances: 1.5 }, '/instances', 'must be an integer'],
    ['negative instances', { instances: -1 }, '/instances', 'must be >= 0'],
    ['a non-string env value', { env: { N: 1 } }, '/env/N', 'must be a string'],
    [
      'a secret env value',
      { env: { DB_PASSWORD: { secret: 'db' } } },
      '/env/DB_PASSWORD',
      'env.DB_PASSWORD: secret references are not supported by Tessera (it has no secret store); give the value itself',
    ],
    ['env as a list', { env: ['A=1'] }, '/env', 'must be an object of names to string values'],
    ['a non-string label', { labels: { team: 7 } }, '/labels/team', 'must be a string'],
    ['an empty user', { user: '' }, '/user', 'must not be empty'],
    ['a port above 65535', { ports: [70000] }, '/ports(0)', 'must be <= 65535'],
    [
      'a port twice',
      { portDefinitions: [{ port: 80 }, { port: 80 }] },
      '/portDefinitions(1)',
      'port 80 is given twice (also at index 0); non-zero ports must be unique',
    ],
    [
      'a port name twice',
      { portDefinitions: [{ name: 'http' }, { name: 'http' }] },
      '/portDefinitions(1)/name',
      "name 'http' is used by portDefinitions(0) too; port names must be unique",
    ],
    [
      'an invalid port name',
      { portDefinitions: [{ name: 'HTTP' }] },
      '/portDefinitions(0)/name',
      'must be lowercase letters, digits and "-", starting with a letter',
    ],
    [
      'an unknown protocol',
      { portDefinitions: [{ protocol: 'sctp' }] },
      '/portDefinitions(0)/protocol',
      'must be one of tcp, udp, udp,tcp, tcp,udp',
    ],
    [
      'an unknown field of a port',
      { portDefinitions: [{ hostPort: 0 }] },
      '/portDefinitions(0)/hostPort',
      UNKNOWN_FIELD,
    ],
    [
      'ports that disagree with portDefinitions',
      { ports: [1], portDefinitions: [{ port: 2 }] },
      '/ports',
      'ports and portDefinitions disagree; give portDefinitions only (ports is its legacy form)',
    ],
    ['requirePorts as text', { requirePorts: 'yes' }, '/requirePorts', 'must be a boolean (true or false)'],
    [
      'a constraint of one string',
      { constraints: [['hostname']] },
      '/constraints(0)',
      'must be [field, operator] or [field, operator, value], all strings',
    ],
    [
      'a constraint of four strings',
      { constraints: [['a', 'IS', 'b', 'c']] },
      '/constraints(0)',
      'must be [field, operator] or [field, operator, value], all strings',
    ],
    ['a constraint with a number', { constraints: [['rack', 'MAX_PER', 2]] }, '/constraints(0)(2)', 'must be a string'],
    [
      'an unknown operator',
      { constraints: [['hostname', 'unique']] },
      '/constraints(0)',
      'unknown operator "unique": must be one of UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER, IS (case matters)',
    ],
    [
      'an empty constraint field',
      { constraints: [['', 'UNIQUE']] },
      '/constraints(0)',
      'the field (hostname or an agent attribute) must not be empty',
    ],
    ['UNIQUE with a value', { constraints: [['hostname', 'UNIQUE', 'x']] }, '/constraints(0)', 'UNIQUE takes no value'],
    ['CLUSTER without a value', { constraints: [['rack', 'CLUSTER']] }, '/constraints(0)', 'CLUSTER needs a value'],
    [
      'CLUSTER with an empty value',
      { constraints: [['rack', 'CLUSTER', '']] },
      '/constraints(0)',
      'CLUSTER needs a value',
    ],
    ['IS without a value', { constraints: [['os', 'IS']] }, '/constraints(0)', 'IS needs a value'],
    [
      'GROUP_BY with a word',
      { constraints: [['rack', 'GROUP_BY', 'three']] },
      '/constraints(0)',
      'the value of GROUP_BY, when given, must be a positive integer',
    ],
    [
      'MAX_PER without a value',
      { constraints: [['rack', 'MAX_PER']] },
      '/constraints(0)',
      'MAX_PER needs a positive integer value',
    ],
    [
      'MAX_PER of 0',
      { constraints: [['rack', 'MAX_PER', '0']] },
      '/constraints(0)',
      'MAX_PER needs a positive integer value',
    ],
    [
      'LIKE without a value',
      { constraints: [['rack', 'LIKE']] },
      '/constraints(0)',
      'LIKE needs a regular expression value',
    ],
    [
      'UNLIKE with a broken regex',
      { constraints: [['rack', 'UNLIKE', 'rack-[0-9']] },
      '/constraints(0)',
      '"rack-[0-9" is not a valid regular expression',
    ],
    [
      'a constraint twice',
      {
        constraints: [
          ['hostname', 'UNIQUE'],
          ['hostname', 'UNIQUE'],
        ],
      },
      '/constraints(1)',
      'is given twice',
    ],
    [
      'an unknown health protocol',
      { healthChecks: [{ protocol: 'GRPC' }] },
      '/healthChecks(0)/protocol',
      'must be one of HTTP, HTTPS, TCP, COMMAND, MESOS_HTTP, MESOS_HTTPS, MESOS_TCP',
    ],
    [
      'a COMMAND check without a command',
      { healthChecks: [{ protocol: 'COMMAND' }] },
      '/healthChecks(0)/command',
      'a COMMAND health check needs command: {"value": "..."}',
    ],
    [
      'a command as a string',
      { healthChecks: [{ protocol: 'COMMAND', command: 'true' }] },
      '/healthChecks(0)/command',
      'must be an object',
    ],
    [
      'a command on an HTTP check',
      { healthChecks: [{ command: { value: 'true' } }] },
      '/healthChecks(0)/command',
      'only COMMAND health checks have a command',
    ],
    [
      'a path on a TCP check',
      { healthChecks: [{ protocol: 'TCP', path: '/health' }] },
      '/healthChecks(0)/path',
      'only HTTP and HTTPS health checks have a path, not TCP',
    ],
    [
      'port and portIndex',
      { healthChecks: [{ port: 80, portIndex: 0 }] },
      '/healthChecks(0)',
      'give either port or portIndex, not both',
    ],
    [
      'a portIndex past the ports',
      { ports: [0, 0], healthChecks: [{ portIndex: 2 }] },
      '/healthChecks(0)/portIndex',
      'portIndex 2 addresses no port: the app has 2 port(s), so portIndex must be < 2',
    ],
    [
      'a default portIndex without ports',
      { portDefinitions: [], healthChecks: [{ protocol: 'TCP' }] },
      '/healthChecks(0)',
      'portIndex 0 addresses no port: the app has no ports (give port, or declare ports)',
    ],
    [
      'a timeout as long as the interval',
      { healthChecks: [{ intervalSeconds: 10, timeoutSeconds: 10 }] },
      '/healthChecks(0)/timeoutSeconds',
      'must be < intervalSeconds (10)',
    ],
    [
      'a negative grace period',
      { healthChecks: [{ gracePeriodSeconds: -1 }] },
      '/healthChecks(0)/gracePeriodSeconds',
      'must be >= 0',
    ],
    ['a zero interval', { healthChecks: [{ intervalSeconds: 0 }] }, '/healthChecks(0)/intervalSeconds', 'must be >= 1'],
    [
      'an IPv6 health check',
      { healthChecks: [{ ipProtocol: 'IPv6' }] },
      '/healthChecks(0)/ipProtocol',
      'ipProtocol: IPv6 health checks (of container networks) are not supported by Tessera; use IPv4',
    ],
    [
      'a misspelt health check field',
      { healthChecks: [{ gracePeriod: 10 }] },
      '/healthChecks(0)/gracePeriod',
      UNKNOWN_FIELD,
    ],
    [
      'a readiness check on an unnamed port',
      { readinessChecks: [{ portName: 'http' }] },
      '/readinessChecks(0)/portName',
      "no port definition is named 'http'",
    ],
    [
      'a readiness status code out of range',
      { portDefinitions: [{ name: 'http-api' }], readinessChecks: [{ httpStatusCodesForReady: [99] }] },
      '/readinessChecks(0)/httpStatusCodesForReady(0)',
      'must be >= 100',
    ],
    [
      'a minimumHealthCapacity above 1',
      { upgradeStrategy: { minimumHealthCapacity: 1.5 } },
      '/upgradeStrategy/minimumHealthCapacity',
      'must be <= 1',
    ],
    [
      'a negative maximumOverCapacity',
      { upgradeStrategy: { maximumOverCapacity: -0.1 } },
      '/upgradeStrategy/maximumOverCapacity',
      'must be >= 0',
    ],
    ['a backoffFactor below 1', { backoffFactor: 0.5 }, '/backoffFactor', 'must be >= 1'],
    ['negative backoffSeconds', { backoffSeconds: -1 }, '/backoffSeconds', 'must be >= 0'],
    ['negative maxLaunchDelaySeconds', { maxLaunchDelaySeconds: -1 }, '/maxLaunchDelaySeconds', 'must be >= 0'],
    [
      'an invalid dependency',
      { dependencies: ['../../x'] },
      '/dependencies(0)',
      "'../../x' climbs above the root group",
    ],
    ['a dependency twice', { dependencies: ['/db', 'db'] }, '/dependencies(1)', '/db is given twice'],
    [
      'an unknown killSelection',
      { killSelection: 'RANDOM' },
      '/killSelection',
      'must be one of YOUNGEST_FIRST, OLDEST_FIRST',
    ],
    [
      'an unreachableStrategy word',
      { unreachableStrategy: 'never' },
      '/unreachableStrategy',
      'must be "disabled" or an object {inactiveAfterSeconds, expungeAfterSeconds}',
    ],
    [
      'inactive after expunge',
      { unreachableStrategy: { inactiveAfterSeconds: 600, expungeAfterSeconds: 300 } },
      '/unreachableStrategy',
      'inactiveAfterSeconds (600) must be <= expungeAfterSeconds (300)',
    ],
    ['a negative kill grace period', { taskKillGracePeriodSeconds: -1 }, '/taskKillGracePeriodSeconds', 'must be >= 0'],
    [
      'an invalid role',
      { role: 'a b' },
      '/role',
      `'a b' is not a valid role (letters, digits, "_", ".", "-", in "/"-separated parts)`,
    ],
    [
      'an accepted role that is not the app’s',
      { acceptedResourceRoles: ['other'] },
      '/acceptedResourceRoles(0)',
      `'other' is neither "*" nor the app's role 'marathon' (an app only gets resources of its own role or unreserved ones)`,
    ],
    ['no accepted roles', { acceptedResourceRoles: [] }, '/acceptedResourceRoles', 'must have at least 1 element(s)'],
    [
      'an accepted role twice',
      { acceptedResourceRoles: ['*', '*'] },
      '/acceptedResourceRoles(1)',
      "'*' is given twice",
    ],
    // What Tessera cannot honour.
    [
      'a Docker container',
      { container: { type: 'DOCKER', docker: { image: 'nginx' } } },
      '/container',
      'container: Docker containers are not supported by Tessera; run the command directly',
    ],
    [
      'a Mesos container',
      { container: { type: 'MESOS', volumes: [] } },
      '/container',
      'container: containers (images, volumes, Mesos containerizer options) are not supported by Tessera; run the command directly',
    ],
    [
      'a container network',
      { networks: [{ mode: 'container', name: 'dcos' }] },
      '/networks',
      'networks: container networks are not supported by Tessera; tasks use the agent\'s host network ([{"mode": "host"}] or nothing)',
    ],
    [
      'an ipAddress',
      { ipAddress: { networkName: 'dcos' } },
      '/ipAddress',
      "ipAddress: IP-per-task is not supported by Tessera; tasks use the agent's host network",
    ],
    [
      'secrets',
      { secrets: { db: { source: 'db-password' } } },
      '/secrets',
      'secrets: secrets are not supported by Tessera (it has no secret store)',
    ],
    [
      'a residency',
      { residency: { taskLostBehavior: 'WAIT_FOREVER' } },
      '/residency',
      'residency: persistent local volumes are not supported by Tessera',
    ],
    [
      'a custom executor',
      { executor: '/opt/my-executor' },
      '/executor',
      'executor: custom executors are not supported by Tessera; only the command executor ("" or "//cmd")',
    ],
    [
      'storeUrls',
      { storeUrls: ['hdfs://store/app.tgz'] },
      '/storeUrls',
      "storeUrls: Marathon's artifact store is not supported by Tessera; use fetch with the artifacts' URIs",
    ],
    ['a tty', { tty: true }, '/tty', 'tty: terminals for tasks are not supported by Tessera'],
    [
      'resource limits',
      { resourceLimits: { cpus: 'unlimited' } },
      '/resourceLimits',
      'resourceLimits: limits above the requested cpus and mem are not supported by Tessera; tasks are limited to what they request',
    ],
    [
      'a Mesos check',
      { check: { http: { portIndex: 0 } } },
      '/check',
      'check: Mesos checks (reported, never acted on) are not supported by Tessera; use healthChecks',
    ],
    [
      'an hdfs fetch URI',
      { fetch: [{ uri: 'hdfs://namenode/app.jar' }] },
      '/fetch(0)/uri',
      'fetch(0): Tessera fetches http, https and file URIs (or absolute paths) only, not "hdfs://namenode/app.jar"',
    ],
    [
      'an archive the agent cannot unpack',
      { fetch: [{ uri: 'https://example.org/app.tar.xz' }] },
      '/fetch(0)/extract',
      'fetch(0): Tessera unpacks .tar, .tar.gz, .tgz and .zip archives only, not "app.tar.xz"; give it in fetch with "extract": false to keep the file as it is',
    ],
    [
      'a legacy uri of an archive the agent cannot unpack',
      { uris: ['https://example.org/app.tbz2'] },
      '/uris(0)',
      'uris(0): Tessera unpacks .tar, .tar.gz, .tgz and .zip archives only, not "app.tbz2"; give it in fetch with "extract": false to keep the file as it is',
    ],
    [
      'a destPath out of the sandbox',
      { fetch: [{ uri: 'https://example.org/a', destPath: '../a' }] },
      '/fetch(0)/destPath',
      'must be a relative path inside the sandbox (no leading "/", no "..")',
    ],
    [
      'an unknown fetch option',
      { fetch: [{ uri: 'https://example.org/a', checksum: 'sha256:00' }] },
      '/fetch(0)/checksum',
      UNKNOWN_FIELD,
    ],
    [
      'uris that disagree with fetch',
      { uris: ['https://a/x'], fetch: [{ uri: 'https://a/y' }] },
      '/uris',
      'uris and fetch disagree; give fetch only (uris is its legacy form)',
    ],
    ['a misspelt field', { instance: 3 }, '/instance', UNKNOWN_FIELD],
    ['a field named like an object method', { constructor: 1 }, '/constructor', UNKNOWN_FIELD],
    [
      'a "__proto__" field',
      JSON.parse('{"__proto__": {"cpus": 3}}') as Record<string, unknown>,
      '/__proto__',
      PROTO_KEY,
    ],
    ['a "__proto__" label', { labels: JSON.parse('{"__proto__": "x"}') as unknown }, '/labels/__proto__', PROTO_KEY],
    ['a "__proto__" variable', { env: JSON.parse('{"__proto__": "x"}') as unknown }, '/env/__proto__', PROTO_KEY],
  ])('%s', (_what, fields, path, message) => {
    const json: Record<string, unknown> = { ...minimal, ...fields };
    for (const [key, value] of Object.entries(fields)) if (value === undefined) delete json[key];
    const problems = problemsOf(json);
    expect(problems).toContainEqual({ path, errors: [message] });
  });

  it('answers every problem at once, not only the first', () => {
    const problems = problemsOf({
      id: 'Bad',
      cpus: -1,
      mem: 'lots',
      container: { type: 'DOCKER' },
      env: { TOKEN: { secret: 'token' } },
      constraints: [['hostname', 'CLUSTER']],
      healthChecks: [{ protocol: 'TCP', intervalSeconds: 0 }, { protocol: 'COMMAND' }],
      colour: 'blue',
    });
    expect(problems.map((problem) => problem.path).sort()).toEqual([
      '/',
      '/colour',
      '/constraints(0)',
      '/container',
      '/cpus',
      '/env/TOKEN',
      '/healthChecks(0)/intervalSeconds',
      '/id',
      '/mem',
    ]);
    expect(marathonValidationError(problems)).toEqual({ message: 'Object is not valid', details: problems });
  });

  it('answers input that is not an object', () => {
    expect(problemsOf([])).toEqual([{ path: '/', errors: ['must be an object (an app definition)'] }]);
    expect(problemsOf('app')).toEqual([{ path: '/', errors: ['must be an object (an app definition)'] }]);
  });
});

describe('what is accepted as saying nothing Tessera does not do', () => {
  it.each<[string, Record<string, unknown>]>([
    ['null fields', { user: null, args: null, container: null, ipAddress: null, residency: null, uris: null }],
    ['the host network', { networks: [{ mode: 'host' }] }],
    ['no networks', { networks: [] }],
    ['the command executor', { executor: '//cmd' }],
    ['the default executor', { executor: '' }],
    ['no secrets', { secrets: {} }],
    ['no store URLs', { storeUrls: [] }],
    ['no tty', { tty: false }],
    ['IPv4 health checks', { healthChecks: [{ ipProtocol: 'IPv4' }] }],
    ['the default path on a TCP check', { healthChecks: [{ protocol: 'TCP', path: '/' }] }],
    [
      'read-only fields of Marathon’s answers',
      {
        version: 'x',
        versionInfo: {},
        tasksRunning: 3,
        tasksStaged: 0,
        tasksHealthy: 3,
        tasksUnhealthy: 0,
        deployments: [{ id: 'd' }],
        tasks: [],
        lastTaskFailure: {},
      },
    ],
  ])('%s', (_what, fields) => {
    const parsed = app({ ...minimal, ...fields });
    expect(parsed).toEqual({ ...app(minimal), healthChecks: parsed.healthChecks });
  });

  it('takes the version from the clock, not from the input', () => {
    expect(app({ ...minimal, version: '2020-01-01T00:00:00.000Z' }).version).toBe(NOW);
  });
});

describe('Marathon-style examples', () => {
  it('parses a Python http.server with an HTTP health check on $PORT0', () => {
    const parsed = app(pythonWebServer);
    expect(parsed.id).toBe('/demo/python-web');
    expect(parsed.portDefinitions).toEqual([{ port: 0, protocol: 'tcp', name: 'default', labels: {} }]);
    expect(parsed.healthChecks).toEqual([
      {
        protocol: 'HTTP',
        path: '/',
        portIndex: 0,
        port: undefined,
        command: undefined,
        gracePeriodSeconds: 30,
        intervalSeconds: 10,
        timeoutSeconds: 5,
        maxConsecutiveFailures: 3,
        delaySeconds: 15,
        ignoreHttp1xx: false,
      },
    ]);
  });

  it('parses two legacy ports, legacy uris and a UNIQUE hostname constraint', () => {
    const parsed = app(echoPair, NOW, '/');
    expect(parsed.id).toBe('/tools/echo-pair');
    expect(parsed.portDefinitions.map((definition) => definition.port)).toEqual([0, 0]);
    expect(parsed.fetch).toEqual([
      {
        uri: 'https://artifacts.example.org/echo/serve-1.4.tgz',
        executable: false,
        extract: true,
        cache: false,
        destPath: undefined,
      },
      {
        uri: 'https://artifacts.example.org/echo/NOTES.txt',
        executable: false,
        extract: false,
        cache: false,
        destPath: undefined,
      },
    ]);
    expect(parsed.constraints).toEqual([['hostname', 'UNIQUE']]);
  });

  it("parses Marathon's own GET answer, status fields and nulls included", () => {
    const parsed = app(marathonGetAnswer);
    expect(parsed).toMatchObject({
      id: '/prod/billing/api',
      cmd: 'java -jar billing-api.jar --port $PORT0',
      args: undefined,
      instances: 4,
      portDefinitions: [{ port: 10101, protocol: 'tcp', name: 'http', labels: {} }],
      constraints: [['rack', 'GROUP_BY', '3']],
      upgradeStrategy: { minimumHealthCapacity: 0.75, maximumOverCapacity: 0.5 },
      taskKillGracePeriodSeconds: undefined,
      version: NOW,
    });
  });
});

describe('appToJson', () => {
  it("writes Marathon's GET shape: ports and portDefinitions, version and versionInfo", () => {
    expect(appToJson(app(echoPair))).toEqual({
      id: '/tools/echo-pair',
      cmd: 'tar -xzf serve-1.4.tgz && ./serve --tcp $PORT0 --admin $PORT1',
      instances: 3,
      cpus: 0.5,
      mem: 96,
      disk: 0,
      gpus: 0,
      executor: '',
      env: {},
      labels: {},
      constraints: [['hostname', 'UNIQUE']],
      fetch: [
        { uri: 'https://artifacts.example.org/echo/serve-1.4.tgz', executable: false, extract: true, cache: false },
        { uri: 'https://artifacts.example.org/echo/NOTES.txt', executable: false, extract: false, cache: false },
      ],
      ports: [0, 0],
      portDefinitions: [
        { port: 0, protocol: 'tcp', labels: {} },
        { port: 0, protocol: 'tcp', labels: {} },
      ],
      requirePorts: false,
      networks: [{ mode: 'host' }],
      healthChecks: [],
      readinessChecks: [],
      dependencies: [],
      upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
      backoffSeconds: 1,
      backoffFactor: 1.15,
      maxLaunchDelaySeconds: 300,
      killSelection: 'YOUNGEST_FIRST',
      unreachableStrategy: { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 },
      role: 'marathon',
      version: NOW,
      versionInfo: { lastScalingAt: NOW, lastConfigChangeAt: NOW },
    });
  });

  it('writes a health check with the fields of its protocol only', () => {
    const json = appToJson(
      app({
        ...minimal,
        healthChecks: [
          { protocol: 'TCP' },
          { protocol: 'COMMAND', command: { value: 'true' } },
          { protocol: 'MESOS_HTTPS', port: 8443 },
        ],
      }),
    );
    expect(json.healthChecks.map((check) => Object.keys(check).filter((key) => !key.endsWith('Seconds')))).toEqual([
      ['protocol', 'portIndex', 'maxConsecutiveFailures', 'ignoreHttp1xx'],
      ['protocol', 'command', 'maxConsecutiveFailures', 'ignoreHttp1xx'],
      ['protocol', 'path', 'port', 'maxConsecutiveFailures', 'ignoreHttp1xx'],
    ]);
  });

  it.each([
    ['the Python web server', pythonWebServer],
    ['the echo pair', echoPair],
    ["Marathon's GET answer", marathonGetAnswer],
    [
      'an app with everything',
      {
        id: '/everything',
        args: ['/usr/bin/server', '--port', '$PORT0'],
        user: 'nobody',
        instances: 0,
        cpus: 0.1,
        mem: 32,
        disk: 10,
        gpus: 1,
        env: { A: '1' },
        labels: { l: 'v' },
        portDefinitions: [
          { port: 10000, protocol: 'udp,tcp', name: 'http-api', labels: { VIP_0: '10.0.0.1:80' } },
          { port: 0, protocol: 'udp' },
        ],
        requirePorts: true,
        fetch: [{ uri: 'https://example.org/a.tgz', destPath: 'lib/a.tgz', executable: true, cache: true }],
        constraints: [
          ['hostname', 'MAX_PER', '2'],
          ['rack', 'LIKE', 'rack-[12]'],
          ['zone', 'GROUP_BY'],
        ],
        healthChecks: [
          { protocol: 'MESOS_TCP', portIndex: 1 },
          { protocol: 'COMMAND', command: { value: 'true' }, portIndex: 0 },
        ],
        readinessChecks: [{ name: 'ready', httpStatusCodesForReady: [200, 204], preserveLastResponse: true }],
        upgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 },
        backoffSeconds: 5,
        backoffFactor: 2,
        maxLaunchDelaySeconds: 600,
        dependencies: ['/db'],
        killSelection: 'OLDEST_FIRST',
        unreachableStrategy: 'disabled',
        taskKillGracePeriodSeconds: 30,
        role: 'web',
        acceptedResourceRoles: ['web'],
      },
    ],
  ])('round-trips %s: JSON → app → JSON → app', (_what, json) => {
    const first = app(json);
    const again = app(JSON.parse(JSON.stringify(appToJson(first))));
    expect(again).toEqual(first);
    expect(appToJson(again)).toEqual(appToJson(first));
  });
});

describe('appJsonSchema', () => {
  it('describes the structure of the examples', () => {
    expect(appJsonSchema.safeParse(pythonWebServer).success).toBe(true);
    expect(appJsonSchema.safeParse(echoPair).success).toBe(true);
    expect(appJsonSchema.safeParse({ ...pythonWebServer, nonsense: 1 }).success).toBe(false);
  });
});

describe('applyPatch (PATCH /v2/apps/{id})', () => {
  const current = app(pythonWebServer);

  it('scales: only instances changes, lastConfigChangeAt stays', () => {
    const result = applyPatch(current, { instances: 5 }, { nowVersion: LATER, defaultRole: DEFAULT_ROLE });
    expect(result.ok && result.app).toEqual({
      ...current,
      instances: 5,
      version: LATER,
      versionInfo: { lastScalingAt: LATER, lastConfigChangeAt: NOW },
    });
  });

  it('replaces a whole field and keeps the others; a config change gets new versions', () => {
    const withEnv = app({ ...pythonWebServer, env: { A: '1', B: '2' } });
    const result = applyPatch(withEnv, { env: { C: '3' }, mem: 128 }, { nowVersion: LATER, defaultRole: DEFAULT_ROLE });
    expect(result.ok && result.app).toEqual({
      ...withEnv,
      env: { C: '3' },
      mem: 128,
      version: LATER,
      versionInfo: { lastScalingAt: LATER, lastConfigChangeAt: LATER },
    });
  });

  it('keeps the versions of a patch that changes nothing', () => {
    const result = applyPatch(
      current,
      { cpus: 0.25, id: 'python-web' },
      { nowVersion: LATER, defaultRole: DEFAULT_ROLE },
    );
    expect(result.ok && result.app).toEqual(current);
  });

  it('resets a field set to null to its default', () => {
    const result = applyPatch(
      current,
      { mem: null, healthChecks: null },
      { nowVersion: LATER, defaultRole: DEFAULT_ROLE },
    );
    expect(result.ok && [result.app.mem, result.app.healthChecks]).toEqual([128, []]);
  });

  it('swaps cmd for args, and portDefinitions for ports', () => {
    const result = applyPatch(
      current,
      { args: ['python3', '-m', 'http.server'], ports: [8000] },
      { nowVersion: LATER, defaultRole: DEFAULT_ROLE },
    );
    expect(result.ok && [result.app.cmd, result.app.args, result.app.portDefinitions]).toEqual([
      undefined,
      ['python3', '-m', 'http.server'],
      [{ port: 8000, protocol: 'tcp', name: undefined, labels: {} }],
    ]);
  });

  it('validates the result as a whole', () => {
    const result = applyPatch(current, { portDefinitions: [] }, { nowVersion: LATER, defaultRole: DEFAULT_ROLE });
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          path: '/healthChecks(0)/portIndex',
          errors: ['portIndex 0 addresses no port: the app has no ports (give port, or declare ports)'],
        },
      ],
    });
  });

  it('refuses to rename the app', () => {
    expect(applyPatch(current, { id: '/demo/other' }, { nowVersion: LATER, defaultRole: DEFAULT_ROLE })).toEqual({
      ok: false,
      problems: [{ path: '/id', errors: ['an update cannot rename app /demo/python-web (to /demo/other)'] }],
    });
  });

  it('refuses what parseApp refuses, at the same paths', () => {
    const result = applyPatch(
      current,
      { cpus: -1, container: { type: 'DOCKER' } },
      { nowVersion: LATER, defaultRole: DEFAULT_ROLE },
    );
    expect(result.ok ? [] : result.problems.map((problem) => problem.path)).toEqual(['/container', '/cpus']);
    expect(applyPatch(current, 'scale', { nowVersion: LATER, defaultRole: DEFAULT_ROLE }).ok).toBe(false);
  });

  it('refuses keys that are not data, without throwing', () => {
    for (const text of ['{"constructor": 1}', '{"__proto__": {"cpus": 3}}', '{"toString": "x"}']) {
      const result = applyPatch(current, JSON.parse(text), { nowVersion: LATER, defaultRole: DEFAULT_ROLE });
      expect(result.ok).toBe(false);
    }
  });

  it('parses the version from the clock only', () => {
    expect(parse({ ...minimal }, LATER)).toMatchObject({ ok: true, app: { version: LATER } });
  });
});

describe('limits (core/limits.ts), so that every accepted app makes tasks the master accepts', () => {
  const many = (count: number, prefix: string) =>
    Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, 'v']));

  it.each<[string, Record<string, unknown>, string, string]>([
    // "/" + 190 characters: 191 > MAX_APP_ID_LENGTH (190)
    [
      'an id over the limit',
      { id: `/${'a'.repeat(MAX_APP_ID_LENGTH)}` },
      '/id',
      `must be at most ${MAX_APP_ID_LENGTH} characters long (it has ${MAX_APP_ID_LENGTH + 1})`,
    ],
    ['too many instances', { instances: MAX_APP_INSTANCES + 1 }, '/instances', `must be at most ${MAX_APP_INSTANCES}`],
    [
      'too many labels',
      { labels: many(MAX_APP_LABELS + 1, 'L') },
      '/labels',
      `must have at most ${MAX_APP_LABELS} labels (it has ${MAX_APP_LABELS + 1})`,
    ],
    [
      'too many variables',
      { env: many(MAX_APP_ENVIRONMENT_VARIABLES + 1, 'E') },
      '/env',
      `must have at most ${MAX_APP_ENVIRONMENT_VARIABLES} variables (it has ${MAX_APP_ENVIRONMENT_VARIABLES + 1})`,
    ],
    // cmd of 10 bytes + one variable "BIG" (3) = "x" × (limit - 12): limit + 1 bytes
    [
      'text over the limit, counted over cmd and env',
      { cmd: 'sleep 1000', env: { BIG: 'x'.repeat(MAX_APP_TEXT_BYTES - 12) } },
      '/',
      `cmd, args, env and labels together must be at most ${MAX_APP_TEXT_BYTES} bytes (they have ${MAX_APP_TEXT_BYTES + 1})`,
    ],
    // "é" is 2 bytes in UTF-8: half the limit in characters, and one more, is over it
    [
      'text over the limit in UTF-8 bytes, not characters',
      { cmd: 'é'.repeat(MAX_APP_TEXT_BYTES / 2 + 1) },
      '/',
      `cmd, args, env and labels together must be at most ${MAX_APP_TEXT_BYTES} bytes (they have ${MAX_APP_TEXT_BYTES + 2})`,
    ],
  ])('refuses %s', (_what, fields, path, message) => {
    expect(problemsOf({ ...minimal, ...fields })).toContainEqual({ path, errors: [message] });
  });

  it('accepts each bound exactly', () => {
    const atLimit = {
      id: `/${'a'.repeat(MAX_APP_ID_LENGTH - 1)}`,
      instances: MAX_APP_INSTANCES,
      labels: many(MAX_APP_LABELS, 'L'),
      env: many(MAX_APP_ENVIRONMENT_VARIABLES, 'E'),
    };
    expect(parse({ ...minimal, ...atLimit }).ok).toBe(true);
  });
});
