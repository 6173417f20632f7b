import { readFile } from 'node:fs/promises';
import type { Json } from '../json/json.js';
import { parseOutputJson } from '../json/output-json.js';
import { InputError } from '../lib/diagnostics.js';
import { secretsIn } from '../lib/secrets.js';
import { describeOutputErrors } from '../load/files/schemas.js';
import { buildModelRequest } from '../load/request.js';
import { API_KEY_VARIABLES, type Providers } from '../providers/answer-source.js';
import { createProvidersFromEnv } from '../providers/from-env.js';
import { fromRecorded } from '../providers/recordings.js';
import { requestKey } from '../providers/request-key.js';
import { withRetries } from '../providers/retry.js';
import { ProviderError, type ModelRequest, type ModelResponse } from '../providers/types.js';
import type { ExecuteInput, ExecuteResult, PromptEngine, PromptEngineOptions, PromptId, PromptOutput } from './api-types.js';
import { PromptInputError, PromptNotFoundError, PromptOutputError, type OutputProblem } from './errors.js';
import { readLockfile } from './lockfile.js';
import { chooseVersion, prepareLockfile, type PreparedPrompt, type PreparedVersion } from './prepared.js';
import { Telemetry, type CallSpan } from './telemetry.js';

/**
 * `createPromptEngine`: the app's side of promptgate. It serves the versions a lockfile holds
 * (and, with `refresh`, the versions the alias tags move to) with the pieces the tests used:
 * the template engine, the request builder, the provider layer with its retries and error
 * kinds, JSON-after-reasoning extraction and the schema check.
 */
export async function createPromptEngine(options: PromptEngineOptions): Promise<PromptEngine> {
  const env = options.env ?? process.env;
  const warn = options.onWarning ?? (() => undefined);
  const lockfile =
    typeof options.bundle === 'string'
      ? readLockfile(await readFile(options.bundle, 'utf8'), options.bundle)
      : readLockfile(options.bundle, 'the bundle');
  const state = { prompts: prepareLockfile(lockfile, 'bundle') };
  const secrets = secretsIn(env);
  const telemetry = new Telemetry(options.telemetry ?? {}, env, secrets, (error) =>
    warn(`promptgate telemetry: could not write ${options.telemetry?.file}: ${error instanceof Error ? error.message : String(error)}`),
  );
  const replay = options.responses === 'replay';
  const providers: Providers = replay
    ? {}
    : createProvidersFromEnv(env, { ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), onWarning: warn });
  const retry = options.retry ?? {};

  const refresher = options.refresh
    ? await (
        await import('./refresh.js')
      ).startRefresh(options.refresh, lockfile, {
        swap: (id, prompt) => {
          // One assignment: a call in flight keeps the version it started with.
          const next = new Map(state.prompts);
          next.set(id, prompt);
          state.prompts = next;
        },
        warn,
      })
    : undefined;

  async function answer(request: ModelRequest, version: PreparedVersion, signal: AbortSignal | undefined): Promise<ModelResponse> {
    if (replay) {
      const recorded = version.recordings?.[requestKey(request)]?.responses[0];
      if (recorded) return fromRecorded(recorded);
      const { id, version: name } = version.locked;
      throw new ProviderError(
        'missing-recording',
        version.recordings
          ? `${id} ${name}: no recorded answer for this request in the bundle (replay answers only what the tests recorded: the same input, vars and messages)`
          : `${id} ${name}: the bundle holds no recordings; build it with promptgate bundle --with-recordings to replay`,
      );
    }
    const provider = providers[request.provider];
    if (!provider) {
      const variable = API_KEY_VARIABLES[request.provider];
      // promptgate.yaml's named endpoints are the test run's: the runtime calls the built-in providers only.
      throw new ProviderError(
        'no-credentials',
        variable
          ? `${variable} is not set, so ${request.provider} cannot be called`
          : `${request.provider} is a promptgate.yaml endpoint, which the runtime does not call; ` +
              'point OPENAI_BASE_URL at that server and use provider: openai',
      );
    }
    return withRetries(() => provider.complete(request, signal ? { signal } : undefined), retry);
  }

  async function execute(id: string, input: ExecuteInput): Promise<ExecuteResult> {
    const prompt: PreparedPrompt | undefined = state.prompts.get(id);
    if (!prompt) throw new PromptNotFoundError(id, [...state.prompts.keys()]);
    const version = chooseVersion(prompt, input.key);
    const { locked } = version;
    const vars = input.vars ? textValues(input.vars) : {};
    let request: ModelRequest;
    try {
      request = buildModelRequest(version.folder, { input: input.input, vars, ...(input.messages ? { messages: input.messages } : {}) });
    } catch (error) {
      if (error instanceof InputError) throw new PromptInputError(id, locked.version, error.message);
      throw error;
    }
    const span = telemetry.start(version, request, input.vars ? vars : undefined);
    let response: ModelResponse;
    try {
      response = await answer(request, version, input.signal);
    } catch (error) {
      span.end({ error: { type: error instanceof ProviderError ? error.kind : errorName(error), message: messageOf(error) } });
      throw error;
    }
    const priced = version.price({
      provider: request.provider,
      requestedModel: request.model,
      servedModel: response.model,
      usage: response.usage,
    });
    const result: ExecuteResult = {
      output: response.text,
      text: response.text,
      id,
      version: locked.version,
      variant: version.variant,
      commit: locked.commit,
      provider: request.provider,
      model: request.model,
      servedModel: response.model,
      usage: {
        inputTokens: response.usage.inputTokens,
        outputTokens: response.usage.outputTokens,
        cachedInputTokens: response.usage.cachedInputTokens,
        cacheWriteTokens: response.usage.cacheWriteTokens,
      },
      costUsd: priced.costUsd,
      latencyMs: response.latencyMs,
      finishReason: response.finishReason,
      ...(response.toolCalls?.length ? { toolCalls: response.toolCalls } : {}),
      source: version.servedFrom,
      replayed: replay,
    };
    checkOutput(result, version, span);
    return result;
  }

  return {
    execute: execute as unknown as <Id extends PromptId>(id: Id, input: ExecuteInput<Id>) => Promise<ExecuteResult<PromptOutput<Id>>>,
    prompts: () =>
      [...state.prompts.values()].map((prompt) => ({
        id: prompt.id,
        ...(prompt.production ? { production: prompt.production.locked.version } : {}),
        ...(prompt.canary ? { canary: prompt.canary.locked.version } : {}),
        canaryWeight: prompt.canaryWeight,
        source: (prompt.production ?? prompt.canary)!.servedFrom,
      })),
    refresh: () => refresher?.poll() ?? Promise.resolve(),
    flush: () => telemetry.flush(),
    async close() {
      refresher?.stop();
      await telemetry.close();
    },
  };
}

