import type { Answer, EmulatedRequest } from './provider-emulator.js';

/**
 * A small customer-support prompt folder, as a team would write it, and a deterministic
 * "model" for the emulator that answers it: the tests build real repositories from these.
 */
export const SUPPORT_SCHEMA = {
  type: 'object',
  required: ['intent', 'action', 'confidence', 'escalate'],
  properties: {
    intent: { type: 'string', enum: ['account_access', 'billing_issue', 'out_of_scope', 'general_question'] },
    action: { type: 'string' },
    confidence: { type: 'number', minimum: 0, maximum: 1 },
    escalate: { type: 'boolean' },
    reason: { type: ['string', 'null'] },
  },
};

export const SUPPORT_TESTS = `tests:
  - name: Handle password reset request
    input: I forgot my password
    expected_intent: account_access
    expected_action: password_reset
    expected_escalate: false
    min_confidence: 0.8

  - name: Escalate billing disputes
    input: You charged my card twice
    expected_intent: billing_issue
    expected_escalate: true
    min_confidence: 0.8

  - name: Reject out-of-scope requests
    input: What's the weather tomorrow?
    expected_escalate: true
    expected_reason: out_of_scope
`;

export function supportFolder(path: string, options: { systemNote?: string; tests?: string; model?: string } = {}): Record<string, string> {
  return {
    [`${path}/system.txt`]: `You are the support assistant for {company}.\nClassify the customer's message and answer as JSON.${options.systemNote ? `\n${options.systemNote}` : ''}\n`,
    [`${path}/prompt.yaml`]: `provider: openai\nmodel: ${options.model ?? 'gpt-4o-mini'}\ntemperature: 0\nvariables:\n  company: Acme\n`,
    [`${path}/schema.json`]: `${JSON.stringify(SUPPORT_SCHEMA, null, 2)}\n`,
    [`${path}/tests.yaml`]: options.tests ?? SUPPORT_TESTS,
  };
}

/**
 * The emulated model: classifies by keywords. A system prompt containing "BREAK-BILLING"
 * stands for a prompt edit that makes the model misread billing complaints.
 */
export function supportModel(request: EmulatedRequest): Answer {
  const message = request.lastUserMessage.toLowerCase();
  const system = request.messages.find((m) => m.role === 'system')?.content ?? '';
  let answer: Record<string, unknown> = { intent: 'general_question', action: 'answer', confidence: 0.7, escalate: false, reason: null };
  if (message.includes('password'))
    answer = { intent: 'account_access', action: 'password_reset', confidence: 0.95, escalate: false, reason: null };
  if (message.includes('charged')) {
    answer = system.includes('BREAK-BILLING')
      ? { intent: 'general_question', action: 'answer', confidence: 0.6, escalate: false, reason: null }
      : { intent: 'billing_issue', action: 'escalate', confidence: 0.93, escalate: true, reason: 'billing_dispute' };
  }
  if (message.includes('weather'))
    answer = { intent: 'out_of_scope', action: 'decline', confidence: 0.9, escalate: true, reason: 'out_of_scope' };
  return { text: JSON.stringify(answer), usage: { inputTokens: 180 + Math.round(system.length / 4), outputTokens: 30 } };
}
