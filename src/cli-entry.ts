export { runCli } from './cli/main.js';