/**
 * Sets `output`, or throws PromptOutputError: an answer cut off, refused or filtered is never an
 * output (as it is never a pass in the tests); with a schema the output is the JSON found in
 * the answer (after any reasoning), and it must match.
 */
function checkOutput(result: ExecuteResult, version: PreparedVersion, span: CallSpan): void {
  const usage = {
    servedModel: result.servedModel,
    finishReason: result.finishReason,
    inputTokens: result.usage.inputTokens,
    outputTokens: result.usage.outputTokens,
    costUsd: result.costUsd,
    text: result.text,
  };
  const validate = version.validator();
  const fail = (problem: OutputProblem, errors: string[]): never => {
    const error = new PromptOutputError({
      promptId: result.id,
      version: result.version,
      variant: result.variant,
      problem,
      text: result.text,
      errors,
      model: result.model,
      servedModel: result.servedModel,
      usage: { ...result.usage },
      costUsd: result.costUsd,
      latencyMs: result.latencyMs,
      finishReason: result.finishReason,
    });
    span.end({ ...usage, ...(validate ? { schemaValid: false } : {}), error: { type: `output.${problem}`, message: error.message } });
    throw error;
  };
  const stopped = result.finishReason;
  if (stopped === 'length' || stopped === 'refusal' || stopped === 'content_filter') fail(stopped, []);
  if (validate && !(result.toolCalls && result.text.trim() === '')) {
    const parsed = parseOutputJson(result.text);
    if (!parsed.ok) fail('not-json', [parsed.reason]);
    const value = (parsed as { value: Json }).value;
    if (!validate(value)) fail('schema', describeOutputErrors(validate.errors ?? []));
    result.output = value;
  }
  span.end({ ...usage, ...(validate ? { schemaValid: true } : {}), output: result.output });
}

function textValues(vars: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(vars)) {
    const value = vars[key];
    if (value !== undefined && value !== null) out[key] = typeof value === 'string' ? value : String(value);
  }
  return out;
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : 'Error');
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
