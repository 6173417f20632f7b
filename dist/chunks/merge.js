import { ao as ajvExports, ap as testNamesDigest, aq as NOT_RUN_KINDS, ar as K_OF_N_CHECK, as as concludeRun, at as measureBaseWithHeadMetrics, au as compareText, av as summarize, aw as sumCallCounts, ax as computeMetrics, ay as metricSamples } from './engine.js';
const { readFile } = globalThis.process.getBuiltinModule("node:fs/promises");
const { resolve } = globalThis.process.getBuiltinModule("node:path");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:buffer");

/**
 * Refuses a set of shard results that would not add up to one run: a file that is not a
 * shard's, shards of different counts, a shard missing or given twice, shards that ran
 * different commits (a re-run of one job after a push), or with different settings (repeat and
 * min-pass among them) or selections. Returns every problem at once, each naming the files
 * involved, so a broken matrix is fixed in one go.
 */
function checkShardSet(files) {
    if (files.length === 0)
        return ['no results files to merge'];
    const problems = [];
    const unsharded = files.filter((file) => !file.shard);
    for (const file of unsharded)
        problems.push(`${file.file} is not a shard's results (it was not run with --shard I/N)`);
    const sharded = files.filter((file) => !!file.shard);
    if (sharded.length === 0)
        return problems;
    const counts = [...new Set(sharded.map((file) => file.shard.count))];
    if (counts.length > 1) {
        problems.push(`the shards were split different ways: ${sharded.map((file) => `${file.file} is ${file.shard.index}/${file.shard.count}`).join(', ')}`);
        return problems;
    }
    const count = counts[0];
    for (let index = 1; index <= count; index += 1) {
        const same = sharded.filter((file) => file.shard.index === index);
        if (same.length === 0)
            problems.push(`shard ${index}/${count} is missing: every shard's results file is needed`);
        if (same.length > 1)
            problems.push(`shard ${index}/${count} was given twice: ${same.map((file) => file.file).join(', ')}`);
    }
    for (const [what, of] of [
        ['head commit', (file) => file.ref ?? '(none)'],
        ['base commit', (file) => file.base?.ref ?? '(none)'],
    ]) {
        const values = [...new Set(sharded.map(of))];
        if (values.length > 1) {
            problems.push(`the shards ran different ${what}s, so they are not one run: ${sharded.map((file) => `${file.file} ran ${of(file).slice(0, 12)}`).join(', ')}`);
        }
    }
    const whats = [...new Set(sharded.flatMap((file) => (file.setup ?? []).map((part) => part.what)))];
    for (const what of whats) {
        const parts = sharded.map((file) => ({ file: file.file, part: file.setup?.find((each) => each.what === what) }));
        if (new Set(parts.map(({ part }) => part?.value)).size <= 1)
            continue;
        const shown = parts.every(({ part }) => part?.shown !== undefined)
            ? parts.map(({ file, part }) => `${file}: ${part.shown}`).join('; ')
            : parts.map(({ file }) => file).join(', ');
        problems.push(`the shards ran with different ${what}, so they are not one run: ${shown}`);
    }
    return problems;
}

