import { LoggerService } from '@backstage/backend-plugin-api';
import type { V1Pod } from '@kubernetes/client-node';
import type { PodProxy } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { PodHealthCheck } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import {
  HealthRefresh,
  InstallRef,
  installKey,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import type { ClusterSnapshot } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { findInstallObjects, listInstalls } from '../status/findInstall';
import { SnapshotSource } from '../status/snapshotTypes';
import { bodyExcerpt } from './redact';
import { probeTargetOf } from './probeTarget';
import { podKeyOf, SharedHealthResults } from './sharedHealth';
import type { ProbeBudget } from './probeBudget';

/** The install's pods worth probing: running, with an IP, not being deleted. */
function probeJobs(
  snapshot: ClusterSnapshot,
  cluster: string,
  namespace: string,
  release: string,
): Job[] {
  return findInstallObjects(snapshot, namespace, release)
    .pods.filter(
      pod =>
        pod.status?.phase === 'Running' &&
        pod.status.podIP &&
        !pod.metadata?.deletionTimestamp &&
        probeTargetOf(pod) !== undefined,
    )
    .map(pod => ({ cluster, namespace, release, pod }));
}

export interface HealthProberOptions {
  source: SnapshotSource;
  proxy: PodProxy;
  logger: LoggerService;
  concurrency: number;
  timeoutMs: number;
  /** Bytes read from the pod's answer; the excerpt kept is shorter. */
  maxBodyBytes: number;
  excerptChars: number;
  /** A view re-probes an install whose answers are older than this (ms). Default 20 s. */
  freshnessMs?: number;
  /** Answers shared with the other backend replicas; absent = this replica only. */
  shared?: SharedHealthResults;
  /**
   * Most pods one sweep probes (absent: all). The API servers' cost of the sweep is this over
   * the sweep's period, however large the fleet; the stalest and the unhealthy go first.
   */
  sweepBudget?: number;
  /**
   * The rate views may probe at, shared by every replica (absent: unlimited). When views want
   * more, the neediest pods go first and the rest keep their older answers, which the card dates.
   */
  viewBudget?: ProbeBudget;
  now?: () => number;
}

/** A pod counts as viewed for this long after a view: longer than a card's poll (30 s). */
const VIEWED_WINDOW_MS = 60_000;

interface Job {
  cluster: string;
  namespace: string;
  release: string;
  pod: V1Pod;
}

/** Runs `work` over `items` with at most `limit` in flight; one slow item holds only its own slot. */
export async function runBounded<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from(
    { length: Math.max(1, Math.min(limit, items.length)) },
    async () => {
      while (next < items.length) {
        const item = items[next++];
        await work(item);
      }
    },
  );
  await Promise.all(lanes);
}

/**
 * Probes install pods' health endpoints through the API server's pod proxy and keeps the latest
 * answer per pod. Requests are made only by `runOnce` (the slow sweep over the fleet) and by
 * `ensureFresh` (a view of one install whose answers are older than the freshness), once per
 * install however many viewers, within the `viewBudget` every replica draws from; `get` reads
 * memory. With `shared`, answers go through the cache every replica reads, so one replica's
 * probe serves all.
 */
export class HealthProber {
  private readonly results = new Map<string, PodHealthCheck>();
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Pods viewed lately, with when (epoch ms): how many the view budget must keep fresh. */
  private readonly viewedAt = new Map<string, number>();
  private viewedPrunedAt = 0;
  private sharedFleetPull?: { at: number; running?: Promise<void> };
  private changes = 0;

  private constructor(private readonly options: HealthProberOptions) {}

  static create(options: HealthProberOptions): HealthProber {
    return new HealthProber(options);
  }

