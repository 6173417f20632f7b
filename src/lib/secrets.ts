/**
 * Secrets must never reach a log line, a comment, a summary or a recording. Every output path
 * redacts the values it knows, on top of GitHub's own masking. secretsIn() is the one home for
 * which values those are: the action masks exactly this list, and every sink redacts it.
 */

/** Provider keys, as the SDKs read them (Bedrock: its API key, and the AWS secret key and session token). */
const API_KEY_VARIABLES = [
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

/** promptgate.yaml `endpoints:`, as secrets see them: the variables that hold their keys, and their URLs. */
export interface EndpointSecretSources {
  keyVariables: readonly string[];
  urls: readonly string[];
}

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
export function secretsIn(
  env: Record<string, string | undefined>,
  endpoints: EndpointSecretSources = { keyVariables: [], urls: [] },
): string[] {
  const secrets: string[] = [];
  const add = (value: string | undefined, minLength = MIN_SECRET_LENGTH) => {
    const trimmed = value?.trim();
    if (trimmed && trimmed.length >= minLength) secrets.push(trimmed);
  };
  for (const name of [...API_KEY_VARIABLES, ...endpoints.keyVariables]) add(env[name]);
  for (const url of [...URL_VARIABLES.map((name) => env[name]), ...endpoints.urls]) {
    try {
      for (const secret of urlSecrets(url)) add(secret);
    } catch {
      // Not a URL: the SDK will say so; there is no password to hide.
    }
  }
  for (const name of RUNNER_TOKEN_VARIABLES) {
    const token = env[name]?.trim();
    add(token);
    if (token && token.length >= MIN_SECRET_LENGTH) add(Buffer.from(`x-access-token:${token}`).toString('base64'));
  }
  for (const [name, value] of Object.entries(env)) {
    if (CREDENTIAL_NAME.test(name) && value && !NOT_A_SECRET.test(value.trim())) add(value, MIN_GUESSED_SECRET_LENGTH);
  }
  return [...new Set(secrets)];
}

/**
 * Query parameters that carry a credential in an endpoint URL: `?api-key=` (some gateways),
 * an Azure SAS `?sig=`, `?token=`, `?access_token=`, `?code=` (Azure Functions keys)…
 */
const CREDENTIAL_PARAMETER =
  /^(?:api[-_]?key|key|sig|signature|token|access[-_]?token|auth|authorization|secret|client[-_]?secret|password|pass|pwd|code)$/i;

/**
 * The credentials an endpoint URL carries: its user info (`https://user:token@host`, where a
 * token often stands in the user's place) and the values of credential-like query parameters,
 * each as written and percent-decoded. Empty for a URL without any, or for text that is not one.
 */
export function urlSecrets(url: string | undefined): string[] {
  if (!url) return [];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  // A password is a secret whatever its length. A user name is one when it looks like a token
  // (`https://<token>@host`): a short one ("user", "admin") would blank that word everywhere.
  const found: Array<[string, number]> = [];
  if (parsed.password) found.push([parsed.password, MIN_SECRET_LENGTH]);
  if (parsed.username) found.push([parsed.username, MIN_GUESSED_SECRET_LENGTH]);
  for (const [name, value] of parsed.searchParams)
    if (CREDENTIAL_PARAMETER.test(name) && value) found.push([value, MIN_GUESSED_SECRET_LENGTH]);
  // searchParams decodes; the URL as written may hold the raw form too.
  for (const pair of parsed.search.slice(1).split('&')) {
    const [name, value] = pair.split('=');
    if (name && value && CREDENTIAL_PARAMETER.test(safeDecode(name) ?? '')) found.push([value, MIN_GUESSED_SECRET_LENGTH]);
  }
  const secrets = found.flatMap(([value, minLength]) => [value, safeDecode(value) ?? value].filter((form) => form.length >= minLength));
  return [...new Set(secrets)];
}

/**
 * An endpoint URL as a message may show it: scheme, host, port and path, without user info,
 * query or fragment (where credentials go), so an error can say which server it could not reach.
 */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return '(an endpoint URL that does not parse)';
  }
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * Replaces every occurrence of every secret (of 4+ characters: shorter ones are not keys).
 * Longest first, so a secret that contains another is not left half visible.
 */
export function redact(text: string, secrets: readonly string[]): string {
  return redactor(secrets)(text);
}

/**
 * redact() with the secrets sorted once, for a writer that redacts many small pieces (one per
 * test of results.json) rather than one big text.
 */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const ordered = secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => {
    let result = text;
    for (const secret of ordered) {
      if (result.includes(secret)) result = result.split(secret).join('[REDACTED]');
    }
    return result;
  };
}