var $schema = "http://json-schema.org/draft-07/schema#";
var $id = "promptgate/results.schema.json";
var title = "promptgate results.json";
var description = "What one promptgate run found: per test, per suite and in total, for head and (when compared) base. Field names are a public contract.";
var type = "object";
var required = [
	"schemaVersion",
	"tool",
	"generatedAt",
	"responses",
	"threshold",
	"gate",
	"changedPrompts",
	"summary",
	"suites",
	"diagnostics",
	"notices"
];
var properties = {
	schemaVersion: {
		"const": 1
	},
	tool: {
		type: "object",
		required: [
			"name",
			"version"
		],
		properties: {
			name: {
				"const": "promptgate"
			},
			version: {
				type: "string"
			}
		}
	},
	generatedAt: {
		type: "string",
		format: "date-time"
	},
	ref: {
		type: "string",
		description: "Commit or ref of the head results."
	},
	responses: {
		"enum": [
			"replay",
			"record",
			"live",
			"auto"
		]
	},
	threshold: {
		type: "number",
		minimum: 0,
		maximum: 1
	},
	gate: {
		type: "object",
		required: [
			"passed",
			"threshold",
			"reasons",
			"exitCode"
		],
		properties: {
			passed: {
				type: "boolean"
			},
			threshold: {
				type: "number"
			},
			reasons: {
				type: "array",
				items: {
					type: "string"
				}
			},
			exitCode: {
				"enum": [
					0,
					1,
					2
				],
				description: "0 passed, 1 blocked, 2 nothing could be judged (bad input or usage). The CLI exits with it; the action fails the step unless it is 0."
			},
			blockOn: {
				"enum": [
					"all",
					"regressions"
				],
				description: "What blocks: every failure (all, the default, then absent), or only new failures, required tests and missed metric targets."
			},
			notes: {
				type: "array",
				items: {
					type: "string"
				},
				description: "Failures shown but not blocking: a candidate model's (gate: false), or failures already on the base under block-on: regressions."
			},
			suites: {
				type: "array",
				description: "The verdict of each head suite (folder \u00d7 model), in the order of `suites`; every row of the report shows it.",
				items: {
					type: "object",
					required: [
						"path",
						"provider",
						"model",
						"passed",
						"reasons"
					],
					properties: {
						path: {
							type: "string"
						},
						provider: {
							type: "string"
						},
						model: {
							type: "string"
						},
						passed: {
							type: "boolean",
							description: "Every rule held."
						},
						reasons: {
							type: "array",
							items: {
								type: "string"
							},
							description: "This suite's blocking reasons (also in gate.reasons, there with the folder and model named)."
						},
						notes: {
							type: "array",
							items: {
								type: "string"
							},
							description: "Its failures that do not block."
						},
						candidate: {
							"const": true,
							description: "A candidate model (gate: false): never blocking."
						}
					}
				}
			}
		}
	},
	cancelled: {
		type: "boolean",
		description: "The job was cancelled (SIGINT / SIGTERM): unfinished tests are errored with errorKind \"cancelled\"."
	},
	changedPrompts: {
		type: "array",
		items: {
			type: "string"
		}
	},
	calls: {
		type: "object",
		description: "How every request was answered: each side's prompt calls, and the judge's of both sides.",
		required: [
			"head",
			"base",
			"judge"
		],
		properties: {
			head: {
				type: "object",
				required: [
					"live",
					"replayed",
					"cached",
					"missing",
					"costUsd",
					"savedUsd"
				],
				properties: {
					live: {
						type: "integer",
						minimum: 0,
						description: "Requests the provider received, retries included."
					},
					replayed: {
						type: "integer",
						minimum: 0,
						description: "Answers from recordings.json."
					},
					cached: {
						type: "integer",
						minimum: 0,
						description: "Answers from the answer cache."
					},
					missing: {
						type: "integer",
						minimum: 0,
						description: "Requests nothing answered: no recording, and no key to call live."
					},
					costUsd: {
						$ref: "#/definitions/nullableNumber",
						description: "What the live answers cost; null when one has no known price."
					},
					savedUsd: {
						$ref: "#/definitions/nullableNumber",
						description: "What the answers from recordings and the cache would have cost had they been called; null when one has no known price."
					}
				}
			},
			base: {
				type: "object",
				required: [
					"live",
					"replayed",
					"cached",
					"missing",
					"costUsd",
					"savedUsd"
				],
				properties: {
					live: {
						type: "integer",
						minimum: 0,
						description: "Requests the provider received, retries included."
					},
					replayed: {
						type: "integer",
						minimum: 0,
						description: "Answers from recordings.json."
					},
					cached: {
						type: "integer",
						minimum: 0,
						description: "Answers from the answer cache."
					},
					missing: {
						type: "integer",
						minimum: 0,
						description: "Requests nothing answered: no recording, and no key to call live."
					},
					costUsd: {
						$ref: "#/definitions/nullableNumber",
						description: "What the live answers cost; null when one has no known price."
					},
					savedUsd: {
						$ref: "#/definitions/nullableNumber",
						description: "What the answers from recordings and the cache would have cost had they been called; null when one has no known price."
					}
				}
			},
			judge: {
				type: "object",
				required: [
					"live",
					"replayed",
					"cached",
					"missing",
					"costUsd",
					"savedUsd"
				],
				properties: {
					live: {
						type: "integer",
						minimum: 0,
						description: "Requests the provider received, retries included."
					},
					replayed: {
						type: "integer",
						minimum: 0,
						description: "Answers from recordings.json."
					},
					cached: {
						type: "integer",
						minimum: 0,
						description: "Answers from the answer cache."
					},
					missing: {
						type: "integer",
						minimum: 0,
						description: "Requests nothing answered: no recording, and no key to call live."
					},
					costUsd: {
						$ref: "#/definitions/nullableNumber",
						description: "What the live answers cost; null when one has no known price."
					},
					savedUsd: {
						$ref: "#/definitions/nullableNumber",
						description: "What the answers from recordings and the cache would have cost had they been called; null when one has no known price."
					}
				}
			}
		}
	},
	summary: {
		$ref: "#/definitions/summary"
	},
	suites: {
		type: "array",
		items: {
			$ref: "#/definitions/suite"
		}
	},
	base: {
		type: "object",
		required: [
			"ref",
			"summary",
			"suites"
		],
		properties: {
			ref: {
				type: "string"
			},
			summary: {
				$ref: "#/definitions/summary"
			},
			suites: {
				type: "array",
				items: {
					$ref: "#/definitions/suite"
				}
			}
		}
	},
	comparison: {
		type: "object",
		required: [
			"suites",
			"head",
			"base",
			"delta"
		],
		properties: {
			head: {
				$ref: "#/definitions/summary"
			},
			base: {
				oneOf: [
					{
						$ref: "#/definitions/summary"
					},
					{
						type: "null"
					}
				]
			},
			delta: {
				$ref: "#/definitions/delta"
			},
			suites: {
				type: "array",
				items: {
					type: "object",
					required: [
						"change",
						"path",
						"id",
						"version",
						"delta",
						"newlyFailing",
						"newlyErroring",
						"newlyPassing",
						"stillFailing",
						"addedTests",
						"removedTests"
					],
					properties: {
						change: {
							"enum": [
								"modified",
								"added",
								"removed",
								"renamed",
								"new-version",
								"unchanged"
							]
						},
						verdict: {
							"enum": [
								"regression",
								"improvement",
								"within-noise",
								"not-comparable"
							],
							description: "not-comparable when a side is absent or did not run: then there is no pass-rate delta and no test is listed as a flip."
						},
						pValue: {
							oneOf: [
								{
									type: "number",
									minimum: 0,
									maximum: 1
								},
								{
									type: "null"
								}
							],
							description: "Exact two-sided McNemar p-value over the tests run on both sides; null when not comparable."
						},
						verdictDetail: {
							type: "object",
							description: "How the verdict was reached: pass-rate delta in points over the paired tests, their intervals, the one-way flips.",
							properties: {
								deltaPp: {
									$ref: "#/definitions/nullableNumber"
								},
								paired: {
									type: "integer",
									minimum: 0
								},
								regressions: {
									type: "integer",
									minimum: 0
								},
								improvements: {
									type: "integer",
									minimum: 0
								},
								headInterval: {
									oneOf: [
										{
											$ref: "#/definitions/interval"
										},
										{
											type: "null"
										}
									]
								},
								baseInterval: {
									oneOf: [
										{
											$ref: "#/definitions/interval"
										},
										{
											type: "null"
										}
									]
								},
								reason: {
									type: "string"
								}
							}
						},
						path: {
							type: "string"
						},
						basePath: {
							type: "string"
						},
						id: {
							type: "string"
						},
						version: {
							type: "string"
						},
						baseVersion: {
							type: "string"
						},
						provider: {
							type: "string",
							description: "With a models: matrix, the model this row compares (the same on both sides)."
						},
						model: {
							type: "string"
						},
						head: {
							$ref: "#/definitions/summary"
						},
						base: {
							$ref: "#/definitions/summary"
						},
						delta: {
							$ref: "#/definitions/delta"
						},
						droppedRequired: {
							type: "array",
							description: "Base tests marked required that the head dropped (removed: deleted or renamed) or no longer marks required; each not allowed by the head's allow_removing_required blocks the gate.",
							items: {
								type: "object",
								required: [
									"name",
									"how",
									"allowed"
								],
								properties: {
									name: {
										type: "string"
									},
									how: {
										"enum": [
											"removed",
											"not-required",
											"needs-expected"
										]
									},
									allowed: {
										type: "boolean"
									}
								}
							}
						},
						newlyFailing: {
							$ref: "#/definitions/testChanges"
						},
						newlyErroring: {
							$ref: "#/definitions/testChanges"
						},
						newlyPassing: {
							$ref: "#/definitions/testChanges"
						},
						stillFailing: {
							$ref: "#/definitions/testChanges"
						},
						addedTests: {
							$ref: "#/definitions/testChanges"
						},
						removedTests: {
							$ref: "#/definitions/testChanges"
						}
					}
				}
			}
		}
	},
	diagnostics: {
		type: "array",
		items: {
			$ref: "#/definitions/diagnostic"
		}
	},
	notices: {
		type: "array",
		items: {
			type: "string"
		}
	},
	shard: {
		type: "object",
		description: "Set by `promptgate test --shard I/N`: this file holds one share of a run; `promptgate merge` joins all N into the results of the unsharded run.",
		required: [
			"index",
			"count",
			"pieces",
			"run"
		],
		properties: {
			index: {
				type: "integer",
				minimum: 1
			},
			count: {
				type: "integer",
				minimum: 1
			},
			commit: {
				type: "string",
				description: "The commit checked out when the shard ran."
			},
			pieces: {
				type: "array",
				description: "The head folders' tests this shard ran: [from, to) in tests.yaml order.",
				items: {
					type: "object",
					required: [
						"path",
						"from",
						"to",
						"whole",
						"first",
						"testNames"
					],
					properties: {
						path: {
							type: "string"
						},
						from: {
							type: "integer",
							minimum: 0
						},
						to: {
							type: "integer",
							minimum: 0
						},
						whole: {
							type: "boolean"
						},
						first: {
							type: "boolean"
						},
						testNames: {
							type: "array",
							items: {
								type: "string"
							},
							description: "The names of tests [from, to), in tests.yaml order: the merge checks the shard ran exactly these."
						}
					}
				}
			},
			run: {
				type: "object",
				description: "Facts of the whole run, the same in every shard, that the merge assembles the results from.",
				required: [
					"pairs",
					"selectedPaths",
					"folders",
					"roots",
					"changedOnly",
					"repeat",
					"minPass",
					"diagnostics",
					"blindSpots",
					"notices"
				],
				properties: {
					pairs: {
						type: "array",
						items: {
							type: "object",
							required: [
								"change"
							],
							properties: {
								headPath: {
									type: "string"
								},
								basePath: {
									type: "string"
								},
								change: {
									type: "string"
								}
							}
						}
					},
					selectedPaths: {
						type: "array",
						items: {
							type: "string"
						}
					},
					folders: {
						type: "array",
						description: "Every selected head folder, in path order: the merge checks the pieces tile its tests and measures the joined tests with its metrics.",
						items: {
							type: "object",
							required: [
								"path",
								"testCount",
								"testNamesSha256"
							],
							properties: {
								path: {
									type: "string"
								},
								testCount: {
									type: "integer",
									minimum: 0,
									description: "0 when the folder could not be loaded."
								},
								testNamesSha256: {
									type: "string",
									pattern: "^[0-9a-f]{64}$",
									description: "SHA-256 of the JSON array of its test names in tests.yaml order."
								},
								metrics: {
									type: "array",
									description: "Its success metrics, as validated from prompt.yaml and promptgate.yaml.",
									items: {
										type: "object",
										required: [
											"name",
											"kind"
										],
										properties: {
											name: {
												type: "string"
											},
											kind: {
												"enum": [
													"rate_of",
													"mean_of",
													"built-in"
												]
											},
											field: {
												type: "string"
											},
											min: {
												type: "number"
											},
											max: {
												type: "number"
											}
										},
										"if": {
											properties: {
												kind: {
													"enum": [
														"rate_of",
														"mean_of"
													]
												}
											}
										},
										then: {
											required: [
												"field"
											]
										},
										"else": {
											properties: {
												name: {
													"enum": [
														"p95_latency_ms",
														"cost_per_query_usd",
														"error_rate"
													]
												}
											}
										}
									}
								}
							}
						}
					},
					roots: {
						type: "array",
						items: {
							type: "string"
						}
					},
					changedOnly: {
						type: "boolean"
					},
					repeat: {
						type: "integer",
						minimum: 1,
						description: "Run-wide runs per test (N of k-of-n)."
					},
					minPass: {
						type: "integer",
						minimum: 1,
						description: "Run-wide runs that must pass (K of k-of-n; N when not given)."
					},
					maxCostIncreasePercent: {
						type: "number"
					},
					failOnRegression: {
						"enum": [
							"off",
							"significant"
						]
					},
					blockOn: {
						"enum": [
							"all",
							"regressions"
						]
					},
					diagnostics: {
						type: "array",
						items: {
							$ref: "#/definitions/diagnostic"
						}
					},
					blindSpots: {
						type: "array",
						items: {
							$ref: "#/definitions/diagnostic"
						}
					},
					notices: {
						type: "array",
						items: {
							type: "string"
						}
					}
				}
			}
		}
	}
};
var definitions = {
	nullableNumber: {
		type: [
			"number",
			"null"
		]
	},
	status: {
		"enum": [
			"passed",
			"failed",
			"error"
		]
	},
	summary: {
		type: "object",
		required: [
			"total",
			"passed",
			"failed",
			"errors",
			"notRun",
			"passRate",
			"inputTokens",
			"outputTokens",
			"costUsd",
			"latencyMs"
		],
		properties: {
			total: {
				type: "integer",
				minimum: 0
			},
			passed: {
				type: "integer",
				minimum: 0
			},
			failed: {
				type: "integer",
				minimum: 0
			},
			errors: {
				type: "integer",
				minimum: 0
			},
			notRun: {
				type: "integer",
				minimum: 0,
				description: "Errored tests that never ran (errorKind missing-recording, no-credentials or cancelled); a subset of errors."
			},
			passRate: {
				oneOf: [
					{
						type: "number",
						minimum: 0,
						maximum: 1
					},
					{
						type: "null"
					}
				],
				description: "passed / total; null when there are tests but none of them ran (not run, never 0%)."
			},
			inputTokens: {
				type: "integer",
				minimum: 0
			},
			outputTokens: {
				type: "integer",
				minimum: 0
			},
			costUsd: {
				$ref: "#/definitions/nullableNumber",
				description: "null when a model's price is unknown; never shown as zero"
			},
			latencyMs: {
				type: "object",
				required: [
					"p50",
					"p95"
				],
				properties: {
					p50: {
						$ref: "#/definitions/nullableNumber"
					},
					p95: {
						$ref: "#/definitions/nullableNumber"
					}
				}
			},
			passRateInterval: {
				$ref: "#/definitions/interval",
				description: "Wilson score 95% interval of passed / total."
			},
			judge: {
				$ref: "#/definitions/judgeUsage"
			},
			needsExpected: {
				type: "integer",
				minimum: 1,
				description: "Tests that ran but await their expectations (tests.yaml needs_expected: true, written by promptgate harvest): not in total, the counts, the pass rate or the metrics."
			}
		}
	},
	interval: {
		type: "array",
		items: {
			type: "number",
			minimum: 0,
			maximum: 1
		},
		minItems: 2,
		maxItems: 2
	},
	judgeUsage: {
		type: "object",
		description: "Tokens and cost of rubric judges, apart from the prompt's own.",
		required: [
			"inputTokens",
			"outputTokens",
			"costUsd"
		],
		properties: {
			inputTokens: {
				type: "integer",
				minimum: 0
			},
			outputTokens: {
				type: "integer",
				minimum: 0
			},
			costUsd: {
				$ref: "#/definitions/nullableNumber"
			}
		}
	},
	metrics: {
		type: "object",
		additionalProperties: {
			type: "object",
			required: [
				"value",
				"passed"
			],
			properties: {
				value: {
					$ref: "#/definitions/nullableNumber"
				},
				min: {
					type: "number"
				},
				max: {
					type: "number"
				},
				passed: {
					type: "boolean"
				},
				reason: {
					type: "string"
				}
			}
		}
	},
	run: {
		type: "object",
		required: [
			"run",
			"status",
			"checks",
			"output",
			"inputTokens",
			"outputTokens",
			"costUsd",
			"latencyMs",
			"error"
		],
		properties: {
			run: {
				type: "integer",
				minimum: 1
			},
			status: {
				$ref: "#/definitions/status"
			},
			checks: {
				type: "array",
				items: {
					$ref: "#/definitions/check"
				}
			},
			output: {
				type: [
					"string",
					"null"
				]
			},
			inputTokens: {
				type: "integer",
				minimum: 0
			},
			outputTokens: {
				type: "integer",
				minimum: 0
			},
			reasoningTokens: {
				type: "integer",
				minimum: 0,
				description: "Of the output tokens, those the model spent reasoning (OpenAI reasoning_tokens, Anthropic thinking_tokens); present when the provider reported some."
			},
			costUsd: {
				$ref: "#/definitions/nullableNumber"
			},
			latencyMs: {
				$ref: "#/definitions/nullableNumber"
			},
			error: {
				type: [
					"string",
					"null"
				]
			},
			errorKind: {
				type: "string"
			},
			model: {
				type: "string"
			},
			source: {
				"enum": [
					"live",
					"replay",
					"cache"
				]
			},
			judge: {
				$ref: "#/definitions/judgeUsage"
			},
			steps: {
				$ref: "#/definitions/steps"
			}
		}
	},
	delta: {
		type: "object",
		required: [
			"passRate",
			"inputTokensPerTest",
			"outputTokensPerTest",
			"costPer1kRuns",
			"p95LatencyMs"
		],
		properties: {
			passRate: {
				$ref: "#/definitions/nullableNumber"
			},
			inputTokensPerTest: {
				$ref: "#/definitions/nullableNumber"
			},
			outputTokensPerTest: {
				$ref: "#/definitions/nullableNumber"
			},
			costPer1kRuns: {
				$ref: "#/definitions/nullableNumber"
			},
			p95LatencyMs: {
				$ref: "#/definitions/nullableNumber"
			}
		}
	},
	check: {
		type: "object",
		required: [
			"name",
			"passed",
			"expected",
			"actual"
		],
		properties: {
			name: {
				type: "string"
			},
			passed: {
				type: "boolean"
			},
			expected: {
			},
			actual: {
			},
			message: {
				type: "string"
			}
		}
	},
	test: {
		type: "object",
		required: [
			"name",
			"status",
			"checks",
			"output",
			"inputTokens",
			"outputTokens",
			"costUsd",
			"latencyMs",
			"error"
		],
		properties: {
			name: {
				type: "string"
			},
			status: {
				$ref: "#/definitions/status"
			},
			checks: {
				type: "array",
				items: {
					$ref: "#/definitions/check"
				}
			},
			output: {
				type: [
					"string",
					"null"
				]
			},
			inputTokens: {
				type: "integer",
				minimum: 0
			},
			outputTokens: {
				type: "integer",
				minimum: 0
			},
			reasoningTokens: {
				type: "integer",
				minimum: 0,
				description: "Of the output tokens, those the model spent reasoning (OpenAI reasoning_tokens, Anthropic thinking_tokens); present when the provider reported some."
			},
			costUsd: {
				$ref: "#/definitions/nullableNumber"
			},
			latencyMs: {
				$ref: "#/definitions/nullableNumber"
			},
			error: {
				type: [
					"string",
					"null"
				]
			},
			errorKind: {
				type: "string"
			},
			runs: {
				type: "array",
				items: {
					$ref: "#/definitions/run"
				},
				description: "Every run, when the test ran more than once."
			},
			flaky: {
				type: "boolean",
				description: "With runs: some answered runs passed and some failed."
			},
			required: {
				type: "boolean",
				description: "Any failure or error of this test blocks the gate."
			},
			needsExpected: {
				"const": true,
				description: "A harvested production case awaiting its expectations (tests.yaml needs_expected): shown, never counted or gated."
			},
			input: {
				type: "string",
				description: "The test's input: the last user message, after the prior turns."
			},
			messages: {
				type: "array",
				description: "tests.yaml messages: the prior turns of a conversation, sent before input.",
				items: {
					type: "object",
					required: [
						"role",
						"content"
					],
					properties: {
						role: {
							"enum": [
								"system",
								"user",
								"assistant",
								"tool"
							]
						},
						content: {
							type: "string"
						},
						name: {
							type: "string",
							description: "tool: the tool that answered."
						},
						toolCalls: {
							type: "array",
							description: "assistant: the tools this turn called.",
							items: {
								type: "object",
								required: [
									"name",
									"arguments"
								],
								properties: {
									name: {
										type: "string"
									},
									"arguments": {
									}
								}
							}
						}
					}
				}
			},
			judge: {
				$ref: "#/definitions/judgeUsage"
			},
			line: {
				type: "integer",
				minimum: 1
			},
			model: {
				type: "string"
			},
			source: {
				"enum": [
					"live",
					"replay",
					"cache"
				]
			},
			finishReason: {
				"enum": [
					"stop",
					"length",
					"context_window",
					"pause_turn",
					"refusal",
					"tool_calls",
					"content_filter",
					"other"
				],
				description: "Why the model stopped, in one vocabulary for every provider; length = cut off at max_tokens; context_window = the conversation filled the model's context window; pause_turn = a server-side tool loop paused the turn (Anthropic)."
			},
			servedModel: {
				type: "string",
				description: "The model the provider says answered (e.g. a dated snapshot)."
			},
			toolCalls: {
				type: "array",
				description: "The answer's tool calls (in an agent loop: every call made along the way); arguments parsed from JSON, or the raw text when they are not JSON.",
				items: {
					type: "object",
					required: [
						"name",
						"arguments"
					],
					properties: {
						name: {
							type: "string"
						},
						"arguments": {
						}
					}
				}
			},
			pricedAs: {
				type: "string",
				description: "The price-list or pricing: name whose price gave costUsd."
			},
			costNote: {
				type: "string",
				description: "Why costUsd is null, naming the pricing: key that fixes it."
			},
			steps: {
				$ref: "#/definitions/steps"
			},
			dataRow: {
				$ref: "#/definitions/dataRow"
			}
		}
	},
	steps: {
		type: "array",
		description: "A test with tool_results (the agent loop): each model call in order. The test's inputTokens, outputTokens, costUsd and latencyMs are their sums, its toolCalls every call made along the way, its output the final answer.",
		items: {
			type: "object",
			required: [
				"step",
				"inputTokens",
				"outputTokens",
				"costUsd",
				"latencyMs",
				"source"
			],
			properties: {
				step: {
					type: "integer",
					minimum: 1
				},
				text: {
					type: "string",
					description: "The answer's text, when it had any (e.g. a sentence before its tool calls)."
				},
				toolCalls: {
					type: "array",
					items: {
						type: "object",
						required: [
							"name",
							"arguments"
						],
						properties: {
							name: {
								type: "string"
							},
							"arguments": {
							}
						}
					}
				},
				toolResults: {
					type: "array",
					description: "The canned result promptgate sent back for each call, in order.",
					items: {
						type: "object",
						required: [
							"name",
							"result"
						],
						properties: {
							name: {
								type: "string"
							},
							result: {
								type: "string"
							}
						}
					}
				},
				inputTokens: {
					type: "integer",
					minimum: 0
				},
				outputTokens: {
					type: "integer",
					minimum: 0
				},
				costUsd: {
					$ref: "#/definitions/nullableNumber"
				},
				latencyMs: {
					type: "number",
					minimum: 0
				},
				finishReason: {
					"enum": [
						"stop",
						"length",
						"refusal",
						"tool_calls",
						"content_filter",
						"other"
					]
				},
				source: {
					"enum": [
						"live",
						"replay",
						"cache"
					]
				}
			}
		}
	},
	dataRow: {
		type: "object",
		description: "A test read from a data file (tests.yaml `- file: cases.csv`): the file and the row's line; the test's line is then its entry in tests.yaml.",
		required: [
			"file",
			"line"
		],
		properties: {
			file: {
				type: "string"
			},
			line: {
				type: "integer",
				minimum: 1
			}
		}
	},
	suite: {
		type: "object",
		required: [
			"id",
			"version",
			"path",
			"provider",
			"model",
			"summary",
			"tests"
		],
		properties: {
			id: {
				type: "string"
			},
			version: {
				type: "string"
			},
			path: {
				type: "string"
			},
			provider: {
				type: "string"
			},
			model: {
				type: "string"
			},
			testsFile: {
				type: "string"
			},
			trafficPerDay: {
				type: "number",
				description: "traffic_per_day from prompt.yaml or promptgate.yaml: runs a day, for the cost projection."
			},
			candidate: {
				"const": true,
				description: "This model of a models: matrix is a candidate (gate: false): shown and compared, never blocking."
			},
			allowRemovingRequired: {
				type: "array",
				items: {
					type: "string"
				},
				description: "prompt.yaml allow_removing_required: base required tests this version drops on purpose."
			},
			summary: {
				$ref: "#/definitions/summary"
			},
			tests: {
				type: "array",
				items: {
					$ref: "#/definitions/test"
				}
			},
			metrics: {
				$ref: "#/definitions/metrics",
				description: "Success metrics (prompt.yaml `metrics:`): value, targets, whether they were met. A base suite's metrics are measured with the head's definitions, so base \u2192 head compares the same measurement."
			},
			diagnostics: {
				type: "array",
				items: {
					$ref: "#/definitions/diagnostic"
				}
			}
		}
	},
	testChanges: {
		type: "array",
		items: {
			type: "object",
			required: [
				"name"
			],
			properties: {
				name: {
					type: "string"
				},
				line: {
					type: "integer"
				},
				base: {
					$ref: "#/definitions/status"
				},
				head: {
					$ref: "#/definitions/status"
				},
				failedChecks: {
					type: "array",
					items: {
						$ref: "#/definitions/check"
					}
				},
				error: {
					type: [
						"string",
						"null"
					]
				},
				output: {
					type: [
						"string",
						"null"
					]
				}
			}
		}
	},
	diagnostic: {
		type: "object",
		required: [
			"file",
			"message"
		],
		properties: {
			file: {
				type: "string"
			},
			line: {
				type: "integer"
			},
			column: {
				type: "integer",
				minimum: 1,
				description: "Where the line alone does not say it: a cell of a CSV file, a key of a JSON line."
			},
			field: {
				type: "string"
			},
			message: {
				type: "string"
			}
		}
	}
};
var resultsSchema = {
	$schema: $schema,
	$id: $id,
	title: title,
	description: description,
	type: type,
	required: required,
	properties: properties,
	definitions: definitions
};

