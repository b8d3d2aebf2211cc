import {
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryReleaseLocks } from '../../lock/releaseLock';
import { createDay2Harness } from './__testUtils__/day2Harness';

jest.setTimeout(60_000);

const where = {
  cluster: 'dev-cluster',
  namespace: 'mcp-team-a',
  releaseName: 'mcp-team-a',
};

describe('mcp-kubernetes:restart', () => {
  it('restarts the Deployment of an owned release, audited once, progress in words', async () => {
    const h = await createDay2Harness();
    const { error, outputs, log } = await h.run('restart', where);
    expect(error).toBeUndefined();
    expect(h.restarts).toEqual([
      { namespace: 'mcp-team-a', name: 'mcp-team-a-mcp-kubernetes' },
    ]);
    expect(outputs).toEqual({
      deploymentName: 'mcp-team-a-mcp-kubernetes',
      restartedAt: '2026-11-30T00:00:00.000Z',
    });
    expect(h.auditEvents).toEqual([
      expect.objectContaining({
        eventId: 'release-restart',
        outcome: 'success',
      }),
    ]);
    expect(log).toContain(
      'Restarting Deployment mcp-team-a-mcp-kubernetes: a new pod template annotation makes it replace its pods one by one',
    );
  });

  it('finds the Deployment from the release values (fullnameOverride)', async () => {
    const h = await createDay2Harness({
      release: {
        history: [{ revision: 1, status: 'deployed' }],
        values: { 1: { fullnameOverride: 'custom-name' } },
      },
    });
    await h.run('restart', where);
    expect(h.ownerLookups).toEqual(['custom-name']);
    expect(h.restarts[0].name).toBe('custom-name');
  });

  it("refuses another team's caller: nothing restarted, the refusal audited", async () => {
    const h = await createDay2Harness({
      ownershipRefs: ['group:default/team-b'],
    });
    const { error } = await h.run('restart', where);
    expect(error?.name).toBe('NotAllowedError');
    expect(error?.message).toContain(
      'is owned by group:default/team-a (recorded at install); you may restart only releases your teams own',
    );
    expect(h.restarts).toEqual([]);
    expect(h.auditEvents).toEqual([
      expect.objectContaining({ eventId: 'release-restart', outcome: 'fail' }),
    ]);
  });

  it('refuses a release with no recorded owner, with the adopt hint', async () => {
    const h = await createDay2Harness({ recorded: { found: true } });
    const { error } = await h.run('restart', where);
    expect(error?.name).toBe('NotAllowedError');
    expect(error?.message).toContain('records no owner');
    expect(error?.message).toContain(
      'kubectl annotate deployment mcp-team-a-mcp-kubernetes -n mcp-team-a mcp-kubernetes.io/owner=group:default/<your-team>',
    );
    expect(h.restarts).toEqual([]);
  });

  it('a missing release is a NotFoundError', async () => {
    const h = await createDay2Harness({ release: null });
    const { error } = await h.run('restart', where);
    expect(error?.name).toBe('NotFoundError');
    expect(error?.message).toContain('does not exist on cluster dev-cluster');
  });

  it('refuses with ReleaseBusyError while helm has the release pending', async () => {
    const h = await createDay2Harness({
      release: {
        history: [{ revision: 4, status: 'pending-upgrade' }],
        values: { 4: {} },
      },
    });
    const { error } = await h.run('restart', where);
    expect(error?.name).toBe('ConflictError');
    expect(error?.message).toContain('Release mcp-team-a/mcp-team-a is busy');
    expect(h.restarts).toEqual([]);
  });

  it('refuses with ReleaseBusyError while another task holds the release lock', async () => {
    const locks = new InMemoryReleaseLocks();
    const h = await createDay2Harness({ locks });
    let release!: () => void;
    const held = locks.withLock(
      {
        cluster: 'dev-cluster',
        namespace: 'mcp-team-a',
        release: 'mcp-team-a',
      },
      { holder: 'deploy-task', ttlMs: 60_000 },
      () => new Promise<void>(r => (release = r)),
    );
    const { error } = await h.run('restart', where);
    release();
    await held;
    expect(error?.name).toBe('ConflictError');
    expect(error?.message).toContain('another deploy task is running helm');
    expect(h.restarts).toEqual([]);
  });

  it('a dry run checks ownership and changes nothing', async () => {
    const h = await createDay2Harness();
    const { error, log } = await h.run('restart', where, { isDryRun: true });
    expect(error).toBeUndefined();
    expect(h.restarts).toEqual([]);
    expect(h.auditEvents).toEqual([]);
    expect(log.join('\n')).toContain(
      'Dry run: would restart Deployment mcp-team-a-mcp-kubernetes',
    );
    const denied = await createDay2Harness({ ownershipRefs: [] });
    expect(
      (await denied.run('restart', where, { isDryRun: true })).error?.name,
    ).toBe('NotAllowedError');
  });

  it('a retried task does not restart again (checkpoint)', async () => {
    const h = await createDay2Harness();
    const cache = new Map<string, unknown>();
    const checkpoint = async (o: {
      key: string;
      fn: () => Promise<unknown>;
    }) => {
      if (!cache.has(o.key)) cache.set(o.key, await o.fn());
      return cache.get(o.key);
    };
    await h.run('restart', where, { checkpoint });
    const again = await h.run('restart', where, { checkpoint });
    expect(again.error).toBeUndefined();
    expect(again.outputs.restartedAt).toBe('2026-11-30T00:00:00.000Z');
    expect(h.restarts).toHaveLength(1);
  });

  it.each([
    ['releaseName', 'x\n---\nkind: Secret'],
    ['namespace', '%2e%2e'],
    ['cluster', '../prod'],
  ])('refuses a hostile %s before touching helm', async (field, value) => {
    const h = await createDay2Harness();
    const { error } = await h.run('restart', { ...where, [field]: value });
    expect(error?.name).toBe('InputError');
    expect(error?.message).toContain(`${field} must be`);
    expect(h.helmCalls).toEqual([]);
  });

  it('refuses unknown inputs, __proto__ included', async () => {
    const h = await createDay2Harness();
    const input = JSON.parse(
      '{"cluster":"dev-cluster","namespace":"a","releaseName":"a","__proto__":{"x":1}}',
    );
    const { error } = await h.run('restart', input);
    expect(error?.name).toBe('InputError');
    expect(error?.message).toContain('unknown input(s) __proto__');
    expect(h.helmCalls).toEqual([]);
  });
});

