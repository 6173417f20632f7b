import { ProviderError, type Provider } from './types.js';

/** The timeout and warning sink a platform provider passes on, each only when set. */
export function platformOptions(options: { timeoutMs?: number | undefined; onWarning?: ((message: string) => void) | undefined }) {
  return {
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  };
}

/** The platforms have no default model: the model id names a model the team enabled there. */
export function requiringModel(name: string, example: string, provider: Provider): Provider {
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
