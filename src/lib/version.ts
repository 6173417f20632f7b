/** The tool's version, shown by --version and written to results.json (kept equal to package.json by a test). */
export const VERSION = '0.1.0';