describe('mcp-kubernetes:rollback', () => {
  const input = { ...where, revision: 1, environment: 'development' };

  it("checks the revision's values against today's policy, then rolls back", async () => {
    const h = await createDay2Harness();
    const { error, outputs, log } = await h.run('rollback', input);
    expect(error).toBeUndefined();
    expect(h.writes()).toEqual(['rollback mcp-team-a 1']);
    expect(
      h.helmCalls.some(
        a => a[0] === 'get' && a.includes('--revision') && a.includes('1'),
      ),
    ).toBe(true);
    expect(outputs).toEqual({
      revision: 3,
      rolledBackTo: 1,
      previousRevision: 2,
    });
    expect(log).toContain(
      "Checking the values of revision 1 against today's development policy",
    );
    expect(h.auditEvents).toEqual([
      expect.objectContaining({
        eventId: 'release-rollback',
        outcome: 'success',
      }),
    ]);
  });

  it("refuses a revision today's policy refuses, naming the violation; nothing rolled back", async () => {
    const h = await createDay2Harness({
      policy: {
        environments: {
          development: {
            allowedClusters: ['dev-cluster'],
            rules: ['replicas.bounds'],
            replicas: { max: 3 },
          },
        },
      },
      release: {
        history: [
          { revision: 1, status: 'superseded' },
          { revision: 2, status: 'deployed' },
        ],
        values: {
          1: { replicaCount: 9, rbac: { readOnly: true } },
          2: { replicaCount: 2, rbac: { readOnly: true } },
        },
      },
    });
    const { error } = await h.run('rollback', input);
    expect(error?.name).toBe('InputError');
    expect(error?.message).toMatch(
      /The development policy refuses these values \(1 violation\(s\), nothing was rolled back to revision 1\): \[replicas\.\S+\] replicaCount/,
    );
    expect(h.writes()).toEqual([]);
  });

  it('refuses a revision the policy would change (forced values it lacks)', async () => {
    const h = await createDay2Harness({
      policy: {
        environments: {
          development: {
            allowedClusters: ['dev-cluster'],
            fixedValues: { ciliumNetworkPolicy: { enabled: false } },
          },
        },
      },
    });
    const { error } = await h.run('rollback', input);
    expect(error?.message).toContain('would change the values of revision 1');
    expect(h.writes()).toEqual([]);
  });

  it('refuses the current revision and one helm does not keep', async () => {
    const h = await createDay2Harness();
    expect(
      (await h.run('rollback', { ...input, revision: 2 })).error?.message,
    ).toContain('revision: 2 is the current revision');
    expect(
      (await h.run('rollback', { ...input, revision: 7 })).error?.message,
    ).toContain('has no revision 7; helm keeps revisions 1, 2');
    expect(h.writes()).toEqual([]);
  });

  it('needs the deploy permission for the target; denied, helm is never run', async () => {
    const h = await createDay2Harness({ deny: true });
    const { error } = await h.run('rollback', input);
    expect(error?.name).toBe('NotAllowedError');
    expect(error?.message).toContain('mcp-kubernetes.deploy');
    expect(h.helmCalls).toEqual([]);
  });

  it('asks the permission policy for mcp-kubernetes.install.operate on the recorded entity; denied, nothing is written', async () => {
    const h = await createDay2Harness({
      denied: ['mcp-kubernetes.install.operate'],
    });
    for (const [action, actionInput] of [
      ['rollback', input],
      ['restart', where],
      ['uninstall', { ...where, confirm: where.releaseName }],
    ] as const) {
      const { error } = await h.run(action, actionInput);
      expect(error?.name).toBe('NotAllowedError');
      expect(error?.message).toContain(
        'denies mcp-kubernetes.install.operate on component:default/',
      );
    }
    expect(h.writes()).toEqual([]);
  });

  it("refuses another team's caller before any helm write", async () => {
    const h = await createDay2Harness({
      ownershipRefs: ['group:default/team-b'],
    });
    const { error } = await h.run('rollback', input);
    expect(error?.message).toContain(
      'you may roll back only releases your teams own',
    );
    expect(h.writes()).toEqual([]);
  });

  it('a dry run reports and changes nothing', async () => {
    const h = await createDay2Harness();
    const { error, log, outputs } = await h.run('rollback', input, {
      isDryRun: true,
    });
    expect(error).toBeUndefined();
    expect(outputs).toEqual({ rolledBackTo: 1, previousRevision: 2 });
    expect(log.join('\n')).toContain(
      'Dry run: would roll dev-cluster/mcp-team-a/mcp-team-a back from revision 2 to 1',
    );
    expect(h.writes()).toEqual([]);
  });

  it.each([0, 1.5, '1', -3])('refuses revision %p', async revision => {
    const h = await createDay2Harness();
    const { error } = await h.run('rollback', { ...input, revision });
    expect(error?.name).toBe('InputError');
    expect(error?.message).toContain('revision');
    expect(h.helmCalls).toEqual([]);
  });
});

