import type { GuardSet } from '../load/guards.js';
import { DEFAULT_MIN_SAMPLES } from '../load/guards.js';
import type { GroupTotals } from './aggregate.js';
import { checkGuard, compareGuard, type GuardCheck } from './guard-check.js';
import { previousProduction, rolledBackFrom, type AliasState, type PromptTags, type TagEntry } from './tags.js';

/*
 * What monitor does about one prompt, decided from the figures and the tags as read, before
 * anything is written. Pure: the same window and tags give the same plan. Only the versions the
 * aliases point at can be acted on: a version production left (rolled back, or released past)
 * is shown, never acted on again, which is why a second run after a rollback does nothing.
 */

export interface VersionVerdict {
  alias: AliasState;
  guards: GuardSet | undefined;
  /** Executions of the version in the window (both variants). */
  executions: number;
  checks: GuardCheck[];
  breached: GuardCheck[];
  /** A canary: guards on which it is worse than production. */
  worse: GuardCheck[];
  /** Why the guards could not be read (the folder did not load at its tag), when they could not. */
  problem?: string;
}

export type Action =
  | { kind: 'rollback'; from: AliasState; to: { version: string; entry: TagEntry; how: string }; evidence: GuardCheck[] }
  | { kind: 'drop-canary'; canary: AliasState; evidence: GuardCheck[] }
  | { kind: 'promote'; canary: AliasState; production: AliasState | undefined }
  /** A breach monitor will not act on, and why (no older version; production is already a rollback). */
  | { kind: 'hold'; version: AliasState; evidence: GuardCheck[]; why: string };

export interface PromptPlan {
  id: string;
  production?: VersionVerdict;
  canary?: VersionVerdict;
  /** The canary has min_samples and is within every guard and not worse than production on any. */
  ready: boolean;
  /** Why it is not ready (a canary only). */
  notReady?: string;
  actions: Action[];
}

export interface PromptInputs {
  id: string;
  tags: PromptTags;
  /** Each version's executions in the window, both variants together. */
  totalsOf(version: string): GroupTotals | undefined;
  /** The guards of a version, from its prompt.yaml at its tag; a string when they could not be read. */
  guardsOf(version: string): GuardSet | undefined | string;
  /** `--promote`: promote a ready canary. */
  promote: boolean;
}

export function planPrompt(input: PromptInputs): PromptPlan {
  const { tags } = input;
  const plan: PromptPlan = { id: input.id, ready: false, actions: [] };
  const production = tags.production ? verdictOf(input, tags.production) : undefined;
  if (production) plan.production = production;
  if (production && production.breached.length > 0) {
    const from = rolledBackFrom(production.alias);
    const target = previousProduction(tags);
    if (from) {
      plan.actions.push({
        kind: 'hold',
        version: production.alias,
        evidence: production.breached,
        why: `${production.alias.version} is itself a rollback from ${from}: monitor does not move production twice; look for a cause outside the prompt (the provider, the traffic)`,
      });
    } else if (!target) {
      plan.actions.push({
        kind: 'hold',
        version: production.alias,
        evidence: production.breached,
        why: `there is no tagged version older than ${production.alias.version} to roll back to`,
      });
    } else {
      plan.actions.push({ kind: 'rollback', from: production.alias, to: target, evidence: production.breached });
    }
  }
  if (!tags.canary || tags.canary.version === tags.production?.version) return plan;
  const canary = verdictOf(input, tags.canary, tags.production ? input.totalsOf(tags.production.version) : undefined);
  plan.canary = canary;
  if (canary.breached.length > 0 || canary.worse.length > 0) {
    plan.actions.push({ kind: 'drop-canary', canary: canary.alias, evidence: [...canary.breached, ...canary.worse] });
    plan.notReady = 'it breached a guard';
    return plan;
  }
  const notReady = whyNotReady(canary, production);
  if (notReady) plan.notReady = notReady;
  else plan.ready = true;
  if (plan.ready && input.promote) plan.actions.push({ kind: 'promote', canary: canary.alias, production: tags.production });
  return plan;
}

function verdictOf(input: PromptInputs, alias: AliasState, productionTotals?: GroupTotals): VersionVerdict {
  const totals = input.totalsOf(alias.version);
  const read = input.guardsOf(alias.version);
  const guards = typeof read === 'string' ? undefined : read;
  const minSamples = guards?.minSamples ?? DEFAULT_MIN_SAMPLES;
  const isCanary = alias.alias === 'canary';
  const checks = (guards?.guards ?? []).map((guard) => {
    const check = checkGuard(guard, totals, minSamples);
    return isCanary && alias.version !== input.tags.production?.version ? compareGuard(check, totals, productionTotals, minSamples) : check;
  });
  return {
    alias,
    guards,
    executions: totals?.executions ?? 0,
    checks,
    breached: checks.filter((check) => check.state === 'breached'),
    worse: checks.filter((check) => check.versus?.state === 'worse'),
    ...(typeof read === 'string' ? { problem: read } : {}),
  };
}

/** Ready means enough data and nothing against it: every guard measured, within, and compared. */
function whyNotReady(canary: VersionVerdict, production: VersionVerdict | undefined): string | undefined {
  if (canary.problem) return `its guards could not be read: ${canary.problem}`;
  const minSamples = canary.guards?.minSamples ?? DEFAULT_MIN_SAMPLES;
  if (canary.executions < minSamples) return `${canary.executions} of the ${minSamples} executions it needs (min_samples)`;
  const unmeasured = canary.checks.filter((check) => check.state === 'no-data').map((check) => check.guard.name);
  if (unmeasured.length > 0) return `no data for ${unmeasured.join(', ')}`;
  if (production) {
    const uncompared = canary.checks.find((check) => check.versus?.state === 'not-compared');
    if (uncompared) return `not compared with production on ${uncompared.guard.name}: ${uncompared.versus!.why}`;
  }
  return undefined;
}