/*
 * Reading the shards' results files for `promptgate merge`. Nothing in a file is used before it
 * is known to be a promptgate results.json: first its nesting is measured on the text (a file
 * nested thousands deep overflowed the stack of every recursive step after it), then it is
 * parsed, then checked against schemas/results.schema.json. Every file is read and checked, and
 * every bad one named, with the first wrong field, so a broken matrix is fixed in one go.
 */
/** The set of files cannot be merged; the message lists every problem. Exit status 2. */
class MergeError extends Error {
}
/** The merge was cancelled (SIGINT / SIGTERM) before it had merged: nothing was written. */
class MergeCancelled extends Error {
    /** The signal's reason, in words ("received SIGINT"). */
    reason;
    constructor(signal) {
        const reason = signal.reason instanceof Error ? signal.reason.message : 'cancelled';
        super(`the merge was cancelled (${reason}): nothing was merged or written`);
        this.reason = reason;
    }
}
/**
 * Deepest nesting of objects and arrays a results file may have. A real one is about 6 deep
 * plus the JSON of a check's expected/actual value or a tool call's arguments, which models and
 * tests.yaml keep shallow; 64 is far beyond any, and far below what overflows a stack.
 */
const MAX_NESTING = 64;
/** Reads and checks every file (paths relative to `cwd`); throws a MergeError naming each bad one. */
async function readShardFiles(files, options = {}) {
    const read = await untilAborted(Promise.all(files.map((file) => readText(file, options.cwd ?? '.'))), options.signal);
    const problems = [];
    const shards = [];
    for (const entry of read) {
        if ('problem' in entry)
            problems.push(entry.problem);
        else {
            const checked = checkResultsText(entry.file, entry.text);
            if (typeof checked === 'string')
                problems.push(checked);
            else
                shards.push({ file: entry.file, results: checked });
        }
    }
    if (problems.length > 0)
        throw mergeError(problems);
    return shards;
}
/** Problems beyond these are counted, not listed: a broken matrix of 20,000 tests must not print 20,000 lines. */
const LISTED_PROBLEMS = 100;
/** One MergeError listing the problems. */
function mergeError(problems) {
    const listed = problems.slice(0, LISTED_PROBLEMS).map((problem) => `- ${problem}`);
    if (problems.length > LISTED_PROBLEMS)
        listed.push(`- and ${problems.length - LISTED_PROBLEMS} more problems of the same kinds`);
    return new MergeError(`cannot merge the shards:\n${listed.join('\n')}`);
}
async function readText(file, cwd) {
    try {
        return { file, text: await readFile(resolve(cwd, file), 'utf8') };
    }
    catch (error) {
        return { problem: `cannot read ${file}: ${error.code ?? String(error)}` };
    }
}
/** The results in `text`, or a sentence naming the file and what is wrong with it. */
function checkResultsText(file, text) {
    const deep = lineNestedDeeperThan(text, MAX_NESTING);
    if (deep !== undefined)
        return `${file} is nested more than ${MAX_NESTING} levels deep (line ${deep}): not a promptgate results.json`;
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        return `${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`;
    }
    const validate = resultsValidator();
    if (!validate(value))
        return `${file} is not a promptgate results.json: ${describeSchemaError(validate.errors?.[0], value)}`;
    return value;
}
/**
 * The line where `text` first opens more than `limit` objects and arrays at once, or undefined.
 * One pass over the characters, strings skipped: nothing recursive touches the text first.
 */
