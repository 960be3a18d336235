// INFO's text (server.c genRedisInfoString): which sections a request names, and each
// section's fields with Redis 7.0's names in Redis 7.0's order. Figures redbun keeps are
// real (uptime, clients, memory, commands, errors, keyspace); features redbun does not have
// (replication, forks, Lua, modules, defrag …) report what an idle Redis reports for them.

import { machine, release, totalmem, type } from "node:os";
import { asciiLower } from "../config/values.ts";
import { REDIS_VERSION } from "../config/errors.ts";
import type { Command } from "../commands/define.ts";
import type { Server } from "./server.ts";

/** What a section writes: `name:value` lines, or raw lines (commandstats, keyspace). */
type Fields = (readonly [string, string | number])[];

interface Section {
  /** The name INFO takes (lower case) and the title it prints. */
  name: string;
  title: string;
  /** Other names that select it ("module_list" for modules). */
  aliases?: readonly string[];
  fields(server: Server, facts: ProcessFacts): Fields;
}

/** The default sections (INFO, INFO default), as genInfoSectionDict lists them. */
const DEFAULT_SECTIONS = new Set([
  "server", "clients", "memory", "persistence", "stats", "replication", "cpu", "module_list", "errorstats", "cluster", "keyspace",
]);

/** LRU_CLOCK_MAX: the 24-bit LRU clock INFO shows, in seconds. */
const LRU_CLOCK_MAX = (1 << 24) - 1;

/** genInfoSectionDict: `default`, `all` (no module sections) and `everything`; names are case-insensitive. */
export function infoText(server: Server, requested: readonly string[]): string {
  let all = false;
  const names = new Set<string>();
  if (requested.length === 0) for (const name of DEFAULT_SECTIONS) names.add(name);
  for (const word of requested) {
    const name = asciiLower(word);
    if (name === "default") for (const section of DEFAULT_SECTIONS) names.add(section);
    else if (name === "all" || name === "everything") all = true;
    else names.add(name);
  }
  const facts = measureProcess(server);
  const parts: string[] = [];
  for (const section of SECTIONS) {
    const wanted = all || names.has(section.name) || (section.aliases ?? []).some((alias) => names.has(alias));
    if (!wanted) continue;
    let text = `# ${section.title}\r\n`;
    for (const [name, value] of section.fields(server, facts)) text += `${name}:${value}\r\n`;
    parts.push(text);
  }
  return parts.join("\r\n");
}

// --- the process, measured in one place ---------------------------------------------------

interface ProcessFacts {
  usedMemory: number;
  rss: number;
  heapTotal: number;
  cpuUserUs: number;
  cpuSystemUs: number;
}

/**
 * The one place INFO reads the process: memory (JS heap plus buffers outside it, where slab
 * strings live) and CPU time. Also raises the memory peak, as Redis does whenever it looks.
 */
function measureProcess(server: Server): ProcessFacts {
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  const usedMemory = usedMemoryOf(memory);
  if (usedMemory > server.stats.peakMemoryBytes) server.stats.peakMemoryBytes = usedMemory;
  return { usedMemory, rss: memory.rss, heapTotal: memory.heapTotal + memory.external, cpuUserUs: cpu.user, cpuSystemUs: cpu.system };
}

/** used_memory: the JS heap plus the buffers outside it (slab strings). */
function usedMemoryOf(memory: NodeJS.MemoryUsage): number {
  return memory.heapUsed + memory.external;
}

/** used_memory now (zmalloc_used_memory), for the used-mem AUX field of a snapshot. */
export function usedMemoryBytes(): number {
  return usedMemoryOf(process.memoryUsage());
}

// --- formatting as Redis prints it -------------------------------------------------------

/** bytesToHuman (server.c). */
export function bytesToHuman(n: number): string {
  const units = ["K", "M", "G", "T", "P"];
  if (n < 1024) return `${n}B`;
  for (let i = 0; i < units.length; i++) {
    const scale = 1024 ** (i + 2);
    if (n < scale) return `${(n / 1024 ** (i + 1)).toFixed(2)}${units[i]}`;
  }
  return `${n}B`;
}

function ratio(a: number, b: number): string {
  return b === 0 ? "0.00" : (a / b).toFixed(2);
}

function seconds(us: number): string {
  return (us / 1e6).toFixed(6);
}

// --- sections ------------------------------------------------------------------------------

