const { mkdir, appendFile, readFile } = globalThis.process.getBuiltinModule("node:fs/promises");
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
const { receiveMessageOnPort, MessageChannel, Worker } = globalThis.process.getBuiltinModule("node:worker_threads");
const { hash, randomFillSync } = globalThis.process.getBuiltinModule("node:crypto");
const { dirname } = globalThis.process.getBuiltinModule("node:path");
import { trace, SpanKind, context, isSpanContextValid, SpanStatusCode } from '@opentelemetry/api';

/** Candidate openings tried, from the last: enough for any real answer, bounded for a huge one. */
const MAX_CANDIDATES = 500;
/**
 * The JSON answer in a model's output, for checks that expect JSON (a schema, a field). Models
 * often say something first: reasoning text, `<think>\u2026</think>` blocks (reasoning models, and
 * Anthropic thinking blocks, which the adapter renders the same way), or a ```json fence. The
 * answer is the whole output when it is JSON; otherwise the last fenced block that is JSON;
 * otherwise the last JSON object or array that runs to the end of the output, after the
 * reasoning. The output itself is never changed: a reviewer still sees the reasoning.
 */
function parseOutputJson(text) {
    const trimmed = text.trim();
    if (trimmed === '')
        return { ok: false, reason: 'the output is empty' };
    const whole = tryParse(trimmed);
    if (whole.ok)
        return whole;
    const answer = withoutThinking(trimmed);
    if (answer === '')
        return { ok: false, reason: 'the output holds only reasoning (<think>\u2026</think>), no answer' };
    if (answer !== trimmed) {
        const afterThinking = tryParse(answer);
        if (afterThinking.ok)
            return afterThinking;
    }
    const fences = [...answer.matchAll(/```[A-Za-z]*[ \t]*\r?\n([\s\S]*?)\r?\n?[ \t]*```/g)];
    for (const fence of fences.reverse()) {
        const fenced = tryParse(fence[1].trim());
        if (fenced.ok)
            return fenced;
    }
    const trailing = trailingJson(answer);
    if (trailing)
        return trailing;
    // Nothing found: the reason is the plain parser's, which says where the text stops being JSON.
    return answer === trimmed && fences.length === 0
        ? whole
        : { ok: false, reason: `no JSON object found after the reasoning (${whole.reason})` };
}
function tryParse(text) {
    try {
        return { ok: true, value: JSON.parse(text) };
    }
    catch (error) {
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
}
/** Drops <think>\u2026</think> blocks; an unclosed one swallows the rest (the answer never came). */
function withoutThinking(text) {
    return text.replace(/<think(?:ing)?>[\s\S]*?(?:<\/think(?:ing)?>|$)/gi, '').trim();
}
/** The last `{\u2026}` or `[\u2026]` that parses and ends where the output ends. */
function trailingJson(text) {
    const closing = text[text.length - 1];
    if (closing !== '}' && closing !== ']')
        return undefined;
    const opening = closing === '}' ? '{' : '[';
    let tried = 0;
    // From the left: the first opening that parses to the end is the outermost value.
    for (let index = text.indexOf(opening); index >= 0 && tried < MAX_CANDIDATES; index = text.indexOf(opening, index + 1)) {
        tried += 1;
        const parsed = tryParse(text.slice(index));
        if (parsed.ok)
            return parsed;
    }
    return undefined;
}

/** Thrown for bad input; callers catch it and report the diagnostic, never the stack. */
class InputError extends Error {
    diagnostic;
    constructor(diagnostic) {
        super(formatDiagnostic(diagnostic));
        this.name = 'InputError';
        this.diagnostic = diagnostic;
    }
}
/** `file:line[:column]: field: message` \u2014 the shape editors and GitHub annotations understand. */
function formatDiagnostic(d) {
    const where = d.line ? `${d.file}:${d.line}${d.column ? `:${d.column}` : ''}` : d.file;
    return d.field ? `${where}: ${d.field}: ${d.message}` : `${where}: ${d.message}`;
}

/**
 * Secrets must never reach a log line, a comment, a summary or a recording. Every output path
 * redacts the values it knows, on top of GitHub's own masking. secretsIn() is the one home for
 * which values those are: the action masks exactly this list, and every sink redacts it.
 */
/** Provider keys, as the SDKs read them (Bedrock: its API key, and the AWS secret key and session token). */
const API_KEY_VARIABLES$1 = [
    'OPENAI_API_KEY',
    'ANTHROPIC_API_KEY',
    'AZURE_OPENAI_API_KEY',
    'AWS_BEARER_TOKEN_BEDROCK',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
];
/** Endpoints that may carry a password (`https://user:pass@host`). */
const URL_VARIABLES = [
    'OPENAI_BASE_URL',
    'ANTHROPIC_BASE_URL',
    'AZURE_OPENAI_ENDPOINT',
    'ANTHROPIC_BEDROCK_BASE_URL',
    'ANTHROPIC_VERTEX_BASE_URL',
];
/**
 * Tokens the runner holds. The `github-token` input reaches the action as `INPUT_GITHUB-TOKEN`
 * (the runner upper-cases the input name and keeps its dash); the ACTIONS_* tokens let any
 * step talk to the runner's services and mint OIDC tokens.
 */
const RUNNER_TOKEN_VARIABLES = [
    'INPUT_GITHUB-TOKEN',
    'INPUT_GITHUB_TOKEN',
    'GITHUB_TOKEN',
    'GH_TOKEN',
    'ACTIONS_RUNTIME_TOKEN',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
];
/**
 * Any other variable named like a credential (`NPM_TOKEN`, `DB_PASSWORD`, `INPUT_API-KEY`): a
 * workflow may hand promptgate's step more than it needs. Such values must look like a secret
 * (8+ characters, not a flag) so that `USE_TOKEN=true` does not blank every "true".
 */
const CREDENTIAL_NAME = /(?:^|[_-])(?:TOKEN|SECRET|PASSWORD|PASSWD|API[_-]?KEY|ACCESS[_-]?KEY|PRIVATE[_-]?KEY)$/i;
const NOT_A_SECRET = /^(?:true|false|yes|no|on|off|null|undefined|\d+)$/i;
/** Shorter values are not keys, and redacting them would blank ordinary words. */
const MIN_SECRET_LENGTH = 4;
const MIN_GUESSED_SECRET_LENGTH = 8;
/**
 * Every secret value in the environment: the API keys as the providers use them (trimmed: a
 * pasted secret often ends in a newline) and the keys of promptgate.yaml's endpoints, any
 * password in an endpoint URL (the SDKs' variables, and the endpoints' base_url), the runner's tokens
 * (and the base64 `x-access-token:<token>` form actions/checkout writes into .git/config), and
 * any variable named like a credential.
 */
function secretsIn(env, endpoints = { keyVariables: [], urls: [] }) {
    const secrets = [];
    const add = (value, minLength = MIN_SECRET_LENGTH) => {
        const trimmed = value?.trim();
        if (trimmed && trimmed.length >= minLength)
            secrets.push(trimmed);
    };
    for (const name of [...API_KEY_VARIABLES$1, ...endpoints.keyVariables])
        add(env[name]);
    for (const url of [...URL_VARIABLES.map((name) => env[name]), ...endpoints.urls]) {
        try {
            for (const secret of urlSecrets(url))
                add(secret);
        }
        catch {
            // Not a URL: the SDK will say so; there is no password to hide.
        }
    }
    for (const name of RUNNER_TOKEN_VARIABLES) {
        const token = env[name]?.trim();
        add(token);
        if (token && token.length >= MIN_SECRET_LENGTH)
            add(Buffer.from(`x-access-token:${token}`).toString('base64'));
    }
    for (const [name, value] of Object.entries(env)) {
        if (CREDENTIAL_NAME.test(name) && value && !NOT_A_SECRET.test(value.trim()))
            add(value, MIN_GUESSED_SECRET_LENGTH);
    }
    return [...new Set(secrets)];
}
/**
 * Query parameters that carry a credential in an endpoint URL: `?api-key=` (some gateways),
 * an Azure SAS `?sig=`, `?token=`, `?access_token=`, `?code=` (Azure Functions keys)\u2026
 */
const CREDENTIAL_PARAMETER = /^(?:api[-_]?key|key|sig|signature|token|access[-_]?token|auth|authorization|secret|client[-_]?secret|password|pass|pwd|code)$/i;
/**
 * The credentials an endpoint URL carries: its user info (`https://user:token@host`, where a
 * token often stands in the user's place) and the values of credential-like query parameters,
 * each as written and percent-decoded. Empty for a URL without any, or for text that is not one.
 */
function urlSecrets(url) {
    if (!url)
        return [];
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return [];
    }
    // A password is a secret whatever its length. A user name is one when it looks like a token
    // (`https://<token>@host`): a short one ("user", "admin") would blank that word everywhere.
    const found = [];
    if (parsed.password)
        found.push([parsed.password, MIN_SECRET_LENGTH]);
    if (parsed.username)
        found.push([parsed.username, MIN_GUESSED_SECRET_LENGTH]);
    for (const [name, value] of parsed.searchParams)
        if (CREDENTIAL_PARAMETER.test(name) && value)
            found.push([value, MIN_GUESSED_SECRET_LENGTH]);
    // searchParams decodes; the URL as written may hold the raw form too.
    for (const pair of parsed.search.slice(1).split('&')) {
        const [name, value] = pair.split('=');
        if (name && value && CREDENTIAL_PARAMETER.test(safeDecode(name) ?? ''))
            found.push([value, MIN_GUESSED_SECRET_LENGTH]);
    }
    const secrets = found.flatMap(([value, minLength]) => [value, safeDecode(value) ?? value].filter((form) => form.length >= minLength));
    return [...new Set(secrets)];
}
/**
 * An endpoint URL as a message may show it: scheme, host, port and path, without user info,
 * query or fragment (where credentials go), so an error can say which server it could not reach.
 */
function displayUrl(url) {
    try {
        const parsed = new URL(url);
        return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
    }
    catch {
        return '(an endpoint URL that does not parse)';
    }
}
function safeDecode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return undefined;
    }
}
/**
 * Replaces every occurrence of every secret (of 4+ characters: shorter ones are not keys).
 * Longest first, so a secret that contains another is not left half visible.
 */
function redact(text, secrets) {
    return redactor(secrets)(text);
}
/**
 * redact() with the secrets sorted once, for a writer that redacts many small pieces (one per
 * test of results.json) rather than one big text.
 */
function redactor(secrets) {
    const ordered = secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
    if (ordered.length === 0)
        return (text) => text;
    return (text) => {
        let result = text;
        for (const secret of ordered) {
            if (result.includes(secret))
                result = result.split(secret).join('[REDACTED]');
        }
        return result;
    };
}

// Generated by scripts/build-validators.mjs from schemas/*.schema.json. Do not edit.
// @ts-nocheck
const tests = validate10;const schema11 = {"$schema":"http://json-schema.org/draft-07/schema#","$id":"promptgate/tests.schema.json","title":"promptgate tests.yaml","description":"The test suite of one prompt folder. Each test sends `input` as the user message after the rendered system prompt and the few-shot examples, then checks the answer. When the folder has a JSON Schema (schema.json or prompt.yaml `schema:`), every test also checks the output against it.","type":"object","required":["tests"],"additionalProperties":false,"properties":{"description":{"type":"string","description":"Free text for humans; ignored."},"tests":{"description":"The tests: a list, whose entries may also be `{ file: cases.jsonl }` or `{ file: cases.csv }` (tests read from a data file, in place), or one such `{ file }` instead of the list.","if":{"type":"object"},"then":{"$ref":"#/definitions/testsFile"},"else":{"type":"array","minItems":1,"items":{"if":{"type":"object","required":["file"]},"then":{"$ref":"#/definitions/testsFile"},"else":{"$ref":"#/definitions/test"}}}}},"definitions":{"test":{"type":"object","required":["name","input"],"additionalProperties":false,"properties":{"name":{"type":"string","minLength":1,"description":"Unique within the file: results are compared between base and head by suite id and test name."},"description":{"type":"string","description":"Free text for humans; ignored."},"input":{"type":"string","description":"The user message, sent verbatim ({placeholders} in it are not rendered)."},"messages":{"type":"array","description":"Prior turns of the conversation, sent after the few-shot examples and before `input`: user and assistant text, assistant tool calls (`tool_calls`) and their results (`role: tool`). The checks judge the answer to `input`.","items":{"$ref":"#/definitions/message"}},"vars":{"type":"object","description":"Template variables for this test; they override prompt.yaml `variables`. Numbers and booleans are sent as their text.","additionalProperties":{"type":["string","number","boolean"]}},"assert":{"type":"array","description":"Checks in the general form.","items":{"$ref":"#/definitions/assertion"}},"max_tokens":{"type":"integer","minimum":0,"description":"Reserved shorthand: the answer uses at most this many output tokens (the `max-tokens` check), not a field named `tokens`."},"max_latency_ms":{"type":"number","minimum":0,"description":"Reserved shorthand: the `max-latency-ms` check."},"max_cost_usd":{"type":"number","minimum":0,"description":"Reserved shorthand: the `max-cost-usd` check."},"repeat":{"type":"integer","minimum":1,"maximum":100,"description":"Reserved: run this test this many times (k-of-n: N), overriding --repeat."},"min_pass":{"type":"integer","minimum":1,"maximum":100,"description":"Reserved (not the shorthand for a field named `pass`): runs of this test that must pass (k-of-n: K; default all its runs)."},"required":{"type":"boolean","description":"Any failure or error of this test blocks the gate, whatever the pass rate."},"needs_expected":{"type":"boolean","description":"A case `promptgate harvest` took from production: it runs and is shown, but never counts against the gate (nor its metrics) until a person writes its expectations and removes this key."},"source":{"type":"object","description":"Where a harvested case came from (written by `promptgate harvest`).","required":["trace_id","version","at"],"additionalProperties":false,"properties":{"trace_id":{"type":"string","description":"The production span's trace id."},"version":{"type":"string","description":"The version that answered in production."},"at":{"type":"string","description":"When it answered (ISO 8601)."}}},"tool_results":{"type":"object","description":"Canned tool results: promptgate runs the agent loop (the model calls a tool, promptgate answers with its canned result, the model continues) until a final answer or max_steps. Per tool name: the result (text is sent as it is, any other value as JSON text), or a list of { args, result } tried in order, the first whose args are a subset of the call's arguments answering (an entry without args answers any call).","propertyNames":{"title":"tool name","pattern":"^[A-Za-z0-9_-]{1,64}$"},"additionalProperties":{"description":"The result, or a list of { args, result }."}},"max_steps":{"type":"integer","minimum":1,"maximum":50,"description":"Reserved (not the shorthand for a field named `steps`): model calls the agent loop may make (default prompt.yaml max_steps, else 5)."}},"patternProperties":{"^expected_.+$":{"description":"expected_<field>: the output's JSON field (a path such as `a.b[0].c`) equals this value (deep equality, numbers exactly)."},"^min_.+$":{"type":"number","description":"min_<field>: the output's numeric field is >= this value."},"^max_.+$":{"type":"number","description":"max_<field>: the output's numeric field is <= this value."}}},"path":{"title":"field path (write it like a.b[0].c)","type":"string","pattern":"^[^.\\[\\]]+(\\[\\d+\\])*(\\.[^.\\[\\]]+(\\[\\d+\\])*)*$","description":"A field of the JSON output, e.g. `intent` or `a.b[0].c`. Without it the check applies to the raw output text."},"assertion":{"type":"object","required":["type"],"properties":{"type":{"title":"assertion type","enum":["equals","contains","icontains","contains-any","contains-all","starts-with","regex","min","max","is-json","json-schema","max-tokens","max-latency-ms","max-cost-usd","tool-called","tool-sequence","rubric","js","similar","not-equals","not-contains","not-icontains","not-contains-any","not-contains-all","not-starts-with","not-regex","not-min","not-max","not-is-json","not-json-schema","not-max-tokens","not-max-latency-ms","not-max-cost-usd","not-tool-called","not-tool-sequence","not-rubric","not-js","not-similar","no-tool-called"]}},"allOf":[{"if":{"properties":{"type":{"enum":["equals","not-equals"]}}},"then":{"required":["value"],"additionalProperties":false,"properties":{"type":true,"path":{"$ref":"#/definitions/path"},"value":{"description":"Any JSON value."}}}},{"if":{"properties":{"type":{"enum":["contains","not-contains","icontains","not-icontains","starts-with","not-starts-with"]}}},"then":{"required":["value"],"additionalProperties":false,"properties":{"type":true,"path":{"$ref":"#/definitions/path"},"value":{"type":"string","description":"Text: case-sensitive, except for icontains."}}}},{"if":{"properties":{"type":{"enum":["contains-any","not-contains-any","contains-all","not-contains-all"]}}},"then":{"required":["value"],"additionalProperties":false,"properties":{"type":true,"path":{"$ref":"#/definitions/path"},"value":{"type":"array","minItems":1,"items":{"type":"string"},"description":"Case-sensitive texts: any one of them (contains-any), or every one (contains-all)."}}}},{"if":{"properties":{"type":{"enum":["regex","not-regex"]}}},"then":{"required":["value"],"additionalProperties":false,"properties":{"type":true,"path":{"$ref":"#/definitions/path"},"value":{"type":"string","description":"A JavaScript regular expression."},"flags":{"title":"set of regex flags (any of d, g, i, m, s, u, v, y)","type":"string","pattern":"^[dgimsuvy]*$"}}}},{"if":{"properties":{"type":{"enum":["min","not-min","max","not-max"]}}},"then":{"required":["path","value"],"additionalProperties":false,"properties":{"type":true,"path":{"$ref":"#/definitions/path"},"value":{"type":"number"}}}},{"if":{"properties":{"type":{"enum":["is-json","not-is-json"]}}},"then":{"additionalProperties":false,"properties":{"type":true}}},{"if":{"properties":{"type":{"enum":["json-schema","not-json-schema"]}}},"then":{"required":["value"],"additionalProperties":false,"properties":{"type":true,"value":{"type":"object","description":"An inline JSON Schema."}}}},{"if":{"properties":{"type":{"enum":["rubric","not-rubric"]}}},"then":{"required":["value"],"additionalProperties":false,"properties":{"type":true,"value":{"type":"string","minLength":1,"description":"What a good answer must do; a judge model scores the answer against it from 0 to 1."},"judge":{"type":"string","minLength":1,"description":"provider:model of the judge; default promptgate.yaml `judge`."},"min_score":{"type":"number","minimum":0,"maximum":1,"description":"Passing score (default 0.7)."}}}},{"if":{"properties":{"type":{"enum":["max-tokens","not-max-tokens","max-latency-ms","not-max-latency-ms","max-cost-usd","not-max-cost-usd"]}}},"then":{"required":["value"],"additionalProperties":false,"properties":{"type":true,"value":{"type":"number","minimum":0}}}},{"if":{"properties":{"type":{"enum":["tool-called","not-tool-called"]}}},"then":{"required":["value"],"additionalProperties":false,"properties":{"type":true,"value":{"type":"string","minLength":1,"description":"The tool's name (prompt.yaml `tools:`)."},"args":{"type":"object","description":"Arguments the call must have (a subset match: others may be present)."}}}},{"if":{"properties":{"type":{"const":"no-tool-called"}}},"then":{"additionalProperties":false,"properties":{"type":true,"value":{"type":"string","minLength":1,"description":"Only this tool must not be called; without it, no tool at all."}}}},{"if":{"properties":{"type":{"enum":["tool-sequence","not-tool-sequence"]}}},"then":{"required":["value"],"additionalProperties":false,"properties":{"type":true,"value":{"type":"array","minItems":1,"description":"The tool calls made along the way, in order: names, or { name, args } (args: a subset match). Other calls may come between them, unless `exact`.","items":{"if":{"type":"object"},"then":{"type":"object","required":["name"],"additionalProperties":false,"properties":{"name":{"type":"string","minLength":1},"args":{"type":"object"}}},"else":{"type":"string","minLength":1}}},"exact":{"type":"boolean","description":"true: exactly these calls, in this order, and no others."}}}},{"if":{"properties":{"type":{"enum":["js","not-js"]}}},"then":{"required":["value"],"additionalProperties":false,"properties":{"type":true,"value":{"type":"string","title":"export name of checks.mjs","pattern":"^[A-Za-z_$][A-Za-z0-9_$]*$","description":"A named export of the folder's checks.mjs: (output, test) => ({ pass, reason })."}}}},{"if":{"properties":{"type":{"enum":["similar","not-similar"]}}},"then":{"required":["value"],"additionalProperties":false,"properties":{"type":true,"path":{"$ref":"#/definitions/path"},"value":{"type":"string","minLength":1,"description":"The reference text; the answer's embedding must be at least `threshold` similar to its embedding (cosine)."},"threshold":{"type":"number","minimum":-1,"maximum":1,"description":"Lowest passing cosine similarity (default 0.8)."}}}}]},"message":{"type":"object","required":["role"],"properties":{"role":{"title":"message role","enum":["user","assistant","tool"]}},"allOf":[{"if":{"required":["role"],"properties":{"role":{"const":"user"}}},"then":{"required":["content"],"additionalProperties":false,"properties":{"role":true,"content":{"type":"string"}}}},{"if":{"required":["role"],"properties":{"role":{"const":"assistant"}}},"then":{"additionalProperties":false,"properties":{"role":true,"content":{"type":"string","description":"The turn's text; may be left out when it calls tools."},"tool_calls":{"type":"array","minItems":1,"description":"Tools this turn called; each is answered by a `role: tool` message right after it.","items":{"type":"object","required":["name"],"additionalProperties":false,"properties":{"name":{"type":"string","pattern":"^[A-Za-z0-9_-]{1,64}$"},"arguments":{"type":"object","description":"The call's arguments (default {})."},"id":{"type":"string","pattern":"^[A-Za-z0-9_-]{1,64}$","description":"The call's id, for a tool message's tool_call_id; default: one promptgate assigns."}}}}}}},{"if":{"required":["role"],"properties":{"role":{"const":"tool"}}},"then":{"required":["name","content"],"additionalProperties":false,"properties":{"role":true,"name":{"type":"string","minLength":1,"description":"The tool that answers."},"content":{"description":"The result: text, or any JSON value (sent as JSON text)."},"tool_call_id":{"type":"string","minLength":1,"description":"The id of the call it answers; default: the first unanswered call of this tool in the turn before."}}}}]},"testsFile":{"type":"object","required":["file"],"additionalProperties":false,"properties":{"file":{"type":"string","title":"tests data file (a path ending in .jsonl or .csv)","pattern":"\\.(jsonl|csv)$","description":"JSON Lines (one test object a line, with the keys of a test) or CSV (a header row of column names: name, input, description, vars.<name>, expected_<field>, min_<field>, max_<field>, max_tokens, max_latency_ms, max_cost_usd, required, repeat, min_pass, max_steps, and assert, messages, tool_results as JSON). Relative to the prompt folder; at most 16 MiB."},"assert":{"type":"array","description":"Checks added to every test of the file, after its own.","items":{"$ref":"#/definitions/assertion"}}}}}};const schema12 = {"type":"object","required":["file"],"additionalProperties":false,"properties":{"file":{"type":"string","title":"tests data file (a path ending in .jsonl or .csv)","pattern":"\\.(jsonl|csv)$","description":"JSON Lines (one test object a line, with the keys of a test) or CSV (a header row of column names: name, input, description, vars.<name>, expected_<field>, min_<field>, max_<field>, max_tokens, max_latency_ms, max_cost_usd, required, repeat, min_pass, max_steps, and assert, messages, tool_results as JSON). Relative to the prompt folder; at most 16 MiB."},"assert":{"type":"array","description":"Checks added to every test of the file, after its own.","items":{"$ref":"#/definitions/assertion"}}}};const pattern0 = new RegExp("\\.(jsonl|csv)$", "u");const schema13 = {"type":"object","required":["type"],"properties":{"type":{"title":"assertion type","enum":["equals","contains","icontains","contains-any","contains-all","starts-with","regex","min","max","is-json","json-schema","max-tokens","max-latency-ms","max-cost-usd","tool-called","tool-sequence","rubric","js","similar","not-equals","not-contains","not-icontains","not-contains-any","not-contains-all","not-starts-with","not-regex","not-min","not-max","not-is-json","not-json-schema","not-max-tokens","not-max-latency-ms","not-max-cost-usd","not-tool-called","not-tool-sequence","not-rubric","not-js","not-similar","no-tool-called"]}},"allOf":[{"if":{"properties":{"type":{"enum":["equals","not-equals"]}}},"then":{"required":["value"],"additionalProperties":false,"properties":{"type":true,"path":{"$ref":"#/definitions/path"},"value":{"description":"Any JSON value."}}}},{"if":{"properties":{"type":{"enum":["contains","not-contains","icontains","not-icontains","starts-with","not-starts-with"]}}},"then":{"required":["value"],"additionalProperties":false,"properties":{"type":true,"path":{"$ref":"#/definitions/path"},"value":{"type":"string","description":"Text: case-sensitive, except for icontains."}}}},{"if":{"properties":{"type":{"enum":["contains-any","not-contains-any","contains-all","not-contains-all"]}}},"then":{"required":["value"],"additionalProperties":false,"properties":{"type":true,"path":{"$ref":"#/definitions/path"},"value":{"type":"array","minItems":1,"items":{"type":"string"},"description":"Case-sensitive texts: any one of them (contains-any), or every one (contains-all)."}}}},{"if":{"properties":{"type":{"enum":["regex","not-regex"]}}},"then":{"required":["value"],"additionalProperties":false,"properties":{"type":true,"path":{"$ref":"#/definitions/path"},"value":{"type":"string","description":"A JavaScript regular expression."},"flags":{"title":"set of regex flags (any of d, g, i, m, s, u, v, y)","type":"string","pattern":"^[dgimsuvy]*$"}}}},{"if":{"properties":{"type":{"enum":["min","not-min","max","not-max"]}}},"then":{"required":["path","value"],"additionalProperties":false,"properties":{"type":true,"path":{"$ref":"#/definitions/path"},"value":{"type":"number"}}}},{"if":{"properties":{"type":{"enum":["is-json","not-is-json"]}}},"then":{"additionalProperties":false,"properties":{"type":true}}},{"if":{"properties":{"type":{"enum":["json-schema","not-json-schema"]}}},"then":{"required":["value"],"additionalProperties":false,"properties":{"type":true,"value":{"type":"object","description":"An inline JSON Schema."}}}},{"if":{"properties":{"type":{"enum":["rubric","not-rubric"]}}},"then":{"required":["value"],"additionalProperties":false,"properties":{"type":true,"value":{"type":"string","minLength":1,"description":"What a good answer must do; a judge model scores the answer against it from 0 to 1."},"judge":{"type":"string","minLength":1,"description":"provider:model of the judge; default promptgate.yaml `judge`."},"min_score":{"type":"number","minimum":0,"maximum":1,"description":"Passing score (default 0.7)."}}}},{"if":{"properties":{"type":{"enum":["max-tokens","not-max-tokens","max-latency-ms","not-max-latency-ms","max-cost-usd","not-max-cost-usd"]}}},"then":{"required":["value"],"additionalProperties":false,"properties":{"type":true,"value":{"type":"number","minimum":0}}}},{"if":{"properties":{"type":{"enum":["tool-called","not-tool-called"]}}},"then":{"required":["value"],"additionalProperties":false,"properties":{"type":true,"value":{"type":"string","minLength":1,"description":"The tool's name (prompt.yaml `tools:`)."},"args":{"type":"object","description":"Arguments the call must have (a subset match: others may be present)."}}}},{"if":{"properties":{"type":{"const":"no-tool-called"}}},"then":{"additionalProperties":false,"properties":{"type":true,"value":{"type":"string","minLength":1,"description":"Only this tool must not be called; without it, no tool at all."}}}},{"if":{"properties":{"type":{"enum":["tool-sequence","not-tool-sequence"]}}},"then":{"required":["value"],"additionalProperties":false,"properties":{"type":true,"value":{"type":"array","minItems":1,"description":"The tool calls made along the way, in order: names, or { name, args } (args: a subset match). Other calls may come between them, unless `exact`.","items":{"if":{"type":"object"},"then":{"type":"object","required":["name"],"additionalProperties":false,"properties":{"name":{"type":"string","minLength":1},"args":{"type":"object"}}},"else":{"type":"string","minLength":1}}},"exact":{"type":"boolean","description":"true: exactly these calls, in this order, and no others."}}}},{"if":{"properties":{"type":{"enum":["js","not-js"]}}},"then":{"required":["value"],"additionalProperties":false,"properties":{"type":true,"value":{"type":"string","title":"export name of checks.mjs","pattern":"^[A-Za-z_$][A-Za-z0-9_$]*$","description":"A named export of the folder's checks.mjs: (output, test) => ({ pass, reason })."}}}},{"if":{"properties":{"type":{"enum":["similar","not-similar"]}}},"then":{"required":["value"],"additionalProperties":false,"properties":{"type":true,"path":{"$ref":"#/definitions/path"},"value":{"type":"string","minLength":1,"description":"The reference text; the answer's embedding must be at least `threshold` similar to its embedding (cosine)."},"threshold":{"type":"number","minimum":-1,"maximum":1,"description":"Lowest passing cosine similarity (default 0.8)."}}}}]};const schema14 = {"title":"field path (write it like a.b[0].c)","type":"string","pattern":"^[^.\\[\\]]+(\\[\\d+\\])*(\\.[^.\\[\\]]+(\\[\\d+\\])*)*$","description":"A field of the JSON output, e.g. `intent` or `a.b[0].c`. Without it the check applies to the raw output text."};const pattern1 = new RegExp("^[^.\\[\\]]+(\\[\\d+\\])*(\\.[^.\\[\\]]+(\\[\\d+\\])*)*$", "u");const pattern5 = new RegExp("^[dgimsuvy]*$", "u");const pattern7 = new RegExp("^[A-Za-z_$][A-Za-z0-9_$]*$", "u");const func2 = { default: (text) => {
  let length = 0;
  for (let index = 0; index < text.length; index += 1) {
    length += 1;
    const high = text.charCodeAt(index);
    if (high >= 0xd800 && high <= 0xdbff && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00) index += 1;
  }
  return length;
} }.default;function validate12(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){let vErrors = null;let errors = 0;const _errs2 = errors;let valid1 = true;const _errs3 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.type !== undefined){let data0 = data.type;if(!((data0 === "equals") || (data0 === "not-equals"))){const err0 = {};if(vErrors === null){vErrors = [err0];}else {vErrors.push(err0);}errors++;}}}var _valid0 = _errs3 === errors;errors = _errs2;if(vErrors !== null){if(_errs2){vErrors.length = _errs2;}else {vErrors = null;}}if(_valid0){const _errs5 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.value === undefined){const err1 = {instancePath,schemaPath:"#/allOf/0/then/required",keyword:"required",params:{missingProperty: "value"},message:"must have required property '"+"value"+"'",schema:schema13.allOf[0].then.required,parentSchema:schema13.allOf[0].then,data};if(vErrors === null){vErrors = [err1];}else {vErrors.push(err1);}errors++;}for(const key0 in data){if(!(((key0 === "type") || (key0 === "path")) || (key0 === "value"))){const err2 = {instancePath,schemaPath:"#/allOf/0/then/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema13.allOf[0].then,data};if(vErrors === null){vErrors = [err2];}else {vErrors.push(err2);}errors++;}}if(data.path !== undefined){let data1 = data.path;if(typeof data1 === "string"){if(!pattern1.test(data1)){const err3 = {instancePath:instancePath+"/path",schemaPath:"#/definitions/path/pattern",keyword:"pattern",params:{pattern: "^[^.\\[\\]]+(\\[\\d+\\])*(\\.[^.\\[\\]]+(\\[\\d+\\])*)*$"},message:"must match pattern \""+"^[^.\\[\\]]+(\\[\\d+\\])*(\\.[^.\\[\\]]+(\\[\\d+\\])*)*$"+"\"",schema:"^[^.\\[\\]]+(\\[\\d+\\])*(\\.[^.\\[\\]]+(\\[\\d+\\])*)*$",parentSchema:schema14,data:data1};if(vErrors === null){vErrors = [err3];}else {vErrors.push(err3);}errors++;}}else {const err4 = {instancePath:instancePath+"/path",schemaPath:"#/definitions/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema14.type,parentSchema:schema14,data:data1};if(vErrors === null){vErrors = [err4];}else {vErrors.push(err4);}errors++;}}}var _valid0 = _errs5 === errors;valid1 = _valid0;}if(!valid1){const err5 = {instancePath,schemaPath:"#/allOf/0/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema13.allOf[0].if,parentSchema:schema13.allOf[0],data};if(vErrors === null){vErrors = [err5];}else {vErrors.push(err5);}errors++;}const _errs11 = errors;let valid5 = true;const _errs12 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.type !== undefined){let data2 = data.type;if(!((((((data2 === "contains") || (data2 === "not-contains")) || (data2 === "icontains")) || (data2 === "not-icontains")) || (data2 === "starts-with")) || (data2 === "not-starts-with"))){const err6 = {};if(vErrors === null){vErrors = [err6];}else {vErrors.push(err6);}errors++;}}}var _valid1 = _errs12 === errors;errors = _errs11;if(vErrors !== null){if(_errs11){vErrors.length = _errs11;}else {vErrors = null;}}if(_valid1){const _errs14 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.value === undefined){const err7 = {instancePath,schemaPath:"#/allOf/1/then/required",keyword:"required",params:{missingProperty: "value"},message:"must have required property '"+"value"+"'",schema:schema13.allOf[1].then.required,parentSchema:schema13.allOf[1].then,data};if(vErrors === null){vErrors = [err7];}else {vErrors.push(err7);}errors++;}for(const key1 in data){if(!(((key1 === "type") || (key1 === "path")) || (key1 === "value"))){const err8 = {instancePath,schemaPath:"#/allOf/1/then/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema13.allOf[1].then,data};if(vErrors === null){vErrors = [err8];}else {vErrors.push(err8);}errors++;}}if(data.path !== undefined){let data3 = data.path;if(typeof data3 === "string"){if(!pattern1.test(data3)){const err9 = {instancePath:instancePath+"/path",schemaPath:"#/definitions/path/pattern",keyword:"pattern",params:{pattern: "^[^.\\[\\]]+(\\[\\d+\\])*(\\.[^.\\[\\]]+(\\[\\d+\\])*)*$"},message:"must match pattern \""+"^[^.\\[\\]]+(\\[\\d+\\])*(\\.[^.\\[\\]]+(\\[\\d+\\])*)*$"+"\"",schema:"^[^.\\[\\]]+(\\[\\d+\\])*(\\.[^.\\[\\]]+(\\[\\d+\\])*)*$",parentSchema:schema14,data:data3};if(vErrors === null){vErrors = [err9];}else {vErrors.push(err9);}errors++;}}else {const err10 = {instancePath:instancePath+"/path",schemaPath:"#/definitions/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema14.type,parentSchema:schema14,data:data3};if(vErrors === null){vErrors = [err10];}else {vErrors.push(err10);}errors++;}}if(data.value !== undefined){let data4 = data.value;if(typeof data4 !== "string"){const err11 = {instancePath:instancePath+"/value",schemaPath:"#/allOf/1/then/properties/value/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.allOf[1].then.properties.value.type,parentSchema:schema13.allOf[1].then.properties.value,data:data4};if(vErrors === null){vErrors = [err11];}else {vErrors.push(err11);}errors++;}}}var _valid1 = _errs14 === errors;valid5 = _valid1;}if(!valid5){const err12 = {instancePath,schemaPath:"#/allOf/1/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema13.allOf[1].if,parentSchema:schema13.allOf[1],data};if(vErrors === null){vErrors = [err12];}else {vErrors.push(err12);}errors++;}const _errs22 = errors;let valid9 = true;const _errs23 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.type !== undefined){let data5 = data.type;if(!((((data5 === "contains-any") || (data5 === "not-contains-any")) || (data5 === "contains-all")) || (data5 === "not-contains-all"))){const err13 = {};if(vErrors === null){vErrors = [err13];}else {vErrors.push(err13);}errors++;}}}var _valid2 = _errs23 === errors;errors = _errs22;if(vErrors !== null){if(_errs22){vErrors.length = _errs22;}else {vErrors = null;}}if(_valid2){const _errs25 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.value === undefined){const err14 = {instancePath,schemaPath:"#/allOf/2/then/required",keyword:"required",params:{missingProperty: "value"},message:"must have required property '"+"value"+"'",schema:schema13.allOf[2].then.required,parentSchema:schema13.allOf[2].then,data};if(vErrors === null){vErrors = [err14];}else {vErrors.push(err14);}errors++;}for(const key2 in data){if(!(((key2 === "type") || (key2 === "path")) || (key2 === "value"))){const err15 = {instancePath,schemaPath:"#/allOf/2/then/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema13.allOf[2].then,data};if(vErrors === null){vErrors = [err15];}else {vErrors.push(err15);}errors++;}}if(data.path !== undefined){let data6 = data.path;if(typeof data6 === "string"){if(!pattern1.test(data6)){const err16 = {instancePath:instancePath+"/path",schemaPath:"#/definitions/path/pattern",keyword:"pattern",params:{pattern: "^[^.\\[\\]]+(\\[\\d+\\])*(\\.[^.\\[\\]]+(\\[\\d+\\])*)*$"},message:"must match pattern \""+"^[^.\\[\\]]+(\\[\\d+\\])*(\\.[^.\\[\\]]+(\\[\\d+\\])*)*$"+"\"",schema:"^[^.\\[\\]]+(\\[\\d+\\])*(\\.[^.\\[\\]]+(\\[\\d+\\])*)*$",parentSchema:schema14,data:data6};if(vErrors === null){vErrors = [err16];}else {vErrors.push(err16);}errors++;}}else {const err17 = {instancePath:instancePath+"/path",schemaPath:"#/definitions/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema14.type,parentSchema:schema14,data:data6};if(vErrors === null){vErrors = [err17];}else {vErrors.push(err17);}errors++;}}if(data.value !== undefined){let data7 = data.value;if(Array.isArray(data7)){if(data7.length < 1){const err18 = {instancePath:instancePath+"/value",schemaPath:"#/allOf/2/then/properties/value/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema13.allOf[2].then.properties.value,data:data7};if(vErrors === null){vErrors = [err18];}else {vErrors.push(err18);}errors++;}const len0 = data7.length;for(let i0=0; i0<len0; i0++){let data8 = data7[i0];if(typeof data8 !== "string"){const err19 = {instancePath:instancePath+"/value/" + i0,schemaPath:"#/allOf/2/then/properties/value/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.allOf[2].then.properties.value.items.type,parentSchema:schema13.allOf[2].then.properties.value.items,data:data8};if(vErrors === null){vErrors = [err19];}else {vErrors.push(err19);}errors++;}}}else {const err20 = {instancePath:instancePath+"/value",schemaPath:"#/allOf/2/then/properties/value/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema13.allOf[2].then.properties.value.type,parentSchema:schema13.allOf[2].then.properties.value,data:data7};if(vErrors === null){vErrors = [err20];}else {vErrors.push(err20);}errors++;}}}var _valid2 = _errs25 === errors;valid9 = _valid2;}if(!valid9){const err21 = {instancePath,schemaPath:"#/allOf/2/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema13.allOf[2].if,parentSchema:schema13.allOf[2],data};if(vErrors === null){vErrors = [err21];}else {vErrors.push(err21);}errors++;}const _errs35 = errors;let valid15 = true;const _errs36 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.type !== undefined){let data9 = data.type;if(!((data9 === "regex") || (data9 === "not-regex"))){const err22 = {};if(vErrors === null){vErrors = [err22];}else {vErrors.push(err22);}errors++;}}}var _valid3 = _errs36 === errors;errors = _errs35;if(vErrors !== null){if(_errs35){vErrors.length = _errs35;}else {vErrors = null;}}if(_valid3){const _errs38 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.value === undefined){const err23 = {instancePath,schemaPath:"#/allOf/3/then/required",keyword:"required",params:{missingProperty: "value"},message:"must have required property '"+"value"+"'",schema:schema13.allOf[3].then.required,parentSchema:schema13.allOf[3].then,data};if(vErrors === null){vErrors = [err23];}else {vErrors.push(err23);}errors++;}for(const key3 in data){if(!((((key3 === "type") || (key3 === "path")) || (key3 === "value")) || (key3 === "flags"))){const err24 = {instancePath,schemaPath:"#/allOf/3/then/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema13.allOf[3].then,data};if(vErrors === null){vErrors = [err24];}else {vErrors.push(err24);}errors++;}}if(data.path !== undefined){let data10 = data.path;if(typeof data10 === "string"){if(!pattern1.test(data10)){const err25 = {instancePath:instancePath+"/path",schemaPath:"#/definitions/path/pattern",keyword:"pattern",params:{pattern: "^[^.\\[\\]]+(\\[\\d+\\])*(\\.[^.\\[\\]]+(\\[\\d+\\])*)*$"},message:"must match pattern \""+"^[^.\\[\\]]+(\\[\\d+\\])*(\\.[^.\\[\\]]+(\\[\\d+\\])*)*$"+"\"",schema:"^[^.\\[\\]]+(\\[\\d+\\])*(\\.[^.\\[\\]]+(\\[\\d+\\])*)*$",parentSchema:schema14,data:data10};if(vErrors === null){vErrors = [err25];}else {vErrors.push(err25);}errors++;}}else {const err26 = {instancePath:instancePath+"/path",schemaPath:"#/definitions/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema14.type,parentSchema:schema14,data:data10};if(vErrors === null){vErrors = [err26];}else {vErrors.push(err26);}errors++;}}if(data.value !== undefined){let data11 = data.value;if(typeof data11 !== "string"){const err27 = {instancePath:instancePath+"/value",schemaPath:"#/allOf/3/then/properties/value/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.allOf[3].then.properties.value.type,parentSchema:schema13.allOf[3].then.properties.value,data:data11};if(vErrors === null){vErrors = [err27];}else {vErrors.push(err27);}errors++;}}if(data.flags !== undefined){let data12 = data.flags;if(typeof data12 === "string"){if(!pattern5.test(data12)){const err28 = {instancePath:instancePath+"/flags",schemaPath:"#/allOf/3/then/properties/flags/pattern",keyword:"pattern",params:{pattern: "^[dgimsuvy]*$"},message:"must match pattern \""+"^[dgimsuvy]*$"+"\"",schema:"^[dgimsuvy]*$",parentSchema:schema13.allOf[3].then.properties.flags,data:data12};if(vErrors === null){vErrors = [err28];}else {vErrors.push(err28);}errors++;}}else {const err29 = {instancePath:instancePath+"/flags",schemaPath:"#/allOf/3/then/properties/flags/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.allOf[3].then.properties.flags.type,parentSchema:schema13.allOf[3].then.properties.flags,data:data12};if(vErrors === null){vErrors = [err29];}else {vErrors.push(err29);}errors++;}}}var _valid3 = _errs38 === errors;valid15 = _valid3;}if(!valid15){const err30 = {instancePath,schemaPath:"#/allOf/3/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema13.allOf[3].if,parentSchema:schema13.allOf[3],data};if(vErrors === null){vErrors = [err30];}else {vErrors.push(err30);}errors++;}const _errs48 = errors;let valid19 = true;const _errs49 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.type !== undefined){let data13 = data.type;if(!((((data13 === "min") || (data13 === "not-min")) || (data13 === "max")) || (data13 === "not-max"))){const err31 = {};if(vErrors === null){vErrors = [err31];}else {vErrors.push(err31);}errors++;}}}var _valid4 = _errs49 === errors;errors = _errs48;if(vErrors !== null){if(_errs48){vErrors.length = _errs48;}else {vErrors = null;}}if(_valid4){const _errs51 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.path === undefined){const err32 = {instancePath,schemaPath:"#/allOf/4/then/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'",schema:schema13.allOf[4].then.required,parentSchema:schema13.allOf[4].then,data};if(vErrors === null){vErrors = [err32];}else {vErrors.push(err32);}errors++;}if(data.value === undefined){const err33 = {instancePath,schemaPath:"#/allOf/4/then/required",keyword:"required",params:{missingProperty: "value"},message:"must have required property '"+"value"+"'",schema:schema13.allOf[4].then.required,parentSchema:schema13.allOf[4].then,data};if(vErrors === null){vErrors = [err33];}else {vErrors.push(err33);}errors++;}for(const key4 in data){if(!(((key4 === "type") || (key4 === "path")) || (key4 === "value"))){const err34 = {instancePath,schemaPath:"#/allOf/4/then/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema13.allOf[4].then,data};if(vErrors === null){vErrors = [err34];}else {vErrors.push(err34);}errors++;}}if(data.path !== undefined){let data14 = data.path;if(typeof data14 === "string"){if(!pattern1.test(data14)){const err35 = {instancePath:instancePath+"/path",schemaPath:"#/definitions/path/pattern",keyword:"pattern",params:{pattern: "^[^.\\[\\]]+(\\[\\d+\\])*(\\.[^.\\[\\]]+(\\[\\d+\\])*)*$"},message:"must match pattern \""+"^[^.\\[\\]]+(\\[\\d+\\])*(\\.[^.\\[\\]]+(\\[\\d+\\])*)*$"+"\"",schema:"^[^.\\[\\]]+(\\[\\d+\\])*(\\.[^.\\[\\]]+(\\[\\d+\\])*)*$",parentSchema:schema14,data:data14};if(vErrors === null){vErrors = [err35];}else {vErrors.push(err35);}errors++;}}else {const err36 = {instancePath:instancePath+"/path",schemaPath:"#/definitions/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema14.type,parentSchema:schema14,data:data14};if(vErrors === null){vErrors = [err36];}else {vErrors.push(err36);}errors++;}}if(data.value !== undefined){let data15 = data.value;if(!((typeof data15 == "number") && (isFinite(data15)))){const err37 = {instancePath:instancePath+"/value",schemaPath:"#/allOf/4/then/properties/value/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema13.allOf[4].then.properties.value.type,parentSchema:schema13.allOf[4].then.properties.value,data:data15};if(vErrors === null){vErrors = [err37];}else {vErrors.push(err37);}errors++;}}}var _valid4 = _errs51 === errors;valid19 = _valid4;}if(!valid19){const err38 = {instancePath,schemaPath:"#/allOf/4/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema13.allOf[4].if,parentSchema:schema13.allOf[4],data};if(vErrors === null){vErrors = [err38];}else {vErrors.push(err38);}errors++;}const _errs59 = errors;let valid23 = true;const _errs60 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.type !== undefined){let data16 = data.type;if(!((data16 === "is-json") || (data16 === "not-is-json"))){const err39 = {};if(vErrors === null){vErrors = [err39];}else {vErrors.push(err39);}errors++;}}}var _valid5 = _errs60 === errors;errors = _errs59;if(vErrors !== null){if(_errs59){vErrors.length = _errs59;}else {vErrors = null;}}if(_valid5){const _errs62 = errors;if(data && typeof data == "object" && !Array.isArray(data)){for(const key5 in data){if(!(key5 === "type")){const err40 = {instancePath,schemaPath:"#/allOf/5/then/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema13.allOf[5].then,data};if(vErrors === null){vErrors = [err40];}else {vErrors.push(err40);}errors++;}}}var _valid5 = _errs62 === errors;valid23 = _valid5;}if(!valid23){const err41 = {instancePath,schemaPath:"#/allOf/5/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema13.allOf[5].if,parentSchema:schema13.allOf[5],data};if(vErrors === null){vErrors = [err41];}else {vErrors.push(err41);}errors++;}const _errs65 = errors;let valid25 = true;const _errs66 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.type !== undefined){let data17 = data.type;if(!((data17 === "json-schema") || (data17 === "not-json-schema"))){const err42 = {};if(vErrors === null){vErrors = [err42];}else {vErrors.push(err42);}errors++;}}}var _valid6 = _errs66 === errors;errors = _errs65;if(vErrors !== null){if(_errs65){vErrors.length = _errs65;}else {vErrors = null;}}if(_valid6){const _errs68 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.value === undefined){const err43 = {instancePath,schemaPath:"#/allOf/6/then/required",keyword:"required",params:{missingProperty: "value"},message:"must have required property '"+"value"+"'",schema:schema13.allOf[6].then.required,parentSchema:schema13.allOf[6].then,data};if(vErrors === null){vErrors = [err43];}else {vErrors.push(err43);}errors++;}for(const key6 in data){if(!((key6 === "type") || (key6 === "value"))){const err44 = {instancePath,schemaPath:"#/allOf/6/then/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema13.allOf[6].then,data};if(vErrors === null){vErrors = [err44];}else {vErrors.push(err44);}errors++;}}if(data.value !== undefined){let data18 = data.value;if(!(data18 && typeof data18 == "object" && !Array.isArray(data18))){const err45 = {instancePath:instancePath+"/value",schemaPath:"#/allOf/6/then/properties/value/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.allOf[6].then.properties.value.type,parentSchema:schema13.allOf[6].then.properties.value,data:data18};if(vErrors === null){vErrors = [err45];}else {vErrors.push(err45);}errors++;}}}var _valid6 = _errs68 === errors;valid25 = _valid6;}if(!valid25){const err46 = {instancePath,schemaPath:"#/allOf/6/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema13.allOf[6].if,parentSchema:schema13.allOf[6],data};if(vErrors === null){vErrors = [err46];}else {vErrors.push(err46);}errors++;}const _errs73 = errors;let valid28 = true;const _errs74 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.type !== undefined){let data19 = data.type;if(!((data19 === "rubric") || (data19 === "not-rubric"))){const err47 = {};if(vErrors === null){vErrors = [err47];}else {vErrors.push(err47);}errors++;}}}var _valid7 = _errs74 === errors;errors = _errs73;if(vErrors !== null){if(_errs73){vErrors.length = _errs73;}else {vErrors = null;}}if(_valid7){const _errs76 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.value === undefined){const err48 = {instancePath,schemaPath:"#/allOf/7/then/required",keyword:"required",params:{missingProperty: "value"},message:"must have required property '"+"value"+"'",schema:schema13.allOf[7].then.required,parentSchema:schema13.allOf[7].then,data};if(vErrors === null){vErrors = [err48];}else {vErrors.push(err48);}errors++;}for(const key7 in data){if(!((((key7 === "type") || (key7 === "value")) || (key7 === "judge")) || (key7 === "min_score"))){const err49 = {instancePath,schemaPath:"#/allOf/7/then/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties",schema:false,parentSchema:schema13.allOf[7].then,data};if(vErrors === null){vErrors = [err49];}else {vErrors.push(err49);}errors++;}}if(data.value !== undefined){let data20 = data.value;if(typeof data20 === "string"){if(func2(data20) < 1){const err50 = {instancePath:instancePath+"/value",schemaPath:"#/allOf/7/then/properties/value/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema13.allOf[7].then.properties.value,data:data20};if(vErrors === null){vErrors = [err50];}else {vErrors.push(err50);}errors++;}}else {const err51 = {instancePath:instancePath+"/value",schemaPath:"#/allOf/7/then/properties/value/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.allOf[7].then.properties.value.type,parentSchema:schema13.allOf[7].then.properties.value,data:data20};if(vErrors === null){vErrors = [err51];}else {vErrors.push(err51);}errors++;}}if(data.judge !== undefined){let data21 = data.judge;if(typeof data21 === "string"){if(func2(data21) < 1){const err52 = {instancePath:instancePath+"/judge",schemaPath:"#/allOf/7/then/properties/judge/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema13.allOf[7].then.properties.judge,data:data21};if(vErrors === null){vErrors = [err52];}else {vErrors.push(err52);}errors++;}}else {const err53 = {instancePath:instancePath+"/judge",schemaPath:"#/allOf/7/then/properties/judge/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.allOf[7].then.properties.judge.type,parentSchema:schema13.allOf[7].then.properties.judge,data:data21};if(vErrors === null){vErrors = [err53];}else {vErrors.push(err53);}errors++;}}if(data.min_score !== undefined){let data22 = data.min_score;if((typeof data22 == "number") && (isFinite(data22))){if(data22 > 1 || isNaN(data22)){const err54 = {instancePath:instancePath+"/min_score",schemaPath:"#/allOf/7/then/properties/min_score/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1},message:"must be <= 1",schema:1,parentSchema:schema13.allOf[7].then.properties.min_score,data:data22};if(vErrors === null){vErrors = [err54];}else {vErrors.push(err54);}errors++;}if(data22 < 0 || isNaN(data22)){const err55 = {instancePath:instancePath+"/min_score",schemaPath:"#/allOf/7/then/properties/min_score/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema13.allOf[7].then.properties.min_score,data:data22};if(vErrors === null){vErrors = [err55];}else {vErrors.push(err55);}errors++;}}else {const err56 = {instancePath:instancePath+"/min_score",schemaPath:"#/allOf/7/then/properties/min_score/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema13.allOf[7].then.properties.min_score.type,parentSchema:schema13.allOf[7].then.properties.min_score,data:data22};if(vErrors === null){vErrors = [err56];}else {vErrors.push(err56);}errors++;}}}var _valid7 = _errs76 === errors;valid28 = _valid7;}if(!valid28){const err57 = {instancePath,schemaPath:"#/allOf/7/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema13.allOf[7].if,parentSchema:schema13.allOf[7],data};if(vErrors === null){vErrors = [err57];}else {vErrors.push(err57);}errors++;}const _errs85 = errors;let valid31 = true;const _errs86 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.type !== undefined){let data23 = data.type;if(!((((((data23 === "max-tokens") || (data23 === "not-max-tokens")) || (data23 === "max-latency-ms")) || (data23 === "not-max-latency-ms")) || (data23 === "max-cost-usd")) || (data23 === "not-max-cost-usd"))){const err58 = {};if(vErrors === null){vErrors = [err58];}else {vErrors.push(err58);}errors++;}}}var _valid8 = _errs86 === errors;errors = _errs85;if(vErrors !== null){if(_errs85){vErrors.length = _errs85;}else {vErrors = null;}}if(_valid8){const _errs88 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.value === undefined){const err59 = {instancePath,schemaPath:"#/allOf/8/then/required",keyword:"required",params:{missingProperty: "value"},message:"must have required property '"+"value"+"'",schema:schema13.allOf[8].then.required,parentSchema:schema13.allOf[8].then,data};if(vErrors === null){vErrors = [err59];}else {vErrors.push(err59);}errors++;}for(const key8 in data){if(!((key8 === "type") || (key8 === "value"))){const err60 = {instancePath,schemaPath:"#/allOf/8/then/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties",schema:false,parentSchema:schema13.allOf[8].then,data};if(vErrors === null){vErrors = [err60];}else {vErrors.push(err60);}errors++;}}if(data.value !== undefined){let data24 = data.value;if((typeof data24 == "number") && (isFinite(data24))){if(data24 < 0 || isNaN(data24)){const err61 = {instancePath:instancePath+"/value",schemaPath:"#/allOf/8/then/properties/value/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema13.allOf[8].then.properties.value,data:data24};if(vErrors === null){vErrors = [err61];}else {vErrors.push(err61);}errors++;}}else {const err62 = {instancePath:instancePath+"/value",schemaPath:"#/allOf/8/then/properties/value/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema13.allOf[8].then.properties.value.type,parentSchema:schema13.allOf[8].then.properties.value,data:data24};if(vErrors === null){vErrors = [err62];}else {vErrors.push(err62);}errors++;}}}var _valid8 = _errs88 === errors;valid31 = _valid8;}if(!valid31){const err63 = {instancePath,schemaPath:"#/allOf/8/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema13.allOf[8].if,parentSchema:schema13.allOf[8],data};if(vErrors === null){vErrors = [err63];}else {vErrors.push(err63);}errors++;}const _errs93 = errors;let valid34 = true;const _errs94 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.type !== undefined){let data25 = data.type;if(!((data25 === "tool-called") || (data25 === "not-tool-called"))){const err64 = {};if(vErrors === null){vErrors = [err64];}else {vErrors.push(err64);}errors++;}}}var _valid9 = _errs94 === errors;errors = _errs93;if(vErrors !== null){if(_errs93){vErrors.length = _errs93;}else {vErrors = null;}}if(_valid9){const _errs96 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.value === undefined){const err65 = {instancePath,schemaPath:"#/allOf/9/then/required",keyword:"required",params:{missingProperty: "value"},message:"must have required property '"+"value"+"'",schema:schema13.allOf[9].then.required,parentSchema:schema13.allOf[9].then,data};if(vErrors === null){vErrors = [err65];}else {vErrors.push(err65);}errors++;}for(const key9 in data){if(!(((key9 === "type") || (key9 === "value")) || (key9 === "args"))){const err66 = {instancePath,schemaPath:"#/allOf/9/then/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties",schema:false,parentSchema:schema13.allOf[9].then,data};if(vErrors === null){vErrors = [err66];}else {vErrors.push(err66);}errors++;}}if(data.value !== undefined){let data26 = data.value;if(typeof data26 === "string"){if(func2(data26) < 1){const err67 = {instancePath:instancePath+"/value",schemaPath:"#/allOf/9/then/properties/value/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema13.allOf[9].then.properties.value,data:data26};if(vErrors === null){vErrors = [err67];}else {vErrors.push(err67);}errors++;}}else {const err68 = {instancePath:instancePath+"/value",schemaPath:"#/allOf/9/then/properties/value/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.allOf[9].then.properties.value.type,parentSchema:schema13.allOf[9].then.properties.value,data:data26};if(vErrors === null){vErrors = [err68];}else {vErrors.push(err68);}errors++;}}if(data.args !== undefined){let data27 = data.args;if(!(data27 && typeof data27 == "object" && !Array.isArray(data27))){const err69 = {instancePath:instancePath+"/args",schemaPath:"#/allOf/9/then/properties/args/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.allOf[9].then.properties.args.type,parentSchema:schema13.allOf[9].then.properties.args,data:data27};if(vErrors === null){vErrors = [err69];}else {vErrors.push(err69);}errors++;}}}var _valid9 = _errs96 === errors;valid34 = _valid9;}if(!valid34){const err70 = {instancePath,schemaPath:"#/allOf/9/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema13.allOf[9].if,parentSchema:schema13.allOf[9],data};if(vErrors === null){vErrors = [err70];}else {vErrors.push(err70);}errors++;}const _errs103 = errors;let valid37 = true;const _errs104 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.type !== undefined){if("no-tool-called" !== data.type){const err71 = {};if(vErrors === null){vErrors = [err71];}else {vErrors.push(err71);}errors++;}}}var _valid10 = _errs104 === errors;errors = _errs103;if(vErrors !== null){if(_errs103){vErrors.length = _errs103;}else {vErrors = null;}}if(_valid10){const _errs106 = errors;if(data && typeof data == "object" && !Array.isArray(data)){for(const key10 in data){if(!((key10 === "type") || (key10 === "value"))){const err72 = {instancePath,schemaPath:"#/allOf/10/then/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key10},message:"must NOT have additional properties",schema:false,parentSchema:schema13.allOf[10].then,data};if(vErrors === null){vErrors = [err72];}else {vErrors.push(err72);}errors++;}}if(data.value !== undefined){let data29 = data.value;if(typeof data29 === "string"){if(func2(data29) < 1){const err73 = {instancePath:instancePath+"/value",schemaPath:"#/allOf/10/then/properties/value/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema13.allOf[10].then.properties.value,data:data29};if(vErrors === null){vErrors = [err73];}else {vErrors.push(err73);}errors++;}}else {const err74 = {instancePath:instancePath+"/value",schemaPath:"#/allOf/10/then/properties/value/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.allOf[10].then.properties.value.type,parentSchema:schema13.allOf[10].then.properties.value,data:data29};if(vErrors === null){vErrors = [err74];}else {vErrors.push(err74);}errors++;}}}var _valid10 = _errs106 === errors;valid37 = _valid10;}if(!valid37){const err75 = {instancePath,schemaPath:"#/allOf/10/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema13.allOf[10].if,parentSchema:schema13.allOf[10],data};if(vErrors === null){vErrors = [err75];}else {vErrors.push(err75);}errors++;}const _errs111 = errors;let valid40 = true;const _errs112 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.type !== undefined){let data30 = data.type;if(!((data30 === "tool-sequence") || (data30 === "not-tool-sequence"))){const err76 = {};if(vErrors === null){vErrors = [err76];}else {vErrors.push(err76);}errors++;}}}var _valid11 = _errs112 === errors;errors = _errs111;if(vErrors !== null){if(_errs111){vErrors.length = _errs111;}else {vErrors = null;}}if(_valid11){const _errs114 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.value === undefined){const err77 = {instancePath,schemaPath:"#/allOf/11/then/required",keyword:"required",params:{missingProperty: "value"},message:"must have required property '"+"value"+"'",schema:schema13.allOf[11].then.required,parentSchema:schema13.allOf[11].then,data};if(vErrors === null){vErrors = [err77];}else {vErrors.push(err77);}errors++;}for(const key11 in data){if(!(((key11 === "type") || (key11 === "value")) || (key11 === "exact"))){const err78 = {instancePath,schemaPath:"#/allOf/11/then/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key11},message:"must NOT have additional properties",schema:false,parentSchema:schema13.allOf[11].then,data};if(vErrors === null){vErrors = [err78];}else {vErrors.push(err78);}errors++;}}if(data.value !== undefined){let data31 = data.value;if(Array.isArray(data31)){if(data31.length < 1){const err79 = {instancePath:instancePath+"/value",schemaPath:"#/allOf/11/then/properties/value/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema13.allOf[11].then.properties.value,data:data31};if(vErrors === null){vErrors = [err79];}else {vErrors.push(err79);}errors++;}const len1 = data31.length;for(let i1=0; i1<len1; i1++){let data32 = data31[i1];const _errs119 = errors;let valid45 = true;const _errs120 = errors;if(!(data32 && typeof data32 == "object" && !Array.isArray(data32))){const err80 = {};if(vErrors === null){vErrors = [err80];}else {vErrors.push(err80);}errors++;}var _valid12 = _errs120 === errors;errors = _errs119;if(vErrors !== null){if(_errs119){vErrors.length = _errs119;}else {vErrors = null;}}let ifClause0;if(_valid12){const _errs122 = errors;if(data32 && typeof data32 == "object" && !Array.isArray(data32)){if(data32.name === undefined){const err81 = {instancePath:instancePath+"/value/" + i1,schemaPath:"#/allOf/11/then/properties/value/items/then/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema13.allOf[11].then.properties.value.items.then.required,parentSchema:schema13.allOf[11].then.properties.value.items.then,data:data32};if(vErrors === null){vErrors = [err81];}else {vErrors.push(err81);}errors++;}for(const key12 in data32){if(!((key12 === "name") || (key12 === "args"))){const err82 = {instancePath:instancePath+"/value/" + i1,schemaPath:"#/allOf/11/then/properties/value/items/then/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key12},message:"must NOT have additional properties",schema:false,parentSchema:schema13.allOf[11].then.properties.value.items.then,data:data32};if(vErrors === null){vErrors = [err82];}else {vErrors.push(err82);}errors++;}}if(data32.name !== undefined){let data33 = data32.name;if(typeof data33 === "string"){if(func2(data33) < 1){const err83 = {instancePath:instancePath+"/value/" + i1+"/name",schemaPath:"#/allOf/11/then/properties/value/items/then/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema13.allOf[11].then.properties.value.items.then.properties.name,data:data33};if(vErrors === null){vErrors = [err83];}else {vErrors.push(err83);}errors++;}}else {const err84 = {instancePath:instancePath+"/value/" + i1+"/name",schemaPath:"#/allOf/11/then/properties/value/items/then/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.allOf[11].then.properties.value.items.then.properties.name.type,parentSchema:schema13.allOf[11].then.properties.value.items.then.properties.name,data:data33};if(vErrors === null){vErrors = [err84];}else {vErrors.push(err84);}errors++;}}if(data32.args !== undefined){let data34 = data32.args;if(!(data34 && typeof data34 == "object" && !Array.isArray(data34))){const err85 = {instancePath:instancePath+"/value/" + i1+"/args",schemaPath:"#/allOf/11/then/properties/value/items/then/properties/args/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.allOf[11].then.properties.value.items.then.properties.args.type,parentSchema:schema13.allOf[11].then.properties.value.items.then.properties.args,data:data34};if(vErrors === null){vErrors = [err85];}else {vErrors.push(err85);}errors++;}}}else {const err86 = {instancePath:instancePath+"/value/" + i1,schemaPath:"#/allOf/11/then/properties/value/items/then/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.allOf[11].then.properties.value.items.then.type,parentSchema:schema13.allOf[11].then.properties.value.items.then,data:data32};if(vErrors === null){vErrors = [err86];}else {vErrors.push(err86);}errors++;}var _valid12 = _errs122 === errors;valid45 = _valid12;ifClause0 = "then";}else {const _errs129 = errors;if(typeof data32 === "string"){if(func2(data32) < 1){const err87 = {instancePath:instancePath+"/value/" + i1,schemaPath:"#/allOf/11/then/properties/value/items/else/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema13.allOf[11].then.properties.value.items.else,data:data32};if(vErrors === null){vErrors = [err87];}else {vErrors.push(err87);}errors++;}}else {const err88 = {instancePath:instancePath+"/value/" + i1,schemaPath:"#/allOf/11/then/properties/value/items/else/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.allOf[11].then.properties.value.items.else.type,parentSchema:schema13.allOf[11].then.properties.value.items.else,data:data32};if(vErrors === null){vErrors = [err88];}else {vErrors.push(err88);}errors++;}var _valid12 = _errs129 === errors;valid45 = _valid12;ifClause0 = "else";}if(!valid45){const err89 = {instancePath:instancePath+"/value/" + i1,schemaPath:"#/allOf/11/then/properties/value/items/if",keyword:"if",params:{failingKeyword: ifClause0},message:"must match \""+ifClause0+"\" schema",schema:schema13.allOf[11].then.properties.value.items.if,parentSchema:schema13.allOf[11].then.properties.value.items,data:data32};if(vErrors === null){vErrors = [err89];}else {vErrors.push(err89);}errors++;}}}else {const err90 = {instancePath:instancePath+"/value",schemaPath:"#/allOf/11/then/properties/value/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema13.allOf[11].then.properties.value.type,parentSchema:schema13.allOf[11].then.properties.value,data:data31};if(vErrors === null){vErrors = [err90];}else {vErrors.push(err90);}errors++;}}if(data.exact !== undefined){let data35 = data.exact;if(typeof data35 !== "boolean"){const err91 = {instancePath:instancePath+"/exact",schemaPath:"#/allOf/11/then/properties/exact/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema13.allOf[11].then.properties.exact.type,parentSchema:schema13.allOf[11].then.properties.exact,data:data35};if(vErrors === null){vErrors = [err91];}else {vErrors.push(err91);}errors++;}}}var _valid11 = _errs114 === errors;valid40 = _valid11;}if(!valid40){const err92 = {instancePath,schemaPath:"#/allOf/11/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema13.allOf[11].if,parentSchema:schema13.allOf[11],data};if(vErrors === null){vErrors = [err92];}else {vErrors.push(err92);}errors++;}const _errs134 = errors;let valid47 = true;const _errs135 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.type !== undefined){let data36 = data.type;if(!((data36 === "js") || (data36 === "not-js"))){const err93 = {};if(vErrors === null){vErrors = [err93];}else {vErrors.push(err93);}errors++;}}}var _valid13 = _errs135 === errors;errors = _errs134;if(vErrors !== null){if(_errs134){vErrors.length = _errs134;}else {vErrors = null;}}if(_valid13){const _errs137 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.value === undefined){const err94 = {instancePath,schemaPath:"#/allOf/12/then/required",keyword:"required",params:{missingProperty: "value"},message:"must have required property '"+"value"+"'",schema:schema13.allOf[12].then.required,parentSchema:schema13.allOf[12].then,data};if(vErrors === null){vErrors = [err94];}else {vErrors.push(err94);}errors++;}for(const key13 in data){if(!((key13 === "type") || (key13 === "value"))){const err95 = {instancePath,schemaPath:"#/allOf/12/then/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key13},message:"must NOT have additional properties",schema:false,parentSchema:schema13.allOf[12].then,data};if(vErrors === null){vErrors = [err95];}else {vErrors.push(err95);}errors++;}}if(data.value !== undefined){let data37 = data.value;if(typeof data37 === "string"){if(!pattern7.test(data37)){const err96 = {instancePath:instancePath+"/value",schemaPath:"#/allOf/12/then/properties/value/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z_$][A-Za-z0-9_$]*$"},message:"must match pattern \""+"^[A-Za-z_$][A-Za-z0-9_$]*$"+"\"",schema:"^[A-Za-z_$][A-Za-z0-9_$]*$",parentSchema:schema13.allOf[12].then.properties.value,data:data37};if(vErrors === null){vErrors = [err96];}else {vErrors.push(err96);}errors++;}}else {const err97 = {instancePath:instancePath+"/value",schemaPath:"#/allOf/12/then/properties/value/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.allOf[12].then.properties.value.type,parentSchema:schema13.allOf[12].then.properties.value,data:data37};if(vErrors === null){vErrors = [err97];}else {vErrors.push(err97);}errors++;}}}var _valid13 = _errs137 === errors;valid47 = _valid13;}if(!valid47){const err98 = {instancePath,schemaPath:"#/allOf/12/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema13.allOf[12].if,parentSchema:schema13.allOf[12],data};if(vErrors === null){vErrors = [err98];}else {vErrors.push(err98);}errors++;}const _errs142 = errors;let valid50 = true;const _errs143 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.type !== undefined){let data38 = data.type;if(!((data38 === "similar") || (data38 === "not-similar"))){const err99 = {};if(vErrors === null){vErrors = [err99];}else {vErrors.push(err99);}errors++;}}}var _valid14 = _errs143 === errors;errors = _errs142;if(vErrors !== null){if(_errs142){vErrors.length = _errs142;}else {vErrors = null;}}if(_valid14){const _errs145 = errors;if(data && typeof data == "object" && !Array.isArray(data)){if(data.value === undefined){const err100 = {instancePath,schemaPath:"#/allOf/13/then/required",keyword:"required",params:{missingProperty: "value"},message:"must have required property '"+"value"+"'",schema:schema13.allOf[13].then.required,parentSchema:schema13.allOf[13].then,data};if(vErrors === null){vErrors = [err100];}else {vErrors.push(err100);}errors++;}for(const key14 in data){if(!((((key14 === "type") || (key14 === "path")) || (key14 === "value")) || (key14 === "threshold"))){const err101 = {instancePath,schemaPath:"#/allOf/13/then/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key14},message:"must NOT have additional properties",schema:false,parentSchema:schema13.allOf[13].then,data};if(vErrors === null){vErrors = [err101];}else {vErrors.push(err101);}errors++;}}if(data.path !== undefined){let data39 = data.path;if(typeof data39 === "string"){if(!pattern1.test(data39)){const err102 = {instancePath:instancePath+"/path",schemaPath:"#/definitions/path/pattern",keyword:"pattern",params:{pattern: "^[^.\\[\\]]+(\\[\\d+\\])*(\\.[^.\\[\\]]+(\\[\\d+\\])*)*$"},message:"must match pattern \""+"^[^.\\[\\]]+(\\[\\d+\\])*(\\.[^.\\[\\]]+(\\[\\d+\\])*)*$"+"\"",schema:"^[^.\\[\\]]+(\\[\\d+\\])*(\\.[^.\\[\\]]+(\\[\\d+\\])*)*$",parentSchema:schema14,data:data39};if(vErrors === null){vErrors = [err102];}else {vErrors.push(err102);}errors++;}}else {const err103 = {instancePath:instancePath+"/path",schemaPath:"#/definitions/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema14.type,parentSchema:schema14,data:data39};if(vErrors === null){vErrors = [err103];}else {vErrors.push(err103);}errors++;}}if(data.value !== undefined){let data40 = data.value;if(typeof data40 === "string"){if(func2(data40) < 1){const err104 = {instancePath:instancePath+"/value",schemaPath:"#/allOf/13/then/properties/value/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema13.allOf[13].then.properties.value,data:data40};if(vErrors === null){vErrors = [err104];}else {vErrors.push(err104);}errors++;}}else {const err105 = {instancePath:instancePath+"/value",schemaPath:"#/allOf/13/then/properties/value/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.allOf[13].then.properties.value.type,parentSchema:schema13.allOf[13].then.properties.value,data:data40};if(vErrors === null){vErrors = [err105];}else {vErrors.push(err105);}errors++;}}if(data.threshold !== undefined){let data41 = data.threshold;if((typeof data41 == "number") && (isFinite(data41))){if(data41 > 1 || isNaN(data41)){const err106 = {instancePath:instancePath+"/threshold",schemaPath:"#/allOf/13/then/properties/threshold/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1},message:"must be <= 1",schema:1,parentSchema:schema13.allOf[13].then.properties.threshold,data:data41};if(vErrors === null){vErrors = [err106];}else {vErrors.push(err106);}errors++;}if(data41 < -1 || isNaN(data41)){const err107 = {instancePath:instancePath+"/threshold",schemaPath:"#/allOf/13/then/properties/threshold/minimum",keyword:"minimum",params:{comparison: ">=", limit: -1},message:"must be >= -1",schema:-1,parentSchema:schema13.allOf[13].then.properties.threshold,data:data41};if(vErrors === null){vErrors = [err107];}else {vErrors.push(err107);}errors++;}}else {const err108 = {instancePath:instancePath+"/threshold",schemaPath:"#/allOf/13/then/properties/threshold/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema13.allOf[13].then.properties.threshold.type,parentSchema:schema13.allOf[13].then.properties.threshold,data:data41};if(vErrors === null){vErrors = [err108];}else {vErrors.push(err108);}errors++;}}}var _valid14 = _errs145 === errors;valid50 = _valid14;}if(!valid50){const err109 = {instancePath,schemaPath:"#/allOf/13/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema13.allOf[13].if,parentSchema:schema13.allOf[13],data};if(vErrors === null){vErrors = [err109];}else {vErrors.push(err109);}errors++;}if(data && typeof data == "object" && !Array.isArray(data)){if(data.type === undefined){const err110 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'",schema:schema13.required,parentSchema:schema13,data};if(vErrors === null){vErrors = [err110];}else {vErrors.push(err110);}errors++;}if(data.type !== undefined){let data42 = data.type;if(!(((((((((((((((((((((((((((((((((((((((data42 === "equals") || (data42 === "contains")) || (data42 === "icontains")) || (data42 === "contains-any")) || (data42 === "contains-all")) || (data42 === "starts-with")) || (data42 === "regex")) || (data42 === "min")) || (data42 === "max")) || (data42 === "is-json")) || (data42 === "json-schema")) || (data42 === "max-tokens")) || (data42 === "max-latency-ms")) || (data42 === "max-cost-usd")) || (data42 === "tool-called")) || (data42 === "tool-sequence")) || (data42 === "rubric")) || (data42 === "js")) || (data42 === "similar")) || (data42 === "not-equals")) || (data42 === "not-contains")) || (data42 === "not-icontains")) || (data42 === "not-contains-any")) || (data42 === "not-contains-all")) || (data42 === "not-starts-with")) || (data42 === "not-regex")) || (data42 === "not-min")) || (data42 === "not-max")) || (data42 === "not-is-json")) || (data42 === "not-json-schema")) || (data42 === "not-max-tokens")) || (data42 === "not-max-latency-ms")) || (data42 === "not-max-cost-usd")) || (data42 === "not-tool-called")) || (data42 === "not-tool-sequence")) || (data42 === "not-rubric")) || (data42 === "not-js")) || (data42 === "not-similar")) || (data42 === "no-tool-called"))){const err111 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/enum",keyword:"enum",params:{allowedValues: schema13.properties.type.enum},message:"must be equal to one of the allowed values",schema:schema13.properties.type.enum,parentSchema:schema13.properties.type,data:data42};if(vErrors === null){vErrors = [err111];}else {vErrors.push(err111);}errors++;}}}else {const err112 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.type,parentSchema:schema13,data};if(vErrors === null){vErrors = [err112];}else {vErrors.push(err112);}errors++;}validate12.errors = vErrors;return errors === 0;}function validate11(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){let vErrors = null;let errors = 0;if(data && typeof data == "object" && !Array.isArray(data)){if(data.file === undefined){const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "file"},message:"must have required property '"+"file"+"'",schema:schema12.required,parentSchema:schema12,data};if(vErrors === null){vErrors = [err0];}else {vErrors.push(err0);}errors++;}for(const key0 in data){if(!((key0 === "file") || (key0 === "assert"))){const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema12,data};if(vErrors === null){vErrors = [err1];}else {vErrors.push(err1);}errors++;}}if(data.file !== undefined){let data0 = data.file;if(typeof data0 === "string"){if(!pattern0.test(data0)){const err2 = {instancePath:instancePath+"/file",schemaPath:"#/properties/file/pattern",keyword:"pattern",params:{pattern: "\\.(jsonl|csv)$"},message:"must match pattern \""+"\\.(jsonl|csv)$"+"\"",schema:"\\.(jsonl|csv)$",parentSchema:schema12.properties.file,data:data0};if(vErrors === null){vErrors = [err2];}else {vErrors.push(err2);}errors++;}}else {const err3 = {instancePath:instancePath+"/file",schemaPath:"#/properties/file/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.file.type,parentSchema:schema12.properties.file,data:data0};if(vErrors === null){vErrors = [err3];}else {vErrors.push(err3);}errors++;}}if(data.assert !== undefined){let data1 = data.assert;if(Array.isArray(data1)){const len0 = data1.length;for(let i0=0; i0<len0; i0++){if(!(validate12(data1[i0], {instancePath:instancePath+"/assert/" + i0,parentData:data1,parentDataProperty:i0,rootData}))){vErrors = vErrors === null ? validate12.errors : vErrors.concat(validate12.errors);errors = vErrors.length;}}}else {const err4 = {instancePath:instancePath+"/assert",schemaPath:"#/properties/assert/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema12.properties.assert.type,parentSchema:schema12.properties.assert,data:data1};if(vErrors === null){vErrors = [err4];}else {vErrors.push(err4);}errors++;}}}else {const err5 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.type,parentSchema:schema12,data};if(vErrors === null){vErrors = [err5];}else {vErrors.push(err5);}errors++;}validate11.errors = vErrors;return errors === 0;}const schema20 = {"type":"object","required":["name","input"],"additionalProperties":false,"properties":{"name":{"type":"string","minLength":1,"description":"Unique within the file: results are compared between base and head by suite id and test name."},"description":{"type":"string","description":"Free text for humans; ignored."},"input":{"type":"string","description":"The user message, sent verbatim ({placeholders} in it are not rendered)."},"messages":{"type":"array","description":"Prior turns of the conversation, sent after the few-shot examples and before `input`: user and assistant text, assistant tool calls (`tool_calls`) and their results (`role: tool`). The checks judge the answer to `input`.","items":{"$ref":"#/definitions/message"}},"vars":{"type":"object","description":"Template variables for this test; they override prompt.yaml `variables`. Numbers and booleans are sent as their text.","additionalProperties":{"type":["string","number","boolean"]}},"assert":{"type":"array","description":"Checks in the general form.","items":{"$ref":"#/definitions/assertion"}},"max_tokens":{"type":"integer","minimum":0,"description":"Reserved shorthand: the answer uses at most this many output tokens (the `max-tokens` check), not a field named `tokens`."},"max_latency_ms":{"type":"number","minimum":0,"description":"Reserved shorthand: the `max-latency-ms` check."},"max_cost_usd":{"type":"number","minimum":0,"description":"Reserved shorthand: the `max-cost-usd` check."},"repeat":{"type":"integer","minimum":1,"maximum":100,"description":"Reserved: run this test this many times (k-of-n: N), overriding --repeat."},"min_pass":{"type":"integer","minimum":1,"maximum":100,"description":"Reserved (not the shorthand for a field named `pass`): runs of this test that must pass (k-of-n: K; default all its runs)."},"required":{"type":"boolean","description":"Any failure or error of this test blocks the gate, whatever the pass rate."},"needs_expected":{"type":"boolean","description":"A case `promptgate harvest` took from production: it runs and is shown, but never counts against the gate (nor its metrics) until a person writes its expectations and removes this key."},"source":{"type":"object","description":"Where a harvested case came from (written by `promptgate harvest`).","required":["trace_id","version","at"],"additionalProperties":false,"properties":{"trace_id":{"type":"string","description":"The production span's trace id."},"version":{"type":"string","description":"The version that answered in production."},"at":{"type":"string","description":"When it answered (ISO 8601)."}}},"tool_results":{"type":"object","description":"Canned tool results: promptgate runs the agent loop (the model calls a tool, promptgate answers with its canned result, the model continues) until a final answer or max_steps. Per tool name: the result (text is sent as it is, any other value as JSON text), or a list of { args, result } tried in order, the first whose args are a subset of the call's arguments answering (an entry without args answers any call).","propertyNames":{"title":"tool name","pattern":"^[A-Za-z0-9_-]{1,64}$"},"additionalProperties":{"description":"The result, or a list of { args, result }."}},"max_steps":{"type":"integer","minimum":1,"maximum":50,"description":"Reserved (not the shorthand for a field named `steps`): model calls the agent loop may make (default prompt.yaml max_steps, else 5)."}},"patternProperties":{"^expected_.+$":{"description":"expected_<field>: the output's JSON field (a path such as `a.b[0].c`) equals this value (deep equality, numbers exactly)."},"^min_.+$":{"type":"number","description":"min_<field>: the output's numeric field is >= this value."},"^max_.+$":{"type":"number","description":"max_<field>: the output's numeric field is <= this value."}}};const schema21 = {"type":"object","required":["role"],"properties":{"role":{"title":"message role","enum":["user","assistant","tool"]}},"allOf":[{"if":{"required":["role"],"properties":{"role":{"const":"user"}}},"then":{"required":["content"],"additionalProperties":false,"properties":{"role":true,"content":{"type":"string"}}}},{"if":{"required":["role"],"properties":{"role":{"const":"assistant"}}},"then":{"additionalProperties":false,"properties":{"role":true,"content":{"type":"string","description":"The turn's text; may be left out when it calls tools."},"tool_calls":{"type":"array","minItems":1,"description":"Tools this turn called; each is answered by a `role: tool` message right after it.","items":{"type":"object","required":["name"],"additionalProperties":false,"properties":{"name":{"type":"string","pattern":"^[A-Za-z0-9_-]{1,64}$"},"arguments":{"type":"object","description":"The call's arguments (default {})."},"id":{"type":"string","pattern":"^[A-Za-z0-9_-]{1,64}$","description":"The call's id, for a tool message's tool_call_id; default: one promptgate assigns."}}}}}}},{"if":{"required":["role"],"properties":{"role":{"const":"tool"}}},"then":{"required":["name","content"],"additionalProperties":false,"properties":{"role":true,"name":{"type":"string","minLength":1,"description":"The tool that answers."},"content":{"description":"The result: text, or any JSON value (sent as JSON text)."},"tool_call_id":{"type":"string","minLength":1,"description":"The id of the call it answers; default: the first unanswered call of this tool in the turn before."}}}}]};const func9 = Object.prototype.hasOwnProperty;const pattern9 = new RegExp("^expected_.+$", "u");const pattern10 = new RegExp("^min_.+$", "u");const pattern11 = new RegExp("^max_.+$", "u");const pattern12 = new RegExp("^[A-Za-z0-9_-]{1,64}$", "u");function validate16(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){let vErrors = null;let errors = 0;if(data && typeof data == "object" && !Array.isArray(data)){if(data.name === undefined){const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema20.required,parentSchema:schema20,data};if(vErrors === null){vErrors = [err0];}else {vErrors.push(err0);}errors++;}if(data.input === undefined){const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "input"},message:"must have required property '"+"input"+"'",schema:schema20.required,parentSchema:schema20,data};if(vErrors === null){vErrors = [err1];}else {vErrors.push(err1);}errors++;}for(const key0 in data){if(!((((func9.call(schema20.properties, key0)) || (pattern9.test(key0))) || (pattern10.test(key0))) || (pattern11.test(key0)))){const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema20,data};if(vErrors === null){vErrors = [err2];}else {vErrors.push(err2);}errors++;}}if(data.name !== undefined){let data0 = data.name;if(typeof data0 === "string"){if(func2(data0) < 1){const err3 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema20.properties.name,data:data0};if(vErrors === null){vErrors = [err3];}else {vErrors.push(err3);}errors++;}}else {const err4 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema20.properties.name.type,parentSchema:schema20.properties.name,data:data0};if(vErrors === null){vErrors = [err4];}else {vErrors.push(err4);}errors++;}}if(data.description !== undefined){let data1 = data.description;if(typeof data1 !== "string"){const err5 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema20.properties.description.type,parentSchema:schema20.properties.description,data:data1};if(vErrors === null){vErrors = [err5];}else {vErrors.push(err5);}errors++;}}if(data.input !== undefined){let data2 = data.input;if(typeof data2 !== "string"){const err6 = {instancePath:instancePath+"/input",schemaPath:"#/properties/input/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema20.properties.input.type,parentSchema:schema20.properties.input,data:data2};if(vErrors === null){vErrors = [err6];}else {vErrors.push(err6);}errors++;}}if(data.messages !== undefined){let data3 = data.messages;if(Array.isArray(data3)){const len0 = data3.length;for(let i0=0; i0<len0; i0++){let data4 = data3[i0];const _errs14 = errors;let valid5 = true;const _errs15 = errors;if(data4 && typeof data4 == "object" && !Array.isArray(data4)){if((data4.role === undefined) && ("role")){const err7 = {};if(vErrors === null){vErrors = [err7];}else {vErrors.push(err7);}errors++;}else {if(data4.role !== undefined){if("user" !== data4.role){const err8 = {};if(vErrors === null){vErrors = [err8];}else {vErrors.push(err8);}errors++;}}}}var _valid0 = _errs15 === errors;errors = _errs14;if(vErrors !== null){if(_errs14){vErrors.length = _errs14;}else {vErrors = null;}}if(_valid0){const _errs17 = errors;if(data4 && typeof data4 == "object" && !Array.isArray(data4)){if(data4.content === undefined){const err9 = {instancePath:instancePath+"/messages/" + i0,schemaPath:"#/definitions/message/allOf/0/then/required",keyword:"required",params:{missingProperty: "content"},message:"must have required property '"+"content"+"'",schema:schema21.allOf[0].then.required,parentSchema:schema21.allOf[0].then,data:data4};if(vErrors === null){vErrors = [err9];}else {vErrors.push(err9);}errors++;}for(const key1 in data4){if(!((key1 === "role") || (key1 === "content"))){const err10 = {instancePath:instancePath+"/messages/" + i0,schemaPath:"#/definitions/message/allOf/0/then/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema21.allOf[0].then,data:data4};if(vErrors === null){vErrors = [err10];}else {vErrors.push(err10);}errors++;}}if(data4.content !== undefined){let data6 = data4.content;if(typeof data6 !== "string"){const err11 = {instancePath:instancePath+"/messages/" + i0+"/content",schemaPath:"#/definitions/message/allOf/0/then/properties/content/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema21.allOf[0].then.properties.content.type,parentSchema:schema21.allOf[0].then.properties.content,data:data6};if(vErrors === null){vErrors = [err11];}else {vErrors.push(err11);}errors++;}}}var _valid0 = _errs17 === errors;valid5 = _valid0;}if(!valid5){const err12 = {instancePath:instancePath+"/messages/" + i0,schemaPath:"#/definitions/message/allOf/0/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema21.allOf[0].if,parentSchema:schema21.allOf[0],data:data4};if(vErrors === null){vErrors = [err12];}else {vErrors.push(err12);}errors++;}const _errs22 = errors;let valid8 = true;const _errs23 = errors;if(data4 && typeof data4 == "object" && !Array.isArray(data4)){if((data4.role === undefined) && ("role")){const err13 = {};if(vErrors === null){vErrors = [err13];}else {vErrors.push(err13);}errors++;}else {if(data4.role !== undefined){if("assistant" !== data4.role){const err14 = {};if(vErrors === null){vErrors = [err14];}else {vErrors.push(err14);}errors++;}}}}var _valid1 = _errs23 === errors;errors = _errs22;if(vErrors !== null){if(_errs22){vErrors.length = _errs22;}else {vErrors = null;}}if(_valid1){const _errs25 = errors;if(data4 && typeof data4 == "object" && !Array.isArray(data4)){for(const key2 in data4){if(!(((key2 === "role") || (key2 === "content")) || (key2 === "tool_calls"))){const err15 = {instancePath:instancePath+"/messages/" + i0,schemaPath:"#/definitions/message/allOf/1/then/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema21.allOf[1].then,data:data4};if(vErrors === null){vErrors = [err15];}else {vErrors.push(err15);}errors++;}}if(data4.content !== undefined){let data8 = data4.content;if(typeof data8 !== "string"){const err16 = {instancePath:instancePath+"/messages/" + i0+"/content",schemaPath:"#/definitions/message/allOf/1/then/properties/content/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema21.allOf[1].then.properties.content.type,parentSchema:schema21.allOf[1].then.properties.content,data:data8};if(vErrors === null){vErrors = [err16];}else {vErrors.push(err16);}errors++;}}if(data4.tool_calls !== undefined){let data9 = data4.tool_calls;if(Array.isArray(data9)){if(data9.length < 1){const err17 = {instancePath:instancePath+"/messages/" + i0+"/tool_calls",schemaPath:"#/definitions/message/allOf/1/then/properties/tool_calls/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema21.allOf[1].then.properties.tool_calls,data:data9};if(vErrors === null){vErrors = [err17];}else {vErrors.push(err17);}errors++;}const len1 = data9.length;for(let i1=0; i1<len1; i1++){let data10 = data9[i1];if(data10 && typeof data10 == "object" && !Array.isArray(data10)){if(data10.name === undefined){const err18 = {instancePath:instancePath+"/messages/" + i0+"/tool_calls/" + i1,schemaPath:"#/definitions/message/allOf/1/then/properties/tool_calls/items/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema21.allOf[1].then.properties.tool_calls.items.required,parentSchema:schema21.allOf[1].then.properties.tool_calls.items,data:data10};if(vErrors === null){vErrors = [err18];}else {vErrors.push(err18);}errors++;}for(const key3 in data10){if(!(((key3 === "name") || (key3 === "arguments")) || (key3 === "id"))){const err19 = {instancePath:instancePath+"/messages/" + i0+"/tool_calls/" + i1,schemaPath:"#/definitions/message/allOf/1/then/properties/tool_calls/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema21.allOf[1].then.properties.tool_calls.items,data:data10};if(vErrors === null){vErrors = [err19];}else {vErrors.push(err19);}errors++;}}if(data10.name !== undefined){let data11 = data10.name;if(typeof data11 === "string"){if(!pattern12.test(data11)){const err20 = {instancePath:instancePath+"/messages/" + i0+"/tool_calls/" + i1+"/name",schemaPath:"#/definitions/message/allOf/1/then/properties/tool_calls/items/properties/name/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_-]{1,64}$"},message:"must match pattern \""+"^[A-Za-z0-9_-]{1,64}$"+"\"",schema:"^[A-Za-z0-9_-]{1,64}$",parentSchema:schema21.allOf[1].then.properties.tool_calls.items.properties.name,data:data11};if(vErrors === null){vErrors = [err20];}else {vErrors.push(err20);}errors++;}}else {const err21 = {instancePath:instancePath+"/messages/" + i0+"/tool_calls/" + i1+"/name",schemaPath:"#/definitions/message/allOf/1/then/properties/tool_calls/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema21.allOf[1].then.properties.tool_calls.items.properties.name.type,parentSchema:schema21.allOf[1].then.properties.tool_calls.items.properties.name,data:data11};if(vErrors === null){vErrors = [err21];}else {vErrors.push(err21);}errors++;}}if(data10.arguments !== undefined){let data12 = data10.arguments;if(!(data12 && typeof data12 == "object" && !Array.isArray(data12))){const err22 = {instancePath:instancePath+"/messages/" + i0+"/tool_calls/" + i1+"/arguments",schemaPath:"#/definitions/message/allOf/1/then/properties/tool_calls/items/properties/arguments/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema21.allOf[1].then.properties.tool_calls.items.properties.arguments.type,parentSchema:schema21.allOf[1].then.properties.tool_calls.items.properties.arguments,data:data12};if(vErrors === null){vErrors = [err22];}else {vErrors.push(err22);}errors++;}}if(data10.id !== undefined){let data13 = data10.id;if(typeof data13 === "string"){if(!pattern12.test(data13)){const err23 = {instancePath:instancePath+"/messages/" + i0+"/tool_calls/" + i1+"/id",schemaPath:"#/definitions/message/allOf/1/then/properties/tool_calls/items/properties/id/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_-]{1,64}$"},message:"must match pattern \""+"^[A-Za-z0-9_-]{1,64}$"+"\"",schema:"^[A-Za-z0-9_-]{1,64}$",parentSchema:schema21.allOf[1].then.properties.tool_calls.items.properties.id,data:data13};if(vErrors === null){vErrors = [err23];}else {vErrors.push(err23);}errors++;}}else {const err24 = {instancePath:instancePath+"/messages/" + i0+"/tool_calls/" + i1+"/id",schemaPath:"#/definitions/message/allOf/1/then/properties/tool_calls/items/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema21.allOf[1].then.properties.tool_calls.items.properties.id.type,parentSchema:schema21.allOf[1].then.properties.tool_calls.items.properties.id,data:data13};if(vErrors === null){vErrors = [err24];}else {vErrors.push(err24);}errors++;}}}else {const err25 = {instancePath:instancePath+"/messages/" + i0+"/tool_calls/" + i1,schemaPath:"#/definitions/message/allOf/1/then/properties/tool_calls/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema21.allOf[1].then.properties.tool_calls.items.type,parentSchema:schema21.allOf[1].then.properties.tool_calls.items,data:data10};if(vErrors === null){vErrors = [err25];}else {vErrors.push(err25);}errors++;}}}else {const err26 = {instancePath:instancePath+"/messages/" + i0+"/tool_calls",schemaPath:"#/definitions/message/allOf/1/then/properties/tool_calls/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema21.allOf[1].then.properties.tool_calls.type,parentSchema:schema21.allOf[1].then.properties.tool_calls,data:data9};if(vErrors === null){vErrors = [err26];}else {vErrors.push(err26);}errors++;}}}var _valid1 = _errs25 === errors;valid8 = _valid1;}if(!valid8){const err27 = {instancePath:instancePath+"/messages/" + i0,schemaPath:"#/definitions/message/allOf/1/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema21.allOf[1].if,parentSchema:schema21.allOf[1],data:data4};if(vErrors === null){vErrors = [err27];}else {vErrors.push(err27);}errors++;}const _errs41 = errors;let valid14 = true;const _errs42 = errors;if(data4 && typeof data4 == "object" && !Array.isArray(data4)){if((data4.role === undefined) && ("role")){const err28 = {};if(vErrors === null){vErrors = [err28];}else {vErrors.push(err28);}errors++;}else {if(data4.role !== undefined){if("tool" !== data4.role){const err29 = {};if(vErrors === null){vErrors = [err29];}else {vErrors.push(err29);}errors++;}}}}var _valid2 = _errs42 === errors;errors = _errs41;if(vErrors !== null){if(_errs41){vErrors.length = _errs41;}else {vErrors = null;}}if(_valid2){const _errs44 = errors;if(data4 && typeof data4 == "object" && !Array.isArray(data4)){if(data4.name === undefined){const err30 = {instancePath:instancePath+"/messages/" + i0,schemaPath:"#/definitions/message/allOf/2/then/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema21.allOf[2].then.required,parentSchema:schema21.allOf[2].then,data:data4};if(vErrors === null){vErrors = [err30];}else {vErrors.push(err30);}errors++;}if(data4.content === undefined){const err31 = {instancePath:instancePath+"/messages/" + i0,schemaPath:"#/definitions/message/allOf/2/then/required",keyword:"required",params:{missingProperty: "content"},message:"must have required property '"+"content"+"'",schema:schema21.allOf[2].then.required,parentSchema:schema21.allOf[2].then,data:data4};if(vErrors === null){vErrors = [err31];}else {vErrors.push(err31);}errors++;}for(const key4 in data4){if(!((((key4 === "role") || (key4 === "name")) || (key4 === "content")) || (key4 === "tool_call_id"))){const err32 = {instancePath:instancePath+"/messages/" + i0,schemaPath:"#/definitions/message/allOf/2/then/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema21.allOf[2].then,data:data4};if(vErrors === null){vErrors = [err32];}else {vErrors.push(err32);}errors++;}}if(data4.name !== undefined){let data15 = data4.name;if(typeof data15 === "string"){if(func2(data15) < 1){const err33 = {instancePath:instancePath+"/messages/" + i0+"/name",schemaPath:"#/definitions/message/allOf/2/then/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema21.allOf[2].then.properties.name,data:data15};if(vErrors === null){vErrors = [err33];}else {vErrors.push(err33);}errors++;}}else {const err34 = {instancePath:instancePath+"/messages/" + i0+"/name",schemaPath:"#/definitions/message/allOf/2/then/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema21.allOf[2].then.properties.name.type,parentSchema:schema21.allOf[2].then.properties.name,data:data15};if(vErrors === null){vErrors = [err34];}else {vErrors.push(err34);}errors++;}}if(data4.tool_call_id !== undefined){let data16 = data4.tool_call_id;if(typeof data16 === "string"){if(func2(data16) < 1){const err35 = {instancePath:instancePath+"/messages/" + i0+"/tool_call_id",schemaPath:"#/definitions/message/allOf/2/then/properties/tool_call_id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema21.allOf[2].then.properties.tool_call_id,data:data16};if(vErrors === null){vErrors = [err35];}else {vErrors.push(err35);}errors++;}}else {const err36 = {instancePath:instancePath+"/messages/" + i0+"/tool_call_id",schemaPath:"#/definitions/message/allOf/2/then/properties/tool_call_id/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema21.allOf[2].then.properties.tool_call_id.type,parentSchema:schema21.allOf[2].then.properties.tool_call_id,data:data16};if(vErrors === null){vErrors = [err36];}else {vErrors.push(err36);}errors++;}}}var _valid2 = _errs44 === errors;valid14 = _valid2;}if(!valid14){const err37 = {instancePath:instancePath+"/messages/" + i0,schemaPath:"#/definitions/message/allOf/2/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema21.allOf[2].if,parentSchema:schema21.allOf[2],data:data4};if(vErrors === null){vErrors = [err37];}else {vErrors.push(err37);}errors++;}if(data4 && typeof data4 == "object" && !Array.isArray(data4)){if(data4.role === undefined){const err38 = {instancePath:instancePath+"/messages/" + i0,schemaPath:"#/definitions/message/required",keyword:"required",params:{missingProperty: "role"},message:"must have required property '"+"role"+"'",schema:schema21.required,parentSchema:schema21,data:data4};if(vErrors === null){vErrors = [err38];}else {vErrors.push(err38);}errors++;}if(data4.role !== undefined){let data17 = data4.role;if(!(((data17 === "user") || (data17 === "assistant")) || (data17 === "tool"))){const err39 = {instancePath:instancePath+"/messages/" + i0+"/role",schemaPath:"#/definitions/message/properties/role/enum",keyword:"enum",params:{allowedValues: schema21.properties.role.enum},message:"must be equal to one of the allowed values",schema:schema21.properties.role.enum,parentSchema:schema21.properties.role,data:data17};if(vErrors === null){vErrors = [err39];}else {vErrors.push(err39);}errors++;}}}else {const err40 = {instancePath:instancePath+"/messages/" + i0,schemaPath:"#/definitions/message/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema21.type,parentSchema:schema21,data:data4};if(vErrors === null){vErrors = [err40];}else {vErrors.push(err40);}errors++;}}}else {const err41 = {instancePath:instancePath+"/messages",schemaPath:"#/properties/messages/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema20.properties.messages.type,parentSchema:schema20.properties.messages,data:data3};if(vErrors === null){vErrors = [err41];}else {vErrors.push(err41);}errors++;}}if(data.vars !== undefined){let data18 = data.vars;if(data18 && typeof data18 == "object" && !Array.isArray(data18)){for(const key5 in data18){let data19 = data18[key5];if(((typeof data19 !== "string") && (!((typeof data19 == "number") && (isFinite(data19))))) && (typeof data19 !== "boolean")){const err42 = {instancePath:instancePath+"/vars/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/vars/additionalProperties/type",keyword:"type",params:{type: schema20.properties.vars.additionalProperties.type},message:"must be string,number,boolean",schema:schema20.properties.vars.additionalProperties.type,parentSchema:schema20.properties.vars.additionalProperties,data:data19};if(vErrors === null){vErrors = [err42];}else {vErrors.push(err42);}errors++;}}}else {const err43 = {instancePath:instancePath+"/vars",schemaPath:"#/properties/vars/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema20.properties.vars.type,parentSchema:schema20.properties.vars,data:data18};if(vErrors === null){vErrors = [err43];}else {vErrors.push(err43);}errors++;}}if(data.assert !== undefined){let data20 = data.assert;if(Array.isArray(data20)){const len2 = data20.length;for(let i2=0; i2<len2; i2++){if(!(validate12(data20[i2], {instancePath:instancePath+"/assert/" + i2,parentData:data20,parentDataProperty:i2,rootData}))){vErrors = vErrors === null ? validate12.errors : vErrors.concat(validate12.errors);errors = vErrors.length;}}}else {const err44 = {instancePath:instancePath+"/assert",schemaPath:"#/properties/assert/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema20.properties.assert.type,parentSchema:schema20.properties.assert,data:data20};if(vErrors === null){vErrors = [err44];}else {vErrors.push(err44);}errors++;}}if(data.max_tokens !== undefined){let data22 = data.max_tokens;if(!(((typeof data22 == "number") && (!(data22 % 1) && !isNaN(data22))) && (isFinite(data22)))){const err45 = {instancePath:instancePath+"/max_tokens",schemaPath:"#/properties/max_tokens/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema20.properties.max_tokens.type,parentSchema:schema20.properties.max_tokens,data:data22};if(vErrors === null){vErrors = [err45];}else {vErrors.push(err45);}errors++;}if((typeof data22 == "number") && (isFinite(data22))){if(data22 < 0 || isNaN(data22)){const err46 = {instancePath:instancePath+"/max_tokens",schemaPath:"#/properties/max_tokens/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema20.properties.max_tokens,data:data22};if(vErrors === null){vErrors = [err46];}else {vErrors.push(err46);}errors++;}}}if(data.max_latency_ms !== undefined){let data23 = data.max_latency_ms;if((typeof data23 == "number") && (isFinite(data23))){if(data23 < 0 || isNaN(data23)){const err47 = {instancePath:instancePath+"/max_latency_ms",schemaPath:"#/properties/max_latency_ms/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema20.properties.max_latency_ms,data:data23};if(vErrors === null){vErrors = [err47];}else {vErrors.push(err47);}errors++;}}else {const err48 = {instancePath:instancePath+"/max_latency_ms",schemaPath:"#/properties/max_latency_ms/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema20.properties.max_latency_ms.type,parentSchema:schema20.properties.max_latency_ms,data:data23};if(vErrors === null){vErrors = [err48];}else {vErrors.push(err48);}errors++;}}if(data.max_cost_usd !== undefined){let data24 = data.max_cost_usd;if((typeof data24 == "number") && (isFinite(data24))){if(data24 < 0 || isNaN(data24)){const err49 = {instancePath:instancePath+"/max_cost_usd",schemaPath:"#/properties/max_cost_usd/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema20.properties.max_cost_usd,data:data24};if(vErrors === null){vErrors = [err49];}else {vErrors.push(err49);}errors++;}}else {const err50 = {instancePath:instancePath+"/max_cost_usd",schemaPath:"#/properties/max_cost_usd/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema20.properties.max_cost_usd.type,parentSchema:schema20.properties.max_cost_usd,data:data24};if(vErrors === null){vErrors = [err50];}else {vErrors.push(err50);}errors++;}}if(data.repeat !== undefined){let data25 = data.repeat;if(!(((typeof data25 == "number") && (!(data25 % 1) && !isNaN(data25))) && (isFinite(data25)))){const err51 = {instancePath:instancePath+"/repeat",schemaPath:"#/properties/repeat/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema20.properties.repeat.type,parentSchema:schema20.properties.repeat,data:data25};if(vErrors === null){vErrors = [err51];}else {vErrors.push(err51);}errors++;}if((typeof data25 == "number") && (isFinite(data25))){if(data25 > 100 || isNaN(data25)){const err52 = {instancePath:instancePath+"/repeat",schemaPath:"#/properties/repeat/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100},message:"must be <= 100",schema:100,parentSchema:schema20.properties.repeat,data:data25};if(vErrors === null){vErrors = [err52];}else {vErrors.push(err52);}errors++;}if(data25 < 1 || isNaN(data25)){const err53 = {instancePath:instancePath+"/repeat",schemaPath:"#/properties/repeat/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema20.properties.repeat,data:data25};if(vErrors === null){vErrors = [err53];}else {vErrors.push(err53);}errors++;}}}if(data.min_pass !== undefined){let data26 = data.min_pass;if(!(((typeof data26 == "number") && (!(data26 % 1) && !isNaN(data26))) && (isFinite(data26)))){const err54 = {instancePath:instancePath+"/min_pass",schemaPath:"#/properties/min_pass/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema20.properties.min_pass.type,parentSchema:schema20.properties.min_pass,data:data26};if(vErrors === null){vErrors = [err54];}else {vErrors.push(err54);}errors++;}if((typeof data26 == "number") && (isFinite(data26))){if(data26 > 100 || isNaN(data26)){const err55 = {instancePath:instancePath+"/min_pass",schemaPath:"#/properties/min_pass/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100},message:"must be <= 100",schema:100,parentSchema:schema20.properties.min_pass,data:data26};if(vErrors === null){vErrors = [err55];}else {vErrors.push(err55);}errors++;}if(data26 < 1 || isNaN(data26)){const err56 = {instancePath:instancePath+"/min_pass",schemaPath:"#/properties/min_pass/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema20.properties.min_pass,data:data26};if(vErrors === null){vErrors = [err56];}else {vErrors.push(err56);}errors++;}}}if(data.required !== undefined){let data27 = data.required;if(typeof data27 !== "boolean"){const err57 = {instancePath:instancePath+"/required",schemaPath:"#/properties/required/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema20.properties.required.type,parentSchema:schema20.properties.required,data:data27};if(vErrors === null){vErrors = [err57];}else {vErrors.push(err57);}errors++;}}if(data.needs_expected !== undefined){let data28 = data.needs_expected;if(typeof data28 !== "boolean"){const err58 = {instancePath:instancePath+"/needs_expected",schemaPath:"#/properties/needs_expected/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema20.properties.needs_expected.type,parentSchema:schema20.properties.needs_expected,data:data28};if(vErrors === null){vErrors = [err58];}else {vErrors.push(err58);}errors++;}}if(data.source !== undefined){let data29 = data.source;if(data29 && typeof data29 == "object" && !Array.isArray(data29)){if(data29.trace_id === undefined){const err59 = {instancePath:instancePath+"/source",schemaPath:"#/properties/source/required",keyword:"required",params:{missingProperty: "trace_id"},message:"must have required property '"+"trace_id"+"'",schema:schema20.properties.source.required,parentSchema:schema20.properties.source,data:data29};if(vErrors === null){vErrors = [err59];}else {vErrors.push(err59);}errors++;}if(data29.version === undefined){const err60 = {instancePath:instancePath+"/source",schemaPath:"#/properties/source/required",keyword:"required",params:{missingProperty: "version"},message:"must have required property '"+"version"+"'",schema:schema20.properties.source.required,parentSchema:schema20.properties.source,data:data29};if(vErrors === null){vErrors = [err60];}else {vErrors.push(err60);}errors++;}if(data29.at === undefined){const err61 = {instancePath:instancePath+"/source",schemaPath:"#/properties/source/required",keyword:"required",params:{missingProperty: "at"},message:"must have required property '"+"at"+"'",schema:schema20.properties.source.required,parentSchema:schema20.properties.source,data:data29};if(vErrors === null){vErrors = [err61];}else {vErrors.push(err61);}errors++;}for(const key6 in data29){if(!(((key6 === "trace_id") || (key6 === "version")) || (key6 === "at"))){const err62 = {instancePath:instancePath+"/source",schemaPath:"#/properties/source/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema20.properties.source,data:data29};if(vErrors === null){vErrors = [err62];}else {vErrors.push(err62);}errors++;}}if(data29.trace_id !== undefined){let data30 = data29.trace_id;if(typeof data30 !== "string"){const err63 = {instancePath:instancePath+"/source/trace_id",schemaPath:"#/properties/source/properties/trace_id/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema20.properties.source.properties.trace_id.type,parentSchema:schema20.properties.source.properties.trace_id,data:data30};if(vErrors === null){vErrors = [err63];}else {vErrors.push(err63);}errors++;}}if(data29.version !== undefined){let data31 = data29.version;if(typeof data31 !== "string"){const err64 = {instancePath:instancePath+"/source/version",schemaPath:"#/properties/source/properties/version/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema20.properties.source.properties.version.type,parentSchema:schema20.properties.source.properties.version,data:data31};if(vErrors === null){vErrors = [err64];}else {vErrors.push(err64);}errors++;}}if(data29.at !== undefined){let data32 = data29.at;if(typeof data32 !== "string"){const err65 = {instancePath:instancePath+"/source/at",schemaPath:"#/properties/source/properties/at/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema20.properties.source.properties.at.type,parentSchema:schema20.properties.source.properties.at,data:data32};if(vErrors === null){vErrors = [err65];}else {vErrors.push(err65);}errors++;}}}else {const err66 = {instancePath:instancePath+"/source",schemaPath:"#/properties/source/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema20.properties.source.type,parentSchema:schema20.properties.source,data:data29};if(vErrors === null){vErrors = [err66];}else {vErrors.push(err66);}errors++;}}if(data.tool_results !== undefined){let data33 = data.tool_results;if(data33 && typeof data33 == "object" && !Array.isArray(data33)){for(const key7 in data33){const _errs84 = errors;if(typeof key7 === "string"){if(!pattern12.test(key7)){const err67 = {instancePath:instancePath+"/tool_results",schemaPath:"#/properties/tool_results/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_-]{1,64}$"},message:"must match pattern \""+"^[A-Za-z0-9_-]{1,64}$"+"\"",schema:"^[A-Za-z0-9_-]{1,64}$",parentSchema:schema20.properties.tool_results.propertyNames,data:key7,propertyName:key7};if(vErrors === null){vErrors = [err67];}else {vErrors.push(err67);}errors++;}}var valid22 = _errs84 === errors;if(!valid22){const err68 = {instancePath:instancePath+"/tool_results",schemaPath:"#/properties/tool_results/propertyNames",keyword:"propertyNames",params:{propertyName: key7},message:"property name must be valid",schema:schema20.properties.tool_results.propertyNames,parentSchema:schema20.properties.tool_results,data:data33};if(vErrors === null){vErrors = [err68];}else {vErrors.push(err68);}errors++;}}}else {const err69 = {instancePath:instancePath+"/tool_results",schemaPath:"#/properties/tool_results/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema20.properties.tool_results.type,parentSchema:schema20.properties.tool_results,data:data33};if(vErrors === null){vErrors = [err69];}else {vErrors.push(err69);}errors++;}}if(data.max_steps !== undefined){let data34 = data.max_steps;if(!(((typeof data34 == "number") && (!(data34 % 1) && !isNaN(data34))) && (isFinite(data34)))){const err70 = {instancePath:instancePath+"/max_steps",schemaPath:"#/properties/max_steps/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema20.properties.max_steps.type,parentSchema:schema20.properties.max_steps,data:data34};if(vErrors === null){vErrors = [err70];}else {vErrors.push(err70);}errors++;}if((typeof data34 == "number") && (isFinite(data34))){if(data34 > 50 || isNaN(data34)){const err71 = {instancePath:instancePath+"/max_steps",schemaPath:"#/properties/max_steps/maximum",keyword:"maximum",params:{comparison: "<=", limit: 50},message:"must be <= 50",schema:50,parentSchema:schema20.properties.max_steps,data:data34};if(vErrors === null){vErrors = [err71];}else {vErrors.push(err71);}errors++;}if(data34 < 1 || isNaN(data34)){const err72 = {instancePath:instancePath+"/max_steps",schemaPath:"#/properties/max_steps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema20.properties.max_steps,data:data34};if(vErrors === null){vErrors = [err72];}else {vErrors.push(err72);}errors++;}}}for(const key9 in data){if(pattern10.test(key9)){let data35 = data[key9];if(!((typeof data35 == "number") && (isFinite(data35)))){const err73 = {instancePath:instancePath+"/" + key9.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/patternProperties/%5Emin_.%2B%24/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema20.patternProperties["^min_.+$"].type,parentSchema:schema20.patternProperties["^min_.+$"],data:data35};if(vErrors === null){vErrors = [err73];}else {vErrors.push(err73);}errors++;}}}for(const key10 in data){if(pattern11.test(key10)){let data36 = data[key10];if(!((typeof data36 == "number") && (isFinite(data36)))){const err74 = {instancePath:instancePath+"/" + key10.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/patternProperties/%5Emax_.%2B%24/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema20.patternProperties["^max_.+$"].type,parentSchema:schema20.patternProperties["^max_.+$"],data:data36};if(vErrors === null){vErrors = [err74];}else {vErrors.push(err74);}errors++;}}}}else {const err75 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema20.type,parentSchema:schema20,data};if(vErrors === null){vErrors = [err75];}else {vErrors.push(err75);}errors++;}validate16.errors = vErrors;return errors === 0;}function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){let vErrors = null;let errors = 0;if(data && typeof data == "object" && !Array.isArray(data)){if(data.tests === undefined){const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "tests"},message:"must have required property '"+"tests"+"'",schema:schema11.required,parentSchema:schema11,data};if(vErrors === null){vErrors = [err0];}else {vErrors.push(err0);}errors++;}for(const key0 in data){if(!((key0 === "description") || (key0 === "tests"))){const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema11,data};if(vErrors === null){vErrors = [err1];}else {vErrors.push(err1);}errors++;}}if(data.description !== undefined){let data0 = data.description;if(typeof data0 !== "string"){const err2 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.description.type,parentSchema:schema11.properties.description,data:data0};if(vErrors === null){vErrors = [err2];}else {vErrors.push(err2);}errors++;}}if(data.tests !== undefined){let data1 = data.tests;const _errs5 = errors;let valid1 = true;const _errs6 = errors;if(!(data1 && typeof data1 == "object" && !Array.isArray(data1))){const err3 = {};if(vErrors === null){vErrors = [err3];}else {vErrors.push(err3);}errors++;}var _valid0 = _errs6 === errors;errors = _errs5;if(vErrors !== null){if(_errs5){vErrors.length = _errs5;}else {vErrors = null;}}let ifClause0;if(_valid0){const _errs8 = errors;if(!(validate11(data1, {instancePath:instancePath+"/tests",parentData:data,parentDataProperty:"tests",rootData}))){vErrors = vErrors === null ? validate11.errors : vErrors.concat(validate11.errors);errors = vErrors.length;}var _valid0 = _errs8 === errors;valid1 = _valid0;ifClause0 = "then";}else {const _errs9 = errors;if(Array.isArray(data1)){if(data1.length < 1){const err4 = {instancePath:instancePath+"/tests",schemaPath:"#/properties/tests/else/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema11.properties.tests.else,data:data1};if(vErrors === null){vErrors = [err4];}else {vErrors.push(err4);}errors++;}const len0 = data1.length;for(let i0=0; i0<len0; i0++){let data2 = data1[i0];const _errs12 = errors;let valid4 = true;const _errs13 = errors;if(errors === _errs13){if(data2 && typeof data2 == "object" && !Array.isArray(data2)){if((data2.file === undefined) && ("file")){const err5 = {};if(vErrors === null){vErrors = [err5];}else {vErrors.push(err5);}errors++;}}else {const err6 = {};if(vErrors === null){vErrors = [err6];}else {vErrors.push(err6);}errors++;}}var _valid1 = _errs13 === errors;errors = _errs12;if(vErrors !== null){if(_errs12){vErrors.length = _errs12;}else {vErrors = null;}}let ifClause1;if(_valid1){const _errs15 = errors;if(!(validate11(data2, {instancePath:instancePath+"/tests/" + i0,parentData:data1,parentDataProperty:i0,rootData}))){vErrors = vErrors === null ? validate11.errors : vErrors.concat(validate11.errors);errors = vErrors.length;}var _valid1 = _errs15 === errors;valid4 = _valid1;ifClause1 = "then";}else {const _errs16 = errors;if(!(validate16(data2, {instancePath:instancePath+"/tests/" + i0,parentData:data1,parentDataProperty:i0,rootData}))){vErrors = vErrors === null ? validate16.errors : vErrors.concat(validate16.errors);errors = vErrors.length;}var _valid1 = _errs16 === errors;valid4 = _valid1;ifClause1 = "else";}if(!valid4){const err7 = {instancePath:instancePath+"/tests/" + i0,schemaPath:"#/properties/tests/else/items/if",keyword:"if",params:{failingKeyword: ifClause1},message:"must match \""+ifClause1+"\" schema",schema:schema11.properties.tests.else.items.if,parentSchema:schema11.properties.tests.else.items,data:data2};if(vErrors === null){vErrors = [err7];}else {vErrors.push(err7);}errors++;}}}else {const err8 = {instancePath:instancePath+"/tests",schemaPath:"#/properties/tests/else/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.tests.else.type,parentSchema:schema11.properties.tests.else,data:data1};if(vErrors === null){vErrors = [err8];}else {vErrors.push(err8);}errors++;}var _valid0 = _errs9 === errors;valid1 = _valid0;ifClause0 = "else";}if(!valid1){const err9 = {instancePath:instancePath+"/tests",schemaPath:"#/properties/tests/if",keyword:"if",params:{failingKeyword: ifClause0},message:"must match \""+ifClause0+"\" schema",schema:schema11.properties.tests.if,parentSchema:schema11.properties.tests,data:data1};if(vErrors === null){vErrors = [err9];}else {vErrors.push(err9);}errors++;}}}else {const err10 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};if(vErrors === null){vErrors = [err10];}else {vErrors.push(err10);}errors++;}validate10.errors = vErrors;return errors === 0;}const prompt = validate19;const schema22 = {"$schema":"http://json-schema.org/draft-07/schema#","$id":"promptgate/prompt.schema.json","title":"promptgate prompt.yaml","description":"Optional settings of one prompt folder. They override the repository's promptgate.yaml.","type":"object","additionalProperties":false,"properties":{"id":{"type":"string","minLength":1,"description":"Suite id. Default: the parent folder's name when the folder is named like a version (v2.0, v1, 2.1.0), else the folder's name."},"version":{"type":["string","number"],"description":"Suite version. Default: the folder's name when it looks like a version, else \"unversioned\". Written as in the file (2.0 stays \"2.0\")."},"description":{"type":"string","description":"Free text for humans; ignored."},"provider":{"type":"string","pattern":"^[A-Za-z][A-Za-z0-9_-]*$","description":"openai, anthropic, azure, bedrock, vertex, or the name of an OpenAI-compatible server under endpoints: in promptgate.yaml. azure: Azure OpenAI through the openai SDK's AzureOpenAI client (AZURE_OPENAI_API_KEY, AZURE_OPENAI_ENDPOINT, OPENAI_API_VERSION); `model` is then the deployment name. bedrock / vertex: Claude through Anthropic's Bedrock and Vertex SDKs (AWS_REGION and AWS credentials; CLOUD_ML_REGION, ANTHROPIC_VERTEX_PROJECT_ID and Google credentials); `model` is then the platform's model id."},"model":{"type":"string","minLength":1},"models":{"type":"array","description":"Run this folder once per model, each a suite of its own: entries are provider:model (openai:gpt-4.1, anthropic:claude-sonnet-5-5, ollama:qwen3:8b for an endpoint of promptgate.yaml) or a model of the folder's provider, or an object with the model's own settings ({ model: openai:gpt-5-mini, max_tokens: 4000, reasoning_effort: low }), which win over the folder's; gate: false makes a candidate model that never blocks. A model listed twice (however written) is an error. Only a known provider name (built in, or an endpoint) before the first colon is a provider (ft:... stays a model name).","minItems":1,"items":{"oneOf":[{"type":"string","minLength":1},{"type":"object","required":["model"],"additionalProperties":false,"properties":{"model":{"type":"string","minLength":1,"description":"provider:model, or a model of the folder's provider."},"gate":{"type":"boolean","description":"false: a candidate model, shown and compared with its base but never blocking the merge (nor holding a release back). Default true."},"max_tokens":{"type":"integer","minimum":1,"description":"This model's max_tokens, over the folder's. Reasoning models spend part of it thinking."},"temperature":{"type":"number","minimum":0,"maximum":2,"description":"This model's temperature, over the folder's; sent as written, even to a model family known to refuse it (the folder's is not sent to gpt-5* and o-series models)."},"top_p":{"type":"number","minimum":0,"maximum":1,"description":"Nucleus sampling for this model; sent as written."},"reasoning_effort":{"enum":["none","minimal","low","medium","high","xhigh","max"],"description":"OpenAI reasoning models (and OpenAI-compatible endpoints that take it): reasoning_effort. Not for Claude, which takes thinking_budget."},"thinking_budget":{"type":"integer","minimum":1024,"description":"Claude (anthropic, bedrock, vertex): extended thinking with this budget of tokens, sent as thinking: { type: enabled, budget_tokens }. Must be less than max_tokens."},"thinking":{"type":"object","required":["budget_tokens"],"additionalProperties":false,"description":"The same as thinking_budget, written as the Messages API writes it.","properties":{"budget_tokens":{"type":"integer","minimum":1024}}}}}]}},"allow_removing_required":{"type":"array","description":"Names of the base's required tests this version drops (deletes, renames, or no longer marks required) on purpose. Without an entry here, dropping a required test fails the gate; the entry makes the decision visible in the pull request's diff.","minItems":1,"uniqueItems":true,"items":{"type":"string","minLength":1}},"traffic_per_day":{"type":"number","exclusiveMinimum":0,"description":"Runs a day in production: the comment projects each model's cost per month (30 days) from it."},"temperature":{"type":"number","minimum":0,"maximum":2},"max_tokens":{"type":"integer","minimum":1},"structured_output":{"type":"boolean","description":"Default true: schema.json (when the folder has one) is sent to the provider as structured output (OpenAI response_format json_schema, Anthropic output_config.format), and every answer is also checked against it. false: only checked, so the tests show whether the prompt alone yields valid JSON."},"variables":{"type":"object","description":"Default values of the system prompt's {placeholders}; a test's `vars` override them.","additionalProperties":{"type":["string","number","boolean"]}},"schema":{"type":"string","minLength":1,"description":"Path, relative to this folder, of the JSON Schema every output must match (may be shared, outside the folder). Default: schema.json when present."},"tools":{"type":"array","description":"Tools the model may call, in one format; each provider is sent its own wire format.","items":{"type":"object","required":["name","parameters"],"additionalProperties":false,"properties":{"name":{"type":"string","pattern":"^[A-Za-z0-9_-]{1,64}$"},"description":{"type":"string"},"parameters":{"type":"object","description":"JSON Schema of the arguments."}}}},"examples":{"type":"string","minLength":1,"description":"Path, relative to this folder, of the few-shot examples. Default: examples.json when present."},"deploy":{"type":"object","description":"How the app's runtime serves this version (promptgate bundle, promptgate/runtime).","additionalProperties":false,"properties":{"canary":{"type":"object","description":"When this version is the canary (`prompts/<id>@canary`, set by `promptgate release --canary id@version`): the share of keys, in percent, the runtime sends to it instead of production.","additionalProperties":false,"required":["weight"],"properties":{"weight":{"type":"number","minimum":0,"maximum":100,"description":"Percent of keys (0 to 100), sticky per key."}}},"rollback_on":{"type":"object","description":"Guards `promptgate monitor` checks in production, by name: the folder's metric names and the built-ins error_rate, latency_p95 and cost_per_query. Each is a limit written as a comparison: \"> 5%\" (a rate), \"> 2000ms\" or \"> 2s\" (latency), \"> $0.01\" (cost per query), \"< 0.7\" (a mean). A guard is breached when the version has min_samples executions in the window and the interval lies wholly on the bad side: monitor then moves prompts/<id>@production back, or drops the canary (docs/monitor.md).","minProperties":1,"additionalProperties":{"type":"string","minLength":1}},"min_samples":{"type":"integer","minimum":1,"description":"Executions a version needs in the monitor window before any guard can act on it (default 200). Fewer: its figures are shown, and nothing happens."}}},"harvest":{"type":"object","description":"What `promptgate harvest` may write into tests.yaml from production spans.","additionalProperties":false,"properties":{"keep":{"type":"array","description":"Template variables written as they are (after secret and PII scrubbing); every other variable a span holds is replaced by a hash.","uniqueItems":true,"items":{"type":"string","minLength":1}}}},"max_steps":{"type":"integer","minimum":1,"maximum":50,"description":"Model calls the agent loop of a test with `tool_results:` may make before it must give a final answer (default 5); a test's own max_steps wins."},"embedding_model":{"type":"string","title":"provider:model (e.g. openai:text-embedding-3-small)","pattern":"^[a-z]+:.+$","description":"provider:model of the embeddings the `similar` check compares with (default openai:text-embedding-3-small, whatever the folder's provider: Anthropic has no embeddings API). openai (any OpenAI-compatible server through OPENAI_BASE_URL) or azure (the deployment name)."},"metrics":{"type":"object","description":"Success metrics over the suite's answers, each with min/max targets: `{ rate_of: field }` (share of outputs whose boolean field is true), `{ mean_of: field }` (mean of a numeric field), or a built-in name (p95_latency_ms, cost_per_query_usd, error_rate). A missed target fails the suite's gate. Detailed rules are checked by promptgate with file and line."}}};const pattern18 = new RegExp("^[A-Za-z][A-Za-z0-9_-]*$", "u");const pattern20 = new RegExp("^[a-z]+:.+$", "u");function validate19(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){let vErrors = null;let errors = 0;if(data && typeof data == "object" && !Array.isArray(data)){for(const key0 in data){if(!(func9.call(schema22.properties, key0))){const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema22,data};if(vErrors === null){vErrors = [err0];}else {vErrors.push(err0);}errors++;}}if(data.id !== undefined){let data0 = data.id;if(typeof data0 === "string"){if(func2(data0) < 1){const err1 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema22.properties.id,data:data0};if(vErrors === null){vErrors = [err1];}else {vErrors.push(err1);}errors++;}}else {const err2 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema22.properties.id.type,parentSchema:schema22.properties.id,data:data0};if(vErrors === null){vErrors = [err2];}else {vErrors.push(err2);}errors++;}}if(data.version !== undefined){let data1 = data.version;if((typeof data1 !== "string") && (!((typeof data1 == "number") && (isFinite(data1))))){const err3 = {instancePath:instancePath+"/version",schemaPath:"#/properties/version/type",keyword:"type",params:{type: schema22.properties.version.type},message:"must be string,number",schema:schema22.properties.version.type,parentSchema:schema22.properties.version,data:data1};if(vErrors === null){vErrors = [err3];}else {vErrors.push(err3);}errors++;}}if(data.description !== undefined){let data2 = data.description;if(typeof data2 !== "string"){const err4 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema22.properties.description.type,parentSchema:schema22.properties.description,data:data2};if(vErrors === null){vErrors = [err4];}else {vErrors.push(err4);}errors++;}}if(data.provider !== undefined){let data3 = data.provider;if(typeof data3 === "string"){if(!pattern18.test(data3)){const err5 = {instancePath:instancePath+"/provider",schemaPath:"#/properties/provider/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z][A-Za-z0-9_-]*$"},message:"must match pattern \""+"^[A-Za-z][A-Za-z0-9_-]*$"+"\"",schema:"^[A-Za-z][A-Za-z0-9_-]*$",parentSchema:schema22.properties.provider,data:data3};if(vErrors === null){vErrors = [err5];}else {vErrors.push(err5);}errors++;}}else {const err6 = {instancePath:instancePath+"/provider",schemaPath:"#/properties/provider/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema22.properties.provider.type,parentSchema:schema22.properties.provider,data:data3};if(vErrors === null){vErrors = [err6];}else {vErrors.push(err6);}errors++;}}if(data.model !== undefined){let data4 = data.model;if(typeof data4 === "string"){if(func2(data4) < 1){const err7 = {instancePath:instancePath+"/model",schemaPath:"#/properties/model/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema22.properties.model,data:data4};if(vErrors === null){vErrors = [err7];}else {vErrors.push(err7);}errors++;}}else {const err8 = {instancePath:instancePath+"/model",schemaPath:"#/properties/model/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema22.properties.model.type,parentSchema:schema22.properties.model,data:data4};if(vErrors === null){vErrors = [err8];}else {vErrors.push(err8);}errors++;}}if(data.models !== undefined){let data5 = data.models;if(Array.isArray(data5)){if(data5.length < 1){const err9 = {instancePath:instancePath+"/models",schemaPath:"#/properties/models/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema22.properties.models,data:data5};if(vErrors === null){vErrors = [err9];}else {vErrors.push(err9);}errors++;}const len0 = data5.length;for(let i0=0; i0<len0; i0++){let data6 = data5[i0];const _errs15 = errors;let valid3 = false;let passing0 = null;const _errs16 = errors;if(typeof data6 === "string"){if(func2(data6) < 1){const err10 = {instancePath:instancePath+"/models/" + i0,schemaPath:"#/properties/models/items/oneOf/0/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema22.properties.models.items.oneOf[0],data:data6};if(vErrors === null){vErrors = [err10];}else {vErrors.push(err10);}errors++;}}else {const err11 = {instancePath:instancePath+"/models/" + i0,schemaPath:"#/properties/models/items/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema22.properties.models.items.oneOf[0].type,parentSchema:schema22.properties.models.items.oneOf[0],data:data6};if(vErrors === null){vErrors = [err11];}else {vErrors.push(err11);}errors++;}var _valid0 = _errs16 === errors;if(_valid0){valid3 = true;passing0 = 0;}const _errs18 = errors;if(data6 && typeof data6 == "object" && !Array.isArray(data6)){if(data6.model === undefined){const err12 = {instancePath:instancePath+"/models/" + i0,schemaPath:"#/properties/models/items/oneOf/1/required",keyword:"required",params:{missingProperty: "model"},message:"must have required property '"+"model"+"'",schema:schema22.properties.models.items.oneOf[1].required,parentSchema:schema22.properties.models.items.oneOf[1],data:data6};if(vErrors === null){vErrors = [err12];}else {vErrors.push(err12);}errors++;}for(const key1 in data6){if(!((((((((key1 === "model") || (key1 === "gate")) || (key1 === "max_tokens")) || (key1 === "temperature")) || (key1 === "top_p")) || (key1 === "reasoning_effort")) || (key1 === "thinking_budget")) || (key1 === "thinking"))){const err13 = {instancePath:instancePath+"/models/" + i0,schemaPath:"#/properties/models/items/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema22.properties.models.items.oneOf[1],data:data6};if(vErrors === null){vErrors = [err13];}else {vErrors.push(err13);}errors++;}}if(data6.model !== undefined){let data7 = data6.model;if(typeof data7 === "string"){if(func2(data7) < 1){const err14 = {instancePath:instancePath+"/models/" + i0+"/model",schemaPath:"#/properties/models/items/oneOf/1/properties/model/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema22.properties.models.items.oneOf[1].properties.model,data:data7};if(vErrors === null){vErrors = [err14];}else {vErrors.push(err14);}errors++;}}else {const err15 = {instancePath:instancePath+"/models/" + i0+"/model",schemaPath:"#/properties/models/items/oneOf/1/properties/model/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema22.properties.models.items.oneOf[1].properties.model.type,parentSchema:schema22.properties.models.items.oneOf[1].properties.model,data:data7};if(vErrors === null){vErrors = [err15];}else {vErrors.push(err15);}errors++;}}if(data6.gate !== undefined){let data8 = data6.gate;if(typeof data8 !== "boolean"){const err16 = {instancePath:instancePath+"/models/" + i0+"/gate",schemaPath:"#/properties/models/items/oneOf/1/properties/gate/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema22.properties.models.items.oneOf[1].properties.gate.type,parentSchema:schema22.properties.models.items.oneOf[1].properties.gate,data:data8};if(vErrors === null){vErrors = [err16];}else {vErrors.push(err16);}errors++;}}if(data6.max_tokens !== undefined){let data9 = data6.max_tokens;if(!(((typeof data9 == "number") && (!(data9 % 1) && !isNaN(data9))) && (isFinite(data9)))){const err17 = {instancePath:instancePath+"/models/" + i0+"/max_tokens",schemaPath:"#/properties/models/items/oneOf/1/properties/max_tokens/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema22.properties.models.items.oneOf[1].properties.max_tokens.type,parentSchema:schema22.properties.models.items.oneOf[1].properties.max_tokens,data:data9};if(vErrors === null){vErrors = [err17];}else {vErrors.push(err17);}errors++;}if((typeof data9 == "number") && (isFinite(data9))){if(data9 < 1 || isNaN(data9)){const err18 = {instancePath:instancePath+"/models/" + i0+"/max_tokens",schemaPath:"#/properties/models/items/oneOf/1/properties/max_tokens/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema22.properties.models.items.oneOf[1].properties.max_tokens,data:data9};if(vErrors === null){vErrors = [err18];}else {vErrors.push(err18);}errors++;}}}if(data6.temperature !== undefined){let data10 = data6.temperature;if((typeof data10 == "number") && (isFinite(data10))){if(data10 > 2 || isNaN(data10)){const err19 = {instancePath:instancePath+"/models/" + i0+"/temperature",schemaPath:"#/properties/models/items/oneOf/1/properties/temperature/maximum",keyword:"maximum",params:{comparison: "<=", limit: 2},message:"must be <= 2",schema:2,parentSchema:schema22.properties.models.items.oneOf[1].properties.temperature,data:data10};if(vErrors === null){vErrors = [err19];}else {vErrors.push(err19);}errors++;}if(data10 < 0 || isNaN(data10)){const err20 = {instancePath:instancePath+"/models/" + i0+"/temperature",schemaPath:"#/properties/models/items/oneOf/1/properties/temperature/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema22.properties.models.items.oneOf[1].properties.temperature,data:data10};if(vErrors === null){vErrors = [err20];}else {vErrors.push(err20);}errors++;}}else {const err21 = {instancePath:instancePath+"/models/" + i0+"/temperature",schemaPath:"#/properties/models/items/oneOf/1/properties/temperature/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema22.properties.models.items.oneOf[1].properties.temperature.type,parentSchema:schema22.properties.models.items.oneOf[1].properties.temperature,data:data10};if(vErrors === null){vErrors = [err21];}else {vErrors.push(err21);}errors++;}}if(data6.top_p !== undefined){let data11 = data6.top_p;if((typeof data11 == "number") && (isFinite(data11))){if(data11 > 1 || isNaN(data11)){const err22 = {instancePath:instancePath+"/models/" + i0+"/top_p",schemaPath:"#/properties/models/items/oneOf/1/properties/top_p/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1},message:"must be <= 1",schema:1,parentSchema:schema22.properties.models.items.oneOf[1].properties.top_p,data:data11};if(vErrors === null){vErrors = [err22];}else {vErrors.push(err22);}errors++;}if(data11 < 0 || isNaN(data11)){const err23 = {instancePath:instancePath+"/models/" + i0+"/top_p",schemaPath:"#/properties/models/items/oneOf/1/properties/top_p/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema22.properties.models.items.oneOf[1].properties.top_p,data:data11};if(vErrors === null){vErrors = [err23];}else {vErrors.push(err23);}errors++;}}else {const err24 = {instancePath:instancePath+"/models/" + i0+"/top_p",schemaPath:"#/properties/models/items/oneOf/1/properties/top_p/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema22.properties.models.items.oneOf[1].properties.top_p.type,parentSchema:schema22.properties.models.items.oneOf[1].properties.top_p,data:data11};if(vErrors === null){vErrors = [err24];}else {vErrors.push(err24);}errors++;}}if(data6.reasoning_effort !== undefined){let data12 = data6.reasoning_effort;if(!(((((((data12 === "none") || (data12 === "minimal")) || (data12 === "low")) || (data12 === "medium")) || (data12 === "high")) || (data12 === "xhigh")) || (data12 === "max"))){const err25 = {instancePath:instancePath+"/models/" + i0+"/reasoning_effort",schemaPath:"#/properties/models/items/oneOf/1/properties/reasoning_effort/enum",keyword:"enum",params:{allowedValues: schema22.properties.models.items.oneOf[1].properties.reasoning_effort.enum},message:"must be equal to one of the allowed values",schema:schema22.properties.models.items.oneOf[1].properties.reasoning_effort.enum,parentSchema:schema22.properties.models.items.oneOf[1].properties.reasoning_effort,data:data12};if(vErrors === null){vErrors = [err25];}else {vErrors.push(err25);}errors++;}}if(data6.thinking_budget !== undefined){let data13 = data6.thinking_budget;if(!(((typeof data13 == "number") && (!(data13 % 1) && !isNaN(data13))) && (isFinite(data13)))){const err26 = {instancePath:instancePath+"/models/" + i0+"/thinking_budget",schemaPath:"#/properties/models/items/oneOf/1/properties/thinking_budget/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema22.properties.models.items.oneOf[1].properties.thinking_budget.type,parentSchema:schema22.properties.models.items.oneOf[1].properties.thinking_budget,data:data13};if(vErrors === null){vErrors = [err26];}else {vErrors.push(err26);}errors++;}if((typeof data13 == "number") && (isFinite(data13))){if(data13 < 1024 || isNaN(data13)){const err27 = {instancePath:instancePath+"/models/" + i0+"/thinking_budget",schemaPath:"#/properties/models/items/oneOf/1/properties/thinking_budget/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1024},message:"must be >= 1024",schema:1024,parentSchema:schema22.properties.models.items.oneOf[1].properties.thinking_budget,data:data13};if(vErrors === null){vErrors = [err27];}else {vErrors.push(err27);}errors++;}}}if(data6.thinking !== undefined){let data14 = data6.thinking;if(data14 && typeof data14 == "object" && !Array.isArray(data14)){if(data14.budget_tokens === undefined){const err28 = {instancePath:instancePath+"/models/" + i0+"/thinking",schemaPath:"#/properties/models/items/oneOf/1/properties/thinking/required",keyword:"required",params:{missingProperty: "budget_tokens"},message:"must have required property '"+"budget_tokens"+"'",schema:schema22.properties.models.items.oneOf[1].properties.thinking.required,parentSchema:schema22.properties.models.items.oneOf[1].properties.thinking,data:data14};if(vErrors === null){vErrors = [err28];}else {vErrors.push(err28);}errors++;}for(const key2 in data14){if(!(key2 === "budget_tokens")){const err29 = {instancePath:instancePath+"/models/" + i0+"/thinking",schemaPath:"#/properties/models/items/oneOf/1/properties/thinking/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema22.properties.models.items.oneOf[1].properties.thinking,data:data14};if(vErrors === null){vErrors = [err29];}else {vErrors.push(err29);}errors++;}}if(data14.budget_tokens !== undefined){let data15 = data14.budget_tokens;if(!(((typeof data15 == "number") && (!(data15 % 1) && !isNaN(data15))) && (isFinite(data15)))){const err30 = {instancePath:instancePath+"/models/" + i0+"/thinking/budget_tokens",schemaPath:"#/properties/models/items/oneOf/1/properties/thinking/properties/budget_tokens/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema22.properties.models.items.oneOf[1].properties.thinking.properties.budget_tokens.type,parentSchema:schema22.properties.models.items.oneOf[1].properties.thinking.properties.budget_tokens,data:data15};if(vErrors === null){vErrors = [err30];}else {vErrors.push(err30);}errors++;}if((typeof data15 == "number") && (isFinite(data15))){if(data15 < 1024 || isNaN(data15)){const err31 = {instancePath:instancePath+"/models/" + i0+"/thinking/budget_tokens",schemaPath:"#/properties/models/items/oneOf/1/properties/thinking/properties/budget_tokens/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1024},message:"must be >= 1024",schema:1024,parentSchema:schema22.properties.models.items.oneOf[1].properties.thinking.properties.budget_tokens,data:data15};if(vErrors === null){vErrors = [err31];}else {vErrors.push(err31);}errors++;}}}}else {const err32 = {instancePath:instancePath+"/models/" + i0+"/thinking",schemaPath:"#/properties/models/items/oneOf/1/properties/thinking/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema22.properties.models.items.oneOf[1].properties.thinking.type,parentSchema:schema22.properties.models.items.oneOf[1].properties.thinking,data:data14};if(vErrors === null){vErrors = [err32];}else {vErrors.push(err32);}errors++;}}}else {const err33 = {instancePath:instancePath+"/models/" + i0,schemaPath:"#/properties/models/items/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema22.properties.models.items.oneOf[1].type,parentSchema:schema22.properties.models.items.oneOf[1],data:data6};if(vErrors === null){vErrors = [err33];}else {vErrors.push(err33);}errors++;}var _valid0 = _errs18 === errors;if(_valid0 && valid3){valid3 = false;passing0 = [passing0, 1];}else {if(_valid0){valid3 = true;passing0 = 1;}}if(!valid3){const err34 = {instancePath:instancePath+"/models/" + i0,schemaPath:"#/properties/models/items/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf",schema:schema22.properties.models.items.oneOf,parentSchema:schema22.properties.models.items,data:data6};if(vErrors === null){vErrors = [err34];}else {vErrors.push(err34);}errors++;}else {errors = _errs15;if(vErrors !== null){if(_errs15){vErrors.length = _errs15;}else {vErrors = null;}}}}}else {const err35 = {instancePath:instancePath+"/models",schemaPath:"#/properties/models/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema22.properties.models.type,parentSchema:schema22.properties.models,data:data5};if(vErrors === null){vErrors = [err35];}else {vErrors.push(err35);}errors++;}}if(data.allow_removing_required !== undefined){let data16 = data.allow_removing_required;if(Array.isArray(data16)){if(data16.length < 1){const err36 = {instancePath:instancePath+"/allow_removing_required",schemaPath:"#/properties/allow_removing_required/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema22.properties.allow_removing_required,data:data16};if(vErrors === null){vErrors = [err36];}else {vErrors.push(err36);}errors++;}const len1 = data16.length;for(let i1=0; i1<len1; i1++){let data17 = data16[i1];if(typeof data17 === "string"){if(func2(data17) < 1){const err37 = {instancePath:instancePath+"/allow_removing_required/" + i1,schemaPath:"#/properties/allow_removing_required/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema22.properties.allow_removing_required.items,data:data17};if(vErrors === null){vErrors = [err37];}else {vErrors.push(err37);}errors++;}}else {const err38 = {instancePath:instancePath+"/allow_removing_required/" + i1,schemaPath:"#/properties/allow_removing_required/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema22.properties.allow_removing_required.items.type,parentSchema:schema22.properties.allow_removing_required.items,data:data17};if(vErrors === null){vErrors = [err38];}else {vErrors.push(err38);}errors++;}}let i2 = data16.length;let j0;if(i2 > 1){const indices0 = {};for(;i2--;){let item0 = data16[i2];if(typeof item0 !== "string"){continue;}if(typeof indices0[item0] == "number"){j0 = indices0[item0];const err39 = {instancePath:instancePath+"/allow_removing_required",schemaPath:"#/properties/allow_removing_required/uniqueItems",keyword:"uniqueItems",params:{i: i2, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i2+" are identical)",schema:true,parentSchema:schema22.properties.allow_removing_required,data:data16};if(vErrors === null){vErrors = [err39];}else {vErrors.push(err39);}errors++;break;}indices0[item0] = i2;}}}else {const err40 = {instancePath:instancePath+"/allow_removing_required",schemaPath:"#/properties/allow_removing_required/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema22.properties.allow_removing_required.type,parentSchema:schema22.properties.allow_removing_required,data:data16};if(vErrors === null){vErrors = [err40];}else {vErrors.push(err40);}errors++;}}if(data.traffic_per_day !== undefined){let data18 = data.traffic_per_day;if((typeof data18 == "number") && (isFinite(data18))){if(data18 <= 0 || isNaN(data18)){const err41 = {instancePath:instancePath+"/traffic_per_day",schemaPath:"#/properties/traffic_per_day/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema22.properties.traffic_per_day,data:data18};if(vErrors === null){vErrors = [err41];}else {vErrors.push(err41);}errors++;}}else {const err42 = {instancePath:instancePath+"/traffic_per_day",schemaPath:"#/properties/traffic_per_day/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema22.properties.traffic_per_day.type,parentSchema:schema22.properties.traffic_per_day,data:data18};if(vErrors === null){vErrors = [err42];}else {vErrors.push(err42);}errors++;}}if(data.temperature !== undefined){let data19 = data.temperature;if((typeof data19 == "number") && (isFinite(data19))){if(data19 > 2 || isNaN(data19)){const err43 = {instancePath:instancePath+"/temperature",schemaPath:"#/properties/temperature/maximum",keyword:"maximum",params:{comparison: "<=", limit: 2},message:"must be <= 2",schema:2,parentSchema:schema22.properties.temperature,data:data19};if(vErrors === null){vErrors = [err43];}else {vErrors.push(err43);}errors++;}if(data19 < 0 || isNaN(data19)){const err44 = {instancePath:instancePath+"/temperature",schemaPath:"#/properties/temperature/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema22.properties.temperature,data:data19};if(vErrors === null){vErrors = [err44];}else {vErrors.push(err44);}errors++;}}else {const err45 = {instancePath:instancePath+"/temperature",schemaPath:"#/properties/temperature/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema22.properties.temperature.type,parentSchema:schema22.properties.temperature,data:data19};if(vErrors === null){vErrors = [err45];}else {vErrors.push(err45);}errors++;}}if(data.max_tokens !== undefined){let data20 = data.max_tokens;if(!(((typeof data20 == "number") && (!(data20 % 1) && !isNaN(data20))) && (isFinite(data20)))){const err46 = {instancePath:instancePath+"/max_tokens",schemaPath:"#/properties/max_tokens/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema22.properties.max_tokens.type,parentSchema:schema22.properties.max_tokens,data:data20};if(vErrors === null){vErrors = [err46];}else {vErrors.push(err46);}errors++;}if((typeof data20 == "number") && (isFinite(data20))){if(data20 < 1 || isNaN(data20)){const err47 = {instancePath:instancePath+"/max_tokens",schemaPath:"#/properties/max_tokens/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema22.properties.max_tokens,data:data20};if(vErrors === null){vErrors = [err47];}else {vErrors.push(err47);}errors++;}}}if(data.structured_output !== undefined){let data21 = data.structured_output;if(typeof data21 !== "boolean"){const err48 = {instancePath:instancePath+"/structured_output",schemaPath:"#/properties/structured_output/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema22.properties.structured_output.type,parentSchema:schema22.properties.structured_output,data:data21};if(vErrors === null){vErrors = [err48];}else {vErrors.push(err48);}errors++;}}if(data.variables !== undefined){let data22 = data.variables;if(data22 && typeof data22 == "object" && !Array.isArray(data22)){for(const key3 in data22){let data23 = data22[key3];if(((typeof data23 !== "string") && (!((typeof data23 == "number") && (isFinite(data23))))) && (typeof data23 !== "boolean")){const err49 = {instancePath:instancePath+"/variables/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/variables/additionalProperties/type",keyword:"type",params:{type: schema22.properties.variables.additionalProperties.type},message:"must be string,number,boolean",schema:schema22.properties.variables.additionalProperties.type,parentSchema:schema22.properties.variables.additionalProperties,data:data23};if(vErrors === null){vErrors = [err49];}else {vErrors.push(err49);}errors++;}}}else {const err50 = {instancePath:instancePath+"/variables",schemaPath:"#/properties/variables/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema22.properties.variables.type,parentSchema:schema22.properties.variables,data:data22};if(vErrors === null){vErrors = [err50];}else {vErrors.push(err50);}errors++;}}if(data.schema !== undefined){let data24 = data.schema;if(typeof data24 === "string"){if(func2(data24) < 1){const err51 = {instancePath:instancePath+"/schema",schemaPath:"#/properties/schema/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema22.properties.schema,data:data24};if(vErrors === null){vErrors = [err51];}else {vErrors.push(err51);}errors++;}}else {const err52 = {instancePath:instancePath+"/schema",schemaPath:"#/properties/schema/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema22.properties.schema.type,parentSchema:schema22.properties.schema,data:data24};if(vErrors === null){vErrors = [err52];}else {vErrors.push(err52);}errors++;}}if(data.tools !== undefined){let data25 = data.tools;if(Array.isArray(data25)){const len2 = data25.length;for(let i3=0; i3<len2; i3++){let data26 = data25[i3];if(data26 && typeof data26 == "object" && !Array.isArray(data26)){if(data26.name === undefined){const err53 = {instancePath:instancePath+"/tools/" + i3,schemaPath:"#/properties/tools/items/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema22.properties.tools.items.required,parentSchema:schema22.properties.tools.items,data:data26};if(vErrors === null){vErrors = [err53];}else {vErrors.push(err53);}errors++;}if(data26.parameters === undefined){const err54 = {instancePath:instancePath+"/tools/" + i3,schemaPath:"#/properties/tools/items/required",keyword:"required",params:{missingProperty: "parameters"},message:"must have required property '"+"parameters"+"'",schema:schema22.properties.tools.items.required,parentSchema:schema22.properties.tools.items,data:data26};if(vErrors === null){vErrors = [err54];}else {vErrors.push(err54);}errors++;}for(const key4 in data26){if(!(((key4 === "name") || (key4 === "description")) || (key4 === "parameters"))){const err55 = {instancePath:instancePath+"/tools/" + i3,schemaPath:"#/properties/tools/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema22.properties.tools.items,data:data26};if(vErrors === null){vErrors = [err55];}else {vErrors.push(err55);}errors++;}}if(data26.name !== undefined){let data27 = data26.name;if(typeof data27 === "string"){if(!pattern12.test(data27)){const err56 = {instancePath:instancePath+"/tools/" + i3+"/name",schemaPath:"#/properties/tools/items/properties/name/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_-]{1,64}$"},message:"must match pattern \""+"^[A-Za-z0-9_-]{1,64}$"+"\"",schema:"^[A-Za-z0-9_-]{1,64}$",parentSchema:schema22.properties.tools.items.properties.name,data:data27};if(vErrors === null){vErrors = [err56];}else {vErrors.push(err56);}errors++;}}else {const err57 = {instancePath:instancePath+"/tools/" + i3+"/name",schemaPath:"#/properties/tools/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema22.properties.tools.items.properties.name.type,parentSchema:schema22.properties.tools.items.properties.name,data:data27};if(vErrors === null){vErrors = [err57];}else {vErrors.push(err57);}errors++;}}if(data26.description !== undefined){let data28 = data26.description;if(typeof data28 !== "string"){const err58 = {instancePath:instancePath+"/tools/" + i3+"/description",schemaPath:"#/properties/tools/items/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema22.properties.tools.items.properties.description.type,parentSchema:schema22.properties.tools.items.properties.description,data:data28};if(vErrors === null){vErrors = [err58];}else {vErrors.push(err58);}errors++;}}if(data26.parameters !== undefined){let data29 = data26.parameters;if(!(data29 && typeof data29 == "object" && !Array.isArray(data29))){const err59 = {instancePath:instancePath+"/tools/" + i3+"/parameters",schemaPath:"#/properties/tools/items/properties/parameters/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema22.properties.tools.items.properties.parameters.type,parentSchema:schema22.properties.tools.items.properties.parameters,data:data29};if(vErrors === null){vErrors = [err59];}else {vErrors.push(err59);}errors++;}}}else {const err60 = {instancePath:instancePath+"/tools/" + i3,schemaPath:"#/properties/tools/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema22.properties.tools.items.type,parentSchema:schema22.properties.tools.items,data:data26};if(vErrors === null){vErrors = [err60];}else {vErrors.push(err60);}errors++;}}}else {const err61 = {instancePath:instancePath+"/tools",schemaPath:"#/properties/tools/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema22.properties.tools.type,parentSchema:schema22.properties.tools,data:data25};if(vErrors === null){vErrors = [err61];}else {vErrors.push(err61);}errors++;}}if(data.examples !== undefined){let data30 = data.examples;if(typeof data30 === "string"){if(func2(data30) < 1){const err62 = {instancePath:instancePath+"/examples",schemaPath:"#/properties/examples/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema22.properties.examples,data:data30};if(vErrors === null){vErrors = [err62];}else {vErrors.push(err62);}errors++;}}else {const err63 = {instancePath:instancePath+"/examples",schemaPath:"#/properties/examples/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema22.properties.examples.type,parentSchema:schema22.properties.examples,data:data30};if(vErrors === null){vErrors = [err63];}else {vErrors.push(err63);}errors++;}}if(data.deploy !== undefined){let data31 = data.deploy;if(data31 && typeof data31 == "object" && !Array.isArray(data31)){for(const key5 in data31){if(!(((key5 === "canary") || (key5 === "rollback_on")) || (key5 === "min_samples"))){const err64 = {instancePath:instancePath+"/deploy",schemaPath:"#/properties/deploy/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema22.properties.deploy,data:data31};if(vErrors === null){vErrors = [err64];}else {vErrors.push(err64);}errors++;}}if(data31.canary !== undefined){let data32 = data31.canary;if(data32 && typeof data32 == "object" && !Array.isArray(data32)){if(data32.weight === undefined){const err65 = {instancePath:instancePath+"/deploy/canary",schemaPath:"#/properties/deploy/properties/canary/required",keyword:"required",params:{missingProperty: "weight"},message:"must have required property '"+"weight"+"'",schema:schema22.properties.deploy.properties.canary.required,parentSchema:schema22.properties.deploy.properties.canary,data:data32};if(vErrors === null){vErrors = [err65];}else {vErrors.push(err65);}errors++;}for(const key6 in data32){if(!(key6 === "weight")){const err66 = {instancePath:instancePath+"/deploy/canary",schemaPath:"#/properties/deploy/properties/canary/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema22.properties.deploy.properties.canary,data:data32};if(vErrors === null){vErrors = [err66];}else {vErrors.push(err66);}errors++;}}if(data32.weight !== undefined){let data33 = data32.weight;if((typeof data33 == "number") && (isFinite(data33))){if(data33 > 100 || isNaN(data33)){const err67 = {instancePath:instancePath+"/deploy/canary/weight",schemaPath:"#/properties/deploy/properties/canary/properties/weight/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100},message:"must be <= 100",schema:100,parentSchema:schema22.properties.deploy.properties.canary.properties.weight,data:data33};if(vErrors === null){vErrors = [err67];}else {vErrors.push(err67);}errors++;}if(data33 < 0 || isNaN(data33)){const err68 = {instancePath:instancePath+"/deploy/canary/weight",schemaPath:"#/properties/deploy/properties/canary/properties/weight/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema22.properties.deploy.properties.canary.properties.weight,data:data33};if(vErrors === null){vErrors = [err68];}else {vErrors.push(err68);}errors++;}}else {const err69 = {instancePath:instancePath+"/deploy/canary/weight",schemaPath:"#/properties/deploy/properties/canary/properties/weight/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema22.properties.deploy.properties.canary.properties.weight.type,parentSchema:schema22.properties.deploy.properties.canary.properties.weight,data:data33};if(vErrors === null){vErrors = [err69];}else {vErrors.push(err69);}errors++;}}}else {const err70 = {instancePath:instancePath+"/deploy/canary",schemaPath:"#/properties/deploy/properties/canary/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema22.properties.deploy.properties.canary.type,parentSchema:schema22.properties.deploy.properties.canary,data:data32};if(vErrors === null){vErrors = [err70];}else {vErrors.push(err70);}errors++;}}if(data31.rollback_on !== undefined){let data34 = data31.rollback_on;if(data34 && typeof data34 == "object" && !Array.isArray(data34)){if(Object.keys(data34).length < 1){const err71 = {instancePath:instancePath+"/deploy/rollback_on",schemaPath:"#/properties/deploy/properties/rollback_on/minProperties",keyword:"minProperties",params:{limit: 1},message:"must NOT have fewer than 1 properties",schema:1,parentSchema:schema22.properties.deploy.properties.rollback_on,data:data34};if(vErrors === null){vErrors = [err71];}else {vErrors.push(err71);}errors++;}for(const key7 in data34){let data35 = data34[key7];if(typeof data35 === "string"){if(func2(data35) < 1){const err72 = {instancePath:instancePath+"/deploy/rollback_on/" + key7.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/deploy/properties/rollback_on/additionalProperties/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema22.properties.deploy.properties.rollback_on.additionalProperties,data:data35};if(vErrors === null){vErrors = [err72];}else {vErrors.push(err72);}errors++;}}else {const err73 = {instancePath:instancePath+"/deploy/rollback_on/" + key7.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/deploy/properties/rollback_on/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema22.properties.deploy.properties.rollback_on.additionalProperties.type,parentSchema:schema22.properties.deploy.properties.rollback_on.additionalProperties,data:data35};if(vErrors === null){vErrors = [err73];}else {vErrors.push(err73);}errors++;}}}else {const err74 = {instancePath:instancePath+"/deploy/rollback_on",schemaPath:"#/properties/deploy/properties/rollback_on/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema22.properties.deploy.properties.rollback_on.type,parentSchema:schema22.properties.deploy.properties.rollback_on,data:data34};if(vErrors === null){vErrors = [err74];}else {vErrors.push(err74);}errors++;}}if(data31.min_samples !== undefined){let data36 = data31.min_samples;if(!(((typeof data36 == "number") && (!(data36 % 1) && !isNaN(data36))) && (isFinite(data36)))){const err75 = {instancePath:instancePath+"/deploy/min_samples",schemaPath:"#/properties/deploy/properties/min_samples/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema22.properties.deploy.properties.min_samples.type,parentSchema:schema22.properties.deploy.properties.min_samples,data:data36};if(vErrors === null){vErrors = [err75];}else {vErrors.push(err75);}errors++;}if((typeof data36 == "number") && (isFinite(data36))){if(data36 < 1 || isNaN(data36)){const err76 = {instancePath:instancePath+"/deploy/min_samples",schemaPath:"#/properties/deploy/properties/min_samples/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema22.properties.deploy.properties.min_samples,data:data36};if(vErrors === null){vErrors = [err76];}else {vErrors.push(err76);}errors++;}}}}else {const err77 = {instancePath:instancePath+"/deploy",schemaPath:"#/properties/deploy/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema22.properties.deploy.type,parentSchema:schema22.properties.deploy,data:data31};if(vErrors === null){vErrors = [err77];}else {vErrors.push(err77);}errors++;}}if(data.harvest !== undefined){let data37 = data.harvest;if(data37 && typeof data37 == "object" && !Array.isArray(data37)){for(const key8 in data37){if(!(key8 === "keep")){const err78 = {instancePath:instancePath+"/harvest",schemaPath:"#/properties/harvest/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties",schema:false,parentSchema:schema22.properties.harvest,data:data37};if(vErrors === null){vErrors = [err78];}else {vErrors.push(err78);}errors++;}}if(data37.keep !== undefined){let data38 = data37.keep;if(Array.isArray(data38)){const len3 = data38.length;for(let i4=0; i4<len3; i4++){let data39 = data38[i4];if(typeof data39 === "string"){if(func2(data39) < 1){const err79 = {instancePath:instancePath+"/harvest/keep/" + i4,schemaPath:"#/properties/harvest/properties/keep/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema22.properties.harvest.properties.keep.items,data:data39};if(vErrors === null){vErrors = [err79];}else {vErrors.push(err79);}errors++;}}else {const err80 = {instancePath:instancePath+"/harvest/keep/" + i4,schemaPath:"#/properties/harvest/properties/keep/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema22.properties.harvest.properties.keep.items.type,parentSchema:schema22.properties.harvest.properties.keep.items,data:data39};if(vErrors === null){vErrors = [err80];}else {vErrors.push(err80);}errors++;}}let i5 = data38.length;let j1;if(i5 > 1){const indices1 = {};for(;i5--;){let item1 = data38[i5];if(typeof item1 !== "string"){continue;}if(typeof indices1[item1] == "number"){j1 = indices1[item1];const err81 = {instancePath:instancePath+"/harvest/keep",schemaPath:"#/properties/harvest/properties/keep/uniqueItems",keyword:"uniqueItems",params:{i: i5, j: j1},message:"must NOT have duplicate items (items ## "+j1+" and "+i5+" are identical)",schema:true,parentSchema:schema22.properties.harvest.properties.keep,data:data38};if(vErrors === null){vErrors = [err81];}else {vErrors.push(err81);}errors++;break;}indices1[item1] = i5;}}}else {const err82 = {instancePath:instancePath+"/harvest/keep",schemaPath:"#/properties/harvest/properties/keep/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema22.properties.harvest.properties.keep.type,parentSchema:schema22.properties.harvest.properties.keep,data:data38};if(vErrors === null){vErrors = [err82];}else {vErrors.push(err82);}errors++;}}}else {const err83 = {instancePath:instancePath+"/harvest",schemaPath:"#/properties/harvest/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema22.properties.harvest.type,parentSchema:schema22.properties.harvest,data:data37};if(vErrors === null){vErrors = [err83];}else {vErrors.push(err83);}errors++;}}if(data.max_steps !== undefined){let data40 = data.max_steps;if(!(((typeof data40 == "number") && (!(data40 % 1) && !isNaN(data40))) && (isFinite(data40)))){const err84 = {instancePath:instancePath+"/max_steps",schemaPath:"#/properties/max_steps/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema22.properties.max_steps.type,parentSchema:schema22.properties.max_steps,data:data40};if(vErrors === null){vErrors = [err84];}else {vErrors.push(err84);}errors++;}if((typeof data40 == "number") && (isFinite(data40))){if(data40 > 50 || isNaN(data40)){const err85 = {instancePath:instancePath+"/max_steps",schemaPath:"#/properties/max_steps/maximum",keyword:"maximum",params:{comparison: "<=", limit: 50},message:"must be <= 50",schema:50,parentSchema:schema22.properties.max_steps,data:data40};if(vErrors === null){vErrors = [err85];}else {vErrors.push(err85);}errors++;}if(data40 < 1 || isNaN(data40)){const err86 = {instancePath:instancePath+"/max_steps",schemaPath:"#/properties/max_steps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema22.properties.max_steps,data:data40};if(vErrors === null){vErrors = [err86];}else {vErrors.push(err86);}errors++;}}}if(data.embedding_model !== undefined){let data41 = data.embedding_model;if(typeof data41 === "string"){if(!pattern20.test(data41)){const err87 = {instancePath:instancePath+"/embedding_model",schemaPath:"#/properties/embedding_model/pattern",keyword:"pattern",params:{pattern: "^[a-z]+:.+$"},message:"must match pattern \""+"^[a-z]+:.+$"+"\"",schema:"^[a-z]+:.+$",parentSchema:schema22.properties.embedding_model,data:data41};if(vErrors === null){vErrors = [err87];}else {vErrors.push(err87);}errors++;}}else {const err88 = {instancePath:instancePath+"/embedding_model",schemaPath:"#/properties/embedding_model/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema22.properties.embedding_model.type,parentSchema:schema22.properties.embedding_model,data:data41};if(vErrors === null){vErrors = [err88];}else {vErrors.push(err88);}errors++;}}if(data.metrics !== undefined){let data42 = data.metrics;if(!(data42 && typeof data42 == "object" && !Array.isArray(data42))){const err89 = {instancePath:instancePath+"/metrics",schemaPath:"#/properties/metrics/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema22.properties.metrics.type,parentSchema:schema22.properties.metrics,data:data42};if(vErrors === null){vErrors = [err89];}else {vErrors.push(err89);}errors++;}}}else {const err90 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema22.type,parentSchema:schema22,data};if(vErrors === null){vErrors = [err90];}else {vErrors.push(err90);}errors++;}validate19.errors = vErrors;return errors === 0;}const promptgate = validate20;const schema23 = {"$schema":"http://json-schema.org/draft-07/schema#","$id":"promptgate/promptgate.schema.json","title":"promptgate promptgate.yaml","description":"Repository-wide defaults, at the repository root. Action inputs and CLI flags override them; prompt.yaml overrides the model settings per folder.","type":"object","additionalProperties":false,"properties":{"provider":{"type":"string","pattern":"^[A-Za-z][A-Za-z0-9_-]*$","description":"openai, anthropic, azure, bedrock, vertex, or the name of an OpenAI-compatible server under endpoints: in promptgate.yaml. azure: Azure OpenAI through the openai SDK's AzureOpenAI client (AZURE_OPENAI_API_KEY, AZURE_OPENAI_ENDPOINT, OPENAI_API_VERSION); `model` is then the deployment name. bedrock / vertex: Claude through Anthropic's Bedrock and Vertex SDKs (AWS_REGION and AWS credentials; CLOUD_ML_REGION, ANTHROPIC_VERTEX_PROJECT_ID and Google credentials); `model` is then the platform's model id."},"model":{"type":"string","minLength":1},"models":{"type":"array","description":"Run every folder whose prompt.yaml has none once per model, each a suite of its own: entries are provider:model (openai:gpt-4.1, anthropic:claude-sonnet-5-5, ollama:qwen3:8b for an endpoint of promptgate.yaml) or a model of the folder's provider, or an object with the model's own settings ({ model: openai:gpt-5-mini, max_tokens: 4000, reasoning_effort: low }), which win over the folder's; gate: false makes a candidate model that never blocks. A model listed twice (however written) is an error. Only a known provider name (built in, or an endpoint) before the first colon is a provider (ft:... stays a model name).","minItems":1,"items":{"oneOf":[{"type":"string","minLength":1},{"type":"object","required":["model"],"additionalProperties":false,"properties":{"model":{"type":"string","minLength":1,"description":"provider:model, or a model of the folder's provider."},"gate":{"type":"boolean","description":"false: a candidate model, shown and compared with its base but never blocking the merge (nor holding a release back). Default true."},"max_tokens":{"type":"integer","minimum":1,"description":"This model's max_tokens, over the folder's. Reasoning models spend part of it thinking."},"temperature":{"type":"number","minimum":0,"maximum":2,"description":"This model's temperature, over the folder's; sent as written, even to a model family known to refuse it (the folder's is not sent to gpt-5* and o-series models)."},"top_p":{"type":"number","minimum":0,"maximum":1,"description":"Nucleus sampling for this model; sent as written."},"reasoning_effort":{"enum":["none","minimal","low","medium","high","xhigh","max"],"description":"OpenAI reasoning models (and OpenAI-compatible endpoints that take it): reasoning_effort. Not for Claude, which takes thinking_budget."},"thinking_budget":{"type":"integer","minimum":1024,"description":"Claude (anthropic, bedrock, vertex): extended thinking with this budget of tokens, sent as thinking: { type: enabled, budget_tokens }. Must be less than max_tokens."},"thinking":{"type":"object","required":["budget_tokens"],"additionalProperties":false,"description":"The same as thinking_budget, written as the Messages API writes it.","properties":{"budget_tokens":{"type":"integer","minimum":1024}}}}}]}},"traffic_per_day":{"type":"number","exclusiveMinimum":0,"description":"Runs a day in production: the comment projects each model's cost per month (30 days) from it."},"temperature":{"type":"number","minimum":0,"maximum":2},"max_tokens":{"type":"integer","minimum":1},"structured_output":{"type":"boolean","description":"Default true: schema.json (when the folder has one) is sent to the provider as structured output (OpenAI response_format json_schema, Anthropic output_config.format), and every answer is also checked against it. false: only checked, so the tests show whether the prompt alone yields valid JSON."},"threshold":{"type":"number","minimum":0,"maximum":1,"description":"Minimum pass rate, 0..1 (default 0.95)."},"concurrency":{"type":"integer","minimum":1,"description":"Model calls in flight at once."},"prompts":{"description":"Paths or globs (*, **, ?) where prompt folders are searched: a list, or one text of paths separated by commas or lines (as the action input takes them).","oneOf":[{"type":"array","items":{"type":"string","minLength":1}},{"type":"string","minLength":1}]},"pricing":{"type":"object","description":"Price overrides by model name, in USD per 1M tokens.","additionalProperties":{"type":"object","required":["input","output"],"additionalProperties":false,"properties":{"input":{"type":"number","minimum":0},"output":{"type":"number","minimum":0},"cachedInput":{"type":"number","minimum":0,"description":"Cached input tokens (cache reads)."},"cacheWrite":{"type":"number","minimum":0,"description":"Input tokens written to the cache."},"cacheWrite1h":{"type":"number","minimum":0,"description":"Input tokens written to the 1-hour cache (Anthropic); default: cacheWrite."}}}},"max_cost_increase":{"type":"number","minimum":0,"description":"Fail when head costs more than this many percent over base."},"repeat":{"type":"integer","minimum":1,"maximum":100,"description":"Run every test this many times (k-of-n: N; default 1)."},"min_pass":{"type":"integer","minimum":1,"maximum":100,"description":"Runs of a test that must pass (k-of-n: K; default: all of them)."},"fail_on_regression":{"enum":["off","significant"],"description":"`significant` also fails a folder that is above the threshold but significantly worse than its base (exact McNemar, p < 0.05). Default off."},"block_on":{"enum":["all","regressions"],"description":"What blocks the merge. `all` (default): every failure. `regressions`: only new failures (tests failing on the head that did not fail on the base), required tests and missed metric targets; failures already on the base are shown, not blocking."},"judge":{"type":"string","minLength":1,"description":"Default judge of `rubric` assertions, provider:model (e.g. openai:gpt-4o-mini)."},"metrics":{"type":"object","description":"Default success metrics for every folder (see prompt.yaml `metrics`); a folder's own metric of the same name wins."},"endpoints":{"type":"object","description":"OpenAI-compatible servers by name (Ollama, vLLM, LM Studio, LiteLLM, OpenRouter, Mistral, Groq, Gemini\u2026), called through the openai SDK: a folder uses provider: NAME, or NAME:model in model: or models: (the name is everything before the first colon). A name may not be a built-in provider's.","propertyNames":{"pattern":"^[A-Za-z][A-Za-z0-9_-]*$"},"additionalProperties":{"type":"object","required":["base_url"],"additionalProperties":false,"properties":{"base_url":{"type":"string","minLength":1,"description":"The URL the server serves /chat/completions under, e.g. http://localhost:11434/v1. Credentials in it are treated as secrets."},"token_limit_field":{"enum":["max_tokens","max_completion_tokens"],"description":"The field max_tokens is sent in. Default max_tokens, which every compatible server reads (Ollama ignores max_completion_tokens: ollama#7125)."},"api_key_env":{"type":"string","pattern":"^[A-Za-z_][A-Za-z0-9_]*$","description":"The environment variable that holds the server's key (sent as a bearer token). Without it, no key is sent."}}}}}};const pattern23 = new RegExp("^[A-Za-z_][A-Za-z0-9_]*$", "u");function validate20(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){let vErrors = null;let errors = 0;if(data && typeof data == "object" && !Array.isArray(data)){for(const key0 in data){if(!(func9.call(schema23.properties, key0))){const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema23,data};if(vErrors === null){vErrors = [err0];}else {vErrors.push(err0);}errors++;}}if(data.provider !== undefined){let data0 = data.provider;if(typeof data0 === "string"){if(!pattern18.test(data0)){const err1 = {instancePath:instancePath+"/provider",schemaPath:"#/properties/provider/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z][A-Za-z0-9_-]*$"},message:"must match pattern \""+"^[A-Za-z][A-Za-z0-9_-]*$"+"\"",schema:"^[A-Za-z][A-Za-z0-9_-]*$",parentSchema:schema23.properties.provider,data:data0};if(vErrors === null){vErrors = [err1];}else {vErrors.push(err1);}errors++;}}else {const err2 = {instancePath:instancePath+"/provider",schemaPath:"#/properties/provider/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.provider.type,parentSchema:schema23.properties.provider,data:data0};if(vErrors === null){vErrors = [err2];}else {vErrors.push(err2);}errors++;}}if(data.model !== undefined){let data1 = data.model;if(typeof data1 === "string"){if(func2(data1) < 1){const err3 = {instancePath:instancePath+"/model",schemaPath:"#/properties/model/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema23.properties.model,data:data1};if(vErrors === null){vErrors = [err3];}else {vErrors.push(err3);}errors++;}}else {const err4 = {instancePath:instancePath+"/model",schemaPath:"#/properties/model/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.model.type,parentSchema:schema23.properties.model,data:data1};if(vErrors === null){vErrors = [err4];}else {vErrors.push(err4);}errors++;}}if(data.models !== undefined){let data2 = data.models;if(Array.isArray(data2)){if(data2.length < 1){const err5 = {instancePath:instancePath+"/models",schemaPath:"#/properties/models/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema23.properties.models,data:data2};if(vErrors === null){vErrors = [err5];}else {vErrors.push(err5);}errors++;}const len0 = data2.length;for(let i0=0; i0<len0; i0++){let data3 = data2[i0];const _errs9 = errors;let valid3 = false;let passing0 = null;const _errs10 = errors;if(typeof data3 === "string"){if(func2(data3) < 1){const err6 = {instancePath:instancePath+"/models/" + i0,schemaPath:"#/properties/models/items/oneOf/0/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema23.properties.models.items.oneOf[0],data:data3};if(vErrors === null){vErrors = [err6];}else {vErrors.push(err6);}errors++;}}else {const err7 = {instancePath:instancePath+"/models/" + i0,schemaPath:"#/properties/models/items/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.models.items.oneOf[0].type,parentSchema:schema23.properties.models.items.oneOf[0],data:data3};if(vErrors === null){vErrors = [err7];}else {vErrors.push(err7);}errors++;}var _valid0 = _errs10 === errors;if(_valid0){valid3 = true;passing0 = 0;}const _errs12 = errors;if(data3 && typeof data3 == "object" && !Array.isArray(data3)){if(data3.model === undefined){const err8 = {instancePath:instancePath+"/models/" + i0,schemaPath:"#/properties/models/items/oneOf/1/required",keyword:"required",params:{missingProperty: "model"},message:"must have required property '"+"model"+"'",schema:schema23.properties.models.items.oneOf[1].required,parentSchema:schema23.properties.models.items.oneOf[1],data:data3};if(vErrors === null){vErrors = [err8];}else {vErrors.push(err8);}errors++;}for(const key1 in data3){if(!((((((((key1 === "model") || (key1 === "gate")) || (key1 === "max_tokens")) || (key1 === "temperature")) || (key1 === "top_p")) || (key1 === "reasoning_effort")) || (key1 === "thinking_budget")) || (key1 === "thinking"))){const err9 = {instancePath:instancePath+"/models/" + i0,schemaPath:"#/properties/models/items/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema23.properties.models.items.oneOf[1],data:data3};if(vErrors === null){vErrors = [err9];}else {vErrors.push(err9);}errors++;}}if(data3.model !== undefined){let data4 = data3.model;if(typeof data4 === "string"){if(func2(data4) < 1){const err10 = {instancePath:instancePath+"/models/" + i0+"/model",schemaPath:"#/properties/models/items/oneOf/1/properties/model/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema23.properties.models.items.oneOf[1].properties.model,data:data4};if(vErrors === null){vErrors = [err10];}else {vErrors.push(err10);}errors++;}}else {const err11 = {instancePath:instancePath+"/models/" + i0+"/model",schemaPath:"#/properties/models/items/oneOf/1/properties/model/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.models.items.oneOf[1].properties.model.type,parentSchema:schema23.properties.models.items.oneOf[1].properties.model,data:data4};if(vErrors === null){vErrors = [err11];}else {vErrors.push(err11);}errors++;}}if(data3.gate !== undefined){let data5 = data3.gate;if(typeof data5 !== "boolean"){const err12 = {instancePath:instancePath+"/models/" + i0+"/gate",schemaPath:"#/properties/models/items/oneOf/1/properties/gate/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema23.properties.models.items.oneOf[1].properties.gate.type,parentSchema:schema23.properties.models.items.oneOf[1].properties.gate,data:data5};if(vErrors === null){vErrors = [err12];}else {vErrors.push(err12);}errors++;}}if(data3.max_tokens !== undefined){let data6 = data3.max_tokens;if(!(((typeof data6 == "number") && (!(data6 % 1) && !isNaN(data6))) && (isFinite(data6)))){const err13 = {instancePath:instancePath+"/models/" + i0+"/max_tokens",schemaPath:"#/properties/models/items/oneOf/1/properties/max_tokens/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema23.properties.models.items.oneOf[1].properties.max_tokens.type,parentSchema:schema23.properties.models.items.oneOf[1].properties.max_tokens,data:data6};if(vErrors === null){vErrors = [err13];}else {vErrors.push(err13);}errors++;}if((typeof data6 == "number") && (isFinite(data6))){if(data6 < 1 || isNaN(data6)){const err14 = {instancePath:instancePath+"/models/" + i0+"/max_tokens",schemaPath:"#/properties/models/items/oneOf/1/properties/max_tokens/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema23.properties.models.items.oneOf[1].properties.max_tokens,data:data6};if(vErrors === null){vErrors = [err14];}else {vErrors.push(err14);}errors++;}}}if(data3.temperature !== undefined){let data7 = data3.temperature;if((typeof data7 == "number") && (isFinite(data7))){if(data7 > 2 || isNaN(data7)){const err15 = {instancePath:instancePath+"/models/" + i0+"/temperature",schemaPath:"#/properties/models/items/oneOf/1/properties/temperature/maximum",keyword:"maximum",params:{comparison: "<=", limit: 2},message:"must be <= 2",schema:2,parentSchema:schema23.properties.models.items.oneOf[1].properties.temperature,data:data7};if(vErrors === null){vErrors = [err15];}else {vErrors.push(err15);}errors++;}if(data7 < 0 || isNaN(data7)){const err16 = {instancePath:instancePath+"/models/" + i0+"/temperature",schemaPath:"#/properties/models/items/oneOf/1/properties/temperature/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema23.properties.models.items.oneOf[1].properties.temperature,data:data7};if(vErrors === null){vErrors = [err16];}else {vErrors.push(err16);}errors++;}}else {const err17 = {instancePath:instancePath+"/models/" + i0+"/temperature",schemaPath:"#/properties/models/items/oneOf/1/properties/temperature/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema23.properties.models.items.oneOf[1].properties.temperature.type,parentSchema:schema23.properties.models.items.oneOf[1].properties.temperature,data:data7};if(vErrors === null){vErrors = [err17];}else {vErrors.push(err17);}errors++;}}if(data3.top_p !== undefined){let data8 = data3.top_p;if((typeof data8 == "number") && (isFinite(data8))){if(data8 > 1 || isNaN(data8)){const err18 = {instancePath:instancePath+"/models/" + i0+"/top_p",schemaPath:"#/properties/models/items/oneOf/1/properties/top_p/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1},message:"must be <= 1",schema:1,parentSchema:schema23.properties.models.items.oneOf[1].properties.top_p,data:data8};if(vErrors === null){vErrors = [err18];}else {vErrors.push(err18);}errors++;}if(data8 < 0 || isNaN(data8)){const err19 = {instancePath:instancePath+"/models/" + i0+"/top_p",schemaPath:"#/properties/models/items/oneOf/1/properties/top_p/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema23.properties.models.items.oneOf[1].properties.top_p,data:data8};if(vErrors === null){vErrors = [err19];}else {vErrors.push(err19);}errors++;}}else {const err20 = {instancePath:instancePath+"/models/" + i0+"/top_p",schemaPath:"#/properties/models/items/oneOf/1/properties/top_p/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema23.properties.models.items.oneOf[1].properties.top_p.type,parentSchema:schema23.properties.models.items.oneOf[1].properties.top_p,data:data8};if(vErrors === null){vErrors = [err20];}else {vErrors.push(err20);}errors++;}}if(data3.reasoning_effort !== undefined){let data9 = data3.reasoning_effort;if(!(((((((data9 === "none") || (data9 === "minimal")) || (data9 === "low")) || (data9 === "medium")) || (data9 === "high")) || (data9 === "xhigh")) || (data9 === "max"))){const err21 = {instancePath:instancePath+"/models/" + i0+"/reasoning_effort",schemaPath:"#/properties/models/items/oneOf/1/properties/reasoning_effort/enum",keyword:"enum",params:{allowedValues: schema23.properties.models.items.oneOf[1].properties.reasoning_effort.enum},message:"must be equal to one of the allowed values",schema:schema23.properties.models.items.oneOf[1].properties.reasoning_effort.enum,parentSchema:schema23.properties.models.items.oneOf[1].properties.reasoning_effort,data:data9};if(vErrors === null){vErrors = [err21];}else {vErrors.push(err21);}errors++;}}if(data3.thinking_budget !== undefined){let data10 = data3.thinking_budget;if(!(((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10))) && (isFinite(data10)))){const err22 = {instancePath:instancePath+"/models/" + i0+"/thinking_budget",schemaPath:"#/properties/models/items/oneOf/1/properties/thinking_budget/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema23.properties.models.items.oneOf[1].properties.thinking_budget.type,parentSchema:schema23.properties.models.items.oneOf[1].properties.thinking_budget,data:data10};if(vErrors === null){vErrors = [err22];}else {vErrors.push(err22);}errors++;}if((typeof data10 == "number") && (isFinite(data10))){if(data10 < 1024 || isNaN(data10)){const err23 = {instancePath:instancePath+"/models/" + i0+"/thinking_budget",schemaPath:"#/properties/models/items/oneOf/1/properties/thinking_budget/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1024},message:"must be >= 1024",schema:1024,parentSchema:schema23.properties.models.items.oneOf[1].properties.thinking_budget,data:data10};if(vErrors === null){vErrors = [err23];}else {vErrors.push(err23);}errors++;}}}if(data3.thinking !== undefined){let data11 = data3.thinking;if(data11 && typeof data11 == "object" && !Array.isArray(data11)){if(data11.budget_tokens === undefined){const err24 = {instancePath:instancePath+"/models/" + i0+"/thinking",schemaPath:"#/properties/models/items/oneOf/1/properties/thinking/required",keyword:"required",params:{missingProperty: "budget_tokens"},message:"must have required property '"+"budget_tokens"+"'",schema:schema23.properties.models.items.oneOf[1].properties.thinking.required,parentSchema:schema23.properties.models.items.oneOf[1].properties.thinking,data:data11};if(vErrors === null){vErrors = [err24];}else {vErrors.push(err24);}errors++;}for(const key2 in data11){if(!(key2 === "budget_tokens")){const err25 = {instancePath:instancePath+"/models/" + i0+"/thinking",schemaPath:"#/properties/models/items/oneOf/1/properties/thinking/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema23.properties.models.items.oneOf[1].properties.thinking,data:data11};if(vErrors === null){vErrors = [err25];}else {vErrors.push(err25);}errors++;}}if(data11.budget_tokens !== undefined){let data12 = data11.budget_tokens;if(!(((typeof data12 == "number") && (!(data12 % 1) && !isNaN(data12))) && (isFinite(data12)))){const err26 = {instancePath:instancePath+"/models/" + i0+"/thinking/budget_tokens",schemaPath:"#/properties/models/items/oneOf/1/properties/thinking/properties/budget_tokens/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema23.properties.models.items.oneOf[1].properties.thinking.properties.budget_tokens.type,parentSchema:schema23.properties.models.items.oneOf[1].properties.thinking.properties.budget_tokens,data:data12};if(vErrors === null){vErrors = [err26];}else {vErrors.push(err26);}errors++;}if((typeof data12 == "number") && (isFinite(data12))){if(data12 < 1024 || isNaN(data12)){const err27 = {instancePath:instancePath+"/models/" + i0+"/thinking/budget_tokens",schemaPath:"#/properties/models/items/oneOf/1/properties/thinking/properties/budget_tokens/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1024},message:"must be >= 1024",schema:1024,parentSchema:schema23.properties.models.items.oneOf[1].properties.thinking.properties.budget_tokens,data:data12};if(vErrors === null){vErrors = [err27];}else {vErrors.push(err27);}errors++;}}}}else {const err28 = {instancePath:instancePath+"/models/" + i0+"/thinking",schemaPath:"#/properties/models/items/oneOf/1/properties/thinking/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema23.properties.models.items.oneOf[1].properties.thinking.type,parentSchema:schema23.properties.models.items.oneOf[1].properties.thinking,data:data11};if(vErrors === null){vErrors = [err28];}else {vErrors.push(err28);}errors++;}}}else {const err29 = {instancePath:instancePath+"/models/" + i0,schemaPath:"#/properties/models/items/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema23.properties.models.items.oneOf[1].type,parentSchema:schema23.properties.models.items.oneOf[1],data:data3};if(vErrors === null){vErrors = [err29];}else {vErrors.push(err29);}errors++;}var _valid0 = _errs12 === errors;if(_valid0 && valid3){valid3 = false;passing0 = [passing0, 1];}else {if(_valid0){valid3 = true;passing0 = 1;}}if(!valid3){const err30 = {instancePath:instancePath+"/models/" + i0,schemaPath:"#/properties/models/items/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf",schema:schema23.properties.models.items.oneOf,parentSchema:schema23.properties.models.items,data:data3};if(vErrors === null){vErrors = [err30];}else {vErrors.push(err30);}errors++;}else {errors = _errs9;if(vErrors !== null){if(_errs9){vErrors.length = _errs9;}else {vErrors = null;}}}}}else {const err31 = {instancePath:instancePath+"/models",schemaPath:"#/properties/models/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema23.properties.models.type,parentSchema:schema23.properties.models,data:data2};if(vErrors === null){vErrors = [err31];}else {vErrors.push(err31);}errors++;}}if(data.traffic_per_day !== undefined){let data13 = data.traffic_per_day;if((typeof data13 == "number") && (isFinite(data13))){if(data13 <= 0 || isNaN(data13)){const err32 = {instancePath:instancePath+"/traffic_per_day",schemaPath:"#/properties/traffic_per_day/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema23.properties.traffic_per_day,data:data13};if(vErrors === null){vErrors = [err32];}else {vErrors.push(err32);}errors++;}}else {const err33 = {instancePath:instancePath+"/traffic_per_day",schemaPath:"#/properties/traffic_per_day/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema23.properties.traffic_per_day.type,parentSchema:schema23.properties.traffic_per_day,data:data13};if(vErrors === null){vErrors = [err33];}else {vErrors.push(err33);}errors++;}}if(data.temperature !== undefined){let data14 = data.temperature;if((typeof data14 == "number") && (isFinite(data14))){if(data14 > 2 || isNaN(data14)){const err34 = {instancePath:instancePath+"/temperature",schemaPath:"#/properties/temperature/maximum",keyword:"maximum",params:{comparison: "<=", limit: 2},message:"must be <= 2",schema:2,parentSchema:schema23.properties.temperature,data:data14};if(vErrors === null){vErrors = [err34];}else {vErrors.push(err34);}errors++;}if(data14 < 0 || isNaN(data14)){const err35 = {instancePath:instancePath+"/temperature",schemaPath:"#/properties/temperature/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema23.properties.temperature,data:data14};if(vErrors === null){vErrors = [err35];}else {vErrors.push(err35);}errors++;}}else {const err36 = {instancePath:instancePath+"/temperature",schemaPath:"#/properties/temperature/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema23.properties.temperature.type,parentSchema:schema23.properties.temperature,data:data14};if(vErrors === null){vErrors = [err36];}else {vErrors.push(err36);}errors++;}}if(data.max_tokens !== undefined){let data15 = data.max_tokens;if(!(((typeof data15 == "number") && (!(data15 % 1) && !isNaN(data15))) && (isFinite(data15)))){const err37 = {instancePath:instancePath+"/max_tokens",schemaPath:"#/properties/max_tokens/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema23.properties.max_tokens.type,parentSchema:schema23.properties.max_tokens,data:data15};if(vErrors === null){vErrors = [err37];}else {vErrors.push(err37);}errors++;}if((typeof data15 == "number") && (isFinite(data15))){if(data15 < 1 || isNaN(data15)){const err38 = {instancePath:instancePath+"/max_tokens",schemaPath:"#/properties/max_tokens/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema23.properties.max_tokens,data:data15};if(vErrors === null){vErrors = [err38];}else {vErrors.push(err38);}errors++;}}}if(data.structured_output !== undefined){let data16 = data.structured_output;if(typeof data16 !== "boolean"){const err39 = {instancePath:instancePath+"/structured_output",schemaPath:"#/properties/structured_output/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema23.properties.structured_output.type,parentSchema:schema23.properties.structured_output,data:data16};if(vErrors === null){vErrors = [err39];}else {vErrors.push(err39);}errors++;}}if(data.threshold !== undefined){let data17 = data.threshold;if((typeof data17 == "number") && (isFinite(data17))){if(data17 > 1 || isNaN(data17)){const err40 = {instancePath:instancePath+"/threshold",schemaPath:"#/properties/threshold/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1},message:"must be <= 1",schema:1,parentSchema:schema23.properties.threshold,data:data17};if(vErrors === null){vErrors = [err40];}else {vErrors.push(err40);}errors++;}if(data17 < 0 || isNaN(data17)){const err41 = {instancePath:instancePath+"/threshold",schemaPath:"#/properties/threshold/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema23.properties.threshold,data:data17};if(vErrors === null){vErrors = [err41];}else {vErrors.push(err41);}errors++;}}else {const err42 = {instancePath:instancePath+"/threshold",schemaPath:"#/properties/threshold/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema23.properties.threshold.type,parentSchema:schema23.properties.threshold,data:data17};if(vErrors === null){vErrors = [err42];}else {vErrors.push(err42);}errors++;}}if(data.concurrency !== undefined){let data18 = data.concurrency;if(!(((typeof data18 == "number") && (!(data18 % 1) && !isNaN(data18))) && (isFinite(data18)))){const err43 = {instancePath:instancePath+"/concurrency",schemaPath:"#/properties/concurrency/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema23.properties.concurrency.type,parentSchema:schema23.properties.concurrency,data:data18};if(vErrors === null){vErrors = [err43];}else {vErrors.push(err43);}errors++;}if((typeof data18 == "number") && (isFinite(data18))){if(data18 < 1 || isNaN(data18)){const err44 = {instancePath:instancePath+"/concurrency",schemaPath:"#/properties/concurrency/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema23.properties.concurrency,data:data18};if(vErrors === null){vErrors = [err44];}else {vErrors.push(err44);}errors++;}}}if(data.prompts !== undefined){let data19 = data.prompts;const _errs46 = errors;let valid6 = false;let passing1 = null;const _errs47 = errors;if(Array.isArray(data19)){const len1 = data19.length;for(let i1=0; i1<len1; i1++){let data20 = data19[i1];if(typeof data20 === "string"){if(func2(data20) < 1){const err45 = {instancePath:instancePath+"/prompts/" + i1,schemaPath:"#/properties/prompts/oneOf/0/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema23.properties.prompts.oneOf[0].items,data:data20};if(vErrors === null){vErrors = [err45];}else {vErrors.push(err45);}errors++;}}else {const err46 = {instancePath:instancePath+"/prompts/" + i1,schemaPath:"#/properties/prompts/oneOf/0/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.prompts.oneOf[0].items.type,parentSchema:schema23.properties.prompts.oneOf[0].items,data:data20};if(vErrors === null){vErrors = [err46];}else {vErrors.push(err46);}errors++;}}}else {const err47 = {instancePath:instancePath+"/prompts",schemaPath:"#/properties/prompts/oneOf/0/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema23.properties.prompts.oneOf[0].type,parentSchema:schema23.properties.prompts.oneOf[0],data:data19};if(vErrors === null){vErrors = [err47];}else {vErrors.push(err47);}errors++;}var _valid1 = _errs47 === errors;if(_valid1){valid6 = true;passing1 = 0;}const _errs51 = errors;if(typeof data19 === "string"){if(func2(data19) < 1){const err48 = {instancePath:instancePath+"/prompts",schemaPath:"#/properties/prompts/oneOf/1/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema23.properties.prompts.oneOf[1],data:data19};if(vErrors === null){vErrors = [err48];}else {vErrors.push(err48);}errors++;}}else {const err49 = {instancePath:instancePath+"/prompts",schemaPath:"#/properties/prompts/oneOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.prompts.oneOf[1].type,parentSchema:schema23.properties.prompts.oneOf[1],data:data19};if(vErrors === null){vErrors = [err49];}else {vErrors.push(err49);}errors++;}var _valid1 = _errs51 === errors;if(_valid1 && valid6){valid6 = false;passing1 = [passing1, 1];}else {if(_valid1){valid6 = true;passing1 = 1;}}if(!valid6){const err50 = {instancePath:instancePath+"/prompts",schemaPath:"#/properties/prompts/oneOf",keyword:"oneOf",params:{passingSchemas: passing1},message:"must match exactly one schema in oneOf",schema:schema23.properties.prompts.oneOf,parentSchema:schema23.properties.prompts,data:data19};if(vErrors === null){vErrors = [err50];}else {vErrors.push(err50);}errors++;}else {errors = _errs46;if(vErrors !== null){if(_errs46){vErrors.length = _errs46;}else {vErrors = null;}}}}if(data.pricing !== undefined){let data21 = data.pricing;if(data21 && typeof data21 == "object" && !Array.isArray(data21)){for(const key3 in data21){let data22 = data21[key3];if(data22 && typeof data22 == "object" && !Array.isArray(data22)){if(data22.input === undefined){const err51 = {instancePath:instancePath+"/pricing/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/pricing/additionalProperties/required",keyword:"required",params:{missingProperty: "input"},message:"must have required property '"+"input"+"'",schema:schema23.properties.pricing.additionalProperties.required,parentSchema:schema23.properties.pricing.additionalProperties,data:data22};if(vErrors === null){vErrors = [err51];}else {vErrors.push(err51);}errors++;}if(data22.output === undefined){const err52 = {instancePath:instancePath+"/pricing/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/pricing/additionalProperties/required",keyword:"required",params:{missingProperty: "output"},message:"must have required property '"+"output"+"'",schema:schema23.properties.pricing.additionalProperties.required,parentSchema:schema23.properties.pricing.additionalProperties,data:data22};if(vErrors === null){vErrors = [err52];}else {vErrors.push(err52);}errors++;}for(const key4 in data22){if(!(((((key4 === "input") || (key4 === "output")) || (key4 === "cachedInput")) || (key4 === "cacheWrite")) || (key4 === "cacheWrite1h"))){const err53 = {instancePath:instancePath+"/pricing/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/pricing/additionalProperties/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema23.properties.pricing.additionalProperties,data:data22};if(vErrors === null){vErrors = [err53];}else {vErrors.push(err53);}errors++;}}if(data22.input !== undefined){let data23 = data22.input;if((typeof data23 == "number") && (isFinite(data23))){if(data23 < 0 || isNaN(data23)){const err54 = {instancePath:instancePath+"/pricing/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/input",schemaPath:"#/properties/pricing/additionalProperties/properties/input/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema23.properties.pricing.additionalProperties.properties.input,data:data23};if(vErrors === null){vErrors = [err54];}else {vErrors.push(err54);}errors++;}}else {const err55 = {instancePath:instancePath+"/pricing/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/input",schemaPath:"#/properties/pricing/additionalProperties/properties/input/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema23.properties.pricing.additionalProperties.properties.input.type,parentSchema:schema23.properties.pricing.additionalProperties.properties.input,data:data23};if(vErrors === null){vErrors = [err55];}else {vErrors.push(err55);}errors++;}}if(data22.output !== undefined){let data24 = data22.output;if((typeof data24 == "number") && (isFinite(data24))){if(data24 < 0 || isNaN(data24)){const err56 = {instancePath:instancePath+"/pricing/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/output",schemaPath:"#/properties/pricing/additionalProperties/properties/output/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema23.properties.pricing.additionalProperties.properties.output,data:data24};if(vErrors === null){vErrors = [err56];}else {vErrors.push(err56);}errors++;}}else {const err57 = {instancePath:instancePath+"/pricing/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/output",schemaPath:"#/properties/pricing/additionalProperties/properties/output/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema23.properties.pricing.additionalProperties.properties.output.type,parentSchema:schema23.properties.pricing.additionalProperties.properties.output,data:data24};if(vErrors === null){vErrors = [err57];}else {vErrors.push(err57);}errors++;}}if(data22.cachedInput !== undefined){let data25 = data22.cachedInput;if((typeof data25 == "number") && (isFinite(data25))){if(data25 < 0 || isNaN(data25)){const err58 = {instancePath:instancePath+"/pricing/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/cachedInput",schemaPath:"#/properties/pricing/additionalProperties/properties/cachedInput/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema23.properties.pricing.additionalProperties.properties.cachedInput,data:data25};if(vErrors === null){vErrors = [err58];}else {vErrors.push(err58);}errors++;}}else {const err59 = {instancePath:instancePath+"/pricing/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/cachedInput",schemaPath:"#/properties/pricing/additionalProperties/properties/cachedInput/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema23.properties.pricing.additionalProperties.properties.cachedInput.type,parentSchema:schema23.properties.pricing.additionalProperties.properties.cachedInput,data:data25};if(vErrors === null){vErrors = [err59];}else {vErrors.push(err59);}errors++;}}if(data22.cacheWrite !== undefined){let data26 = data22.cacheWrite;if((typeof data26 == "number") && (isFinite(data26))){if(data26 < 0 || isNaN(data26)){const err60 = {instancePath:instancePath+"/pricing/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/cacheWrite",schemaPath:"#/properties/pricing/additionalProperties/properties/cacheWrite/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema23.properties.pricing.additionalProperties.properties.cacheWrite,data:data26};if(vErrors === null){vErrors = [err60];}else {vErrors.push(err60);}errors++;}}else {const err61 = {instancePath:instancePath+"/pricing/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/cacheWrite",schemaPath:"#/properties/pricing/additionalProperties/properties/cacheWrite/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema23.properties.pricing.additionalProperties.properties.cacheWrite.type,parentSchema:schema23.properties.pricing.additionalProperties.properties.cacheWrite,data:data26};if(vErrors === null){vErrors = [err61];}else {vErrors.push(err61);}errors++;}}if(data22.cacheWrite1h !== undefined){let data27 = data22.cacheWrite1h;if((typeof data27 == "number") && (isFinite(data27))){if(data27 < 0 || isNaN(data27)){const err62 = {instancePath:instancePath+"/pricing/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/cacheWrite1h",schemaPath:"#/properties/pricing/additionalProperties/properties/cacheWrite1h/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema23.properties.pricing.additionalProperties.properties.cacheWrite1h,data:data27};if(vErrors === null){vErrors = [err62];}else {vErrors.push(err62);}errors++;}}else {const err63 = {instancePath:instancePath+"/pricing/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/cacheWrite1h",schemaPath:"#/properties/pricing/additionalProperties/properties/cacheWrite1h/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema23.properties.pricing.additionalProperties.properties.cacheWrite1h.type,parentSchema:schema23.properties.pricing.additionalProperties.properties.cacheWrite1h,data:data27};if(vErrors === null){vErrors = [err63];}else {vErrors.push(err63);}errors++;}}}else {const err64 = {instancePath:instancePath+"/pricing/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/pricing/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema23.properties.pricing.additionalProperties.type,parentSchema:schema23.properties.pricing.additionalProperties,data:data22};if(vErrors === null){vErrors = [err64];}else {vErrors.push(err64);}errors++;}}}else {const err65 = {instancePath:instancePath+"/pricing",schemaPath:"#/properties/pricing/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema23.properties.pricing.type,parentSchema:schema23.properties.pricing,data:data21};if(vErrors === null){vErrors = [err65];}else {vErrors.push(err65);}errors++;}}if(data.max_cost_increase !== undefined){let data28 = data.max_cost_increase;if((typeof data28 == "number") && (isFinite(data28))){if(data28 < 0 || isNaN(data28)){const err66 = {instancePath:instancePath+"/max_cost_increase",schemaPath:"#/properties/max_cost_increase/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema23.properties.max_cost_increase,data:data28};if(vErrors === null){vErrors = [err66];}else {vErrors.push(err66);}errors++;}}else {const err67 = {instancePath:instancePath+"/max_cost_increase",schemaPath:"#/properties/max_cost_increase/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema23.properties.max_cost_increase.type,parentSchema:schema23.properties.max_cost_increase,data:data28};if(vErrors === null){vErrors = [err67];}else {vErrors.push(err67);}errors++;}}if(data.repeat !== undefined){let data29 = data.repeat;if(!(((typeof data29 == "number") && (!(data29 % 1) && !isNaN(data29))) && (isFinite(data29)))){const err68 = {instancePath:instancePath+"/repeat",schemaPath:"#/properties/repeat/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema23.properties.repeat.type,parentSchema:schema23.properties.repeat,data:data29};if(vErrors === null){vErrors = [err68];}else {vErrors.push(err68);}errors++;}if((typeof data29 == "number") && (isFinite(data29))){if(data29 > 100 || isNaN(data29)){const err69 = {instancePath:instancePath+"/repeat",schemaPath:"#/properties/repeat/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100},message:"must be <= 100",schema:100,parentSchema:schema23.properties.repeat,data:data29};if(vErrors === null){vErrors = [err69];}else {vErrors.push(err69);}errors++;}if(data29 < 1 || isNaN(data29)){const err70 = {instancePath:instancePath+"/repeat",schemaPath:"#/properties/repeat/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema23.properties.repeat,data:data29};if(vErrors === null){vErrors = [err70];}else {vErrors.push(err70);}errors++;}}}if(data.min_pass !== undefined){let data30 = data.min_pass;if(!(((typeof data30 == "number") && (!(data30 % 1) && !isNaN(data30))) && (isFinite(data30)))){const err71 = {instancePath:instancePath+"/min_pass",schemaPath:"#/properties/min_pass/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema23.properties.min_pass.type,parentSchema:schema23.properties.min_pass,data:data30};if(vErrors === null){vErrors = [err71];}else {vErrors.push(err71);}errors++;}if((typeof data30 == "number") && (isFinite(data30))){if(data30 > 100 || isNaN(data30)){const err72 = {instancePath:instancePath+"/min_pass",schemaPath:"#/properties/min_pass/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100},message:"must be <= 100",schema:100,parentSchema:schema23.properties.min_pass,data:data30};if(vErrors === null){vErrors = [err72];}else {vErrors.push(err72);}errors++;}if(data30 < 1 || isNaN(data30)){const err73 = {instancePath:instancePath+"/min_pass",schemaPath:"#/properties/min_pass/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema23.properties.min_pass,data:data30};if(vErrors === null){vErrors = [err73];}else {vErrors.push(err73);}errors++;}}}if(data.fail_on_regression !== undefined){let data31 = data.fail_on_regression;if(!((data31 === "off") || (data31 === "significant"))){const err74 = {instancePath:instancePath+"/fail_on_regression",schemaPath:"#/properties/fail_on_regression/enum",keyword:"enum",params:{allowedValues: schema23.properties.fail_on_regression.enum},message:"must be equal to one of the allowed values",schema:schema23.properties.fail_on_regression.enum,parentSchema:schema23.properties.fail_on_regression,data:data31};if(vErrors === null){vErrors = [err74];}else {vErrors.push(err74);}errors++;}}if(data.block_on !== undefined){let data32 = data.block_on;if(!((data32 === "all") || (data32 === "regressions"))){const err75 = {instancePath:instancePath+"/block_on",schemaPath:"#/properties/block_on/enum",keyword:"enum",params:{allowedValues: schema23.properties.block_on.enum},message:"must be equal to one of the allowed values",schema:schema23.properties.block_on.enum,parentSchema:schema23.properties.block_on,data:data32};if(vErrors === null){vErrors = [err75];}else {vErrors.push(err75);}errors++;}}if(data.judge !== undefined){let data33 = data.judge;if(typeof data33 === "string"){if(func2(data33) < 1){const err76 = {instancePath:instancePath+"/judge",schemaPath:"#/properties/judge/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema23.properties.judge,data:data33};if(vErrors === null){vErrors = [err76];}else {vErrors.push(err76);}errors++;}}else {const err77 = {instancePath:instancePath+"/judge",schemaPath:"#/properties/judge/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.judge.type,parentSchema:schema23.properties.judge,data:data33};if(vErrors === null){vErrors = [err77];}else {vErrors.push(err77);}errors++;}}if(data.metrics !== undefined){let data34 = data.metrics;if(!(data34 && typeof data34 == "object" && !Array.isArray(data34))){const err78 = {instancePath:instancePath+"/metrics",schemaPath:"#/properties/metrics/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema23.properties.metrics.type,parentSchema:schema23.properties.metrics,data:data34};if(vErrors === null){vErrors = [err78];}else {vErrors.push(err78);}errors++;}}if(data.endpoints !== undefined){let data35 = data.endpoints;if(data35 && typeof data35 == "object" && !Array.isArray(data35)){for(const key5 in data35){const _errs83 = errors;if(typeof key5 === "string"){if(!pattern18.test(key5)){const err79 = {instancePath:instancePath+"/endpoints",schemaPath:"#/properties/endpoints/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z][A-Za-z0-9_-]*$"},message:"must match pattern \""+"^[A-Za-z][A-Za-z0-9_-]*$"+"\"",schema:"^[A-Za-z][A-Za-z0-9_-]*$",parentSchema:schema23.properties.endpoints.propertyNames,data:key5,propertyName:key5};if(vErrors === null){vErrors = [err79];}else {vErrors.push(err79);}errors++;}}var valid11 = _errs83 === errors;if(!valid11){const err80 = {instancePath:instancePath+"/endpoints",schemaPath:"#/properties/endpoints/propertyNames",keyword:"propertyNames",params:{propertyName: key5},message:"property name must be valid",schema:schema23.properties.endpoints.propertyNames,parentSchema:schema23.properties.endpoints,data:data35};if(vErrors === null){vErrors = [err80];}else {vErrors.push(err80);}errors++;}}for(const key6 in data35){let data36 = data35[key6];if(data36 && typeof data36 == "object" && !Array.isArray(data36)){if(data36.base_url === undefined){const err81 = {instancePath:instancePath+"/endpoints/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/endpoints/additionalProperties/required",keyword:"required",params:{missingProperty: "base_url"},message:"must have required property '"+"base_url"+"'",schema:schema23.properties.endpoints.additionalProperties.required,parentSchema:schema23.properties.endpoints.additionalProperties,data:data36};if(vErrors === null){vErrors = [err81];}else {vErrors.push(err81);}errors++;}for(const key7 in data36){if(!(((key7 === "base_url") || (key7 === "token_limit_field")) || (key7 === "api_key_env"))){const err82 = {instancePath:instancePath+"/endpoints/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/endpoints/additionalProperties/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties",schema:false,parentSchema:schema23.properties.endpoints.additionalProperties,data:data36};if(vErrors === null){vErrors = [err82];}else {vErrors.push(err82);}errors++;}}if(data36.base_url !== undefined){let data37 = data36.base_url;if(typeof data37 === "string"){if(func2(data37) < 1){const err83 = {instancePath:instancePath+"/endpoints/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/base_url",schemaPath:"#/properties/endpoints/additionalProperties/properties/base_url/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema23.properties.endpoints.additionalProperties.properties.base_url,data:data37};if(vErrors === null){vErrors = [err83];}else {vErrors.push(err83);}errors++;}}else {const err84 = {instancePath:instancePath+"/endpoints/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/base_url",schemaPath:"#/properties/endpoints/additionalProperties/properties/base_url/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.endpoints.additionalProperties.properties.base_url.type,parentSchema:schema23.properties.endpoints.additionalProperties.properties.base_url,data:data37};if(vErrors === null){vErrors = [err84];}else {vErrors.push(err84);}errors++;}}if(data36.token_limit_field !== undefined){let data38 = data36.token_limit_field;if(!((data38 === "max_tokens") || (data38 === "max_completion_tokens"))){const err85 = {instancePath:instancePath+"/endpoints/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/token_limit_field",schemaPath:"#/properties/endpoints/additionalProperties/properties/token_limit_field/enum",keyword:"enum",params:{allowedValues: schema23.properties.endpoints.additionalProperties.properties.token_limit_field.enum},message:"must be equal to one of the allowed values",schema:schema23.properties.endpoints.additionalProperties.properties.token_limit_field.enum,parentSchema:schema23.properties.endpoints.additionalProperties.properties.token_limit_field,data:data38};if(vErrors === null){vErrors = [err85];}else {vErrors.push(err85);}errors++;}}if(data36.api_key_env !== undefined){let data39 = data36.api_key_env;if(typeof data39 === "string"){if(!pattern23.test(data39)){const err86 = {instancePath:instancePath+"/endpoints/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/api_key_env",schemaPath:"#/properties/endpoints/additionalProperties/properties/api_key_env/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z_][A-Za-z0-9_]*$"},message:"must match pattern \""+"^[A-Za-z_][A-Za-z0-9_]*$"+"\"",schema:"^[A-Za-z_][A-Za-z0-9_]*$",parentSchema:schema23.properties.endpoints.additionalProperties.properties.api_key_env,data:data39};if(vErrors === null){vErrors = [err86];}else {vErrors.push(err86);}errors++;}}else {const err87 = {instancePath:instancePath+"/endpoints/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/api_key_env",schemaPath:"#/properties/endpoints/additionalProperties/properties/api_key_env/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.endpoints.additionalProperties.properties.api_key_env.type,parentSchema:schema23.properties.endpoints.additionalProperties.properties.api_key_env,data:data39};if(vErrors === null){vErrors = [err87];}else {vErrors.push(err87);}errors++;}}}else {const err88 = {instancePath:instancePath+"/endpoints/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/endpoints/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema23.properties.endpoints.additionalProperties.type,parentSchema:schema23.properties.endpoints.additionalProperties,data:data36};if(vErrors === null){vErrors = [err88];}else {vErrors.push(err88);}errors++;}}}else {const err89 = {instancePath:instancePath+"/endpoints",schemaPath:"#/properties/endpoints/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema23.properties.endpoints.type,parentSchema:schema23.properties.endpoints,data:data35};if(vErrors === null){vErrors = [err89];}else {vErrors.push(err89);}errors++;}}}else {const err90 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema23.type,parentSchema:schema23,data};if(vErrors === null){vErrors = [err90];}else {vErrors.push(err90);}errors++;}validate20.errors = vErrors;return errors === 0;}const draft07Meta$1 = validate0;const schema0 = {"$schema":"http://json-schema.org/draft-07/schema#","$id":"http://json-schema.org/draft-07/schema#","title":"Core schema meta-schema","definitions":{"schemaArray":{"type":"array","minItems":1,"items":{"$ref":"#"}},"nonNegativeInteger":{"type":"integer","minimum":0},"nonNegativeIntegerDefault0":{"allOf":[{"$ref":"#/definitions/nonNegativeInteger"},{"default":0}]},"simpleTypes":{"enum":["array","boolean","integer","null","number","object","string"]},"stringArray":{"type":"array","items":{"type":"string"},"uniqueItems":true,"default":[]}},"type":["object","boolean"],"properties":{"$id":{"type":"string","format":"uri-reference"},"$schema":{"type":"string","format":"uri"},"$ref":{"type":"string","format":"uri-reference"},"$comment":{"type":"string"},"title":{"type":"string"},"description":{"type":"string"},"default":true,"readOnly":{"type":"boolean","default":false},"examples":{"type":"array","items":true},"multipleOf":{"type":"number","exclusiveMinimum":0},"maximum":{"type":"number"},"exclusiveMaximum":{"type":"number"},"minimum":{"type":"number"},"exclusiveMinimum":{"type":"number"},"maxLength":{"$ref":"#/definitions/nonNegativeInteger"},"minLength":{"$ref":"#/definitions/nonNegativeIntegerDefault0"},"pattern":{"type":"string","format":"regex"},"additionalItems":{"$ref":"#"},"items":{"anyOf":[{"$ref":"#"},{"$ref":"#/definitions/schemaArray"}],"default":true},"maxItems":{"$ref":"#/definitions/nonNegativeInteger"},"minItems":{"$ref":"#/definitions/nonNegativeIntegerDefault0"},"uniqueItems":{"type":"boolean","default":false},"contains":{"$ref":"#"},"maxProperties":{"$ref":"#/definitions/nonNegativeInteger"},"minProperties":{"$ref":"#/definitions/nonNegativeIntegerDefault0"},"required":{"$ref":"#/definitions/stringArray"},"additionalProperties":{"$ref":"#"},"definitions":{"type":"object","additionalProperties":{"$ref":"#"},"default":{}},"properties":{"type":"object","additionalProperties":{"$ref":"#"},"default":{}},"patternProperties":{"type":"object","additionalProperties":{"$ref":"#"},"propertyNames":{"format":"regex"},"default":{}},"dependencies":{"type":"object","additionalProperties":{"anyOf":[{"$ref":"#"},{"$ref":"#/definitions/stringArray"}]}},"propertyNames":{"$ref":"#"},"const":true,"enum":{"type":"array","items":true,"minItems":1,"uniqueItems":true},"type":{"anyOf":[{"$ref":"#/definitions/simpleTypes"},{"type":"array","items":{"$ref":"#/definitions/simpleTypes"},"minItems":1,"uniqueItems":true}]},"format":{"type":"string"},"contentMediaType":{"type":"string"},"contentEncoding":{"type":"string"},"if":{"$ref":"#"},"then":{"$ref":"#"},"else":{"$ref":"#"},"allOf":{"$ref":"#/definitions/schemaArray"},"anyOf":{"$ref":"#/definitions/schemaArray"},"oneOf":{"$ref":"#/definitions/schemaArray"},"not":{"$ref":"#"}},"default":true};const schema1 = {"type":"integer","minimum":0};const schema7 = {"type":"array","items":{"type":"string"},"uniqueItems":true,"default":[]};const schema9 = {"enum":["array","boolean","integer","null","number","object","string"]};function validate1(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){let vErrors = null;let errors = 0;if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){const err0 = {instancePath,schemaPath:"#/definitions/nonNegativeInteger/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema1.type,parentSchema:schema1,data};if(vErrors === null){vErrors = [err0];}else {vErrors.push(err0);}errors++;}if((typeof data == "number") && (isFinite(data))){if(data < 0 || isNaN(data)){const err1 = {instancePath,schemaPath:"#/definitions/nonNegativeInteger/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema1,data};if(vErrors === null){vErrors = [err1];}else {vErrors.push(err1);}errors++;}}validate1.errors = vErrors;return errors === 0;}const schema4 = {"type":"array","minItems":1,"items":{"$ref":"#"}};const root0 = {validate: validate0};function validate3(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){let vErrors = null;let errors = 0;if(Array.isArray(data)){if(data.length < 1){const err0 = {instancePath,schemaPath:"#/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema4,data};if(vErrors === null){vErrors = [err0];}else {vErrors.push(err0);}errors++;}const len0 = data.length;for(let i0=0; i0<len0; i0++){if(!(root0.validate(data[i0], {instancePath:instancePath+"/" + i0,parentData:data,parentDataProperty:i0,rootData}))){vErrors = vErrors === null ? root0.validate.errors : vErrors.concat(root0.validate.errors);errors = vErrors.length;}}}else {const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema4.type,parentSchema:schema4,data};if(vErrors === null){vErrors = [err1];}else {vErrors.push(err1);}errors++;}validate3.errors = vErrors;return errors === 0;}const func0 = { default: function equal(a, b) {
  if (a === b) return true;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (Array.isArray(a)) return a.length === b.length && a.every((item, index) => equal(item, b[index]));
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && equal(a[key], b[key]));
  }
  return a !== a && b !== b;
} }.default;function validate0(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){let vErrors = null;let errors = 0;if((!(data && typeof data == "object" && !Array.isArray(data))) && (typeof data !== "boolean")){const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: schema0.type},message:"must be object,boolean",schema:schema0.type,parentSchema:schema0,data};if(vErrors === null){vErrors = [err0];}else {vErrors.push(err0);}errors++;}if(data && typeof data == "object" && !Array.isArray(data)){if(data.$id !== undefined){let data0 = data.$id;if(!(typeof data0 === "string")){const err1 = {instancePath:instancePath+"/$id",schemaPath:"#/properties/%24id/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.$id.type,parentSchema:schema0.properties.$id,data:data0};if(vErrors === null){vErrors = [err1];}else {vErrors.push(err1);}errors++;}}if(data.$schema !== undefined){let data1 = data.$schema;if(!(typeof data1 === "string")){const err2 = {instancePath:instancePath+"/$schema",schemaPath:"#/properties/%24schema/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.$schema.type,parentSchema:schema0.properties.$schema,data:data1};if(vErrors === null){vErrors = [err2];}else {vErrors.push(err2);}errors++;}}if(data.$ref !== undefined){let data2 = data.$ref;if(!(typeof data2 === "string")){const err3 = {instancePath:instancePath+"/$ref",schemaPath:"#/properties/%24ref/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.$ref.type,parentSchema:schema0.properties.$ref,data:data2};if(vErrors === null){vErrors = [err3];}else {vErrors.push(err3);}errors++;}}if(data.$comment !== undefined){let data3 = data.$comment;if(typeof data3 !== "string"){const err4 = {instancePath:instancePath+"/$comment",schemaPath:"#/properties/%24comment/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.$comment.type,parentSchema:schema0.properties.$comment,data:data3};if(vErrors === null){vErrors = [err4];}else {vErrors.push(err4);}errors++;}}if(data.title !== undefined){let data4 = data.title;if(typeof data4 !== "string"){const err5 = {instancePath:instancePath+"/title",schemaPath:"#/properties/title/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.title.type,parentSchema:schema0.properties.title,data:data4};if(vErrors === null){vErrors = [err5];}else {vErrors.push(err5);}errors++;}}if(data.description !== undefined){let data5 = data.description;if(typeof data5 !== "string"){const err6 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.description.type,parentSchema:schema0.properties.description,data:data5};if(vErrors === null){vErrors = [err6];}else {vErrors.push(err6);}errors++;}}if(data.readOnly !== undefined){let data6 = data.readOnly;if(typeof data6 !== "boolean"){const err7 = {instancePath:instancePath+"/readOnly",schemaPath:"#/properties/readOnly/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema0.properties.readOnly.type,parentSchema:schema0.properties.readOnly,data:data6};if(vErrors === null){vErrors = [err7];}else {vErrors.push(err7);}errors++;}}if(data.examples !== undefined){let data7 = data.examples;if(!(Array.isArray(data7))){const err8 = {instancePath:instancePath+"/examples",schemaPath:"#/properties/examples/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema0.properties.examples.type,parentSchema:schema0.properties.examples,data:data7};if(vErrors === null){vErrors = [err8];}else {vErrors.push(err8);}errors++;}}if(data.multipleOf !== undefined){let data8 = data.multipleOf;if((typeof data8 == "number") && (isFinite(data8))){if(data8 <= 0 || isNaN(data8)){const err9 = {instancePath:instancePath+"/multipleOf",schemaPath:"#/properties/multipleOf/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema0.properties.multipleOf,data:data8};if(vErrors === null){vErrors = [err9];}else {vErrors.push(err9);}errors++;}}else {const err10 = {instancePath:instancePath+"/multipleOf",schemaPath:"#/properties/multipleOf/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema0.properties.multipleOf.type,parentSchema:schema0.properties.multipleOf,data:data8};if(vErrors === null){vErrors = [err10];}else {vErrors.push(err10);}errors++;}}if(data.maximum !== undefined){let data9 = data.maximum;if(!((typeof data9 == "number") && (isFinite(data9)))){const err11 = {instancePath:instancePath+"/maximum",schemaPath:"#/properties/maximum/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema0.properties.maximum.type,parentSchema:schema0.properties.maximum,data:data9};if(vErrors === null){vErrors = [err11];}else {vErrors.push(err11);}errors++;}}if(data.exclusiveMaximum !== undefined){let data10 = data.exclusiveMaximum;if(!((typeof data10 == "number") && (isFinite(data10)))){const err12 = {instancePath:instancePath+"/exclusiveMaximum",schemaPath:"#/properties/exclusiveMaximum/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema0.properties.exclusiveMaximum.type,parentSchema:schema0.properties.exclusiveMaximum,data:data10};if(vErrors === null){vErrors = [err12];}else {vErrors.push(err12);}errors++;}}if(data.minimum !== undefined){let data11 = data.minimum;if(!((typeof data11 == "number") && (isFinite(data11)))){const err13 = {instancePath:instancePath+"/minimum",schemaPath:"#/properties/minimum/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema0.properties.minimum.type,parentSchema:schema0.properties.minimum,data:data11};if(vErrors === null){vErrors = [err13];}else {vErrors.push(err13);}errors++;}}if(data.exclusiveMinimum !== undefined){let data12 = data.exclusiveMinimum;if(!((typeof data12 == "number") && (isFinite(data12)))){const err14 = {instancePath:instancePath+"/exclusiveMinimum",schemaPath:"#/properties/exclusiveMinimum/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema0.properties.exclusiveMinimum.type,parentSchema:schema0.properties.exclusiveMinimum,data:data12};if(vErrors === null){vErrors = [err14];}else {vErrors.push(err14);}errors++;}}if(data.maxLength !== undefined){let data13 = data.maxLength;if(!(((typeof data13 == "number") && (!(data13 % 1) && !isNaN(data13))) && (isFinite(data13)))){const err15 = {instancePath:instancePath+"/maxLength",schemaPath:"#/definitions/nonNegativeInteger/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema1.type,parentSchema:schema1,data:data13};if(vErrors === null){vErrors = [err15];}else {vErrors.push(err15);}errors++;}if((typeof data13 == "number") && (isFinite(data13))){if(data13 < 0 || isNaN(data13)){const err16 = {instancePath:instancePath+"/maxLength",schemaPath:"#/definitions/nonNegativeInteger/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema1,data:data13};if(vErrors === null){vErrors = [err16];}else {vErrors.push(err16);}errors++;}}}if(data.minLength !== undefined){if(!(validate1(data.minLength, {instancePath:instancePath+"/minLength",parentData:data,parentDataProperty:"minLength",rootData}))){vErrors = vErrors === null ? validate1.errors : vErrors.concat(validate1.errors);errors = vErrors.length;}}if(data.pattern !== undefined){let data15 = data.pattern;if(!(typeof data15 === "string")){const err17 = {instancePath:instancePath+"/pattern",schemaPath:"#/properties/pattern/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.pattern.type,parentSchema:schema0.properties.pattern,data:data15};if(vErrors === null){vErrors = [err17];}else {vErrors.push(err17);}errors++;}}if(data.additionalItems !== undefined){if(!(validate0(data.additionalItems, {instancePath:instancePath+"/additionalItems",parentData:data,parentDataProperty:"additionalItems",rootData}))){vErrors = vErrors === null ? validate0.errors : vErrors.concat(validate0.errors);errors = vErrors.length;}}if(data.items !== undefined){let data17 = data.items;const _errs35 = errors;let valid2 = false;const _errs36 = errors;if(!(validate0(data17, {instancePath:instancePath+"/items",parentData:data,parentDataProperty:"items",rootData}))){vErrors = vErrors === null ? validate0.errors : vErrors.concat(validate0.errors);errors = vErrors.length;}var _valid0 = _errs36 === errors;valid2 = valid2 || _valid0;if(!valid2){const _errs37 = errors;if(!(validate3(data17, {instancePath:instancePath+"/items",parentData:data,parentDataProperty:"items",rootData}))){vErrors = vErrors === null ? validate3.errors : vErrors.concat(validate3.errors);errors = vErrors.length;}var _valid0 = _errs37 === errors;valid2 = valid2 || _valid0;}if(!valid2){const err18 = {instancePath:instancePath+"/items",schemaPath:"#/properties/items/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema0.properties.items.anyOf,parentSchema:schema0.properties.items,data:data17};if(vErrors === null){vErrors = [err18];}else {vErrors.push(err18);}errors++;}else {errors = _errs35;if(vErrors !== null){if(_errs35){vErrors.length = _errs35;}else {vErrors = null;}}}}if(data.maxItems !== undefined){let data18 = data.maxItems;if(!(((typeof data18 == "number") && (!(data18 % 1) && !isNaN(data18))) && (isFinite(data18)))){const err19 = {instancePath:instancePath+"/maxItems",schemaPath:"#/definitions/nonNegativeInteger/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema1.type,parentSchema:schema1,data:data18};if(vErrors === null){vErrors = [err19];}else {vErrors.push(err19);}errors++;}if((typeof data18 == "number") && (isFinite(data18))){if(data18 < 0 || isNaN(data18)){const err20 = {instancePath:instancePath+"/maxItems",schemaPath:"#/definitions/nonNegativeInteger/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema1,data:data18};if(vErrors === null){vErrors = [err20];}else {vErrors.push(err20);}errors++;}}}if(data.minItems !== undefined){if(!(validate1(data.minItems, {instancePath:instancePath+"/minItems",parentData:data,parentDataProperty:"minItems",rootData}))){vErrors = vErrors === null ? validate1.errors : vErrors.concat(validate1.errors);errors = vErrors.length;}}if(data.uniqueItems !== undefined){let data20 = data.uniqueItems;if(typeof data20 !== "boolean"){const err21 = {instancePath:instancePath+"/uniqueItems",schemaPath:"#/properties/uniqueItems/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema0.properties.uniqueItems.type,parentSchema:schema0.properties.uniqueItems,data:data20};if(vErrors === null){vErrors = [err21];}else {vErrors.push(err21);}errors++;}}if(data.contains !== undefined){if(!(validate0(data.contains, {instancePath:instancePath+"/contains",parentData:data,parentDataProperty:"contains",rootData}))){vErrors = vErrors === null ? validate0.errors : vErrors.concat(validate0.errors);errors = vErrors.length;}}if(data.maxProperties !== undefined){let data22 = data.maxProperties;if(!(((typeof data22 == "number") && (!(data22 % 1) && !isNaN(data22))) && (isFinite(data22)))){const err22 = {instancePath:instancePath+"/maxProperties",schemaPath:"#/definitions/nonNegativeInteger/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema1.type,parentSchema:schema1,data:data22};if(vErrors === null){vErrors = [err22];}else {vErrors.push(err22);}errors++;}if((typeof data22 == "number") && (isFinite(data22))){if(data22 < 0 || isNaN(data22)){const err23 = {instancePath:instancePath+"/maxProperties",schemaPath:"#/definitions/nonNegativeInteger/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema1,data:data22};if(vErrors === null){vErrors = [err23];}else {vErrors.push(err23);}errors++;}}}if(data.minProperties !== undefined){if(!(validate1(data.minProperties, {instancePath:instancePath+"/minProperties",parentData:data,parentDataProperty:"minProperties",rootData}))){vErrors = vErrors === null ? validate1.errors : vErrors.concat(validate1.errors);errors = vErrors.length;}}if(data.required !== undefined){let data24 = data.required;if(Array.isArray(data24)){const len0 = data24.length;for(let i0=0; i0<len0; i0++){let data25 = data24[i0];if(typeof data25 !== "string"){const err24 = {instancePath:instancePath+"/required/" + i0,schemaPath:"#/definitions/stringArray/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema7.items.type,parentSchema:schema7.items,data:data25};if(vErrors === null){vErrors = [err24];}else {vErrors.push(err24);}errors++;}}let i1 = data24.length;let j0;if(i1 > 1){const indices0 = {};for(;i1--;){let item0 = data24[i1];if(typeof item0 !== "string"){continue;}if(typeof indices0[item0] == "number"){j0 = indices0[item0];const err25 = {instancePath:instancePath+"/required",schemaPath:"#/definitions/stringArray/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)",schema:true,parentSchema:schema7,data:data24};if(vErrors === null){vErrors = [err25];}else {vErrors.push(err25);}errors++;break;}indices0[item0] = i1;}}}else {const err26 = {instancePath:instancePath+"/required",schemaPath:"#/definitions/stringArray/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema7.type,parentSchema:schema7,data:data24};if(vErrors === null){vErrors = [err26];}else {vErrors.push(err26);}errors++;}}if(data.additionalProperties !== undefined){if(!(validate0(data.additionalProperties, {instancePath:instancePath+"/additionalProperties",parentData:data,parentDataProperty:"additionalProperties",rootData}))){vErrors = vErrors === null ? validate0.errors : vErrors.concat(validate0.errors);errors = vErrors.length;}}if(data.definitions !== undefined){let data27 = data.definitions;if(data27 && typeof data27 == "object" && !Array.isArray(data27)){for(const key0 in data27){if(!(validate0(data27[key0], {instancePath:instancePath+"/definitions/" + key0.replace(/~/g, "~0").replace(/\//g, "~1"),parentData:data27,parentDataProperty:key0,rootData}))){vErrors = vErrors === null ? validate0.errors : vErrors.concat(validate0.errors);errors = vErrors.length;}}}else {const err27 = {instancePath:instancePath+"/definitions",schemaPath:"#/properties/definitions/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema0.properties.definitions.type,parentSchema:schema0.properties.definitions,data:data27};if(vErrors === null){vErrors = [err27];}else {vErrors.push(err27);}errors++;}}if(data.properties !== undefined){let data29 = data.properties;if(data29 && typeof data29 == "object" && !Array.isArray(data29)){for(const key1 in data29){if(!(validate0(data29[key1], {instancePath:instancePath+"/properties/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),parentData:data29,parentDataProperty:key1,rootData}))){vErrors = vErrors === null ? validate0.errors : vErrors.concat(validate0.errors);errors = vErrors.length;}}}else {const err28 = {instancePath:instancePath+"/properties",schemaPath:"#/properties/properties/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema0.properties.properties.type,parentSchema:schema0.properties.properties,data:data29};if(vErrors === null){vErrors = [err28];}else {vErrors.push(err28);}errors++;}}if(data.patternProperties !== undefined){let data31 = data.patternProperties;if(data31 && typeof data31 == "object" && !Array.isArray(data31)){for(const key2 in data31){const _errs65 = errors;var valid11 = _errs65 === errors;if(!valid11){const err29 = {instancePath:instancePath+"/patternProperties",schemaPath:"#/properties/patternProperties/propertyNames",keyword:"propertyNames",params:{propertyName: key2},message:"property name must be valid",schema:schema0.properties.patternProperties.propertyNames,parentSchema:schema0.properties.patternProperties,data:data31};if(vErrors === null){vErrors = [err29];}else {vErrors.push(err29);}errors++;}}for(const key3 in data31){if(!(validate0(data31[key3], {instancePath:instancePath+"/patternProperties/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),parentData:data31,parentDataProperty:key3,rootData}))){vErrors = vErrors === null ? validate0.errors : vErrors.concat(validate0.errors);errors = vErrors.length;}}}else {const err30 = {instancePath:instancePath+"/patternProperties",schemaPath:"#/properties/patternProperties/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema0.properties.patternProperties.type,parentSchema:schema0.properties.patternProperties,data:data31};if(vErrors === null){vErrors = [err30];}else {vErrors.push(err30);}errors++;}}if(data.dependencies !== undefined){let data33 = data.dependencies;if(data33 && typeof data33 == "object" && !Array.isArray(data33)){for(const key4 in data33){let data34 = data33[key4];const _errs72 = errors;let valid14 = false;const _errs73 = errors;if(!(validate0(data34, {instancePath:instancePath+"/dependencies/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),parentData:data33,parentDataProperty:key4,rootData}))){vErrors = vErrors === null ? validate0.errors : vErrors.concat(validate0.errors);errors = vErrors.length;}var _valid1 = _errs73 === errors;valid14 = valid14 || _valid1;if(!valid14){const _errs74 = errors;if(Array.isArray(data34)){const len1 = data34.length;for(let i2=0; i2<len1; i2++){let data35 = data34[i2];if(typeof data35 !== "string"){const err31 = {instancePath:instancePath+"/dependencies/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/" + i2,schemaPath:"#/definitions/stringArray/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema7.items.type,parentSchema:schema7.items,data:data35};if(vErrors === null){vErrors = [err31];}else {vErrors.push(err31);}errors++;}}let i3 = data34.length;let j1;if(i3 > 1){const indices1 = {};for(;i3--;){let item1 = data34[i3];if(typeof item1 !== "string"){continue;}if(typeof indices1[item1] == "number"){j1 = indices1[item1];const err32 = {instancePath:instancePath+"/dependencies/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/stringArray/uniqueItems",keyword:"uniqueItems",params:{i: i3, j: j1},message:"must NOT have duplicate items (items ## "+j1+" and "+i3+" are identical)",schema:true,parentSchema:schema7,data:data34};if(vErrors === null){vErrors = [err32];}else {vErrors.push(err32);}errors++;break;}indices1[item1] = i3;}}}else {const err33 = {instancePath:instancePath+"/dependencies/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/stringArray/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema7.type,parentSchema:schema7,data:data34};if(vErrors === null){vErrors = [err33];}else {vErrors.push(err33);}errors++;}var _valid1 = _errs74 === errors;valid14 = valid14 || _valid1;}if(!valid14){const err34 = {instancePath:instancePath+"/dependencies/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/dependencies/additionalProperties/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema0.properties.dependencies.additionalProperties.anyOf,parentSchema:schema0.properties.dependencies.additionalProperties,data:data34};if(vErrors === null){vErrors = [err34];}else {vErrors.push(err34);}errors++;}else {errors = _errs72;if(vErrors !== null){if(_errs72){vErrors.length = _errs72;}else {vErrors = null;}}}}}else {const err35 = {instancePath:instancePath+"/dependencies",schemaPath:"#/properties/dependencies/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema0.properties.dependencies.type,parentSchema:schema0.properties.dependencies,data:data33};if(vErrors === null){vErrors = [err35];}else {vErrors.push(err35);}errors++;}}if(data.propertyNames !== undefined){if(!(validate0(data.propertyNames, {instancePath:instancePath+"/propertyNames",parentData:data,parentDataProperty:"propertyNames",rootData}))){vErrors = vErrors === null ? validate0.errors : vErrors.concat(validate0.errors);errors = vErrors.length;}}if(data.enum !== undefined){let data37 = data.enum;if(Array.isArray(data37)){if(data37.length < 1){const err36 = {instancePath:instancePath+"/enum",schemaPath:"#/properties/enum/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema0.properties.enum,data:data37};if(vErrors === null){vErrors = [err36];}else {vErrors.push(err36);}errors++;}let i4 = data37.length;let j2;if(i4 > 1){outer0:for(;i4--;){for(j2 = i4; j2--;){if(func0(data37[i4], data37[j2])){const err37 = {instancePath:instancePath+"/enum",schemaPath:"#/properties/enum/uniqueItems",keyword:"uniqueItems",params:{i: i4, j: j2},message:"must NOT have duplicate items (items ## "+j2+" and "+i4+" are identical)",schema:true,parentSchema:schema0.properties.enum,data:data37};if(vErrors === null){vErrors = [err37];}else {vErrors.push(err37);}errors++;break outer0;}}}}}else {const err38 = {instancePath:instancePath+"/enum",schemaPath:"#/properties/enum/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema0.properties.enum.type,parentSchema:schema0.properties.enum,data:data37};if(vErrors === null){vErrors = [err38];}else {vErrors.push(err38);}errors++;}}if(data.type !== undefined){let data38 = data.type;const _errs83 = errors;let valid20 = false;const _errs84 = errors;if(!(((((((data38 === "array") || (data38 === "boolean")) || (data38 === "integer")) || (data38 === "null")) || (data38 === "number")) || (data38 === "object")) || (data38 === "string"))){const err39 = {instancePath:instancePath+"/type",schemaPath:"#/definitions/simpleTypes/enum",keyword:"enum",params:{allowedValues: schema9.enum},message:"must be equal to one of the allowed values",schema:schema9.enum,parentSchema:schema9,data:data38};if(vErrors === null){vErrors = [err39];}else {vErrors.push(err39);}errors++;}var _valid2 = _errs84 === errors;valid20 = valid20 || _valid2;if(!valid20){const _errs86 = errors;if(Array.isArray(data38)){if(data38.length < 1){const err40 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/anyOf/1/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema0.properties.type.anyOf[1],data:data38};if(vErrors === null){vErrors = [err40];}else {vErrors.push(err40);}errors++;}const len2 = data38.length;for(let i5=0; i5<len2; i5++){let data39 = data38[i5];if(!(((((((data39 === "array") || (data39 === "boolean")) || (data39 === "integer")) || (data39 === "null")) || (data39 === "number")) || (data39 === "object")) || (data39 === "string"))){const err41 = {instancePath:instancePath+"/type/" + i5,schemaPath:"#/definitions/simpleTypes/enum",keyword:"enum",params:{allowedValues: schema9.enum},message:"must be equal to one of the allowed values",schema:schema9.enum,parentSchema:schema9,data:data39};if(vErrors === null){vErrors = [err41];}else {vErrors.push(err41);}errors++;}}let i6 = data38.length;let j3;if(i6 > 1){outer1:for(;i6--;){for(j3 = i6; j3--;){if(func0(data38[i6], data38[j3])){const err42 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/anyOf/1/uniqueItems",keyword:"uniqueItems",params:{i: i6, j: j3},message:"must NOT have duplicate items (items ## "+j3+" and "+i6+" are identical)",schema:true,parentSchema:schema0.properties.type.anyOf[1],data:data38};if(vErrors === null){vErrors = [err42];}else {vErrors.push(err42);}errors++;break outer1;}}}}}else {const err43 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/anyOf/1/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema0.properties.type.anyOf[1].type,parentSchema:schema0.properties.type.anyOf[1],data:data38};if(vErrors === null){vErrors = [err43];}else {vErrors.push(err43);}errors++;}var _valid2 = _errs86 === errors;valid20 = valid20 || _valid2;}if(!valid20){const err44 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema0.properties.type.anyOf,parentSchema:schema0.properties.type,data:data38};if(vErrors === null){vErrors = [err44];}else {vErrors.push(err44);}errors++;}else {errors = _errs83;if(vErrors !== null){if(_errs83){vErrors.length = _errs83;}else {vErrors = null;}}}}if(data.format !== undefined){let data40 = data.format;if(typeof data40 !== "string"){const err45 = {instancePath:instancePath+"/format",schemaPath:"#/properties/format/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.format.type,parentSchema:schema0.properties.format,data:data40};if(vErrors === null){vErrors = [err45];}else {vErrors.push(err45);}errors++;}}if(data.contentMediaType !== undefined){let data41 = data.contentMediaType;if(typeof data41 !== "string"){const err46 = {instancePath:instancePath+"/contentMediaType",schemaPath:"#/properties/contentMediaType/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.contentMediaType.type,parentSchema:schema0.properties.contentMediaType,data:data41};if(vErrors === null){vErrors = [err46];}else {vErrors.push(err46);}errors++;}}if(data.contentEncoding !== undefined){let data42 = data.contentEncoding;if(typeof data42 !== "string"){const err47 = {instancePath:instancePath+"/contentEncoding",schemaPath:"#/properties/contentEncoding/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.contentEncoding.type,parentSchema:schema0.properties.contentEncoding,data:data42};if(vErrors === null){vErrors = [err47];}else {vErrors.push(err47);}errors++;}}if(data.if !== undefined){if(!(validate0(data.if, {instancePath:instancePath+"/if",parentData:data,parentDataProperty:"if",rootData}))){vErrors = vErrors === null ? validate0.errors : vErrors.concat(validate0.errors);errors = vErrors.length;}}if(data.then !== undefined){if(!(validate0(data.then, {instancePath:instancePath+"/then",parentData:data,parentDataProperty:"then",rootData}))){vErrors = vErrors === null ? validate0.errors : vErrors.concat(validate0.errors);errors = vErrors.length;}}if(data.else !== undefined){if(!(validate0(data.else, {instancePath:instancePath+"/else",parentData:data,parentDataProperty:"else",rootData}))){vErrors = vErrors === null ? validate0.errors : vErrors.concat(validate0.errors);errors = vErrors.length;}}if(data.allOf !== undefined){if(!(validate3(data.allOf, {instancePath:instancePath+"/allOf",parentData:data,parentDataProperty:"allOf",rootData}))){vErrors = vErrors === null ? validate3.errors : vErrors.concat(validate3.errors);errors = vErrors.length;}}if(data.anyOf !== undefined){if(!(validate3(data.anyOf, {instancePath:instancePath+"/anyOf",parentData:data,parentDataProperty:"anyOf",rootData}))){vErrors = vErrors === null ? validate3.errors : vErrors.concat(validate3.errors);errors = vErrors.length;}}if(data.oneOf !== undefined){if(!(validate3(data.oneOf, {instancePath:instancePath+"/oneOf",parentData:data,parentDataProperty:"oneOf",rootData}))){vErrors = vErrors === null ? validate3.errors : vErrors.concat(validate3.errors);errors = vErrors.length;}}if(data.not !== undefined){if(!(validate0(data.not, {instancePath:instancePath+"/not",parentData:data,parentDataProperty:"not",rootData}))){vErrors = vErrors === null ? validate0.errors : vErrors.concat(validate0.errors);errors = vErrors.length;}}}validate0.errors = vErrors;return errors === 0;}

/*
 * What every positioned file offers, whatever parsed it (yaml's document model, the fast YAML
 * path, jsonc-parser): the line of the node at a JSON pointer, so a problem found later in
 * the value (by a schema, by the loader) names the line users must edit.
 */
/** The line (1-based) of the node at a JSON pointer, or of a key of it when given. */
function lineAt(parsed, pointer, key) {
    return parsed.lineOf(pointer, key);
}
/** 1-based line of a character offset. */
function lineOfOffset(text, offset) {
    let line = 1;
    for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1))
        line += 1;
    return line;
}
/** `/tests/0/a~1b` \u2192 `['tests', '0', 'a/b']` (RFC 6901). */
function pointerSegments(pointer) {
    if (pointer === '')
        return [];
    const segments = pointer.slice(1).split('/');
    // Looked up for every test as a suite loads: skip the unescaping when there is nothing to unescape.
    return pointer.includes('~') ? segments.map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~')) : segments;
}
/** `/tests/3/assert/0` + `type` \u2192 `tests[3].assert[0].type`, the field name users read. */
function pointerToField(pointer, key) {
    const segments = pointerSegments(pointer);
    if (key !== undefined)
        segments.push(key);
    let field = '';
    for (const segment of segments) {
        field += /^\d+$/.test(segment) ? `[${segment}]` : field === '' ? segment : `.${segment}`;
    }
    return field;
}

/**
 * How a diagnostic quotes what the author wrote: only the offending token, on one line, and
 * short. Prompt files come from pull requests; a message is printed to the log, the job summary
 * and the PR comment, so it must not carry a dump of a file (nor a secret that file holds, nor
 * a newline that starts a workflow command).
 */
/** Characters of a token kept in a message; the rest is cut with `\u2026`. */
const MAX_QUOTED_CHARS = 60;
/** The token cut to MAX_QUOTED_CHARS (by code point, so no surrogate is split), control characters escaped. */
function shortToken(text) {
    const chars = [...text];
    const short = chars.length > MAX_QUOTED_CHARS ? `${chars.slice(0, MAX_QUOTED_CHARS).join('')}\u2026` : text;
    return short.replace(/[\u0000-\u001f\u007f]/g, (char) => JSON.stringify(char).slice(1, -1));
}
/** `"token"`: shortToken in double quotes. */
function quoteToken(text) {
    return `"${shortToken(text)}"`;
}

/*
 * Patterns written by users \u2014 `regex` checks in tests.yaml, `pattern` and `patternProperties`
 * in a JSON Schema \u2014 run with a deadline: `(a+)+$` on a long non-matching answer backtracks for
 * ages, and one bad pattern must not hang the run (nor leave it deaf to SIGTERM, since a
 * backtracking regex never yields to the event loop).
 *
 * They run in one standing worker thread; the caller waits for the verdict synchronously
 * (Atomics.wait), and a worker that misses the deadline is terminated and replaced. (Node's vm
 * `timeout` did the same in this thread, but starts a watchdog thread per call: 0.6 ms a call,
 * against 0.05 ms for a message to a standing worker, measured. Schema patterns are checked on
 * every string of every answer.)
 *
 * The deadline is wall-clock time: on a busy runner a trivial pattern can miss it when a thread
 * is descheduled, so a timeout at REGEX_TIMEOUT_MS is confirmed by waiting on the same match up
 * to REGEX_CONFIRM_TIMEOUT_MS before it is reported; a verdict never depends on load.
 *
 * The run's budget (startRegexRun resets it): one catastrophic pattern shared by 4,000 tests
 * cost a second an answer, over an hour in all. So
 * - a pattern (source and flags) that timed out once in the run fails at once on every later
 *   subject, with the first timeout's message: it is a broken check, and fixing it is the
 *   only way out;
 * - once the run has spent REGEX_RUN_BUDGET_MS waiting on timeouts, a new pattern that misses
 *   REGEX_TIMEOUT_MS is reported then, without the longer confirming wait.
 */
const REGEX_TIMEOUT_MS = 200;
/** How long a match that missed REGEX_TIMEOUT_MS may still take before it is a timeout. */
const REGEX_CONFIRM_TIMEOUT_MS = 1000;
/** The run's time waiting on timed-out patterns after which timeouts are no longer confirmed. */
const REGEX_RUN_BUDGET_MS = 5000;
/** Patterns that timed out in this run, by `/source/flags`, with the message they failed with. */
const timedOut = new Map();
let spentMs = 0;
/** Whether `pattern` with `flags` matches `subject`, within the deadline; never throws. */
function testRegex(pattern, flags, subject) {
    const shown = `/${pattern}/${flags}`;
    const earlier = timedOut.get(shown);
    if (earlier !== undefined)
        return { error: earlier, timedOut: true };
    try {
        // Compiling checks the syntax in this thread, at no risk: only matching backtracks.
        new RegExp(pattern, flags);
    }
    catch (error) {
        const message = error?.message ?? String(error);
        return { error: `invalid regular expression ${shown}: ${message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')}` };
    }
    const confirm = spentMs < REGEX_RUN_BUDGET_MS;
    const started = performance.now();
    const verdict = matchInWorker(pattern, flags, subject, confirm ? REGEX_CONFIRM_TIMEOUT_MS : REGEX_TIMEOUT_MS);
    if (verdict !== 'timeout')
        return 'failed' in verdict ? { error: `regex ${shown} could not be run on this answer: ${verdict.failed}` } : verdict;
    spentMs += performance.now() - started;
    const message = confirm
        ? `regex timed out after ${REGEX_CONFIRM_TIMEOUT_MS} ms (catastrophic backtracking?): ${shown}`
        : `regex timed out after ${REGEX_TIMEOUT_MS} ms (catastrophic backtracking?): ${shown} (not confirmed by a longer wait: the run has spent its ${REGEX_RUN_BUDGET_MS / 1000} s budget for timed-out patterns)`;
    timedOut.set(shown, `${message}, on an earlier answer of this run, so it is not run again`);
    return { error: message, timedOut: true };
}
/**
 * A RegExp-like object for ajv's `code.regExp` option: a JSON Schema's patterns get the same
 * deadline and budget as `regex` checks. A syntax error throws when the schema is compiled, as
 * with ajv's own engine; a timeout throws RegexTimeoutError from the validation, which the
 * callers report as a schema that could not be checked.
 */
const sandboxedRegExp = Object.assign((pattern, flags) => {
    return {
        test(subject) {
            const outcome = testRegex(pattern, flags, String(subject));
            if ('matched' in outcome)
                return outcome.matched;
            throw new RegexTimeoutError(outcome.error);
        },
        // ajv shares one object per pattern by this key.
        toString: () => `/${pattern}/${flags}`,
    };
}, 
// The name ajv would print in standalone code (promptgate compiles at run time only).
{ code: 'sandboxedRegExp' });
class RegexTimeoutError extends Error {
}
// ---------------------------------------------------------------------------------------------
// The worker
const STARTING = 0;
const READY = 1;
const PENDING = 2;
const MATCHED = 3;
const NOT_MATCHED = 4;
/** The match threw (V8 gives up on some huge matches): the reason waits on the port. */
const FAILED = 5;
/** How long a new worker may take to start, apart from any pattern's deadline. */
const START_TIMEOUT_MS = 30_000;
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const state = new Int32Array(workerData.state);
const reasons = workerData.reasons;
const compiled = new Map();
parentPort.on('message', ([pattern, flags, subject]) => {
  let result;
  try {
    const key = flags + '/' + pattern;
    let regex = compiled.get(key);
    if (regex === undefined) {
      if (compiled.size >= 1000) compiled.clear();
      regex = new RegExp(pattern, flags);
      compiled.set(key, regex);
    }
    regex.lastIndex = 0;
    result = regex.test(subject) ? ${MATCHED} : ${NOT_MATCHED};
  } catch (error) {
    reasons.postMessage(String((error && error.message) || error));
    result = ${FAILED};
  }
  Atomics.store(state, 0, result);
  Atomics.notify(state, 0);
});
Atomics.store(state, 0, ${READY});
Atomics.notify(state, 0);
`;
let sandbox;
/** The verdict; a match that outlived `limitMs` is a timeout, and its worker is replaced. */
function matchInWorker(pattern, flags, subject, limitMs) {
    const { worker, state, reasons } = (sandbox ??= startWorker());
    Atomics.store(state, 0, PENDING);
    worker.postMessage([pattern, flags, subject]);
    Atomics.wait(state, 0, PENDING, limitMs);
    const result = Atomics.load(state, 0);
    if (result === MATCHED || result === NOT_MATCHED)
        return { matched: result === MATCHED };
    if (result === FAILED)
        return { failed: String(receiveMessageOnPort(reasons)?.message ?? 'unknown error') };
    // Still backtracking: the thread is stopped and the next pattern gets a fresh one.
    sandbox = undefined;
    reasons.close();
    void worker.terminate();
    return 'timeout';
}
function startWorker() {
    const state = new Int32Array(new SharedArrayBuffer(4));
    const { port1: reasons, port2 } = new MessageChannel();
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { state: state.buffer, reasons: port2 }, transferList: [port2] });
    // A pattern's thread never keeps promptgate running, and its failure only costs a restart.
    worker.unref();
    reasons.unref();
    worker.on('error', () => {
        if (sandbox?.worker === worker)
            sandbox = undefined;
    });
    Atomics.wait(state, 0, STARTING, START_TIMEOUT_MS);
    return { worker, state, reasons };
}

/* "Did you mean": the likely intended key or value for a typo, in the messages of schemas.ts. */
/** A likely intended key for a typo: `expect_intent` \u2192 `expected_intent`, `inptu` \u2192 `input`. */
function suggestKey(key, allowed) {
    const prefixed = /^(expect|expects|expected|exp)[-_]?(.+)$/i.exec(key);
    if (prefixed && allowed.includes('expected_<field>') && !/^expected_/.test(key))
        return `expected_${prefixed[2]}`;
    const minMax = /^(min|max)[-]?(.+)$/i.exec(key);
    if (minMax && key.includes('-') && allowed.includes(`${minMax[1].toLowerCase()}_<field>`))
        return `${minMax[1].toLowerCase()}_${minMax[2]}`;
    const plain = allowed.filter((candidate) => !candidate.includes('<'));
    const close = plain.find((candidate) => editDistance(key.toLowerCase(), candidate) <= Math.min(2, Math.floor(candidate.length / 3)));
    return close;
}
function editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
    for (let i = 1; i <= a.length; i += 1) {
        const current = [i];
        for (let j = 1; j <= b.length; j += 1) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}

/**
 * Our own schemas' validators are compiled at build time (scripts/build-validators.mjs, with
 * allErrors so a user sees every problem at once, verbose for the offending data): compiling
 * them at run time made every start-up pay for ajv's compile (docs/speed.md).
 */
const toolValidators = {
    tests: tests,
    prompt: prompt,
    promptgate: promptgate,
};
/**
 * The draft-07 meta-schema, compiled at build time like our own schemas: checking a folder's
 * schema.json with ajv's validateSchema compiled it at run time, the largest single cost of a
 * one-test run. Optional so a stale generated file still works (then ajv compiles it).
 */
const draft07Meta = draft07Meta$1;
/** Validates a parsed tests.yaml / prompt.yaml / promptgate.yaml. An `if` error only says a branch failed (its own errors say how): left out. */
function validateToolFile(name, value) {
    const validate = toolValidators[name];
    return validate(value) ? [] : (validate.errors ?? []).filter((error) => error.keyword !== 'if');
}
// ---------------------------------------------------------------------------------------------
// Users' JSON Schemas (schema.json, inline `json-schema` assertions)
// Lenient on unknown keywords (schemas written for a provider's structured output carry
// extras); `format` is not checked because no format plugin is installed (so `format: regex`
// runs nothing). Each schema is removed from the instance once compiled (compileUncached), so
// the base and head copies of a schema with the same $id can both compile. (addUsedSchema: false
// would do that too, but it breaks a schema's references to itself: `"$ref": "#"`, the usual
// recursive schema.) `pattern` and `patternProperties` run in the regex sandbox, with the
// deadline and the run's budget of `regex` checks: a validation whose pattern timed out throws
// RegexTimeoutError, which its callers report as a schema that could not be checked.
const userOptions = {
    allErrors: true,
    verbose: true,
    strict: false,
    validateFormats: false,
    code: { regExp: sandboxedRegExp },
};
let draft07;
let draft2020;
function ajvFor(schema) {
    if (typeof schema.$schema === 'string' && schema.$schema.includes('2020-12'))
        return (draft2020 ??= new Ajv2020(userOptions));
    // With the prebuilt meta-schema check, ajv need not check (nor compile) the meta-schema again.
    return (draft07 ??= new Ajv(draft07Meta ? { ...userOptions, validateSchema: false } : userOptions));
}
/** Whether `schema` is a valid schema of its draft; ajv's own check, or the prebuilt draft-07 one. */
function checkSchema(ajv, schema) {
    const draft = schema.$schema;
    const isDraft07 = draft === undefined || (typeof draft === 'string' && /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/.test(draft));
    // Another draft's URI goes to ajv, which refuses the ones it does not know (a clear message).
    if (ajv === draft07 && draft07Meta && isDraft07)
        return draft07Meta(schema) ? [] : [...(draft07Meta.errors ?? [])];
    return ajv.validateSchema(schema) ? [] : [...(ajv.errors ?? [])];
}
/**
 * A folder's schema is compiled once, however many tests use it (cached by object), and
 * folders that share a schema's content (v1.0 and v2.0, base and head) share one compile
 * (cached by text): compiling is the costly part of validation.
 */
const compiledUserSchemas = new WeakMap();
const compiledBySource = new Map();
function compileUserSchema(schema) {
    const cached = compiledUserSchemas.get(schema);
    if (cached)
        return cached;
    const source = JSON.stringify(schema);
    const compiled = compiledBySource.get(source) ?? compileUncached(schema);
    compiledBySource.set(source, compiled);
    compiledUserSchemas.set(schema, compiled);
    return compiled;
}
function compileUncached(schema) {
    const ajv = ajvFor(schema);
    try {
        const errors = checkSchema(ajv, schema);
        if (errors.length > 0) {
            return { ok: false, message: 'is not a valid JSON Schema', errors: mostSpecificPerLocation(errors) };
        }
        try {
            return { ok: true, validate: ajv.compile(schema) };
        }
        finally {
            ajv.removeSchema(schema);
        }
    }
    catch (error) {
        // compile fails on unresolvable $refs and unsupported $schema drafts.
        const reason = error instanceof Error ? error.message : String(error);
        const hint = /no schema with key or ref "http/.test(reason) ? ' (supported drafts: draft-07 and 2020-12)' : '';
        return { ok: false, message: `is not a usable JSON Schema: ${reason}${hint}`, errors: [] };
    }
}
/** The name shown in check results (`output matches schema.json`), registered by the loader. */
const userSchemaNames = new WeakMap();
function nameUserSchema(schema, name) {
    userSchemaNames.set(schema, name);
}
/** `/confidence must be <= 1` \u2014 how an output's schema violations read in a check result. */
function describeOutputErrors(errors) {
    return mostSpecificPerLocation(errors).map((error) => {
        const where = error.instancePath || '/';
        const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
        const allowed = error.keyword === 'enum' ? `: ${listValues(error.params.allowedValues)}` : '';
        return `${where} ${error.message ?? 'is invalid'}${allowed}${extra}`;
    });
}
// ---------------------------------------------------------------------------------------------
// Ajv errors \u2192 Diagnostics
/**
 * One Diagnostic per problem. Combinator errors (anyOf, if) only repeat what their branches
 * already said, so they are dropped when a more specific error sits at the same place.
 */
function schemaErrorsToDiagnostics(errors, file, parsed, options = {}) {
    // The loader asks for every test, nearly all of which have nothing to report.
    if (errors.length === 0)
        return [];
    const seen = new Set();
    const diagnostics = [];
    for (const error of mostSpecificPerLocation(errors, false)) {
        const key = keyOf(error);
        const field = pointerToField(error.instancePath, key);
        const message = describeError(error);
        const identity = `${field}\u0000${message}`;
        if (seen.has(identity))
            continue;
        seen.add(identity);
        const pointer = (options.pointerPrefix ?? '') + error.instancePath;
        // A missing key is reported on its parent; an unknown key on the key itself.
        const line = parsed ? (error.keyword === 'additionalProperties' ? lineAt(parsed, pointer, key) : lineAt(parsed, pointer)) : undefined;
        diagnostics.push({ file, ...(line ? { line } : {}), ...(field ? { field } : {}), message });
    }
    return diagnostics;
}
function keyOf(error) {
    if (error.keyword === 'required')
        return String(error.params.missingProperty);
    if (error.keyword === 'additionalProperties')
        return String(error.params.additionalProperty);
    return undefined;
}
const COMBINATORS = new Set(['anyOf', 'oneOf', 'if', 'allOf', 'not']);
function mostSpecificPerLocation(errors, onePerLocation = true) {
    const specific = errors.filter((error) => !COMBINATORS.has(error.keyword) ||
        !errors.some((other) => other !== error && other.instancePath === error.instancePath && !COMBINATORS.has(other.keyword)));
    const kept = specific.filter((error) => error.keyword !== 'if');
    if (!onePerLocation)
        return kept;
    // A meta-schema reports one wrong `type` as enum, type and anyOf failures: keep the first.
    const byLocation = new Map();
    for (const error of kept) {
        const location = error.instancePath + '\u0000' + (keyOf(error) ?? '');
        if (!byLocation.has(location))
            byLocation.set(location, error);
    }
    return [...byLocation.values()];
}
const TYPE_NAMES = {
    string: 'a string',
    number: 'a number',
    integer: 'a whole number',
    boolean: 'true or false',
    object: 'a map of key: value pairs',
    array: 'a list',
    null: 'null',
};
function describeValue(value) {
    if (value === null || value === undefined)
        return 'nothing (null)';
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'object')
        return 'a map';
    if (typeof value === 'string')
        return `the text ${JSON.stringify(truncate(value, 60))}`;
    return `${typeof value === 'number' ? 'the number' : 'the value'} ${String(value)}`;
}
function listValues(values, compact = false) {
    if (!Array.isArray(values))
        return '';
    const shown = values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
    // Check types come in pairs (`regex`, `not-regex`): listed once, with the prefix said once.
    const paired = compact ? shown.filter((value) => !value.startsWith('not-') && shown.includes(`not-${value}`)) : [];
    if (paired.length < 3)
        return shown.join(', ');
    const rest = shown.filter((value) => !paired.includes(value) && !(value.startsWith('not-') && paired.includes(value.slice(4))));
    return `${paired.join(', ')} (each also with the prefix not-)${rest.length > 0 ? `, ${rest.join(', ')}` : ''}`;
}
function allowedKeys(parentSchema) {
    const schema = (parentSchema ?? {});
    const named = Object.keys(schema.properties ?? {});
    // `^expected_.+$` reads as `expected_<field>` in a message.
    const patterns = Object.keys(schema.patternProperties ?? {}).map((pattern) => pattern.replace(/^\^/, '').replace(/\$$/, '').replace('.+', '<field>'));
    return [...named, ...patterns];
}
function describeError(error) {
    const params = error.params;
    switch (error.keyword) {
        case 'required':
            return 'is required';
        case 'additionalProperties': {
            const key = String(params.additionalProperty);
            const allowed = allowedKeys(error.parentSchema);
            const suggestion = suggestKey(key, allowed);
            return `unknown key ${quoteToken(key)}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; allowed keys: ${allowed.join(', ')}`;
        }
        case 'type': {
            const types = String(params.type).split(',');
            const wanted = types.map((type) => TYPE_NAMES[type] ?? type);
            const phrase = wanted.length > 1 ? `${wanted.slice(0, -1).join(', ')} or ${wanted.at(-1)}` : wanted[0];
            return `must be ${phrase}, not ${describeValue(error.data)}`;
        }
        case 'enum': {
            const title = error.parentSchema?.title;
            const got = typeof error.data === 'string' ? quoteToken(error.data) : shortToken(JSON.stringify(error.data) ?? '');
            const allowed = Array.isArray(params.allowedValues) ? params.allowedValues.filter((value) => typeof value === 'string') : [];
            const suggestion = typeof error.data === 'string' ? suggestKey(error.data, allowed) : undefined;
            const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
            return title
                ? `unknown ${title} ${got}${hint}; valid: ${listValues(params.allowedValues, true)}`
                : `must be one of: ${listValues(params.allowedValues)} (got ${got})`;
        }
        case 'pattern': {
            const title = error.parentSchema?.title;
            return title ? `${quoteToken(String(error.data))} is not a valid ${title}` : (error.message ?? 'has the wrong form');
        }
        case 'minLength':
            return params.limit === 1 ? 'must not be empty' : (error.message ?? 'is too short');
        case 'minItems':
            return `must have at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`;
        case 'minimum':
        case 'maximum':
        case 'exclusiveMinimum':
        case 'exclusiveMaximum':
            return `${error.message ?? 'is out of range'} (got ${shortToken(JSON.stringify(error.data) ?? '')})`;
        default:
            return error.message ?? `is invalid (${error.keyword})`;
    }
}
function truncate(text, max) {
    return text.length > max ? `${text.slice(0, max)}\u2026 (${text.length - max} more characters)` : text;
}

/**
 * The providers promptgate knows by name. bedrock and vertex are Claude through Anthropic's
 * Bedrock and Vertex SDKs (the Messages API on AWS and Google Cloud).
 */
const BUILTIN_PROVIDERS = ['openai', 'anthropic', 'azure', 'bedrock', 'vertex'];
/** The built-in providers that speak Anthropic's Messages API (thinking_budget, not reasoning_effort). */
const CLAUDE_PROVIDERS = ['anthropic', 'bedrock', 'vertex'];
/** The Messages API requires max_tokens; this is used when the prompt does not set one. */
const ANTHROPIC_DEFAULT_MAX_TOKENS = 1024;
function isBuiltinProvider(name) {
    return BUILTIN_PROVIDERS.includes(name);
}
class ProviderError extends Error {
    kind;
    status;
    retryable;
    /** How long the provider asked us to wait before retrying (retry-after-ms / retry-after). */
    retryAfterMs;
    constructor(kind, message, options = {}) {
        super(message);
        this.name = 'ProviderError';
        this.kind = kind;
        this.status = options.status;
        this.retryable = options.retryable ?? false;
        this.retryAfterMs = options.retryAfterMs;
    }
}

const REASONING_FAMILY = /^(?:gpt-5(?!-chat)|o\d)/;
/** gpt-5.1, gpt-5.2-mini\u2026: reasoning can be turned off, and sampling settings come back with it. */
const REASONING_OPTIONAL = /^gpt-5\.(?:[1-9]\d*)/;
function speaksOpenAIWire(provider) {
    return provider === 'openai' || provider === 'azure' || !isBuiltinProvider(provider);
}
/** The sampling settings this model refuses, with the request's own reasoning effort. */
function refusedSettings(provider, model, reasoningEffort) {
    if (!speaksOpenAIWire(provider))
        return [];
    const name = (model.split('/').pop() ?? model).trim().toLowerCase();
    if (!REASONING_FAMILY.test(name))
        return [];
    if (reasoningEffort === 'none' && REASONING_OPTIONAL.test(name))
        return [];
    return ['temperature', 'topP'];
}
/**
 * Takes out of the request the settings its model refuses, unless `explicit` names them (a
 * `models:` entry's own value is sent as written). Returns the settings it took out.
 */
function dropRefusedSettings(request, explicit = new Set()) {
    const dropped = [];
    for (const setting of refusedSettings(request.provider, request.model, request.reasoningEffort)) {
        if (request[setting] === undefined || explicit.has(setting))
            continue;
        delete request[setting];
        dropped.push(setting);
    }
    return dropped;
}

const IDENTIFIER = /\{([A-Za-z_][A-Za-z0-9_.-]*)\}/y;
/** Every test renders the same few templates: parse each once. */
const parsedTemplates = new Map();
function parseTemplate(template) {
    let pieces = parsedTemplates.get(template);
    if (!pieces) {
        pieces = parseTemplateUncached(template);
        parsedTemplates.set(template, pieces);
    }
    return pieces;
}
function parseTemplateUncached(template) {
    const pieces = [];
    let text = '';
    let line = 1;
    let openEscapes = 0;
    let index = 0;
    while (index < template.length) {
        const char = template[index];
        if (char === '{' && template[index + 1] === '{') {
            text += '{';
            openEscapes += 1;
            index += 2;
            continue;
        }
        if (char === '}' && template[index + 1] === '}' && openEscapes > 0) {
            text += '}';
            openEscapes -= 1;
            index += 2;
            continue;
        }
        if (char === '{') {
            IDENTIFIER.lastIndex = index;
            const match = IDENTIFIER.exec(template);
            if (match) {
                if (text)
                    pieces.push({ text });
                text = '';
                pieces.push({ placeholder: { name: match[1], line } });
                index += match[0].length;
                continue;
            }
        }
        if (char === '\n')
            line += 1;
        text += char;
        index += 1;
    }
    if (text)
        pieces.push({ text });
    return pieces;
}
/**
 * Fills the placeholders; throws one InputError (file, line, variables) naming every
 * placeholder without a value, so a template missing nine gets one message, not nine runs.
 */
function renderTemplate(template, vars, file) {
    const pieces = parseTemplate(template);
    let output = '';
    for (const piece of pieces) {
        if ('text' in piece)
            output += piece.text;
        else if (Object.hasOwn(vars, piece.placeholder.name))
            output += vars[piece.placeholder.name];
        else
            throw missingPlaceholders(missingIn(pieces, vars), file);
    }
    return output;
}
/**
 * Throws the error renderTemplate would, without rendering: a folder checks each test's
 * variables as it loads, and a rendered prompt per test would be garbage at once.
 */
function checkPlaceholders(template, vars, file) {
    const missing = missingIn(parseTemplate(template), vars);
    if (missing.length > 0)
        throw missingPlaceholders(missing, file);
}
/** Each placeholder without a value, once, in the order of first use. */
function missingIn(pieces, vars) {
    const missing = [];
    // Called for every test as a folder loads: a plain loop, no iterator or map when nothing is missing.
    for (let index = 0; index < pieces.length; index += 1) {
        const piece = pieces[index];
        if (!('placeholder' in piece) || Object.hasOwn(vars, piece.placeholder.name))
            continue;
        if (!missing.some((placeholder) => placeholder.name === piece.placeholder.name))
            missing.push(piece.placeholder);
    }
    return missing;
}
/** The message names the placeholders only (each shortened), never the text around them. */
function missingPlaceholders(missing, file) {
    const first = missing[0];
    const shown = shortToken(first.name);
    if (missing.length === 1) {
        return new InputError({
            file,
            line: first.line,
            field: shown,
            message: `placeholder {${shown}} has no value; set it in the test's vars or in prompt.yaml variables (write {{${shown}}} if the braces are meant literally)`,
        });
    }
    const listed = missing.map((placeholder) => `{${shortToken(placeholder.name)}} (line ${placeholder.line})`).join(', ');
    return new InputError({
        file,
        line: first.line,
        field: shown,
        message: `${missing.length} placeholders have no value: ${listed}; set them in the test's vars or in prompt.yaml variables (write {{name}} if the braces are meant literally)`,
    });
}
/**
 * The conversation sent for one test: the rendered system prompt (prompt.yaml variables,
 * overridden by the test's vars), the few-shot examples, the test's prior turns (`messages:`),
 * then the test's input. The input is sent verbatim, never rendered: it stands for what a
 * user types, and users type braces.
 */
function renderMessages(folder, test) {
    return [
        { role: 'system', content: systemPromptFor(folder, test) },
        ...folder.examples,
        ...(test.messages ?? []),
        { role: 'user', content: test.input },
    ];
}
/** prompt.yaml `variables`, overridden by a test's `vars`: the defaults themselves when it has none. */
function testVariables(defaults, own) {
    return Object.keys(own).length === 0 ? defaults : { ...defaults, ...own };
}
/**
 * A test without vars of its own gets the folder's system prompt, rendered once: a suite's
 * prompt (often kilobytes) is not rebuilt, nor held twice, for each of its tests.
 */
const sharedSystemPrompts = new WeakMap();
function systemPromptFor(folder, test) {
    const vars = testVariables(folder.settings.variables, test.vars);
    if (vars !== folder.settings.variables)
        return renderTemplate(folder.systemTemplate, vars, folder.systemFile);
    let prompt = sharedSystemPrompts.get(folder);
    if (prompt === undefined) {
        prompt = renderTemplate(folder.systemTemplate, vars, folder.systemFile);
        sharedSystemPrompts.set(folder, prompt);
    }
    return prompt;
}

/**
 * The provider-neutral request for one call of a prompt: the rendered conversation, the model's
 * own settings (a `models:` entry's) over the folder's, schema.json as structured output unless
 * `structured_output: false`, its tools, and none of the folder's sampling settings the model
 * family refuses (providers/model-family.ts). The one home shared by the test runner
 * (run/runner.ts) and the app's runtime (runtime/), so an app sends exactly what the tests sent.
 * The recording key is a hash of exactly this request, so a folder that uses none of the newer
 * settings keeps its keys. Throws the template's InputError when a placeholder has no value.
 */
function buildModelRequest(folder, turn, onDropped) {
    const { settings } = folder;
    const own = settings.modelSettings;
    const request = { provider: settings.provider, model: settings.model, messages: renderMessages(folder, turn) };
    // Set one by one, not spread from optional pieces: a spread makes an object per piece per call.
    const temperature = own?.temperature ?? settings.temperature;
    if (temperature !== undefined)
        request.temperature = temperature;
    const maxTokens = own?.maxTokens ?? settings.maxTokens;
    if (maxTokens !== undefined)
        request.maxTokens = maxTokens;
    if (own)
        addOwnSettings(request, own);
    if (folder.schema && settings.structuredOutput !== false)
        request.jsonSchema = folder.schema;
    if (settings.tools?.length)
        request.tools = settings.tools;
    if (request.temperature !== undefined || request.topP !== undefined) {
        const dropped = dropRefusedSettings(request, explicitSettings(own));
        if (dropped.length > 0)
            ;
    }
    return request;
}
function addOwnSettings(request, own) {
    if (own.topP !== undefined)
        request.topP = own.topP;
    if (own.reasoningEffort !== undefined)
        request.reasoningEffort = own.reasoningEffort;
    if (own.thinkingBudget !== undefined)
        request.thinkingBudget = own.thinkingBudget;
}
const NONE = new Set();
/** The sampling settings a `models:` entry gives itself: sent as written. */
function explicitSettings(own) {
    if (!own || (own.temperature === undefined && own.topP === undefined))
        return NONE;
    const explicit = new Set();
    if (own.temperature !== undefined)
        explicit.add('temperature');
    if (own.topP !== undefined)
        explicit.add('topP');
    return explicit;
}

/**
 * The providers' own stop words in one vocabulary. OpenAI says stop | length | tool_calls |
 * content_filter | function_call; Anthropic says end_turn | stop_sequence | max_tokens |
 * tool_use | refusal | pause_turn | model_context_window_exceeded. Recordings made before
 * this mapping hold the raw words, so it also runs on replay (it is idempotent).
 */
const FINISH_REASON_OF = {
    stop: 'stop',
    end_turn: 'stop',
    stop_sequence: 'stop',
    length: 'length',
    max_tokens: 'length',
    // Not max_tokens: the conversation filled the model's context window, and raising max_tokens cannot help.
    model_context_window_exceeded: 'context_window',
    context_window: 'context_window',
    // A server-side tool loop paused before its answer: the turn is unfinished, not cut off at max_tokens.
    pause_turn: 'pause_turn',
    tool_calls: 'tool_calls',
    function_call: 'tool_calls',
    tool_use: 'tool_calls',
    refusal: 'refusal',
    content_filter: 'content_filter',
};
function finishReasonOf(raw) {
    if (typeof raw !== 'string' || raw === '')
        return undefined;
    return Object.hasOwn(FINISH_REASON_OF, raw) ? FINISH_REASON_OF[raw] : 'other';
}

/** A folder's schema is the same object for all its tests: serialise it once. */
const canonicalSchemas = new WeakMap();
/**
 * The recording key: what the provider is asked, nothing about who asks or when. The first 20
 * hex digits of requestDigest: short enough for a readable recordings.json, long enough for the
 * requests of one folder.
 */
function requestKey(request) {
    return requestDigest(request).slice(0, 20);
}
/**
 * The SHA-256 (hex) of what the provider is asked: exactly canonicalJson of { kind, provider,
 * model, temperature, maxTokens, jsonSchema, messages, tools, topP, reasoningEffort,
 * thinkingBudget }, written out by hand so the schema is not re-sorted for every test. A field
 * (and a message's tool calls and tool result fields) is absent when not set, so a request that
 * sets none of the newer ones keeps the key it was recorded under. The answer cache keys by all
 * of it, across every folder.
 */
function requestDigest(request) {
    let schema;
    if (request.jsonSchema) {
        schema = canonicalSchemas.get(request.jsonSchema);
        if (schema === undefined) {
            schema = canonicalJson(request.jsonSchema);
            canonicalSchemas.set(request.jsonSchema, schema);
        }
    }
    // Built by concatenation (V8 joins the pieces once, when hashing) rather than as arrays joined.
    let text = '{';
    if (schema !== undefined)
        text += `"jsonSchema":${schema},`;
    if (request.kind !== undefined)
        text += `"kind":${JSON.stringify(request.kind)},`;
    if (request.maxTokens !== undefined)
        text += `"maxTokens":${JSON.stringify(request.maxTokens)},`;
    text += '"messages":[';
    request.messages.forEach((message, index) => {
        // A text turn (nearly every one) in one piece; a tool turn with its fields in key order.
        if (message.name === undefined && message.toolCallId === undefined && message.toolCalls === undefined) {
            text += `${index === 0 ? '' : ','}{"content":${messageJson(message)},"role":${JSON.stringify(message.role)}}`;
            return;
        }
        text += `${index === 0 ? '' : ','}{"content":${messageJson(message)}`;
        if (message.name !== undefined)
            text += `,"name":${JSON.stringify(message.name)}`;
        text += `,"role":${JSON.stringify(message.role)}`;
        if (message.toolCallId !== undefined)
            text += `,"toolCallId":${JSON.stringify(message.toolCallId)}`;
        if (message.toolCalls !== undefined)
            text += `,"toolCalls":${canonicalJson(message.toolCalls)}`;
        text += '}';
    });
    text += `],"model":${JSON.stringify(request.model)},"provider":${JSON.stringify(request.provider)}`;
    if (request.reasoningEffort !== undefined)
        text += `,"reasoningEffort":${JSON.stringify(request.reasoningEffort)}`;
    if (request.temperature !== undefined)
        text += `,"temperature":${JSON.stringify(request.temperature)}`;
    if (request.thinkingBudget !== undefined)
        text += `,"thinkingBudget":${JSON.stringify(request.thinkingBudget)}`;
    // Absent without tools, so recordings made before tools existed keep their keys.
    if (request.tools?.length)
        text += `,"tools":${canonicalJson(request.tools)}`;
    if (request.topP !== undefined)
        text += `,"topP":${JSON.stringify(request.topP)}`;
    // crypto.hash: one call, no Hash object per test (a third of this function's time before).
    return hash('sha256', `${text}}`, 'hex');
}
/**
 * JSON.stringify of a message's text. A suite's system prompt (often kilobytes) is the same in
 * every test: it is escaped once, not once per test. Bounded in entries and in characters: tests
 * with vars of their own each render a prompt of their own, and prompts come from users' files.
 */
const systemPromptsJson = new Map();
const MAX_CACHED_PROMPTS = 16;
const MAX_CACHED_CHARACTERS = 4 * 1024 * 1024;
let cachedCharacters = 0;
function messageJson(message) {
    if (message.role !== 'system')
        return JSON.stringify(message.content);
    let json = systemPromptsJson.get(message.content);
    if (json === undefined) {
        json = JSON.stringify(message.content);
        const characters = message.content.length + json.length;
        if (systemPromptsJson.size >= MAX_CACHED_PROMPTS || cachedCharacters + characters > MAX_CACHED_CHARACTERS) {
            systemPromptsJson.clear();
            cachedCharacters = 0;
        }
        if (characters <= MAX_CACHED_CHARACTERS) {
            systemPromptsJson.set(message.content, json);
            cachedCharacters += characters;
        }
    }
    return json;
}
/** JSON with object keys sorted at every depth and undefined members dropped. */
function canonicalJson(value, indent) {
    return JSON.stringify(sortKeys(value), null, indent);
}
function sortKeys(value) {
    if (Array.isArray(value))
        return value.map(sortKeys);
    if (typeof value === 'object' && value !== null) {
        const sorted = {};
        for (const key of Object.keys(value).sort()) {
            const member = value[key];
            if (member !== undefined)
                sorted[key] = sortKeys(member);
        }
        return sorted;
    }
    return value;
}

/**
 * Recorded responses, one file per prompt folder (`<folder>/recordings.json`), committed next
 * to the prompt so CI can replay without keys. The file is written for reviewers and for git:
 * sorted keys, no timestamps, no headers, secrets blanked, and unchanged answers keep their
 * bytes so re-recording produces no diff.
 */
const RECORDINGS_FILE = 'recordings.json';
/** A recorded answer as a response: a copy, with the stop reason in today's vocabulary. */
function fromRecorded(recorded) {
    const finishReason = finishReasonOf(recorded.finishReason);
    return {
        text: recorded.text,
        model: recorded.model,
        usage: { ...recorded.usage },
        latencyMs: recorded.latencyMs,
        ...(finishReason ? { finishReason } : {}),
        ...(recorded.toolCalls?.length ? { toolCalls: recorded.toolCalls.map((call) => ({ ...call })) } : {}),
        ...(recorded.embeddings ? { embeddings: recorded.embeddings.map((vector) => [...vector]) } : {}),
    };
}

const DEFAULT_MAX_ATTEMPTS = 4;
const DEFAULT_BASE_DELAY_MS = 500;
const DEFAULT_MAX_DELAY_MS = 30_000;
/** Per provider call (the factories' timeoutMs default): the SDK timeout and our own deadline. */
const DEFAULT_CALL_TIMEOUT_MS = 60_000;
/** Failures that tend to repeat (a stuck call, a broken body): one more try, not four. */
const SINGLE_RETRY_KINDS = new Set(['timeout', 'broken-response']);
const defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Runs `call`, retrying retryable ProviderErrors; any other error passes straight through. */
async function withRetries(call, options = {}) {
    const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
    const baseDelayMs = Math.max(0, options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS);
    const maxDelayMs = Math.max(0, options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS);
    const sleep = options.sleep ?? defaultSleep;
    const random = options.random ?? Math.random;
    for (let attempt = 1;; attempt += 1) {
        try {
            return await call(attempt);
        }
        catch (error) {
            if (!(error instanceof ProviderError) || !error.retryable)
                throw error;
            const attemptLimit = SINGLE_RETRY_KINDS.has(error.kind) ? Math.min(2, maxAttempts) : maxAttempts;
            if (attempt >= attemptLimit) {
                throw attempt > 1 ? withNote(error, `gave up after ${attempt} attempts`, error.retryable) : error;
            }
            let delayMs;
            if (error.retryAfterMs !== undefined) {
                if (error.retryAfterMs > maxDelayMs) {
                    const note = `the provider asks to retry after ${formatWait(error.retryAfterMs)}, longer than the ${formatWait(maxDelayMs)} this run waits; not retried`;
                    throw withNote(error, note, false);
                }
                delayMs = error.retryAfterMs;
            }
            else {
                delayMs = backoffDelay(attempt, baseDelayMs, maxDelayMs, random);
            }
            options.onRetry?.({ attempt, delayMs, error });
            await sleep(delayMs);
        }
    }
}
/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so concurrent
 * tests that failed together spread apart yet every retry still waits.
 */
function backoffDelay(attempt, baseDelayMs, maxDelayMs, random = Math.random) {
    const step = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(step / 2 + (random() * step) / 2);
}
function withNote(error, note, retryable) {
    return new ProviderError(error.kind, `${error.message} (${note})`, {
        status: error.status,
        retryable,
        retryAfterMs: error.retryAfterMs,
    });
}
function formatWait(ms) {
    return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms)} ms`;
}
/**
 * The provider's retry hint: `retry-after-ms` (OpenAI, Anthropic), else `retry-after` in
 * seconds or as an HTTP date. Undefined when absent or unreadable.
 */
function retryAfterMsFrom(headers, now = Date.now()) {
    if (!headers)
        return undefined;
    const milliseconds = headers.get('retry-after-ms');
    if (milliseconds !== null && milliseconds.trim() !== '') {
        const value = Number(milliseconds);
        if (Number.isFinite(value) && value >= 0)
            return value;
    }
    const retryAfter = headers.get('retry-after')?.trim();
    if (!retryAfter)
        return undefined;
    if (/^\d+(\.\d+)?$/.test(retryAfter))
        return Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const API_KEY_VARIABLES = {
    openai: 'OPENAI_API_KEY',
    anthropic: 'ANTHROPIC_API_KEY',
    azure: 'AZURE_OPENAI_API_KEY (with AZURE_OPENAI_ENDPOINT and OPENAI_API_VERSION)',
    bedrock: 'AWS_REGION with AWS credentials (AWS_BEARER_TOKEN_BEDROCK, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE)',
    vertex: 'CLOUD_ML_REGION (with Google credentials, e.g. GOOGLE_APPLICATION_CREDENTIALS)',
};

/** The timeout and warning sink a platform provider passes on, each only when set. */
function platformOptions(options) {
    return {
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    };
}
/** The platforms have no default model: the model id names a model the team enabled there. */
function requiringModel(name, example, provider) {
    return {
        name: provider.name,
        complete(request, callOptions) {
            if (!request.model) {
                const message = `${name}: no model to call; set \`model:\` in prompt.yaml or promptgate.yaml (${example})`;
                return Promise.reject(new ProviderError('bad-request', message));
            }
            return provider.complete(request, callOptions);
        },
    };
}

/*
 * Embeddings (the `similar` check) travel as requests of kind `embedding` through the same
 * answer sources as every answer: recorded, replayed and counted alike. A provider that has an
 * embeddings API answers them through a second adapter (openai-embeddings.ts), loaded on the
 * first such request only; everything else goes to the provider as before. Anthropic has no
 * embeddings API, so it is never given one (the loader refuses `embedding_model: anthropic:\u2026`).
 */
function withEmbeddings(provider, load) {
    let embedder;
    return {
        name: provider.name,
        async complete(request, options) {
            if (request.kind !== 'embedding')
                return provider.complete(request, options);
            embedder ??= load();
            return (await embedder).complete(request, options);
        },
    };
}

/** The field an endpoint sends max_tokens in when it does not say. */
const ENDPOINT_TOKEN_LIMIT_FIELD = 'max_tokens';
/**
 * A provider whose SDK is imported on its first call. A replayed run never loads either SDK,
 * and a live run loads only the one it uses: each costs start-up time and memory to load
 * (docs/speed.md).
 */
function lazyProvider(name, load, preload) {
    let provider;
    // A run that will call live starts loading the SDK now, while the folders load, rather than
    // making the first wave of calls wait for it.
    if (preload) {
        provider = load();
        provider.catch(() => undefined);
    }
    return {
        name,
        async complete(request, callOptions) {
            provider ??= load();
            return (await provider).complete(request, callOptions);
        },
    };
}
/** Placeholder key for OpenAI-compatible servers that take none (Ollama): the SDK insists on one. */
const NO_KEY_PLACEHOLDER = 'promptgate-no-key';
/**
 * The one answer to "which providers can this run call": the providers whose credentials the
 * environment holds, and promptgate.yaml's endpoints. Empty values count as unset (a workflow
 * passing a missing secret gets ''). OPENAI_BASE_URL alone is enough for an OpenAI-compatible
 * server without auth. createProvidersFromEnv builds exactly these; the action's notice for fork
 * pull requests reads them too.
 */
function configuredProviders(env, endpoints = {}) {
    const value = (name) => {
        const raw = env[name]?.trim();
        return raw ? raw : undefined;
    };
    const configured = [];
    const openaiKey = value('OPENAI_API_KEY');
    const openaiBaseURL = value('OPENAI_BASE_URL');
    if (openaiKey || openaiBaseURL) {
        const settings = {
            apiKey: openaiKey ?? NO_KEY_PLACEHOLDER,
            baseURL: openaiBaseURL,
            organization: value('OPENAI_ORG_ID'),
            project: value('OPENAI_PROJECT_ID'),
        };
        configured.push({ kind: 'openai', name: 'openai', keyless: !openaiKey, settings });
    }
    const anthropicKey = value('ANTHROPIC_API_KEY');
    if (anthropicKey) {
        const settings = { apiKey: anthropicKey, baseURL: value('ANTHROPIC_BASE_URL') };
        configured.push({ kind: 'anthropic', name: 'anthropic', keyless: false, settings });
    }
    configured.push(...configuredEndpoints(endpoints, value), ...configuredClaudePlatforms(value));
    // Azure takes the openai SDK's own three variables; without all three it cannot be called.
    const azureKey = value('AZURE_OPENAI_API_KEY');
    const azureEndpoint = value('AZURE_OPENAI_ENDPOINT');
    const azureVersion = value('OPENAI_API_VERSION');
    if (azureKey && azureEndpoint && azureVersion) {
        const settings = { apiKey: azureKey, endpoint: azureEndpoint, apiVersion: azureVersion };
        configured.push({ kind: 'azure', name: 'azure', keyless: false, settings });
    }
    return configured;
}
/** Builds the providers configuredProviders finds, each loading its SDK on its first call. */
function createProvidersFromEnv(env, options = {}) {
    const providers = {};
    const preload = !!options.preload;
    const run = { timeoutMs: options.timeoutMs };
    const warned = { ...run, onWarning: options.onWarning };
    for (const provider of configuredProviders(env, options.endpoints)) {
        const { name } = provider;
        switch (provider.kind) {
            case 'openai': {
                const settings = { ...provider.settings, ...run };
                providers[name] = withEmbeddings(lazyProvider(name, async () => (await import('./openai.js')).createOpenAIProvider(settings), preload), async () => (await import('./openai-embeddings.js')).createOpenAIEmbedder(settings));
                break;
            }
            case 'endpoint': {
                const settings = { ...provider.settings, ...run };
                const example = "the server's own model name, e.g. ollama:qwen3:8b";
                const lazy = lazyProvider(name, async () => (await import('./openai.js')).createOpenAIProvider(settings), preload);
                providers[name] = requiringModel(name, example, lazy);
                break;
            }
            case 'anthropic': {
                const settings = { ...provider.settings, ...warned };
                providers[name] = lazyProvider(name, async () => (await import('./anthropic.js')).createAnthropicProvider(settings), preload);
                break;
            }
            case 'azure': {
                const settings = { ...provider.settings, ...run };
                providers[name] = withEmbeddings(lazyProvider(name, async () => (await import('./openai.js')).createAzureOpenAIProvider(settings), preload), async () => (await import('./openai-embeddings.js')).createAzureOpenAIEmbedder(settings));
                break;
            }
            case 'bedrock': {
                const settings = { ...provider.settings, ...warned };
                providers[name] = lazyProvider(name, async () => (await import('./bedrock.js')).createBedrockProvider(settings), preload);
                break;
            }
            case 'vertex': {
                const settings = { ...provider.settings, ...warned };
                providers[name] = lazyProvider(name, async () => (await import('./vertex.js')).createVertexProvider(settings), preload);
                break;
            }
        }
    }
    return providers;
}
/**
 * Each endpoint of promptgate.yaml, through the openai SDK with its base URL and key. One whose
 * key variable is named but not set cannot be called (its requests need a recording); one that
 * names no key variable takes none (a local server).
 */
function configuredEndpoints(endpoints, value) {
    return Object.entries(endpoints).flatMap(([name, endpoint]) => {
        const apiKey = endpoint.apiKeyEnv ? value(endpoint.apiKeyEnv) : NO_KEY_PLACEHOLDER;
        if (apiKey === undefined)
            return [];
        const settings = {
            apiKey,
            baseURL: endpoint.baseURL,
            name,
            keyVariable: endpoint.apiKeyEnv ?? `a key (endpoints.${name}.api_key_env in promptgate.yaml)`,
            tokenLimitField: endpoint.tokenLimitField ?? ENDPOINT_TOKEN_LIMIT_FIELD,
        };
        return [{ kind: 'endpoint', name, keyless: !endpoint.apiKeyEnv, settings }];
    });
}
/**
 * Claude on Bedrock and Vertex, with their SDKs' usual variables. Bedrock needs a region
 * (AWS_REGION, or AWS_DEFAULT_REGION as the AWS CLI reads it) and credentials: a Bedrock API key,
 * static keys, or what the AWS chain finds from AWS_PROFILE or a web identity (GitHub OIDC).
 * Vertex needs CLOUD_ML_REGION; Google's Application Default Credentials authenticate.
 */
function configuredClaudePlatforms(value) {
    const configured = [];
    const region = value('AWS_REGION') ?? value('AWS_DEFAULT_REGION');
    const bearer = value('AWS_BEARER_TOKEN_BEDROCK');
    const accessKeyId = value('AWS_ACCESS_KEY_ID');
    const secretAccessKey = value('AWS_SECRET_ACCESS_KEY');
    const chain = value('AWS_PROFILE') ?? value('AWS_WEB_IDENTITY_TOKEN_FILE') ?? value('AWS_CONTAINER_CREDENTIALS_FULL_URI');
    if (region && (bearer || (accessKeyId && secretAccessKey) || chain)) {
        const settings = {
            region,
            ...(bearer ? { apiKey: bearer } : {}),
            ...(accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : {}),
            ...(value('AWS_SESSION_TOKEN') ? { sessionToken: value('AWS_SESSION_TOKEN') } : {}),
            ...(value('ANTHROPIC_BEDROCK_BASE_URL') ? { baseURL: value('ANTHROPIC_BEDROCK_BASE_URL') } : {}),
        };
        configured.push({ kind: 'bedrock', name: 'bedrock', keyless: false, settings });
    }
    const vertexRegion = value('CLOUD_ML_REGION');
    if (vertexRegion) {
        const settings = {
            region: vertexRegion,
            ...(value('ANTHROPIC_VERTEX_PROJECT_ID') ? { projectId: value('ANTHROPIC_VERTEX_PROJECT_ID') } : {}),
            ...(value('ANTHROPIC_VERTEX_BASE_URL') ? { baseURL: value('ANTHROPIC_VERTEX_BASE_URL') } : {}),
        };
        configured.push({ kind: 'vertex', name: 'vertex', keyless: false, settings });
    }
    return configured;
}

/**
 * The runtime's own errors. A provider failure is the providers' ProviderError (kind,
 * retryable, status), exactly as the CLI reports it; these are the rest.
 */
/** A lockfile that cannot be read, or that was changed after `promptgate bundle` wrote it. */
class LockfileError extends Error {
    constructor(message) {
        super(message);
        this.name = 'LockfileError';
    }
}
/** `execute` named a prompt the bundle does not hold. */
class PromptNotFoundError extends Error {
    promptId;
    constructor(promptId, known) {
        const list = known.length > 0 ? known.map((id) => `"${id}"`).join(', ') : 'none';
        super(`no prompt "${promptId}" in the bundle (it holds ${list}); add it with promptgate bundle`);
        this.name = 'PromptNotFoundError';
        this.promptId = promptId;
    }
}
/** The call's variables do not fill the template: every placeholder without a value is named at once. */
class PromptInputError extends Error {
    promptId;
    version;
    constructor(promptId, version, message) {
        super(`${promptId} ${version}: ${message}`);
        this.name = 'PromptInputError';
        this.promptId = promptId;
        this.version = version;
    }
}
/**
 * The model answered, but not with a valid output: not JSON, JSON that breaks schema.json, or an
 * answer cut off at max_tokens, refused or filtered (never a valid output, as in the tests).
 */
class PromptOutputError extends Error {
    promptId;
    version;
    variant;
    problem;
    text;
    errors;
    details;
    constructor(details) {
        super(`${details.promptId} ${details.version}: ${describe(details)}`);
        this.name = 'PromptOutputError';
        this.promptId = details.promptId;
        this.version = details.version;
        this.variant = details.variant;
        this.problem = details.problem;
        this.text = details.text;
        this.errors = details.errors;
        this.details = details;
    }
}
function describe(details) {
    switch (details.problem) {
        case 'not-json':
            return `the answer is not JSON: ${details.errors[0] ?? ''}`;
        case 'schema':
            return `the answer does not match the schema: ${details.errors.join('; ')}`;
        case 'length':
            return `the answer was cut off at max_tokens after ${details.usage.outputTokens} output tokens`;
        case 'refusal':
            return 'the model refused to answer';
        case 'content_filter':
            return 'the provider withheld the answer (content filter)';
    }
}

/*
 * prompts.lock.json: the tagged versions an app runs, written by `promptgate bundle` and read by
 * the runtime. Documented by schemas/lock.schema.json. Content-addressed: each version carries
 * the sha256 of its own canonical content, and the file the sha256 of its versions' digests, so
 * a lockfile edited by hand (or cut short) is refused with the name of the prompt.
 *
 * Canonical content: RFC 8785 (JCS) for these values \u2014 keys sorted at every depth, no
 * whitespace (providers/request-key.ts canonicalJson) \u2014 of the object without its `digest`.
 */
const LOCKFILE_FORMAT = 'promptgate-lock/1';
const VARIANTS = ['production', 'canary'];
const sha256 = (text) => `sha256:${hash('sha256', text, 'hex')}`;
function versionDigest(version) {
    const { digest: _digest, ...content } = version;
    return sha256(canonicalJson(content));
}
function fileDigest(lockfile) {
    const prompts = {};
    for (const [id, prompt] of Object.entries(lockfile.prompts)) {
        prompts[id] = {};
        for (const variant of VARIANTS)
            if (prompt[variant])
                prompts[id][variant] = prompt[variant].digest;
    }
    return sha256(canonicalJson({ format: lockfile.format, refs: lockfile.refs, prompts }));
}
/** A lockfile of these versions, every digest computed. */
function sealLockfile(refs, prompts) {
    const sealed = {};
    for (const id of Object.keys(prompts).sort()) {
        const prompt = prompts[id];
        sealed[id] = {};
        for (const variant of VARIANTS) {
            const version = prompt[variant];
            if (version)
                sealed[id][variant] = { ...version, digest: versionDigest(version) };
        }
    }
    const content = { format: LOCKFILE_FORMAT, refs, prompts: sealed };
    return { ...content, digest: fileDigest(content) };
}
/** Members written in their own order: JSON Schemas and tool parameters are sent to providers as written. */
const KEEP_ORDER = new Set(['schema', 'parameters']);
/**
 * The file's text: keys sorted at every depth (a diff between two bundles shows only what
 * changed), two-space indentation, except inside schemas and tool parameters.
 */
function formatLockfile(lockfile) {
    return `${JSON.stringify(sortedExceptSchemas(lockfile), null, 2)}\n`;
}
function sortedExceptSchemas(value, keepOrder = false) {
    if (Array.isArray(value))
        return value.map((item) => sortedExceptSchemas(item, keepOrder));
    if (typeof value !== 'object' || value === null)
        return value;
    const record = value;
    const keys = keepOrder ? Object.keys(record) : Object.keys(record).sort();
    const out = {};
    for (const key of keys) {
        if (record[key] !== undefined)
            out[key] = sortedExceptSchemas(record[key], keepOrder || KEEP_ORDER.has(key));
    }
    return out;
}
/**
 * Reads and verifies a lockfile (its text, or the parsed object). Throws a LockfileError that
 * names the file, and the prompt and variant when one of them is the problem.
 */
function readLockfile(input, name = 'the lockfile') {
    let data = input;
    if (typeof input === 'string') {
        try {
            data = JSON.parse(input);
        }
        catch (error) {
            throw new LockfileError(`${name} is not JSON (${error instanceof Error ? error.message : String(error)}); build it with promptgate bundle`);
        }
    }
    if (!isObject(data) || data.format !== LOCKFILE_FORMAT) {
        const got = isObject(data) ? JSON.stringify(data.format) : 'no format';
        throw new LockfileError(`${name} is not a promptgate lockfile (format ${got}, expected "${LOCKFILE_FORMAT}"); build it with promptgate bundle`);
    }
    if (!isObject(data.prompts) || !Array.isArray(data.refs) || typeof data.digest !== 'string') {
        throw new LockfileError(`${name} is incomplete: it needs refs, prompts and digest`);
    }
    const lockfile = data;
    for (const [id, prompt] of Object.entries(lockfile.prompts)) {
        if (!isObject(prompt) || !VARIANTS.some((variant) => prompt[variant] !== undefined)) {
            throw new LockfileError(`${name}: prompt "${id}" has no production or canary version`);
        }
        for (const variant of VARIANTS) {
            const version = prompt[variant];
            if (version !== undefined)
                checkVersion(version, id, variant, name);
        }
    }
    const expected = fileDigest(lockfile);
    if (expected !== lockfile.digest) {
        throw new LockfileError(`${name}: digest mismatch: the file's digest ${lockfile.digest} is not that of its prompts (${expected}); it was changed after promptgate bundle wrote it`);
    }
    return lockfile;
}
function checkVersion(version, id, variant, name) {
    const where = `${name}: ${id} (${variant})`;
    if (!isObject(version))
        throw new LockfileError(`${where} is not an object`);
    const v = version;
    if (v.id !== id)
        throw new LockfileError(`${where}: holds prompt "${String(v.id)}"`);
    const missing = ['version', 'commit', 'folder', 'digest'].filter((key) => typeof version[key] !== 'string');
    if (!isObject(v.system) || typeof v.system.template !== 'string')
        missing.push('system.template');
    if (!isObject(v.settings) || typeof v.settings.provider !== 'string' || typeof v.settings.model !== 'string')
        missing.push('settings');
    if (!Array.isArray(v.examples))
        missing.push('examples');
    if (missing.length > 0)
        throw new LockfileError(`${where}: missing ${missing.join(', ')}`);
    const digest = versionDigest(v);
    if (digest !== v.digest) {
        throw new LockfileError(`${where} ${v.version}: digest mismatch: its content hashes to ${digest}, not ${v.digest}; the lockfile was changed after promptgate bundle wrote it`);
    }
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// A suite checks the same few paths in every test: each is parsed once (the segments are never mutated).
const parsedPaths = new Map();
/** `a.b[0].c` \u2192 ['a', 'b', 0, 'c']; undefined when it is not a path. */
function parsePath(path) {
    if (parsedPaths.has(path))
        return parsedPaths.get(path);
    let segments;
    if (/^[^.[\]]+(?:\[\d+\])*(?:\.[^.[\]]+(?:\[\d+\])*)*$/.test(path)) {
        segments = [];
        for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
            segments.push(match[2] !== undefined ? Number(match[2]) : match[1]);
    }
    if (parsedPaths.size < 10_000)
        parsedPaths.set(path, segments); // bounded: paths come from users' files
    return segments;
}
/** The member or item a segment names; undefined when there is none (own keys only). */
function childOf(value, segment) {
    if (typeof segment === 'number')
        return Array.isArray(value) ? value[segment] : undefined;
    if (value === null || typeof value !== 'object' || Array.isArray(value))
        return undefined;
    return Object.hasOwn(value, segment) ? value[segment] : undefined;
}
/** The value at the end of the segments, or undefined where the path leaves the value. */
function valueAt(value, segments) {
    let current = value;
    for (const segment of segments) {
        current = childOf(current, segment);
        if (current === undefined)
            return undefined;
    }
    return current;
}

/**
 * Published list prices (standard tier, no batch discount). `cacheWrite` is Anthropic's
 * 5-minute-TTL write rate (1.25x input) and `cacheWrite1h` its 1-hour rate (2x input); OpenAI
 * bills no cache-write premium. Prices change: a team that needs exact figures overrides them
 * in promptgate.yaml rather than waiting for a release. `asOf` is the day the row was checked
 * against the provider's pricing page.
 */
const ANTHROPIC_CHECKED = '2026-11-30';
const OPENAI_CHECKED = '2026-11-30';
const anthropic = (input, output, cachedInput = input / 10) => ({ input, cachedInput, cacheWrite: input * 1.25, cacheWrite1h: input * 2, output, asOf: ANTHROPIC_CHECKED });
const openai = (input, cachedInput, output, asOf = OPENAI_CHECKED) => ({ input, cachedInput, cacheWrite: input, cacheWrite1h: input, output, asOf });
const PRICES = {
    // OpenAI
    'gpt-4o': openai(2.5, 1.25, 10, '2025-11-01'),
    'gpt-4o-mini': openai(0.15, 0.075, 0.6, '2025-11-01'),
    'gpt-4.1': openai(2, 0.5, 8, '2025-11-01'),
    'gpt-4.1-mini': openai(0.4, 0.1, 1.6, '2025-11-01'),
    'gpt-4.1-nano': openai(0.1, 0.025, 0.4, '2025-11-01'),
    'gpt-5': openai(1.25, 0.125, 10, '2025-11-01'),
    'gpt-5-mini': openai(0.25, 0.025, 2, '2025-11-01'),
    'gpt-5-nano': openai(0.05, 0.005, 0.4, '2025-11-01'),
    'gpt-5.1': openai(1.25, 0.125, 10, '2025-11-15'),
    'gpt-5.4': openai(2.5, 0.25, 15),
    'gpt-5.4-mini': openai(0.75, 0.075, 4.5),
    o3: openai(2, 0.5, 8, '2025-11-01'),
    // Embeddings (the `similar` check): input tokens only.
    'text-embedding-3-small': openai(0.02, 0.02, 0),
    'text-embedding-3-large': openai(0.13, 0.13, 0),
    'o3-mini': openai(1.1, 0.55, 4.4, '2025-11-01'),
    'o4-mini': openai(1.1, 0.275, 4.4, '2025-11-01'),
    // Anthropic
    'claude-fable-5-1': anthropic(10, 50, 0.25),
    'claude-fable-5': anthropic(10, 50, 1),
    'claude-opus-5': anthropic(5, 25),
    'claude-opus-4-8': anthropic(5, 25),
    'claude-opus-4-7': anthropic(5, 25),
    'claude-opus-4-6': anthropic(5, 25),
    'claude-opus-4-5': anthropic(5, 25),
    'claude-opus-4-1': anthropic(15, 75),
    'claude-opus-4': anthropic(15, 75),
    'claude-sonnet-5-5': anthropic(2, 10),
    'claude-sonnet-5': anthropic(2, 10),
    'claude-sonnet-4-6': anthropic(3, 15),
    'claude-sonnet-4-5': anthropic(3, 15),
    'claude-sonnet-4': anthropic(3, 15),
    'claude-3-7-sonnet': anthropic(3, 15),
    'claude-haiku-4-5': anthropic(1, 5),
    'claude-3-5-haiku': anthropic(0.8, 4),
    'claude-3-haiku': { input: 0.25, cachedInput: 0.03, cacheWrite: 0.3, cacheWrite1h: 0.5, output: 1.25, asOf: '2025-11-01' },
};
/**
 * What may follow a known name in a dated snapshot: `-2024-07-18`, `-20250929`, `-0613`,
 * `-latest`, Vertex's `@20250929`, optionally followed by a platform suffix (`-v1:0`). Anything
 * else is a different model: `claude-sonnet-4-6` is not `claude-sonnet-4`, `gpt-4o-audio` is not
 * `gpt-4o`.
 */
const SNAPSHOT_SUFFIX = /^(?:-(?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4}|latest)|@\d{8})(?:[-:@].*)?$/;
/**
 * A platform's model id as the price list names the model: Bedrock's `anthropic.` vendor prefix
 * and its inference-profile region (`us.`, `eu.`, `apac.`, `global.`) are not part of the
 * model's name, nor is an OpenRouter-style `vendor/` prefix.
 */
function listedName(model) {
    return model.replace(/^(?:(?:us|eu|apac|jp|au|us-gov|global)\.)?anthropic\./, '').replace(/^[a-z0-9-]+\//, '');
}
/** The price and the name it is listed under (the override or table key that matched). */
function findPriceEntry(model, overrides = {}) {
    const name = model.trim();
    const override = lookup(name, overrides) ?? lookup(listedName(name), overrides);
    if (override)
        return { key: override.key, price: { ...override.price } };
    return lookup(name, PRICES) ?? lookup(listedName(name), PRICES);
}
function lookup(model, table) {
    const exact = Object.hasOwn(table, model) ? table[model] : undefined;
    if (exact !== undefined)
        return { key: model, price: exact };
    let best;
    for (const [key, price] of Object.entries(table)) {
        if (model.startsWith(key) && SNAPSHOT_SUFFIX.test(model.slice(key.length))) {
            if (!best || key.length > best.key.length)
                best = { key, price };
        }
    }
    return best;
}
/**
 * Cost of one call in USD. `inputTokens` includes the cached reads and the cache writes, so
 * those are taken out of it and priced at their own rates.
 */
function costOf(usage, price) {
    const cached = Math.max(0, usage.cachedInputTokens);
    const writes = Math.max(0, usage.cacheWriteTokens);
    const oneHourWrites = Math.min(writes, Math.max(0, usage.cacheWrite1hTokens ?? 0));
    const uncached = Math.max(0, usage.inputTokens - cached - writes);
    const perToken = 1 / 1_000_000;
    const writePrice = price.cacheWrite ?? price.input;
    return ((uncached * price.input +
        cached * (price.cachedInput ?? price.input) +
        (writes - oneHourWrites) * writePrice +
        oneHourWrites * (price.cacheWrite1h ?? writePrice) +
        usage.outputTokens * price.output) *
        perToken);
}

/**
 * priceCall for a whole run: the price list is looked up once per provider, requested and
 * served model, not once per call (a served snapshot such as `gpt-4o-mini-2024-07-18` is matched
 * by scanning the list).
 */
function runPricer(overrides = {}) {
    const entries = new Map();
    return (call) => {
        const key = `${call.provider}\u0000${call.requestedModel}\u0000${call.servedModel}`;
        let entry = entries.get(key);
        if (entry === undefined && !entries.has(key)) {
            entry = priceEntryFor(call, overrides);
            entries.set(key, entry);
        }
        return pricedWith(entry, call);
    };
}
/**
 * The price-list entry for the served model, else the requested one (Azure: the deployment only).
 * A `pricing:` entry written `provider:model` (`ollama:qwen3:8b`, `openrouter:openai/gpt-4o`)
 * prices that provider's model before any entry of the model's name alone.
 */
function priceEntryFor(call, overrides) {
    const qualified = `${call.provider}:${call.requestedModel}`;
    if (Object.hasOwn(overrides, qualified))
        return { key: qualified, price: overrides[qualified] };
    if (call.provider === 'azure')
        return azureEntry(call.requestedModel, overrides);
    const served = call.servedModel === '' ? undefined : findPriceEntry(call.servedModel, overrides);
    if (served || call.requestedModel === '' || call.requestedModel === call.servedModel)
        return served;
    return findPriceEntry(call.requestedModel, overrides);
}
function pricedWith(entry, call) {
    // No usage reported is no count of tokens: a price times zero would show $0 for a paid answer.
    if (call.usage.unreported) {
        return {
            costUsd: null,
            costNote: `${call.provider} reported no token usage for this answer (usage missing or null), so its tokens and cost are unknown`,
        };
    }
    if (entry)
        return { costUsd: costOf(call.usage, entry.price), pricedAs: entry.key };
    const builtIn = isBuiltinProvider(call.provider);
    const model = call.requestedModel || call.servedModel;
    // An endpoint's model is priced under its qualified name: `qwen3:8b` may be free locally and paid elsewhere.
    const key = call.provider === 'azure' ? call.requestedModel : builtIn ? model : `${call.provider}:${model}`;
    const what = call.provider === 'azure' ? `azure deployment "${key}"` : builtIn ? `model "${key}"` : `${call.provider} model "${model}"`;
    return {
        costUsd: null,
        costNote: `no price for ${what}; add it to promptgate.yaml: pricing: { ${JSON.stringify(key)}: { input: <USD per 1M tokens>, output: <USD per 1M tokens> } }`,
    };
}
function azureEntry(deployment, overrides) {
    return Object.hasOwn(overrides, deployment) ? { key: deployment, price: overrides[deployment] } : undefined;
}

function prepareLockfile(lockfile, servedFrom) {
    const prompts = new Map();
    for (const [id, prompt] of Object.entries(lockfile.prompts))
        prompts.set(id, preparePrompt(id, prompt, servedFrom));
    return prompts;
}
function preparePrompt(id, prompt, servedFrom) {
    return assemblePrompt(id, {
        ...(prompt.production ? { production: prepareVersion(prompt.production, 'production', servedFrom) } : {}),
        ...(prompt.canary ? { canary: prepareVersion(prompt.canary, 'canary', servedFrom) } : {}),
    });
}
/** A prompt from its prepared variants (the refresh replaces one variant at a time). */
function assemblePrompt(id, { production, canary }) {
    return {
        id,
        ...(production ? { production } : {}),
        ...(canary ? { canary } : {}),
        canaryWeight: canary?.locked.deploy?.canary?.weight ?? 0,
    };
}
function prepareVersion(locked, variant, servedFrom) {
    const { settings } = locked;
    const folder = {
        settings: {
            provider: settings.provider,
            model: settings.model,
            variables: settings.variables ?? {},
            ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
            ...(settings.maxTokens !== undefined ? { maxTokens: settings.maxTokens } : {}),
            ...(settings.tools ? { tools: settings.tools } : {}),
            ...(settings.modelSettings ? { modelSettings: settings.modelSettings } : {}),
            ...(settings.structuredOutput === false ? { structuredOutput: false } : {}),
        },
        systemTemplate: locked.system.template,
        systemFile: locked.system.file,
        examples: locked.examples,
        ...(locked.schema ? { schema: locked.schema } : {}),
    };
    let compiled = null;
    const validator = () => {
        if (compiled !== null)
            return compiled;
        if (!locked.schema)
            return (compiled = undefined);
        const result = compileUserSchema(locked.schema);
        if (!result.ok)
            throw new LockfileError(`${locked.id} ${locked.version}: ${locked.system.file.replace(/system\.txt$/, 'schema.json')} ${result.message}`);
        return (compiled = result.validate);
    };
    const outputFields = (locked.metrics ?? []).flatMap((metric) => {
        const path = metric.field !== undefined ? parsePath(metric.field) : undefined;
        return metric.field !== undefined && path ? [{ field: metric.field, path }] : [];
    });
    return {
        locked,
        variant,
        servedFrom,
        folder,
        validator,
        outputFields: dedupe(outputFields),
        price: runPricer(settings.pricing ?? {}),
        recordings: locked.recordings,
    };
}
function dedupe(items) {
    const seen = new Set();
    return items.filter((item) => !seen.has(item.field) && seen.add(item.field));
}
/**
 * The key's place in [0, 100): the first 48 bits of sha256(`<prompt id>\n<key>`), as a share of
 * 2^48. The same key always lands in the same place (a user stays on one version), keys spread
 * evenly, and each prompt draws its own canary users. Another service can route the same way.
 */
function canaryBucket(promptId, key) {
    const digest = hash('sha256', `${promptId}\n${key}`, 'hex');
    return (Number.parseInt(digest.slice(0, 12), 16) / 2 ** 48) * 100;
}
/** Production, or the canary for keys whose bucket falls under its weight; no key: production. */
function chooseVersion(prompt, key) {
    if (!prompt.production)
        return prompt.canary;
    if (!prompt.canary || key === undefined || prompt.canaryWeight <= 0)
        return prompt.production;
    return canaryBucket(prompt.id, key) < prompt.canaryWeight ? prompt.canary : prompt.production;
}

/** The tool's version, shown by --version and written to results.json (kept equal to package.json by a test). */
const VERSION = '0.1.0';

function anyValue(value) {
    if (typeof value === 'string')
        return { stringValue: value };
    if (typeof value === 'boolean')
        return { boolValue: value };
    if (Array.isArray(value))
        return { arrayValue: { values: value.map((item) => ({ stringValue: item })) } };
    return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}
function otlpAttributes(attributes) {
    const list = [];
    for (const key of Object.keys(attributes)) {
        const value = attributes[key];
        if (value !== undefined)
            list.push({ key, value: anyValue(value) });
    }
    return list;
}
/** Unix time in nanoseconds, as a decimal string (beyond 2^53, so not a Number). */
function nowUnixNano() {
    const ms = performance.timeOrigin + performance.now();
    const whole = Math.floor(ms);
    return (BigInt(whole) * 1000000n + BigInt(Math.round((ms - whole) * 1e6))).toString();
}
// Span and trace ids from a pool of random bytes, refilled 4 KB at a time.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;
function randomHex(bytes) {
    if (poolOffset + bytes > pool.length) {
        randomFillSync(pool);
        poolOffset = 0;
    }
    const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
    poolOffset += bytes;
    return hex;
}
/** At most this many spans wait for a write; a flush happens at least this often. */
const MAX_PENDING = 512;
const FLUSH_INTERVAL_MS = 1000;
class OtlpFileSink {
    path;
    onError;
    pending = [];
    writing = Promise.resolve();
    timer;
    prefix;
    closed = false;
    madeFolder = false;
    constructor(path, resource, scope, onError) {
        this.path = path;
        this.onError = onError;
        // Everything around the spans is the same on every line: serialized once.
        const head = { resource: { attributes: otlpAttributes(resource), droppedAttributesCount: 0 }};
        this.prefix = `{"resourceSpans":[{"resource":${JSON.stringify(head.resource)},"scopeSpans":[{"scope":${JSON.stringify(scope)},"spans":[`;
        this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
        this.timer.unref();
    }
    add(span) {
        if (this.closed)
            return;
        this.pending.push(span);
        if (this.pending.length >= MAX_PENDING)
            void this.flush();
    }
    /** Writes what is pending as one line; resolves when every earlier write is done. */
    flush() {
        if (this.pending.length > 0) {
            const spans = this.pending;
            this.pending = [];
            const line = `${this.prefix}${spans.map((span) => JSON.stringify(span)).join(',')}]}]}]}\n`;
            this.writing = this.writing.then(() => this.write(line));
        }
        return this.writing;
    }
    async close() {
        clearInterval(this.timer);
        await this.flush();
        this.closed = true;
    }
    async write(line) {
        try {
            if (!this.madeFolder) {
                await mkdir(dirname(this.path), { recursive: true });
                this.madeFolder = true;
            }
            await appendFile(this.path, line);
        }
        catch (error) {
            // Telemetry never fails a call: the app is told, the spans of this line are lost.
            this.onError(error);
        }
    }
}

/** GenAI semantic conventions' provider names. */
const PROVIDER_NAMES = { openai: 'openai', anthropic: 'anthropic', azure: 'azure.ai.openai' };
class Telemetry {
    tracer;
    sink;
    redact;
    variables;
    content;
    constructor(options, env, secrets, onError) {
        this.tracer = options.tracer ?? trace.getTracer('promptgate', VERSION);
        this.redact = redactor(secrets);
        this.variables = options.record?.variables ?? [];
        this.content = options.record?.content === true;
        if (options.file) {
            const resource = {
                'service.name': options.serviceName ?? env.OTEL_SERVICE_NAME ?? 'unknown_service:node',
                'telemetry.sdk.name': 'promptgate',
                'telemetry.sdk.language': 'nodejs',
                'telemetry.sdk.version': VERSION,
            };
            this.sink = new OtlpFileSink(options.file, resource, { name: 'promptgate', version: VERSION }, onError);
        }
    }
    /** Starts the call's span: the SDK's when one is registered, else the file's, else none. */
    start(version, request, vars) {
        const { locked } = version;
        const attributes = {
            'gen_ai.operation.name': 'chat',
            'gen_ai.provider.name': PROVIDER_NAMES[request.provider],
            'gen_ai.request.model': request.model,
            'gen_ai.request.temperature': request.temperature,
            'gen_ai.request.max_tokens': request.maxTokens,
            'gen_ai.output.type': request.jsonSchema ? 'json' : 'text',
            'gen_ai.prompt.name': locked.id,
            'gen_ai.prompt.version': locked.version,
            'promptgate.variant': version.variant,
            'promptgate.commit': locked.commit,
            'promptgate.served_from': version.servedFrom,
        };
        for (const name of this.variables) {
            if (vars && Object.hasOwn(vars, name))
                attributes[`promptgate.variable.${name}`] = this.redact(vars[name]);
        }
        if (this.content) {
            const system = request.messages.filter((message) => message.role === 'system').map((message) => message.content);
            const turns = request.messages.filter((message) => message.role !== 'system');
            attributes['gen_ai.system_instructions'] = this.redact(JSON.stringify(system.map((text) => ({ type: 'text', content: text }))));
            attributes['gen_ai.input.messages'] = this.redact(JSON.stringify(turns.map((turn) => ({ role: turn.role, parts: [{ type: 'text', content: turn.content }] }))));
        }
        const name = `chat ${request.model}`;
        const span = this.tracer.startSpan(name, { kind: SpanKind.CLIENT }, context.active());
        if (isSpanContextValid(span.spanContext()))
            return this.sdkSpan(span, attributes, version);
        if (this.sink)
            return this.fileSpan(name, attributes, version);
        return { end: () => undefined };
    }
    flush() {
        return this.sink?.flush() ?? Promise.resolve();
    }
    close() {
        return this.sink?.close() ?? Promise.resolve();
    }
    sdkSpan(span, attributes, version) {
        return {
            end: (outcome) => {
                const all = this.finish(attributes, outcome, version);
                for (const key of Object.keys(all)) {
                    const value = all[key];
                    if (value !== undefined)
                        span.setAttribute(key, value);
                }
                if (outcome.error)
                    span.setStatus({ code: SpanStatusCode.ERROR, message: this.redact(outcome.error.message) });
                span.end();
            },
        };
    }
    fileSpan(name, attributes, version) {
        const startTimeUnixNano = nowUnixNano();
        const sink = this.sink;
        return {
            end: (outcome) => {
                sink.add({
                    traceId: randomHex(16),
                    spanId: randomHex(8),
                    name,
                    kind: 3,
                    startTimeUnixNano,
                    endTimeUnixNano: nowUnixNano(),
                    attributes: otlpAttributes(this.finish(attributes, outcome, version)),
                    droppedAttributesCount: 0,
                    events: [],
                    droppedEventsCount: 0,
                    status: outcome.error ? { code: 2, message: this.redact(outcome.error.message) } : {},
                    links: [],
                    droppedLinksCount: 0,
                    flags: 257,
                });
            },
        };
    }
    /** The attributes known once the call is over. */
    finish(attributes, outcome, version) {
        attributes['gen_ai.response.model'] = outcome.servedModel;
        if (outcome.finishReason)
            attributes['gen_ai.response.finish_reasons'] = [outcome.finishReason];
        attributes['gen_ai.usage.input_tokens'] = outcome.inputTokens;
        attributes['gen_ai.usage.output_tokens'] = outcome.outputTokens;
        if (outcome.costUsd !== null)
            attributes['promptgate.cost_usd'] = outcome.costUsd;
        attributes['promptgate.schema_valid'] = outcome.schemaValid;
        if (outcome.error)
            attributes['error.type'] = outcome.error.type;
        if (outcome.output !== undefined) {
            for (const { field, path } of version.outputFields) {
                const value = valueAt(outcome.output, path);
                if (value === undefined || value === null)
                    continue;
                attributes[`promptgate.output.${field}`] =
                    typeof value === 'object' ? this.redact(JSON.stringify(value)) : typeof value === 'string' ? this.redact(value) : value;
            }
        }
        if (this.content && outcome.text !== undefined) {
            const message = {
                role: 'assistant',
                parts: [{ type: 'text', content: outcome.text }],
                finish_reason: outcome.finishReason ?? 'stop',
            };
            attributes['gen_ai.output.messages'] = this.redact(JSON.stringify([message]));
        }
        return attributes;
    }
}

/**
 * `createPromptEngine`: the app's side of promptgate. It serves the versions a lockfile holds
 * (and, with `refresh`, the versions the alias tags move to) with the pieces the tests used:
 * the template engine, the request builder, the provider layer with its retries and error
 * kinds, JSON-after-reasoning extraction and the schema check.
 */
async function createPromptEngine(options) {
    const env = options.env ?? process.env;
    const warn = options.onWarning ?? (() => undefined);
    const lockfile = typeof options.bundle === 'string'
        ? readLockfile(await readFile(options.bundle, 'utf8'), options.bundle)
        : readLockfile(options.bundle, 'the bundle');
    const state = { prompts: prepareLockfile(lockfile, 'bundle') };
    const secrets = secretsIn(env);
    const telemetry = new Telemetry(options.telemetry ?? {}, env, secrets, (error) => warn(`promptgate telemetry: could not write ${options.telemetry?.file}: ${error instanceof Error ? error.message : String(error)}`));
    const replay = options.responses === 'replay';
    const providers = replay
        ? {}
        : createProvidersFromEnv(env, { ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), onWarning: warn });
    const retry = options.retry ?? {};
    const refresher = options.refresh
        ? await (await import('./refresh.js').then(function (n) { return n.a; })).startRefresh(options.refresh, lockfile, {
            swap: (id, prompt) => {
                // One assignment: a call in flight keeps the version it started with.
                const next = new Map(state.prompts);
                next.set(id, prompt);
                state.prompts = next;
            },
            warn,
        })
        : undefined;
    async function answer(request, version, signal) {
        if (replay) {
            const recorded = version.recordings?.[requestKey(request)]?.responses[0];
            if (recorded)
                return fromRecorded(recorded);
            const { id, version: name } = version.locked;
            throw new ProviderError('missing-recording', version.recordings
                ? `${id} ${name}: no recorded answer for this request in the bundle (replay answers only what the tests recorded: the same input, vars and messages)`
                : `${id} ${name}: the bundle holds no recordings; build it with promptgate bundle --with-recordings to replay`);
        }
        const provider = providers[request.provider];
        if (!provider) {
            const variable = API_KEY_VARIABLES[request.provider];
            // promptgate.yaml's named endpoints are the test run's: the runtime calls the built-in providers only.
            throw new ProviderError('no-credentials', variable
                ? `${variable} is not set, so ${request.provider} cannot be called`
                : `${request.provider} is a promptgate.yaml endpoint, which the runtime does not call; ` +
                    'point OPENAI_BASE_URL at that server and use provider: openai');
        }
        return withRetries(() => provider.complete(request, signal ? { signal } : undefined), retry);
    }
    async function execute(id, input) {
        const prompt = state.prompts.get(id);
        if (!prompt)
            throw new PromptNotFoundError(id, [...state.prompts.keys()]);
        const version = chooseVersion(prompt, input.key);
        const { locked } = version;
        const vars = input.vars ? textValues(input.vars) : {};
        let request;
        try {
            request = buildModelRequest(version.folder, { input: input.input, vars, ...(input.messages ? { messages: input.messages } : {}) });
        }
        catch (error) {
            if (error instanceof InputError)
                throw new PromptInputError(id, locked.version, error.message);
            throw error;
        }
        const span = telemetry.start(version, request, input.vars ? vars : undefined);
        let response;
        try {
            response = await answer(request, version, input.signal);
        }
        catch (error) {
            span.end({ error: { type: error instanceof ProviderError ? error.kind : errorName(error), message: messageOf(error) } });
            throw error;
        }
        const priced = version.price({
            provider: request.provider,
            requestedModel: request.model,
            servedModel: response.model,
            usage: response.usage,
        });
        const result = {
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
        execute: execute,
        prompts: () => [...state.prompts.values()].map((prompt) => ({
            id: prompt.id,
            ...(prompt.production ? { production: prompt.production.locked.version } : {}),
            ...(prompt.canary ? { canary: prompt.canary.locked.version } : {}),
            canaryWeight: prompt.canaryWeight,
            source: (prompt.production ?? prompt.canary).servedFrom,
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
function checkOutput(result, version, span) {
    const usage = {
        servedModel: result.servedModel,
        finishReason: result.finishReason,
        inputTokens: result.usage.inputTokens,
        outputTokens: result.usage.outputTokens,
        costUsd: result.costUsd,
        text: result.text,
    };
    const validate = version.validator();
    const fail = (problem, errors) => {
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
    if (stopped === 'length' || stopped === 'refusal' || stopped === 'content_filter')
        fail(stopped, []);
    if (validate && !(result.toolCalls && result.text.trim() === '')) {
        const parsed = parseOutputJson(result.text);
        if (!parsed.ok)
            fail('not-json', [parsed.reason]);
        const value = parsed.value;
        if (!validate(value))
            fail('schema', describeOutputErrors(validate.errors ?? []));
        result.output = value;
    }
    span.end({ ...usage, ...(validate ? { schemaValid: true } : {}), output: result.output });
}
function textValues(vars) {
    const out = {};
    for (const key of Object.keys(vars)) {
        const value = vars[key];
        if (value !== undefined && value !== null)
            out[key] = typeof value === 'string' ? value : String(value);
    }
    return out;
}
const errorName = (error) => (error instanceof Error ? error.name : 'Error');
const messageOf = (error) => (error instanceof Error ? error.message : String(error));

export { ANTHROPIC_DEFAULT_MAX_TOKENS as A, BUILTIN_PROVIDERS as B, CLAUDE_PROVIDERS as C, DEFAULT_CALL_TIMEOUT_MS as D, platformOptions as E, displayUrl as F, formatWait as G, retryAfterMsFrom as H, InputError as I, lineOfOffset as J, LockfileError as K, LOCKFILE_FORMAT as L, PromptInputError as M, PromptNotFoundError as N, PromptOutputError as O, ProviderError as P, canaryBucket as Q, RegexTimeoutError as R, createPromptEngine as S, VARIANTS as V, parsePath as a, pointerToField as b, shortToken as c, compileUserSchema as d, parseOutputJson as e, describeOutputErrors as f, checkPlaceholders as g, RECORDINGS_FILE as h, isBuiltinProvider as i, prepareVersion as j, assemblePrompt as k, lineAt as l, formatDiagnostic as m, nameUserSchema as n, versionDigest as o, pointerSegments as p, quoteToken as q, readLockfile as r, schemaErrorsToDiagnostics as s, testVariables as t, formatLockfile as u, validateToolFile as v, sealLockfile as w, finishReasonOf as x, redact as y, requiringModel as z };
