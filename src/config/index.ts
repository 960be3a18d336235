// The configuration layer's public API: the settings table and the Config type derived from
// it, redis.conf / command-line loading, and the per-server ConfigStore behind CONFIG GET/SET.

export {
  type Config,
  type ConfigPatch,
  type Setting,
  type SettingName,
  type SettingEntry,
  type SavePoint,
  type ClientOutputBufferLimits,
  type ObufLimit,
  type ObufClass,
  type BindAddress,
  SETTINGS,
  ALL_SETTINGS,
  SETTING_ENTRIES,
  OBUF_CLASSES,
  defaultConfig,
  configFromPatch,
  cloneConfig,
  lookupSetting,
  parseBindAddress,
} from "./settings.ts";
export {
  type CommandLine,
  type LoadConfigResult,
  type LoadEnvironment,
  type ParseConfigFileOptions,
  type ParseConfigFileResult,
  type ReadFile,
  loadConfig,
  parseCommandLine,
  parseConfigFile,
} from "./loader.ts";
export {
  type ApplyFn,
  type ApplyResult,
  type ConfigSetContext,
  type ConfigSetResult,
  type ConfigStoreOptions,
  ConfigStore,
} from "./store.ts";
export { REDIS_VERSION } from "./errors.ts";