describe('mcp-kubernetes:uninstall', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcpk-day2-catalog-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const input = { ...where, confirm: 'mcp-team-a' };
  const entity = (
    release: string,
    name = 'mcp-team-a',
  ) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
    mcp-kubernetes.io/cluster: dev-cluster
    mcp-kubernetes.io/namespace: mcp-team-a
    mcp-kubernetes.io/release: ${release}
    mcp-kubernetes.io/environment: development
spec: { type: service, lifecycle: experimental, owner: group:default/team-a }
`;

  it('uninstalls and removes the entity file written for this install; keeps the namespace', async () => {
    const file = join(dir, 'default-mcp-team-a.yaml');
    writeFileSync(file, entity('mcp-team-a'));
    const h = await createDay2Harness({ localCatalogDir: dir });
    const { error, outputs, log } = await h.run('uninstall', input);
    expect(error).toBeUndefined();
    expect(h.writes()).toEqual(['uninstall mcp-team-a --namespace']);
    expect(existsSync(file)).toBe(false);
    expect(outputs).toEqual({
      entityFileRemoved: true,
      namespaceDeleted: false,
    });
    expect(log).toContain('Kept namespace mcp-team-a');
    expect(h.auditEvents).toEqual([
      expect.objectContaining({
        eventId: 'release-uninstall',
        outcome: 'success',
      }),
    ]);
  });

  it('keeps an entity file that points at another install', async () => {
    const file = join(dir, 'default-mcp-team-a.yaml');
    writeFileSync(file, entity('other-release'));
    const h = await createDay2Harness({ localCatalogDir: dir });
    const { error, outputs, log } = await h.run('uninstall', input);
    expect(error).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toBe(entity('other-release'));
    expect(outputs.entityFileRemoved).toBe(false);
    expect(log.join('\n')).toContain(
      'was not written for the install dev-cluster/mcp-team-a/mcp-team-a',
    );
  });

  it('never follows a hostile recorded entity ref out of the directory', async () => {
    const h = await createDay2Harness({
      localCatalogDir: dir,
      recorded: {
        found: true,
        owner: 'group:default/team-a',
        entityRef: 'component:%2e%2e/__proto__',
      },
    });
    const { error, outputs } = await h.run('uninstall', input);
    expect(error).toBeUndefined();
    expect(outputs.entityFileRemoved).toBe(false);
  });

  it('needs the release name repeated in confirm', async () => {
    const h = await createDay2Harness({ localCatalogDir: dir });
    const { error } = await h.run('uninstall', {
      ...input,
      confirm: 'mcp-team-b',
    });
    expect(error?.name).toBe('InputError');
    expect(error?.message).toContain('confirm must repeat the release name');
    expect(h.helmCalls).toEqual([]);
  });

  it("refuses another team's caller; the release and the file stay", async () => {
    const file = join(dir, 'default-mcp-team-a.yaml');
    writeFileSync(file, entity('mcp-team-a'));
    const h = await createDay2Harness({
      localCatalogDir: dir,
      ownershipRefs: ['group:default/team-b'],
    });
    const { error } = await h.run('uninstall', input);
    expect(error?.message).toContain(
      'you may uninstall only releases your teams own',
    );
    expect(h.writes()).toEqual([]);
    expect(existsSync(file)).toBe(true);
  });

  it('a dry run says what it would remove and removes nothing', async () => {
    const file = join(dir, 'default-mcp-team-a.yaml');
    writeFileSync(file, entity('mcp-team-a'));
    const h = await createDay2Harness({ localCatalogDir: dir });
    const { error, log } = await h.run('uninstall', input, { isDryRun: true });
    expect(error).toBeUndefined();
    expect(log.join('\n')).toContain(`remove ${file}`);
    expect(h.writes()).toEqual([]);
    expect(existsSync(file)).toBe(true);
  });
});
