// The running configuration of one server (owned by it, never a module singleton): typed
// reads for the hot path, CONFIG GET (glob patterns, as config.c configGetCommand) and an
// all-or-nothing CONFIG SET (configSetCommand): every name is checked, then every value is
// parsed, then the values are stored and the change hooks run; a failing hook rolls it all back.

import { stringMatch } from "../store/glob.ts";
import { ConfigErrors, LOADING_ERROR, configSetFailed, unknownConfigSetOption } from "./errors.ts";
import {
  type Config,
  type SettingEntry,
  type SettingName,
  SETTING_ENTRIES,
  cloneConfig,
  defaultConfig,
  lookupSetting,
} from "./settings.ts";
import { asciiLower } from "./values.ts";

export interface ConfigSetContext {
  /** The client is local (unix socket or loopback), for enable-protected-configs "local". */
  readonly localClient?: boolean;
  /** A dataset is being loaded: dir answers -LOADING then (DENY_LOADING_CONFIG). */
  readonly loading?: boolean;
}

/** `error` is the whole error reply text, e.g. "ERR CONFIG SET failed (possibly ...) - ...". */
export type ConfigSetResult = { ok: true } | { ok: false; error: string };

/** What a change hook returns: nothing on success, or Redis's apply error text. */
export type ApplyResult = void | { error: string };

/**
 * A change hook. `config` already holds every value of the CONFIG SET; `previous` is the
 * config before it. Like Redis's apply functions, one hook registered for several settings
 * runs once per CONFIG SET, and only when one of them changed value.
 */
export type ApplyFn = (config: Readonly<Config>, previous: Readonly<Config>) => ApplyResult;

interface Hook {
  readonly names: ReadonlySet<SettingName>;
  readonly apply: ApplyFn;
}

export interface ConfigStoreOptions {
  /** Warnings Redis logs when an apply fails and the old values are restored. */
  readonly log?: (message: string) => void;
}

export class ConfigStore {
  readonly #values: Config;
  readonly #hooks: Hook[] = [];
  readonly #log: (message: string) => void;

  constructor(initial: Readonly<Config> = defaultConfig(), options: ConfigStoreOptions = {}) {
    this.#values = cloneConfig(initial);
    this.#log = options.log ?? (() => {});
  }

  /** The live configuration: the same object for the store's life, updated by CONFIG SET. */
  get values(): Readonly<Config> {
    return this.#values;
  }

  get<K extends SettingName>(name: K): Config[K] {
    return this.#values[name];
  }

