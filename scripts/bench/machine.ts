// How busy the machine is apart from the benchmark: on a shared 2-core box other work (a test
// run, a type check) halves redis-benchmark's numbers for seconds at a time. Sampled from
// /proc/stat before the servers start and after they stop, and printed next to the results.

import { readFileSync } from "node:fs";

interface CpuTimes {
  readonly busy: number;
  readonly total: number;
}

function readCpuTimes(): CpuTimes {
  const line = readFileSync("/proc/stat", "latin1").split("\n", 1)[0];
  // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is in user)
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const idleAll = idle + iowait;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idleAll };
}

/** Fraction (0..1) of all CPUs busy over the next `ms` milliseconds; NaN where /proc is missing. */
export async function sampleCpuBusy(ms = 1_000): Promise<number> {
  try {
    const t0 = readCpuTimes();
    await Bun.sleep(ms);
    const t1 = readCpuTimes();
    const total = t1.total - t0.total;
    return total > 0 ? (t1.busy - t0.busy) / total : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** The 1-minute load average, from /proc/loadavg. */
export function loadAverage1m(): number {
  try {
    return Number(readFileSync("/proc/loadavg", "latin1").split(" ")[0]);
  } catch {
    return Number.NaN;
  }
}
