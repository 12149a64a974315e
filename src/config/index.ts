/**
 * The configuration file (`aep-harness.config.yaml`): defaults for the commands' options, severities per
 * rule and per file, and findings to ignore. `cli/common.ts` applies it to every command.
 */
import { emptyConfig, findConfigFile, loadConfigFile, type ResolvedConfig } from './load.js';

export { applyConfig, applyConfigToFiles, configRelativePath, ignoreFor, ruleSettingFor, type AppliedFindings, type ConfigurableFinding } from './apply.js';
export { compileGlob, type GlobMatcher } from './glob.js';
export {
  ConfigError,
  emptyConfig,
  findConfigFile,
  formatsFor,
  loadConfigFile,
  parseConfig,
  type ConfigIgnore,
  type ConfigOverride,
  type ResolvedConfig,
  type RuleSettings,
} from './load.js';
export { isKnownRuleId, knownRuleIds, RULE_ID_SOURCES, ruleIdPrefixes, type RuleIdSource } from './rule-ids.js';
export { CONFIG_FILE_NAMES, configSchema, RULE_SETTINGS, type RuleSetting } from './schema.js';

/**
 * The configuration that applies in `cwd`: the file named (relative to `cwd`), none with `false`, or
 * the one found from `cwd` upward. Throws `ConfigError` when the file cannot be used.
 */
export async function resolveConfigIn(cwd: string, choice: string | false | undefined): Promise<ResolvedConfig> {
  if (choice === false) return emptyConfig(cwd);
  const file = choice ?? (await findConfigFile(cwd));
  return file === undefined ? emptyConfig(cwd) : loadConfigFile(file, cwd);
}
