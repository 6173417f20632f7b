import { configuredProviders, type ConfiguredProvider, type EndpointConfig } from '../providers/from-env.js';

/**
 * What a pull request from a fork should be told: GitHub gives its workflow no secrets, so no
 * provider that needs a key, AWS or Google credentials can be called, and tests without a
 * recorded answer are reported as not run. Which providers a run can call is the one predicate
 * the run itself uses (configuredProviders): a provider whose credentials are there anyway (a
 * workflow that hands them over, on pull_request_target or a self-hosted runner) means no
 * notice. Providers that need no secret (an endpoint without api_key_env, OPENAI_BASE_URL
 * without a key) are still called, and the notice names them.
 */
export function forkNotice(
  env: Record<string, string | undefined>,
  endpoints: Readonly<Record<string, EndpointConfig>> | undefined,
): string | undefined {
  const configured = configuredProviders(env, endpoints);
  if (configured.some((provider) => !provider.keyless)) return undefined;
  const start = 'This pull request comes from a fork, which gets no secrets: tests with recorded responses run';
  if (configured.length === 0) return `${start}, the rest are reported as not run.`;
  return `${start}, and so do live calls to ${listed(configured.map(keylessLabel))}, which need no key; the rest are reported as not run.`;
}

function keylessLabel(provider: ConfiguredProvider): string {
  return provider.kind === 'endpoint' ? `the endpoint ${provider.name}` : `${provider.name} at OPENAI_BASE_URL`;
}

function listed(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
