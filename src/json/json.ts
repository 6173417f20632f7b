/** A JSON value: what a model's JSON answer, a test's expected value and a check's actual value are. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
