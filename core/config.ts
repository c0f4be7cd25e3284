import { loadConfig, type Config } from './base/config.js';

/**
 * The process's environment, validated: the one place that reads process.env. It sits at the core's root, above
 * every module, so that no module can read the environment by itself; they are given the Config.
 */
export function configFromEnvironment(): Config {
  return loadConfig(process.env);
}
