import { DEFAULT_SETTINGS } from '../load/settings.js';
import { VERSION } from '../lib/version.js';

/** `promptgate --help`: every command and flag, with the defaults load/settings.ts defines. */
export const USAGE = `promptgate ${VERSION} — test LLM prompt folders, compare with a base branch, gate on pass rate

Usage:
  promptgate test [PATH...] [options]   run the suites of the prompt folders under PATH (default: promptgate.yaml
                                        \`prompts\`, else the whole repository)
  promptgate release [PATH...] [options]
                                        run every suite and tag each passing version that has no tag yet as
                                        prompts/<id>@<version> at HEAD; move prompts/<id>@production forward
      --promote ID@VERSION              only point prompts/<id>@production at that tagged version (a rollback)
      --canary ID@VERSION               only point prompts/<id>@canary at that tagged version (a canary release)
      --no-alias                        do not move the production alias
  promptgate merge FILE... --out FILE [--junit FILE] [--markdown FILE] [--html FILE]   join every shard's results (one run)
  promptgate prune [PATH...] [--check]  keep in each recordings.json only the answers some test still asks for
                                        (replayed: no call, no cache); --check writes nothing and exits 1 when
                                        a file holds unused answers or a request has none
  promptgate versions [--json]          list each prompt's tagged versions, production, pass rate and cost
  promptgate bundle [PATH...] [--ref production|canary|ID@VERSION]... [--out FILE] [--with-recordings] [--check]
                                        write the tagged versions (read from their tags' commits) into one
                                        lockfile for promptgate/runtime (default --ref production, which also
                                        takes prompts/<id>@canary; --out prompts.lock.json); --with-recordings
                                        adds each version's recordings.json for offline replay; --check fails
                                        when a bundled folder's work tree differs from its tag
  promptgate types --bundle FILE [--out FILE]
                                        TypeScript declarations for execute(): each prompt's variables and its
                                        output type from schema.json (default --out prompts.d.ts)
Options for test:
  --responses MODE   replay | record | live | auto (default ${DEFAULT_SETTINGS.responses}; auto replays what is recorded, calls
                     live for the rest when an API key is set, and records those answers)
  --concurrency N    concurrent model calls across all suites (promptgate.yaml, else ${DEFAULT_SETTINGS.concurrency})
  --threshold X      minimum pass rate per suite, 0..1 (promptgate.yaml, else ${DEFAULT_SETTINGS.threshold})
  --repeat N         run every test N times (k-of-n: N); every run is kept in results.json (promptgate.yaml, else ${DEFAULT_SETTINGS.repeat})
  --min-pass K       a test passes when K of its N runs pass (promptgate.yaml \`min_pass\`, else all N)
  --fail-on-regression significant
                     also fail a folder above the threshold but significantly worse than its base (default off)
  --block-on all|regressions
                     what blocks: every failure, or only new ones (failures already on the base are shown;
                     required tests and metric targets always block) (promptgate.yaml \`block_on\`, else all)
  --base REF         compare with REF's version (at the merge base); without PATH, only the folders
                     changed since then are run, as the GitHub Action does
  --cache-dir DIR    the answer cache: every answer is kept there and read before a live call
                     (default .promptgate/cache)
  --no-cache         neither read nor write the answer cache
  --out FILE         results.json path (default .promptgate/results.json)
  --junit FILE       also write JUnit XML
  --markdown FILE    also write the report as Markdown, exactly as the pull request comment shows it
  --html FILE        also write the HTML report: one self-contained page, every test base ↔ head, filters,
                     plots (pass rate, cost, latency; tagged versions when the repository has release tags)
  --shard I/N        run share I of N of the tests (a matrix job); exits 0 on any pass rate: merge is the gate
  --no-color         plain output (also NO_COLOR=1)
  --quiet            only the summary lines

Environment: OPENAI_API_KEY, OPENAI_BASE_URL (OpenAI and OpenAI-compatible servers),
  ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL, and for Azure OpenAI: AZURE_OPENAI_API_KEY,
  AZURE_OPENAI_ENDPOINT, OPENAI_API_VERSION.
Exit status: 0 gate passed, 1 a suite is below the threshold, 2 bad input or usage,
130 / 143 interrupted (SIGINT / SIGTERM): results so far are written, unfinished tests marked cancelled.`;