function lineNestedDeeperThan(text, limit) {
    let depth = 0;
    let line = 1;
    let inString = false;
    for (let index = 0; index < text.length; index += 1) {
        const code = text.charCodeAt(index);
        if (inString) {
            if (code === 0x5c)
                index += 1; // a backslash escapes the next character
            else if (code === 0x22)
                inString = false;
        }
        else if (code === 0x22)
            inString = true;
        else if (code === 0x7b || code === 0x5b) {
            depth += 1;
            if (depth > limit)
                return line;
        }
        else if (code === 0x7d || code === 0x5d)
            depth -= 1;
        else if (code === 0x0a)
            line += 1;
    }
    return undefined;
}
/**
 * The results.json schema's validator, compiled on first use (only a merge reads results files).
 * It stops at the first error, which is the one reported.
 */
let validator;
function resultsValidator() {
    // The schema is our own, checked by the tests: ajv need not check it against the meta-schema.
    validator ??= new ajvExports.Ajv({ allErrors: false, strict: false, validateFormats: false, validateSchema: false }).compile(resultsSchema);
    return validator;
}
/** `suites[1].tests[0].status must be one of passed, failed, error (it is "ok")`. */
function describeSchemaError(error, data) {
    if (!error)
        return 'it does not match schemas/results.schema.json';
    const segments = error.instancePath
        .split('/')
        .slice(1)
        .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
    const field = segments.reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), '');
    const params = error.params;
    if (error.keyword === 'required')
        return `${field ? `${field}.` : ''}${String(params.missingProperty)} is missing`;
    const actual = `(it is ${shown(valueAt(data, segments))})`;
    const where = field || 'the file';
    if (error.keyword === 'enum')
        return `${where} must be one of ${params.allowedValues.map(word).join(', ')} ${actual}`;
    if (error.keyword === 'const')
        return `${where} must be ${word(params.allowedValue)} ${actual}`;
    if (error.keyword === 'type')
        return `${where} must be ${[params.type].flat().join(' or ')} ${actual}`;
    return `${where} ${error.message ?? 'is not valid'} ${actual}`;
}
function valueAt(data, segments) {
    let value = data;
    for (const segment of segments)
        value = value !== null && typeof value === 'object' ? value[segment] : undefined;
    return value;
}
const word = (value) => (typeof value === 'string' ? value : JSON.stringify(value));
function shown(value) {
    if (Array.isArray(value))
        return 'an array';
    if (value !== null && typeof value === 'object')
        return 'an object';
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
/** `promise`, or a MergeCancelled as soon as `signal` aborts (a file still arriving is not waited for). */
function untilAborted(promise, signal) {
    if (!signal)
        return promise;
    if (signal.aborted)
        return Promise.reject(new MergeCancelled(signal));
    return new Promise((resolvePromise, reject) => {
        const onAbort = () => reject(new MergeCancelled(signal));
        signal.addEventListener('abort', onAbort, { once: true });
        promise.then((value) => {
            signal.removeEventListener('abort', onAbort);
            resolvePromise(value);
        }, (error) => {
            signal.removeEventListener('abort', onAbort);
            reject(error);
        });
    });
}

/** Tests a folder's pieces cover, 1-based as a reader counts: "tests 1-6", "test 7". */
const span = (piece) => piece.to - piece.from === 1 ? `test ${piece.to}` : piece.to === piece.from ? 'its load error' : `tests ${piece.from + 1}-${piece.to}`;
const key = (suite) => JSON.stringify([suite.path, suite.provider, suite.model]);
const label = (suite) => `${suite.path} (${suite.model})`;
const plural = (count) => (count === 1 ? 'once' : count === 2 ? 'twice' : `${count} times`);
const NO_TESTS = { names: [], firstIndex: new Map(), counts: new Map() };
function checkShares(shards) {
    const folders = new Map(shards[0].results.shard.run.folders.map((folder) => [folder.path, folder]));
    const problems = shards.flatMap((shard) => pieceProblems(shard, folders));
    const tests = new Map();
    for (const folder of folders.values()) {
        const tiled = tiling(folder, shards);
        problems.push(...tiled.problems);
        const firstIndex = new Map();
        const counts = new Map();
        tiled.names.forEach((name, index) => {
            if (name === undefined)
                return;
            firstIndex.set(name, firstIndex.get(name) ?? index);
            counts.set(name, (counts.get(name) ?? 0) + 1);
        });
        tests.set(folder.path, { names: tiled.names, firstIndex, counts });
    }
    // Every model's suite of a folder (a `models:` matrix runs one per model), from any shard.
    const models = new Map();
    for (const suite of shards.flatMap((shard) => shard.results.suites))
        models.set(suite.path, (models.get(suite.path) ?? new Map()).set(key(suite), suite));
    for (const shard of shards)
        problems.push(...headProblems(shard, tests, models), ...baseProblems(shard, tests));
    problems.push(...joinedDuplicates(shards, tests));
    return problems;
}
function pieceProblems(shard, folders) {
    return shard.results.shard.pieces.flatMap((piece) => {
        const folder = folders.get(piece.path);
        const where = `${shard.file} has a piece of ${piece.path} (from ${piece.from} to ${piece.to})`;
        if (!folder)
            return [`${where}, which is not a selected folder`];
        if (piece.from >= piece.to ? folder.testCount > 0 || piece.from !== 0 : piece.to > folder.testCount)
            return [`${where} outside its ${folder.testCount} tests`];
        if (piece.testNames.length !== piece.to - piece.from)
            return [`${where} that names ${piece.testNames.length} tests`];
        if (piece.first !== (piece.from === 0) || piece.whole !== (piece.from === 0 && piece.to === folder.testCount))
            return [`${where} marked ${piece.whole ? 'whole' : 'not whole'} and ${piece.first ? 'first' : 'not first'}, which it is not`];
        return [];
    });
}
/** Who ran each test of the folder, with a problem per range run by no shard or by several; and the names the pieces give. */
function tiling(folder, shards) {
    const size = Math.max(1, folder.testCount);
    const runBy = Array.from({ length: size }, () => []);
    const names = new Array(folder.testCount).fill(undefined);
    for (const shard of shards) {
        for (const piece of shard.results.shard.pieces) {
            if (piece.path !== folder.path)
                continue;
            const to = folder.testCount === 0 ? 1 : Math.min(piece.to, folder.testCount);
            for (let index = piece.from; index < to; index += 1) {
                runBy[index].push(shard.file);
                names[index] ??= piece.testNames[index - piece.from];
            }
        }
    }
    const problems = [];
    // Ranges of tests run by no shard, by one, or by several.
    const kind = (index) => Math.min(2, runBy[index].length);
    for (let start = 0; start < size;) {
        const holders = runBy[start];
        let end = start + 1;
        while (end < size && kind(end) === kind(start))
            end += 1;
        const tests = folder.testCount === 0 ? 'its load error' : span({ from: start, to: end });
        if (holders.length === 0)
            problems.push(`${folder.path} ${tests} ${end - start === 1 ? 'was' : 'were'} run by no shard`);
        if (holders.length > 1) {
            const files = [...new Set(runBy.slice(start, end).flat())];
            problems.push(`${folder.path} ${tests} ${end - start === 1 ? 'was' : 'were'} run by more than one shard: ${files.join(', ')}`);
        }
        start = end;
    }
    if (problems.length === 0 && testNamesDigest(names) !== folder.testNamesSha256)
        problems.push(`the pieces of ${folder.path} name other tests than its tests.yaml has (as every shard recorded it)`);
    return { problems, names };
}
/** The pieces a shard holds of each folder. */
function piecesByPath(shard) {
    const byPath = new Map();
    for (const piece of shard.results.shard.pieces)
        byPath.set(piece.path, [...(byPath.get(piece.path) ?? []), piece]);
    return byPath;
}
const within = (pieces, index) => pieces.some((piece) => index >= piece.from && index < piece.to);
function headProblems(shard, tests, models) {
    const problems = [];
    const own = piecesByPath(shard);
    const suites = new Map(shard.results.suites.map((suite) => [key(suite), suite]));
    for (const suite of shard.results.suites) {
        if (!own.has(suite.path))
            problems.push(`${shard.file} has results of ${suite.path}, a folder none of its pieces covers`);
    }
    for (const [path, pieces] of own) {
        const spans = pieces.map(span).join(', ');
        const matrix = [...(models.get(path)?.values() ?? [])];
        const lacking = matrix.filter((suite) => !suites.has(key(suite)));
        if (matrix.length === 0 || lacking.length === matrix.length) {
            problems.push(`${shard.file} lacks every test of ${path} that its ${pieces.length === 1 ? 'piece' : 'pieces'} (${spans}) ${pieces.length === 1 ? 'promises' : 'promise'}`);
            continue;
        }
        for (const suite of lacking)
            problems.push(`${shard.file} lacks every test of ${label(suite)} that its pieces of ${path} (${spans}) promise`);
        const all = tests.get(path) ?? NO_TESTS;
        // A folder that could not be loaded has no test names: its one errored test stands for it.
        if (all.names.length === 0)
            continue;
        for (const suite of matrix.flatMap((each) => suites.get(key(each)) ?? [])) {
            const where = matrix.length > 1 ? label(suite) : path;
            const promised = new Map();
            for (const name of pieces.flatMap((piece) => piece.testNames))
                promised.set(name, (promised.get(name) ?? 0) + 1);
            for (const test of suite.tests) {
                const left = promised.get(test.name) ?? 0;
                if (left > 0) {
                    promised.set(test.name, left - 1);
                    continue;
                }
                const index = all.names.findIndex((name, at) => name === test.name && !within(pieces, at));
                problems.push(index < 0
                    ? `${shard.file}: test "${test.name}" of ${where} is not a test of ${path} (as its pieces name them)`
                    : `${shard.file}: test "${test.name}" of ${where} (test ${index + 1}) is outside its pieces (${pieces.map((piece) => `${path} ${span(piece)}`).join(', ')})`);
            }
            for (const [name, left] of promised) {
                if (left === 0)
                    continue;
                const piece = pieces.find((each) => each.testNames.includes(name));
                problems.push(`${shard.file} lacks test "${name}" of ${where} that its piece (${span(piece)}) promises`);
            }
        }
    }
    return problems;
}
/** The head folder whose pieces split a base folder: the first paired with it (as share.ts baseShare). */
function ownerOf(pairs, basePath) {
    return pairs.find((pair) => pair.headPath && pair.basePath === basePath)?.headPath;
}
function baseProblems(shard, tests) {
    const own = piecesByPath(shard);
    const pairs = shard.results.shard.run.pairs;
    return (shard.results.base?.suites ?? []).flatMap((suite) => {
        const owner = ownerOf(pairs, suite.path);
        const pieces = owner === undefined ? undefined : own.get(owner);
        if (owner === undefined || !pieces)
            return [`${shard.file} has base results of ${suite.path}, which none of its pieces is compared with`];
        const firstIndex = (tests.get(owner) ?? NO_TESTS).firstIndex;
        const holdsFirst = pieces.some((piece) => piece.first);
        return suite.tests.flatMap((test) => {
            // As share.ts baseShare: a base test runs where the head's test of its name first occurs; a removed one with the first piece.
            const index = firstIndex.get(test.name);
            const mine = index === undefined ? holdsFirst : within(pieces, index);
            return mine
                ? []
                : [
                    `${shard.file}: base test "${test.name}" of ${suite.path} is outside its pieces (${pieces.map((piece) => `${owner} ${span(piece)}`).join(', ')})`,
                ];
        });
    });
}
function joinedDuplicates(shards, tests) {
    const problems = [];
    const head = new Map();
    const base = new Map();
    for (const shard of shards) {
        for (const suite of shard.results.suites) {
            const joined = head.get(key(suite)) ?? { suite, counts: new Map() };
            for (const test of suite.tests)
                joined.counts.set(test.name, (joined.counts.get(test.name) ?? 0) + 1);
            head.set(key(suite), joined);
        }
        for (const suite of shard.results.base?.suites ?? []) {
            const joined = base.get(key(suite)) ?? { suite, from: new Map() };
            for (const test of suite.tests)
                joined.from.set(test.name, (joined.from.get(test.name) ?? new Set()).add(shard.file));
            base.set(key(suite), joined);
        }
    }
    for (const { suite, counts } of head.values()) {
        const all = tests.get(suite.path) ?? NO_TESTS;
        for (const [name, count] of counts) {
            const expected = all.counts.get(name) ?? 0;
            if (count > Math.max(1, expected))
                problems.push(`${label(suite)} has test "${name}" ${count} times after the merge; ${expected === 0 ? 'its tests.yaml does not have it' : `its tests.yaml has it ${plural(expected)}`}`);
        }
    }
    for (const { suite, from } of base.values()) {
        for (const [name, files] of from) {
            if (files.size > 1)
                problems.push(`base ${label(suite)} has test "${name}" from more than one shard: ${[...files].join(', ')}`);
        }
    }
    return problems;
}

/** Why the test's status contradicts its checks or runs, starting "is \u2026" or "run N \u2026"; undefined when it agrees. */
function statusContradiction(test) {
    return test.runs === undefined ? answerContradiction(test) : repeatedContradiction(test, test.runs);
}
function answerContradiction(answer) {
    const failed = answer.checks.find((check) => !check.passed);
    const errored = answer.error !== null || answer.errorKind !== undefined;
    switch (answer.status) {
        case 'passed':
            if (failed)
                return `is passed but its check "${failed.name}" failed`;
            return errored ? `is passed but has an error (${errorOf(answer)})` : undefined;
        case 'failed':
            if (errored)
                return `is failed but has an error (${errorOf(answer)}): an errored test is an error`;
            return failed ? undefined : 'is failed but every check passed and it has no error';
        case 'error':
            if (!answer.error)
                return 'is error but has no error message';
            if (answer.errorKind === undefined)
                return 'is error but has no errorKind';
            if (NOT_RUN_KINDS.includes(answer.errorKind) && (answer.checks.length > 0 || answer.output !== null))
                return `is error (${answer.errorKind}: not run) but has ${answer.checks.length > 0 ? 'checks' : 'an output'}`;
            if (answer.checks.length > 0 && !failed)
                return `is error (${answer.errorKind}) but every one of its checks passed`;
            return undefined;
        default:
            return `has the status ${JSON.stringify(answer.status)}`;
    }
}
function repeatedContradiction(test, runs) {
    for (const [index, run] of runs.entries()) {
        if (run.run !== index + 1)
            return `has runs numbered ${runs.map((each) => each.run).join(', ')}, not 1 to ${runs.length}`;
        const problem = answerContradiction(run);
        if (problem)
            return `run ${run.run} ${problem}`;
    }
    const count = runs.length;
    const passed = runs.filter((run) => run.status === 'passed').length;
    const failed = runs.filter((run) => run.status === 'failed').length;
    // One run is the test itself (no k-of-n check): it must pass.
    let minPass = 1;
    if (count > 1) {
        const stated = kOfNStated(test.checks[0], count);
        if (stated === undefined)
            return `has ${count} runs but no "${K_OF_N_CHECK}" check first, stating ">= K of ${count}"`;
        minPass = stated;
        const check = test.checks[0];
        if (check.actual !== passed || check.passed !== passed >= minPass)
            return `has the check "${K_OF_N_CHECK}" ${check.passed ? 'passed' : 'failed'} with ${JSON.stringify(check.actual)} runs passed, but ${passed} of its ${count} runs passed and ${minPass} must`;
    }
    const status = passed >= minPass ? 'passed' : count - failed < minPass ? 'failed' : 'error';
    if (test.status !== status)
        return `is ${test.status} but ${passed} of its ${count} runs passed and ${failed} failed, with ${minPass} needed: that is ${status === 'error' ? 'an error' : status}`;
    const failedCheck = test.checks.find((check) => !check.passed);
    if (status === 'passed' && failedCheck)
        return `is passed but its check "${failedCheck.name}" failed`;
    if (status === 'error' && (!test.error || test.errorKind === undefined))
        return 'is error but has no error message and errorKind';
    if (status !== 'error' && (test.error !== null || test.errorKind !== undefined))
        return `is ${status} but has an error (${errorOf(test)})`;
    const answered = runs.filter((run) => run.status !== 'error');
    const flaky = answered.some((run) => run.status === 'passed') && answered.some((run) => run.status === 'failed');
    if ((test.flaky ?? false) !== flaky)
        return `is ${flaky ? 'not ' : ''}marked flaky, but its answered runs ${flaky ? 'disagree' : 'agree'} (${passed} passed, ${failed} failed)`;
    return undefined;
}
/** K from the k-of-n check's expected value `>= K of N`, when the check is there and N is the runs'. */
function kOfNStated(check, count) {
    if (check?.name !== K_OF_N_CHECK || typeof check.expected !== 'string')
        return undefined;
    const match = /^>= (\d+) of (\d+)$/.exec(check.expected);
    return match && Number(match[2]) === count && Number(match[1]) >= 1 ? Number(match[1]) : undefined;
}
function errorOf(answer) {
    return answer.error ? answer.error.split('\n')[0] : `errorKind ${answer.errorKind ?? ''}`;
}

/**
 * `promptgate merge`: the shards' results files back into the results of one unsharded run.
 * Suites are joined by path and their tests put back in tests.yaml order; everything derived
 * (summaries, metrics, comparison, notices, gate) is computed again from the joined tests by
 * the engine's own steps, never taken or added up from the shards' figures.
 *
 * Nothing is joined that is not one run: read.ts has checked each file is a results.json;
 * check.ts that the files are every shard of one run (same commits, settings, selection);
 * shares.ts that their tests are exactly the tests each shard owns; status.ts that every
 * test's status agrees with its checks. Every problem is named; exit status 2.
 */
function mergeShards(files) {
    const problems = checkShardSet(files.map(({ file, results }) => ({
        file,
        ...(results.shard ? { shard: { index: results.shard.index, count: results.shard.count } } : {}),
        ...((results.shard?.commit ?? results.ref) ? { ref: results.shard?.commit ?? results.ref } : {}),
        ...(results.base ? { base: { ref: results.base.ref } } : {}),
        setup: setupOf(results),
    })));
    const ordered = [...files].sort((a, b) => (a.results.shard?.index ?? 0) - (b.results.shard?.index ?? 0));
    // The shares are compared only within one run: across runs every test would be "outside".
    if (problems.length === 0)
        problems.push(...checkShares(ordered));
    problems.push(...files.flatMap(statusProblems));
    if (problems.length > 0)
        throw mergeError(problems);
    const first = ordered[0].results;
    const run = first.shard.run;
    const baseRuns = ordered.flatMap(({ results }) => (results.base ? [results.base] : []));
    const base = first.base ? joinRuns(baseRuns.map((side) => side.suites)) : undefined;
    return concludeRun({
        facts: {
            toolVersion: first.tool.version,
            headRef: first.ref,
            responses: first.responses,
            threshold: first.threshold,
            roots: run.roots,
            changedOnly: run.changedOnly,
            cancelled: ordered.some(({ results }) => results.cancelled === true),
            maxCostIncreasePercent: run.maxCostIncreasePercent,
            failOnRegression: run.failOnRegression,
            blockOn: run.blockOn,
        },
        head: measureHead(joinRuns(ordered.map(({ results }) => results.suites)), run.folders),
        // As one run measures the base: with the head's metrics (results/base-metrics.ts).
        base: first.base && base
            ? { commit: first.base.ref, run: measureBaseWithHeadMetrics(metricFolders(run.folders), base, run.pairs) }
            : undefined,
        pairs: run.pairs,
        selectedPaths: run.selectedPaths,
        diagnostics: run.diagnostics,
        blindSpots: run.blindSpots,
        notices: run.notices,
        calls: mergedCalls(ordered.map(({ results }) => results.calls)),
    });
}
/**
 * What must be the same in every shard for them to be one run, beyond the commits: the
 * settings and the selection (a shard started with other inputs ran another run).
 */
function setupOf(results) {
    if (!results.shard)
        return [];
    const { repeat, minPass, selectedPaths, folders, ...rest } = results.shard.run;
    const tests = folders.reduce((sum, folder) => sum + folder.testCount, 0);
    return [
        { what: 'promptgate versions', value: results.tool.version, shown: results.tool.version },
        { what: 'response modes', value: results.responses, shown: results.responses },
        { what: 'thresholds', value: String(results.threshold), shown: String(results.threshold) },
        { what: 'repeat / min-pass', value: `${repeat}/${minPass}`, shown: `repeat ${repeat}, min-pass ${minPass}` },
        {
            what: 'prompt folders or tests',
            value: JSON.stringify([selectedPaths, folders]),
            shown: `${folders.length} ${folders.length === 1 ? 'folder' : 'folders'}, ${tests} ${tests === 1 ? 'test' : 'tests'}`,
        },
        { what: 'settings', value: JSON.stringify(rest) },
    ];
}
/** `file: base? path (model) test "name" is \u2026` for each test whose status contradicts its checks. */
function statusProblems({ file, results }) {
    const sides = [
        ['', results.suites],
        ['base ', results.base?.suites ?? []],
    ];
    return sides.flatMap(([side, suites]) => suites.flatMap((suite) => suite.tests.flatMap((test) => {
        const problem = statusContradiction(test);
        return problem === undefined ? [] : [`${file}: ${side}${suite.path} (${suite.model}) test "${test.name}" ${problem}`];
    })));
}
/** The head's metrics measured over the joined tests, with the definitions every shard recorded. */
function measureHead(head, folders) {
    const definitions = new Map(folders.flatMap((folder) => (folder.metrics ? [[folder.path, folder.metrics]] : [])));
    const suites = head.suites.map((suite) => {
        const { metrics: _shards, ...rest } = suite;
        const metrics = definitions.get(suite.path);
        // Spread over the suite, a shard's metrics key keeps its place in results.json.
        return metrics ? { ...suite, metrics: computeMetrics(metrics, metricSamples(suite.tests)) } : rest;
    });
    return { ...head, suites };
}
/**
 * The recorded folders as base-metrics.ts reads head folders: their path and metrics, which is
 * all it reads (so the base is measured by the very code one run uses).
 */
function metricFolders(folders) {
    return folders.flatMap((folder) => folder.metrics ? [{ ok: true, folder: { path: folder.path, metrics: folder.metrics }, warnings: [] }] : []);
}
/**
 * One side's suites from every shard, joined by folder and model (a `models:` matrix runs one
 * suite per model), in the order one run reports them.
 */
function joinRuns(shards) {
    const bySuite = new Map();
    for (const suite of shards.flat()) {
        const key = JSON.stringify([suite.path, suite.provider, suite.model]);
        bySuite.set(key, [...(bySuite.get(key) ?? []), suite]);
    }
    const suites = [...bySuite.values()].map(joinSuite);
    // As SideRun reports them: folder order.
    suites.sort((a, b) => compareText(a.path, b.path));
    return { summary: summarize(suites.flatMap((suite) => suite.tests)), suites };
}
function joinSuite(pieces) {
    const tests = pieces.flatMap((piece) => piece.tests).sort(inFileOrder);
    // Folder-level fields (ids, model, load warnings) are the same in every piece of a folder;
    // spreading the first keeps results.json's key order.
    return { ...pieces[0], summary: summarize(tests), tests };
}
/** tests.yaml order: line, then a data file's rows in order, then name (a folder that failed to load has no line). */
function inFileOrder(a, b) {
    return ((a.line ?? 0) - (b.line ?? 0) || (a.dataRow?.line ?? 0) - (b.dataRow?.line ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
/** Every shard's requests, added up: each shard made its own calls (none made them twice). */
function mergedCalls(shards) {
    const present = shards.filter((calls) => calls !== undefined);
    if (present.length === 0)
        return undefined;
    return {
        head: sumCallCounts(present.map((calls) => calls.head)),
        base: sumCallCounts(present.map((calls) => calls.base)),
        judge: sumCallCounts(present.map((calls) => calls.judge)),
    };
}

export { MergeCancelled, MergeError, mergeShards, readShardFiles };