  private static key(cluster: string, pod: V1Pod): string {
    return podKeyOf(
      cluster,
      pod.metadata?.namespace ?? '',
      pod.metadata?.name ?? '',
      pod.metadata?.uid ?? '',
    );
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  get freshnessMs(): number {
    return this.options.freshnessMs ?? 20_000;
  }

  /** Grows whenever a kept answer changes, so the fleet snapshot knows when to rebuild. */
  get version(): number {
    return this.changes;
  }

  get(cluster: string, pod: V1Pod): PodHealthCheck | undefined {
    return this.results.get(HealthProber.key(cluster, pod));
  }

  /**
   * Makes the install's answers at most the view freshness old before a view reads them: from
   * this replica's memory, else from the shared cache, else by probing its pods (one round in
   * flight per install; concurrent viewers wait for it), within the view budget. Never throws:
   * a failed probe is an answer. Says how often views re-probe now, for the card.
   */
  async ensureFresh(ref: InstallRef): Promise<HealthRefresh> {
    const jobs = this.jobsOf(ref);
    this.noteViewed(jobs);
    const freshnessMs = this.viewFreshnessMs();
    const refresh: HealthRefresh = {
      everySeconds: Math.round(freshnessMs / 1000),
      limitedByBudget: freshnessMs > this.freshnessMs,
    };
    if (jobs.length === 0 || this.allFresh(jobs, freshnessMs)) return refresh;
    const flightKey = installKey(ref);
    let flight = this.inFlight.get(flightKey);
    if (!flight) {
      flight = this.refreshInstall(ref, jobs, freshnessMs).finally(() =>
        this.inFlight.delete(flightKey),
      );
      this.inFlight.set(flightKey, flight);
    }
    await flight;
    return refresh;
  }

  /**
   * The freshness views get: the configured one, or, when this replica's viewers look at more
   * pods than the view budget keeps that fresh, the period the budget can keep them all at, so
   * every open card's answers age alike instead of some cards winning every draw and others none.
   */
  private viewFreshnessMs(): number {
    const { viewBudget } = this.options;
    if (!viewBudget) return this.freshnessMs;
    return Math.max(
      this.freshnessMs,
      (this.viewedAt.size / viewBudget.perSecond) * 1000,
    );
  }

  /** Remembers which pods were viewed in the last `VIEWED_WINDOW_MS`. */
  private noteViewed(jobs: Job[]) {
    const now = this.now();
    for (const job of jobs) {
      this.viewedAt.set(HealthProber.key(job.cluster, job.pod), now);
    }
    if (now - this.viewedPrunedAt < 1_000) return;
    this.viewedPrunedAt = now;
    for (const [key, at] of this.viewedAt) {
      if (now - at > VIEWED_WINDOW_MS) this.viewedAt.delete(key);
    }
  }

  private async refreshInstall(
    ref: InstallRef,
    jobs: Job[],
    freshnessMs: number,
  ): Promise<void> {
    const { shared } = this.options;
    if (shared?.enabled) {
      this.adopt(await shared.readInstall(ref));
      if (this.allFresh(jobs, freshnessMs)) return;
    }
    const stale = this.byNeed(jobs.filter(j => !this.isFresh(j, freshnessMs)));
    const chosen = stale.slice(0, await this.viewProbesAllowed(stale));
    const answers = new Map<string, PodHealthCheck>();
    await runBounded(chosen, this.options.concurrency, async job => {
      const check = await this.probe(job);
      if (check) answers.set(HealthProber.key(job.cluster, job.pod), check);
    });
    this.adopt(answers);
    if (shared?.enabled && answers.size > 0) {
      const all = new Map<string, PodHealthCheck>();
      for (const job of jobs) {
        const key = HealthProber.key(job.cluster, job.pod);
        const check = this.results.get(key);
        if (check) all.set(key, check);
      }
      await shared.writeInstall(ref, all);
    }
  }

  /** How many of an install's stale pods a view may probe now: all, or what the budget grants. */
  private async viewProbesAllowed(stale: Job[]): Promise<number> {
    const { viewBudget } = this.options;
    if (!viewBudget || stale.length === 0) return stale.length;
    return viewBudget.take(stale.length);
  }

  /**
   * Brings in the answers another replica's sweep shared (at most once per `minIntervalMs`),
   * for the fleet page of a replica that did not run the sweep itself.
   */
  async pullShared(minIntervalMs = 5_000): Promise<void> {
    const { shared } = this.options;
    if (!shared?.enabled) return;
    const pull = this.sharedFleetPull;
    if (!pull?.running && pull && this.now() - pull.at < minIntervalMs) return;
    if (!pull?.running) {
      // One read in flight per replica; viewers arriving meanwhile wait for it.
      const running = shared
        .readFleet()
        .then(checks => this.adopt(checks, this.liveKeys()))
        .finally(() => {
          this.sharedFleetPull = { at: this.now() };
        });
      this.sharedFleetPull = { at: this.now(), running };
    }
    await this.sharedFleetPull?.running;
  }

  /**
   * One sweep round over running, IP-assigned install pods: all of them, or the `sweepBudget`
   * most in need (never probed, then unhealthy, then the oldest answer), so the fleet's load on
   * the API servers stays within the budget. Pods' Ready conditions (the kubelet's own probe of
   * the same path) keep the fleet's health current in between.
   */
  async runOnce(): Promise<{ probed: number; failed: number }> {
    const { source } = this.options;
    const jobs: Job[] = [];
    for (const cluster of source.clusterNames()) {
      const snapshot = source.snapshot(cluster);
      for (const { namespace, release } of listInstalls(snapshot)) {
        jobs.push(...probeJobs(snapshot, cluster, namespace, release));
      }
    }
    const live = new Set(jobs.map(j => HealthProber.key(j.cluster, j.pod)));
    const chosen = this.mostInNeed(jobs);
    let failed = 0;
    await runBounded(chosen, this.options.concurrency, async job => {
      const check = await this.probe(job);
      if (check && !check.ok) failed += 1;
      if (check) this.keep(HealthProber.key(job.cluster, job.pod), check);
    });
    // Forget pods that are gone so memory follows the fleet.
    for (const key of this.results.keys()) {
      if (!live.has(key)) {
        this.results.delete(key);
        this.changes += 1;
      }
    }
    await this.share(jobs);
    return { probed: chosen.length, failed };
  }

  /** The jobs a budgeted sweep probes: the `sweepBudget` neediest. */
  private mostInNeed(jobs: Job[]): Job[] {
    const budget = this.options.sweepBudget;
    if (budget === undefined || jobs.length <= budget) return jobs;
    return this.byNeed(jobs).slice(0, Math.max(0, budget));
  }

  /** Never answered first, then unhealthy (not Ready, or the last answer not OK), then oldest. */
  private byNeed(jobs: Job[]): Job[] {
    const rank = (job: Job): [number, number] => {
      const check = this.results.get(HealthProber.key(job.cluster, job.pod));
      if (!check) return [0, 0];
      const ready = job.pod.status?.conditions?.some(
        c => c.type === 'Ready' && c.status === 'True',
      );
      return [check.ok && ready ? 2 : 1, Date.parse(check.checkedAt)];
    };
    return jobs
      .map(job => ({ job, rank: rank(job) }))
      .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1])
      .map(({ job }) => job);
  }

  /**
   * Hands the sweep's answers to the other replicas: one document for their fleet pages, and
   * per install, so a view on any replica finds them without probing again.
   */
  private async share(jobs: Job[]): Promise<void> {
    const { shared } = this.options;
    if (!shared?.enabled) return;
    await shared.writeFleet(this.results);
    const byInstall = new Map<
      string,
      { ref: InstallRef; checks: Map<string, PodHealthCheck> }
    >();
    for (const job of jobs) {
      const key = HealthProber.key(job.cluster, job.pod);
      const check = this.results.get(key);
      if (!check) continue;
      const ref = {
        cluster: job.cluster,
        namespace: job.namespace,
        release: job.release,
      };
      const entry = byInstall.get(installKey(ref)) ?? {
        ref,
        checks: new Map(),
      };
      entry.checks.set(key, check);
      byInstall.set(installKey(ref), entry);
    }
    await runBounded([...byInstall.values()], this.options.concurrency, e =>
      shared.writeInstall(e.ref, e.checks),
    );
  }

  private jobsOf(ref: InstallRef): Job[] {
    const snapshot = this.options.source.snapshot(ref.cluster);
    return probeJobs(snapshot, ref.cluster, ref.namespace, ref.release);
  }

  private liveKeys(): Set<string> {
    const keys = new Set<string>();
    const { source } = this.options;
    for (const cluster of source.clusterNames()) {
      for (const pod of source.snapshot(cluster).pods) {
        keys.add(HealthProber.key(cluster, pod));
      }
    }
    return keys;
  }

  private isFresh(job: Job, freshnessMs: number): boolean {
    const check = this.results.get(HealthProber.key(job.cluster, job.pod));
    return (
      check !== undefined &&
      this.now() - Date.parse(check.checkedAt) < freshnessMs
    );
  }

  private allFresh(jobs: Job[], freshnessMs: number): boolean {
    return jobs.every(job => this.isFresh(job, freshnessMs));
  }

  /** Keeps the newer of ours and theirs, for the pods in `only` when given. */
  private adopt(checks: Map<string, PodHealthCheck>, only?: Set<string>) {
    for (const [key, check] of checks) {
      if (only && !only.has(key)) continue;
      const mine = this.results.get(key);
      if (!mine || Date.parse(mine.checkedAt) < Date.parse(check.checkedAt)) {
        this.keep(key, check);
      }
    }
  }

  private keep(key: string, check: PodHealthCheck) {
    this.results.set(key, check);
    this.changes += 1;
  }

  private async probe(job: Job): Promise<PodHealthCheck | undefined> {
    const target = probeTargetOf(job.pod);
    if (!target) {
      return undefined;
    }
    const { proxy, timeoutMs, maxBodyBytes, excerptChars } = this.options;
    const now = this.options.now ?? Date.now;
    const started = now();
    const base = { path: target.path, port: target.port };
    try {
      // The proxy enforces the timeout; the race is a backstop so a stuck call cannot hold a lane.
      const response = await withTimeout(
        proxy.get({
          cluster: job.cluster,
          namespace: job.namespace,
          pod: job.pod.metadata?.name ?? '',
          port: target.port,
          path: target.path,
          timeoutMs,
          maxBytes: maxBodyBytes,
        }),
        timeoutMs + 500,
      );
      const check: PodHealthCheck = {
        ...base,
        httpStatus: response.status,
        latencyMs: Math.round(response.latencyMs),
        checkedAt: new Date(now()).toISOString(),
        ok: response.status >= 200 && response.status < 300,
      };
      const excerpt = bodyExcerpt(response.body, excerptChars);
      if (excerpt) check.bodyExcerpt = excerpt;
      return check;
    } catch (error) {
      const message = bodyExcerpt(
        error instanceof Error ? error.message : String(error),
        300,
      );
      this.options.logger.debug(
        `Health probe of pod ${job.namespace}/${job.pod.metadata?.name} in ${job.cluster} failed: ${message}`,
      );
      return {
        ...base,
        latencyMs: Math.round(now() - started),
        checkedAt: new Date(now()).toISOString(),
        error: message,
        ok: false,
      };
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