  /** The CONFIG GET text of one setting. */
  format(name: SettingName): string {
    const entry = lookupSetting(name);
    if (entry === undefined) throw new Error(`unknown setting ${name}`);
    return entry.setting.format(this.#values[entry.key]);
  }

  /** A deep copy of the current configuration. */
  snapshot(): Config {
    return cloneConfig(this.#values);
  }

  /**
   * Runs `apply` after a CONFIG SET that changed any of `names` (e.g. port and bind: rebind).
   * Returns a function that removes the hook.
   */
  onChange(names: SettingName | readonly SettingName[], apply: ApplyFn): () => void {
    const hook: Hook = { names: new Set(typeof names === "string" ? [names] : names), apply };
    this.#hooks.push(hook);
    return () => {
      const i = this.#hooks.indexOf(hook);
      if (i !== -1) this.#hooks.splice(i, 1);
    };
  }

  /**
   * CONFIG GET pattern [pattern ...]: [name, value] pairs, no name twice (names compare
   * case-insensitively). A pattern without glob characters is looked up directly (aliases
   * too) and answered under the name as the client spelled it; a glob matches names and
   * aliases case-insensitively and answers their own names.
   *
   * Redis returns the pairs in the order of a hash table seeded at random on every start, so
   * no client can rely on an order; redbun answers in request order, then table order.
   */
  configGet(patterns: readonly string[]): [string, string][] {
    const matches = new Map<string, [string, string]>();
    for (const pattern of patterns) {
      if (!/[[*?]/.test(pattern)) {
        const folded = asciiLower(pattern);
        const entry = lookupSetting(pattern);
        if (entry !== undefined && !matches.has(folded)) {
          matches.set(folded, [pattern, entry.setting.format(this.#values[entry.key])]);
        }
        continue;
      }
      for (const entry of SETTING_ENTRIES) {
        if (matches.has(entry.name)) continue;
        if (stringMatch(pattern, entry.name, true)) {
          matches.set(entry.name, [entry.name, entry.setting.format(this.#values[entry.key])]);
        }
      }
    }
    return [...matches.values()];
  }

  /**
   * CONFIG SET name value [name value ...], atomic. The command checks the argument count
   * (odd: "ERR syntax error") before calling this. Errors, as Redis 7.0.15 words them:
   * - the first problem with a name wins: unknown name, immutable, protected, -LOADING,
   *   duplicate (the same name twice; a setting and its alias are not duplicates, the last wins);
   * - then the values are parsed in order and the first bad one is reported;
   * - then the hooks run; a failing one restores every old value and reruns the hooks.
   */
  configSet(pairs: readonly (readonly [string, string])[], context: ConfigSetContext = {}): ConfigSetResult {
    const entries: SettingEntry[] = [];
    let failure: string | undefined;
    for (const [name] of pairs) {
      const entry = lookupSetting(name);
      if (entry === undefined) {
        failure ??= unknownConfigSetOption(name);
        continue;
      }
      if (failure !== undefined) continue;
      const { setting } = entry;
      if (!setting.mutable) {
        failure = configSetFailed(name, ConfigErrors.immutable);
      } else if (setting.protected && !this.#allowProtected(context)) {
        failure = configSetFailed(name, ConfigErrors.protected);
      } else if (setting.denyLoading && context.loading === true) {
        failure = LOADING_ERROR;
      } else if (entries.includes(entry)) {
        failure = configSetFailed(name, ConfigErrors.duplicate);
      }
      entries.push(entry);
    }
    if (failure !== undefined) return { ok: false, error: failure };

    // Parse every value against a draft, in order, before anything is stored.
    const draft: Record<string, unknown> = { ...this.#values };
    const changed: SettingEntry[] = [];
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      const { setting } = entry;
      const value = pairs[i][1];
      // MULTI_ARG_CONFIG values are split on single spaces (sdssplitlen): "" is no argument.
      const argv = setting.multiArg ? (value === "" ? [] : value.split(" ")) : [value];
      const before = draft[entry.key];
      const parsed = setting.parse(argv, before);
      if (!parsed.ok) return { ok: false, error: configSetFailed(entry.name, parsed.error) };
      draft[entry.key] = parsed.value;
      if (setting.format(parsed.value) !== setting.format(before)) changed.push(entry);
    }

    const previous: Config = { ...this.#values };
    Object.assign(this.#values, draft);

    // Each hook once, in the order of the first changed setting that needs it.
    const toRun: { hook: Hook; entry: SettingEntry }[] = [];
    for (const entry of changed) {
      for (const hook of this.#hooks) {
        if (hook.names.has(entry.key) && !toRun.some((r) => r.hook === hook)) toRun.push({ hook, entry });
      }
    }
    for (const { hook, entry } of toRun) {
      const reason = runHook(hook, this.#values, previous);
      if (reason === null) continue;
      this.#log(
        `Failed applying new configuration. Possibly related to new ${entry.name} setting. Restoring previous settings.`,
      );
      const failed: Config = { ...this.#values };
      Object.assign(this.#values, previous);
      for (const r of toRun) {
        const again = runHook(r.hook, this.#values, failed);
        if (again !== null) this.#log(`Failed applying restored failed CONFIG SET command: ${again}`);
      }
      return { ok: false, error: configSetFailed(entry.name, reason) };
    }
    return { ok: true };
  }

  /** allowProtectedAction(server.enable_protected_configs, c). */
  #allowProtected(context: ConfigSetContext): boolean {
    const mode = this.#values["enable-protected-configs"];
    return mode === "yes" || (mode === "local" && context.localClient === true);
  }
}

/** null on success, else the reason ("" when the hook gave none). A throw counts as failure. */
function runHook(hook: Hook, config: Readonly<Config>, previous: Readonly<Config>): string | null {
  try {
    const result = hook.apply(config, previous);
    return result === undefined ? null : result.error;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