const SECTIONS: readonly Section[] = [
  {
    name: "server",
    title: "Server",
    fields(server) {
      const nowMs = server.clock.nowMs();
      const uptimeSec = Math.floor((nowMs - server.startedAtMs) / 1000);
      const hz = server.config.values.hz;
      return [
        ["redis_version", REDIS_VERSION],
        ["redbun_version", server.env.version],
        ["redis_git_sha1", "00000000"],
        ["redis_git_dirty", 0],
        ["redis_build_id", "0"],
        ["redis_mode", "standalone"],
        ["os", `${type()} ${release()} ${machine()}`],
        ["arch_bits", 64],
        ["monotonic_clock", "POSIX clock_gettime"],
        ["multiplexing_api", type() === "Linux" ? "epoll" : "kqueue"],
        ["atomicvar_api", "c11-builtin"],
        ["gcc_version", "0.0.0"],
        ["process_id", server.env.pid],
        ["process_supervised", "no"],
        ["run_id", server.runId],
        ["tcp_port", server.boundPort],
        ["server_time_usec", server.clock.nowUs()],
        ["uptime_in_seconds", uptimeSec],
        ["uptime_in_days", Math.floor(uptimeSec / 86400)],
        ["hz", hz],
        ["configured_hz", hz],
        ["lru_clock", Math.floor(nowMs / 1000) & LRU_CLOCK_MAX],
        ["executable", server.env.executable],
        ["config_file", server.env.configFile],
        ["io_threads_active", 0],
      ];
    },
  },
  {
    name: "clients",
    title: "Clients",
    fields(server) {
      let maxInput = 0;
      let maxOutput = 0;
      for (const client of server.clients.values()) {
        maxInput = Math.max(maxInput, client.queryBuffer.length);
        maxOutput = Math.max(maxOutput, client.reply.pendingBytes);
      }
      return [
        ["connected_clients", server.clients.size],
        ["cluster_connections", 0],
        ["maxclients", server.config.values.maxclients],
        ["client_recent_max_input_buffer", maxInput],
        ["client_recent_max_output_buffer", maxOutput],
        ["blocked_clients", server.blocking.blockedCount],
        ["tracking_clients", 0],
        ["clients_in_timeout_table", server.blocking.timedCount],
      ];
    },
  },
  {
    name: "memory",
    title: "Memory",
    fields(server, facts) {
      const used = facts.usedMemory;
      const peak = server.stats.peakMemoryBytes;
      const systemMemory = totalmem();
      return [
        ["used_memory", used],
        ["used_memory_human", bytesToHuman(used)],
        ["used_memory_rss", facts.rss],
        ["used_memory_rss_human", bytesToHuman(facts.rss)],
        ["used_memory_peak", peak],
        ["used_memory_peak_human", bytesToHuman(peak)],
        ["used_memory_peak_perc", `${((used / peak) * 100).toFixed(2)}%`],
        // redbun does not split its memory into overhead and dataset: all of it is dataset.
        ["used_memory_overhead", 0],
        ["used_memory_startup", 0],
        ["used_memory_dataset", used],
        ["used_memory_dataset_perc", "100.00%"],
        ["allocator_allocated", used],
        ["allocator_active", facts.heapTotal],
        ["allocator_resident", facts.rss],
        ["total_system_memory", systemMemory],
        ["total_system_memory_human", bytesToHuman(systemMemory)],
        ["used_memory_lua", 0],
        ["used_memory_vm_eval", 0],
        ["used_memory_lua_human", "0B"],
        ["used_memory_scripts_eval", 0],
        ["number_of_cached_scripts", 0],
        ["number_of_functions", 0],
        ["number_of_libraries", 0],
        ["used_memory_vm_functions", 0],
        ["used_memory_vm_total", 0],
        ["used_memory_vm_total_human", "0B"],
        ["used_memory_functions", 0],
        ["used_memory_scripts", 0],
        ["used_memory_scripts_human", "0B"],
        // redbun has no maxmemory setting: these are what Redis prints without a limit.
        ["maxmemory", 0],
        ["maxmemory_human", "0B"],
        ["maxmemory_policy", "noeviction"],
        ["allocator_frag_ratio", ratio(facts.heapTotal, used)],
        ["allocator_frag_bytes", facts.heapTotal - used],
        ["allocator_rss_ratio", ratio(facts.rss, facts.heapTotal)],
        ["allocator_rss_bytes", facts.rss - facts.heapTotal],
        ["rss_overhead_ratio", "1.00"],
        ["rss_overhead_bytes", 0],
        ["mem_fragmentation_ratio", ratio(facts.rss, used)],
        ["mem_fragmentation_bytes", facts.rss - used],
        ["mem_not_counted_for_evict", 0],
        ["mem_replication_backlog", 0],
        ["mem_total_replication_buffers", 0],
        ["mem_clients_slaves", 0],
        ["mem_clients_normal", 0],
        ["mem_cluster_links", 0],
        ["mem_aof_buffer", 0],
        ["mem_allocator", `bun-${Bun.version}`],
        ["active_defrag_running", 0],
        ["lazyfree_pending_objects", 0],
        ["lazyfreed_objects", 0],
      ];
    },
  },
  {
    name: "persistence",
    title: "Persistence",
    fields(server) {
      const rdb = server.rdb;
      // The background job's progress (a child's CHILD_INFO in Redis); no fork, so no copy-on-write.
      const job = rdb.child?.job;
      const processed = job?.keysWritten ?? 0;
      const total = job?.keysTotal ?? 0;
      const nowSec = Math.floor(server.clock.nowMs() / 1000);
      return [
        // The dataset is loaded before the server listens: no client ever sees it loading.
        ["loading", 0],
        ["async_loading", 0],
        ["current_cow_peak", 0],
        ["current_cow_size", 0],
        ["current_cow_size_age", 0],
        ["current_fork_perc", (total === 0 ? 0 : (processed / total) * 100).toFixed(2)],
        ["current_save_keys_processed", processed],
        ["current_save_keys_total", total],
        ["rdb_changes_since_last_save", server.dirty],
        ["rdb_bgsave_in_progress", rdb.bgsaveInProgress ? 1 : 0],
        ["rdb_last_save_time", rdb.lastSaveSec],
        ["rdb_last_bgsave_status", rdb.lastBgsaveOk ? "ok" : "err"],
        ["rdb_last_bgsave_time_sec", rdb.lastBgsaveDurationSec],
        ["rdb_current_bgsave_time_sec", rdb.bgsaveStartSec === -1 ? -1 : nowSec - rdb.bgsaveStartSec],
        ["rdb_saves", rdb.saves],
        ["rdb_last_cow_size", 0],
        ["rdb_last_load_keys_expired", rdb.lastLoadKeysExpired],
        ["rdb_last_load_keys_loaded", rdb.lastLoadKeysLoaded],
        ...server.aof.infoFields(server.clock.nowMs()),
        ["module_fork_in_progress", 0],
        ["module_fork_last_cow_size", 0],
        // aof_current_size … aof_delayed_fsync, only while the AOF is on.
        ...server.aof.infoFieldsWhenOn(),
      ];
    },
  },
  {
    name: "stats",
    title: "Stats",
    fields(server) {
      const stats = server.stats;
      const keyspace = server.keyspace.stats;
      return [
        ["total_connections_received", stats.connectionsReceived],
        ["total_commands_processed", stats.commandsProcessed],
        ["instantaneous_ops_per_sec", 0],
        ["total_net_input_bytes", stats.netInputBytes],
        ["total_net_output_bytes", stats.netOutputBytes],
        ["total_net_repl_input_bytes", 0],
        ["total_net_repl_output_bytes", 0],
        ["instantaneous_input_kbps", "0.00"],
        ["instantaneous_output_kbps", "0.00"],
        ["instantaneous_input_repl_kbps", "0.00"],
        ["instantaneous_output_repl_kbps", "0.00"],
        ["rejected_connections", stats.rejectedConnections],
        ["sync_full", 0],
        ["sync_partial_ok", 0],
        ["sync_partial_err", 0],
        ["expired_keys", keyspace.expiredKeys],
        ["expired_stale_perc", "0.00"],
        ["expired_time_cap_reached_count", 0],
        ["expire_cycle_cpu_milliseconds", 0],
        ["evicted_keys", 0],
        ["evicted_clients", 0],
        ["total_eviction_exceeded_time", 0],
        ["current_eviction_exceeded_time", 0],
        ["keyspace_hits", keyspace.keyspaceHits],
        ["keyspace_misses", keyspace.keyspaceMisses],
        ["pubsub_channels", server.pubsub.count("channel")],
        ["pubsub_patterns", server.pubsub.count("pattern")],
        ["pubsubshard_channels", server.pubsub.count("shard")],
        ["latest_fork_usec", 0],
        ["total_forks", 0],
        ["migrate_cached_sockets", 0],
        ["slave_expires_tracked_keys", 0],
        ["active_defrag_hits", 0],
        ["active_defrag_misses", 0],
        ["active_defrag_key_hits", 0],
        ["active_defrag_key_misses", 0],
        ["total_active_defrag_time", 0],
        ["current_active_defrag_time", 0],
        ["tracking_total_keys", 0],
        ["tracking_total_items", 0],
        ["tracking_total_prefixes", 0],
        ["unexpected_error_replies", 0],
        ["total_error_replies", stats.totalErrorReplies],
        ["dump_payload_sanitizations", 0],
        ["total_reads_processed", 0],
        ["total_writes_processed", 0],
        ["io_threaded_reads_processed", 0],
        ["io_threaded_writes_processed", 0],
        ["reply_buffer_shrinks", 0],
        ["reply_buffer_expands", 0],
      ];
    },
  },
  {
    name: "replication",
    title: "Replication",
    fields(server) {
      return [
        ["role", "master"],
        ["connected_slaves", 0],
        ["master_failover_state", "no-failover"],
        ["master_replid", server.replicationId],
        ["master_replid2", "0".repeat(40)],
        ["master_repl_offset", 0],
        ["second_repl_offset", -1],
        ["repl_backlog_active", 0],
        ["repl_backlog_size", 1048576],
        ["repl_backlog_first_byte_offset", 0],
        ["repl_backlog_histlen", 0],
      ];
    },
  },
  {
    name: "cpu",
    title: "CPU",
    fields(_server, facts) {
      return [
        ["used_cpu_sys", seconds(facts.cpuSystemUs)],
        ["used_cpu_user", seconds(facts.cpuUserUs)],
        ["used_cpu_sys_children", seconds(0)],
        ["used_cpu_user_children", seconds(0)],
        ["used_cpu_sys_main_thread", seconds(facts.cpuSystemUs)],
        ["used_cpu_user_main_thread", seconds(facts.cpuUserUs)],
      ];
    },
  },
  { name: "modules", title: "Modules", aliases: ["module_list"], fields: () => [] },
  {
    name: "commandstats",
    title: "Commandstats",
    fields(server) {
      const fields: Fields = [];
      const add = (command: Command): void => {
        const stats = server.stats.statsOf(command);
        if (stats === undefined || (stats.calls === 0 && stats.failedCalls === 0 && stats.rejectedCalls === 0)) return;
        // usec_per_call is a C float printed with %.2f.
        const perCall = stats.calls === 0 ? 0 : Math.fround(stats.usec / stats.calls);
        fields.push([
          `cmdstat_${command.fullName}`,
          `calls=${stats.calls},usec=${Math.round(stats.usec)},usec_per_call=${perCall.toFixed(2)},rejected_calls=${stats.rejectedCalls},failed_calls=${stats.failedCalls}`,
        ]);
      };
      for (const command of server.commands.values()) {
        add(command);
        for (const subcommand of command.subcommands.values()) add(subcommand);
      }
      return fields;
    },
  },
  {
    name: "errorstats",
    title: "Errorstats",
    fields(server) {
      // Redis keeps error codes in a radix tree: they come out in byte order.
      return [...server.stats.errors].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([code, count]) => [`errorstat_${code}`, `count=${count}`] as const);
    },
  },
  // Redis tracks latency percentiles per command (latency-tracking); redbun does not, so the
  // section is empty, as in a Redis with latency-tracking off.
  { name: "latencystats", title: "Latencystats", fields: () => [] },
  { name: "cluster", title: "Cluster", fields: () => [["cluster_enabled", 0]] },
  {
    name: "keyspace",
    title: "Keyspace",
    fields(server) {
      const nowMs = server.clock.nowMs();
      const fields: Fields = [];
      for (const db of server.keyspace.dbs) {
        if (db.size === 0) continue;
        fields.push([`db${db.id}`, `keys=${db.size},expires=${db.volatileCount},avg_ttl=${averageTtlMs(db.expiresAtMs, db.slotLimit, nowMs)}`]);
      }
      return fields;
    },
  },
];

/**
 * avg_ttl: Redis keeps a running estimate from the keys its expiry cycle samples; redbun
 * computes the mean remaining TTL of the keys that have one (a scan of a typed array).
 */
function averageTtlMs(expiresAtMs: Float64Array, slotLimit: number, nowMs: number): number {
  let sum = 0;
  let count = 0;
  for (let slot = 0; slot < slotLimit; slot++) {
    const deadline = expiresAtMs[slot]!;
    if (deadline > nowMs) {
      sum += deadline - nowMs;
      count++;
    }
  }
  return count === 0 ? 0 : Math.floor(sum / count);
}
