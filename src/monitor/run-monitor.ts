import { formatAliasMessage } from '../git/prompt-tags.js';
import { Aggregator, mergeTotals, type GroupTotals } from './aggregate.js';
import { planPrompt, type Action, type PromptPlan } from './decide.js';
import { EXECUTION_ATTRIBUTES, executionOf } from './execution.js';
import { figuresOf, type Figure } from './figures.js';
import { readSpans } from './otlp-read.js';
import { indexTags, type MonitorTagStore, type PromptTags } from './tags.js';
import { VersionLoader } from './versions.js';
import type { Window } from './window.js';
import { describeEvidence } from './evidence.js';

/*
 * `promptgate monitor`: read the window's spans, compute every version's figures, check the
 * guards of the versions the aliases point at, and act: roll production back, drop a canary,
 * promote a ready canary (only when asked). The CLI writes local tags; the action writes
 * through the GitHub API and keeps the sticky issue (src/action/monitor.ts).
 */

export interface MonitorOptions {
  repoDir: string;
  logs: readonly string[];
  window: Window;
  store: MonitorTagStore;
  /** Only these prompts (ids); all when empty. */
  prompts?: readonly string[];
  /** Promote a canary that is ready. */
  promote: boolean;
  /** Decide and report, write no tag. */
  dryRun?: boolean;
  warn(message: string): void;
}

/** One prompt × version × variant of the window, as the table shows it. */
export interface GroupReport {
  prompt: string;
  version: string;
  variant: string;
  commits: string[];
  executions: number;
  failures: number;
  failureTypes: Array<[string, number]>;
  figures: Figure[];
  /** The alias that points at this version now, if any. */
  serving?: 'production' | 'canary';
}

export interface ActionResult {
  action: Action;
  /** done: written; raced: the alias moved since it was read; failed: the write failed; skipped: a dry run. */
  outcome: 'done' | 'raced' | 'failed' | 'skipped' | 'held';
  message: string;
  /** The CLI's push command for what it wrote locally. */
  push?: string;
}

export interface MonitorOutcome {
  window: Window;
  files: readonly string[];
  /** promptgate spans in the window, and outside it. */
  executions: number;
  outside: number;
  groups: GroupReport[];
  plans: PromptPlan[];
  results: ActionResult[];
}

export async function runMonitor(options: MonitorOptions): Promise<MonitorOutcome> {
  const aggregator = new Aggregator(options.window);
  const wanted = options.prompts && options.prompts.length > 0 ? new Set(options.prompts) : undefined;
  await readSpans(
    options.logs,
    (span) => {
      const execution = executionOf(span);
      if (execution && (!wanted || wanted.has(execution.prompt))) aggregator.add(execution);
    },
    options.warn,
    EXECUTION_ATTRIBUTES,
  );
  const tags = indexTags(await options.store.list());
  const loader = new VersionLoader(options.repoDir);
  const byVersion = new Map<string, GroupTotals[]>();
  for (const group of aggregator.groups.values()) {
    const key = `${group.prompt}\u0000${group.version}`;
    byVersion.set(key, [...(byVersion.get(key) ?? []), group]);
  }
  const totalsOf = (id: string, version: string) => mergeTotals(byVersion.get(`${id}\u0000${version}`) ?? []);

  const groups: GroupReport[] = [];
  for (const group of [...aggregator.groups.values()].sort(compareGroups)) {
    const definitions = await loader.definitions(group.prompt, group.version, tags.get(group.prompt));
    const prompt = tags.get(group.prompt);
    const serving =
      prompt?.production?.version === group.version ? 'production' : prompt?.canary?.version === group.version ? 'canary' : undefined;
    groups.push({
      prompt: group.prompt,
      version: group.version,
      variant: group.variant,
      commits: [...group.commits],
      executions: group.executions,
      failures: group.failures,
      failureTypes: [...group.failureTypes].sort((a, b) => b[1] - a[1]),
      figures: figuresOf(group, definitions.metrics),
      ...(serving ? { serving } : {}),
    });
  }

  // Every prompt with an alias is judged, with data or without (no data never acts).
  const ids = [...new Set([...tags.keys(), ...[...aggregator.groups.values()].map((group) => group.prompt)])]
    .filter((id) => (!wanted || wanted.has(id)) && (tags.get(id)?.production || tags.get(id)?.canary))
    .sort();
  const plans: PromptPlan[] = [];
  for (const id of ids) {
    const prompt = tags.get(id)!;
    const guards = new Map<string, Awaited<ReturnType<VersionLoader['definitions']>>>();
    for (const alias of [prompt.production, prompt.canary]) {
      if (alias) guards.set(alias.version, await loader.definitions(id, alias.version, prompt));
    }
    plans.push(
      planPrompt({
        id,
        tags: prompt,
        totalsOf: (version) => totalsOf(id, version),
        guardsOf: (version) => {
          const definitions = guards.get(version);
          return definitions?.problem ?? definitions?.guards;
        },
        promote: options.promote,
      }),
    );
  }

  const results: ActionResult[] = [];
  for (const plan of plans) {
    for (const action of plan.actions) results.push(await carryOut(action, tags.get(plan.id)!, options));
  }
  return {
    window: options.window,
    files: options.logs,
    executions: aggregator.counted,
    outside: aggregator.outside,
    groups,
    plans,
    results,
  };
}

