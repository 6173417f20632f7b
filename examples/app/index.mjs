// An app that runs the prompt versions its release tagged, as the tests ran them.
// prompts.lock.json was written at deploy time by
//   promptgate bundle --with-recordings --out examples/app/prompts.lock.json
// (scripts/example-bundle.mjs rebuilds it from prompts-example), so this runs offline:
// `responses: 'replay'` answers from the recordings. With OPENAI_API_KEY set and
// PROMPTGATE_RESPONSES=live, the same code calls the provider.
import { fileURLToPath } from 'node:url';
import { createPromptEngine, PromptOutputError, ProviderError } from 'promptgate/runtime';

const engine = await createPromptEngine({
  bundle: fileURLToPath(new URL('./prompts.lock.json', import.meta.url)),
  responses: process.env.PROMPTGATE_RESPONSES === 'live' ? 'live' : 'replay',
  // One OTLP JSON Lines file of spans, when asked for (an OpenTelemetry SDK, if registered, gets them instead).
  telemetry: process.env.PROMPTGATE_TELEMETRY_FILE ? { file: process.env.PROMPTGATE_TELEMETRY_FILE } : {},
});

async function answer(message, userId) {
  try {
    const r = await engine.execute('customer-support', { input: message, key: userId });
    const { intent, action, confidence, escalate } = r.output;
    console.log(`customer-support ${r.version} (${r.variant}, from the ${r.source}): ${intent} -> ${action}, confidence ${confidence}`);
    console.log(`  reply: ${r.output.response}`);
    if (escalate) console.log(`  escalated to a person (${r.output.escalation_reason})`);
    console.log(`  ${r.usage.inputTokens} + ${r.usage.outputTokens} tokens, $${r.costUsd?.toFixed(6) ?? '?'}, ${r.latencyMs} ms`);
  } catch (error) {
    if (error instanceof PromptOutputError) {
      console.log(`the model's answer was not a valid output (${error.problem}): ${error.errors.join('; ')}`);
    } else if (error instanceof ProviderError) {
      console.log(`no answer (${error.kind}): ${error.message}`);
    } else {
      throw error;
    }
  }
}

await answer("I forgot my password and can't get into my account", 'user-1042');
await answer('You charged my card twice for the same order, I want this fixed', 'user-2077');
// Not one of the recorded tests: replay has no answer for it (live mode would call the model).
await answer('Do you sell waffle irons?', 'user-3001');

const invoice = await engine.execute('invoice-extraction', {
  input: [
    'Northpeak Supply Co.',
    '1200 Harbor Blvd, Oakland, CA 94607',
    'INVOICE # NP-88412',
    'Invoice date: 03/07/2025',
    'Due date: 04/06/2025',
    'Bill to: Brightline Home GmbH',
    'Item                          Qty   Unit price      Amount',
    'Espresso machine EM-200        12     $249.00    $2,988.00',
    'Milk frother MF-10             24      $39.50      $948.00',
    'Subtotal                                         $3,936.00',
    'Sales tax (export, 0%)                               $0.00',
    'Total                                            $3,936.00',
    '',
  ].join('\n'),
  vars: { date_order: 'month/day/year' },
});
console.log(
  `invoice-extraction ${invoice.version}: ${invoice.output.vendor}, ${invoice.output.invoice_number}, total ${invoice.output.total} ${invoice.output.currency}`,
);

await engine.close();