function compareGroups(a: GroupTotals, b: GroupTotals): number {
  return a.prompt.localeCompare(b.prompt) || a.version.localeCompare(b.version) || a.variant.localeCompare(b.variant);
}

/** Writes one action, as a compare-and-swap on the alias as it was read. */
async function carryOut(action: Action, prompt: PromptTags, options: MonitorOptions): Promise<ActionResult> {
  const { store } = options;
  // `what` is said twice: as a plan (`move … to v1.0`) and, once written, as a fact (`moved …`).
  const write = async (what: string, done: string, push: string, run: () => Promise<'done' | 'raced'>): Promise<ActionResult> => {
    if (options.dryRun) return { action, outcome: 'skipped', message: `would ${what} (dry run: nothing written)` };
    try {
      const outcome = await run();
      if (outcome === 'raced') {
        return {
          action,
          outcome: 'raced',
          message: `did not ${what}: the alias moved since monitor read it (a release meanwhile?); the next run judges what it points at now`,
        };
      }
      return { action, outcome: 'done', message: `${done} (${store.where})`, ...(store.local ? { push } : {}) };
    } catch (error) {
      return { action, outcome: 'failed', message: `could not ${what}: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
  switch (action.kind) {
    case 'rollback': {
      const { from, to } = action;
      const why = describeEvidence(action.evidence[0]!);
      const message = formatAliasMessage(from.id, to.version, to.entry.commit, 'production', { rolledBackFrom: from.version, why });
      const move = `${from.tag} back from ${from.version} to ${to.version}`;
      return write(`move ${move}`, `Moved ${move}`, `git push --force origin refs/tags/${from.tag}`, () =>
        store.moveAlias(from.tag, from.object, to.entry.commit, message),
      );
    }
    case 'drop-canary': {
      const drop = `${action.canary.tag} (${action.canary.version})`;
      return write(`drop ${drop}`, `Dropped ${drop}`, `git push origin :refs/tags/${action.canary.tag}`, () =>
        store.dropAlias(action.canary.tag, action.canary.object),
      );
    }
    case 'promote': {
      const { canary, production } = action;
      const target = prompt.versions.get(canary.version);
      if (!target)
        return {
          action,
          outcome: 'failed',
          message: `cannot promote ${canary.version}: there is no tag prompts/${canary.id}@${canary.version}`,
        };
      const tag = `prompts/${canary.id}@production`;
      const message = formatAliasMessage(
        canary.id,
        canary.version,
        target.commit,
        'production',
        production ? { previous: production.version } : {},
      );
      const point = `${tag} at ${canary.version}`;
      const promoted = await write(`point ${point}`, `Pointed ${point}`, `git push --force origin refs/tags/${tag}`, () =>
        production ? store.moveAlias(tag, production.object, target.commit, message) : store.moveAlias(tag, '', target.commit, message),
      );
      if (promoted.outcome !== 'done') return promoted;
      // The canary is production now: its canary tag would name the production version.
      const dropped = await store.dropAlias(canary.tag, canary.object).catch(() => 'raced' as const);
      return {
        ...promoted,
        message: `${promoted.message}${dropped === 'done' ? `, and dropped ${canary.tag}` : ''}`,
        ...(store.local
          ? { push: `git push --force origin refs/tags/${tag}${dropped === 'done' ? ` :refs/tags/${canary.tag}` : ''}` }
          : {}),
      };
    }
    case 'hold':
      return { action, outcome: 'held', message: `${action.version.tag} stays at ${action.version.version}: ${action.why}` };
  }
}

/** A serving version breached a guard (acted on or not), or a write failed: the run's status says so. */
export function breachedOrFailed(outcome: MonitorOutcome): boolean {
  return (
    outcome.plans.some((plan) => plan.actions.some((action) => action.kind !== 'promote')) ||
    outcome.results.some((result) => result.outcome === 'failed')
  );
}
